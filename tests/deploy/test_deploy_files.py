"""docker-compose.yml and the Kubernetes base parse and reference files that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S_BASE = ROOT / "deploy" / "k8s" / "base"
SERVICES = ("gateway", "identity", "graph", "communities", "content", "feed")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_servers_and_a_container_per_service():
    services = _compose()["services"]
    images = {s.get("image", "") for s in services.values()}
    for image in ("apache/kafka:3.9.2", "neo4j:5.26-community", "redis:7", "postgres:15"):
        assert image in images
    for name in ("gateway", "identity", "graph", "communities", "content", "feed-api", "feed-worker"):
        assert services[name]["build"]["dockerfile"].startswith("services/")
    assert all("image" in s or "build" in s for s in services.values())


def test_compose_references_only_files_that_exist():
    for name, service in _compose()["services"].items():
        build = service.get("build")
        if build:
            assert (ROOT / build["context"]).is_dir(), name
            assert (ROOT / build["context"] / build["dockerfile"]).is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), f"{name}: {source}"


@pytest.mark.parametrize("service", SERVICES)
def test_each_dockerfile_runs_its_module_as_a_non_root_user(service):
    dockerfile = (ROOT / "services" / service / "Dockerfile").read_text()
    assert f"--package kith-{service}" in dockerfile
    assert f'"-m", "kith_{service}"' in dockerfile
    assert "\nUSER 10001" in dockerfile


def _k8s_documents() -> list[dict]:
    kustomization = yaml.safe_load((K8S_BASE / "kustomization.yaml").read_text())
    docs = []
    for resource in kustomization["resources"]:
        path = K8S_BASE / resource
        assert path.is_file(), f"kustomization lists a missing file: {resource}"
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def test_k8s_deployments_are_locked_down_and_sized():
    deployments = [d for d in _k8s_documents() if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == {
        "gateway", "identity", "graph", "communities", "content", "feed-api", "feed-worker"
    }
    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            name = deployment["metadata"]["name"]
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert security["allowPrivilegeEscalation"] is False, name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            if name != "feed-worker":
                port = container["ports"][0]
                assert port["name"] == "grpc"
                assert container["readinessProbe"]["grpc"]["port"] == port["containerPort"]


def test_k8s_services_expose_a_port_named_grpc_and_secrets_are_not_committed():
    docs = _k8s_documents()
    services = [d for d in docs if d["kind"] == "Service"]
    assert len(services) == 6
    assert all(any(p["name"] == "grpc" for p in s["spec"]["ports"]) for s in services)
    assert not [d for d in docs if d["kind"] == "Secret"]

"""Regenerates the JSON schemas that tests/deploy/test_manifests.py validates against, offline.

    uv run python deploy/k8s/schemas/update.py

Run it after a manifest starts using a kind that has no schema here (the test says so), or to
move to another Kubernetes version. It needs Go (for `go mod download`, through the Go module
proxy) and deploy/local/bin/kustomize; the test itself needs neither network nor Go once the
tools are built.

- Kubernetes kinds: the kinds that `kustomize build` of base, overlays/dev and overlays/prod
  produces, and nothing else, from the OpenAPI v2 document of Kubernetes K8S_VERSION
  (api/openapi-spec/swagger.json of the k8s.io/kubernetes module). Each becomes a strict JSON
  schema (draft 4, kubeconform's default): an object with declared properties accepts no others,
  apiVersion and kind are fixed, quantities must parse, descriptions are dropped. One file per
  kind, named as kubeconform looks it up (`<kind>-<group prefix>-<version>.json`), sharing
  `_definitions.json`.
- KafkaTopic (kafka.strimzi.io/v1, Strimzi's CRD, not a core schema): written below from Strimzi's
  KafkaTopicSpec reference (topicName, partitions, replicas, config), strict as well.
- The Compose specification schema: copied from the compose-go module (schema/compose-spec.json)
  to tests/deploy/schemas/compose-spec.json, for the docker-compose.yml check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
KUSTOMIZE = ROOT / "deploy" / "local" / "bin" / "kustomize"
RENDERED = [
    ROOT / "deploy" / "k8s" / "base",
    ROOT / "deploy" / "k8s" / "overlays" / "dev",
    ROOT / "deploy" / "k8s" / "overlays" / "prod",
]
COMPOSE_SCHEMA = ROOT / "tests" / "deploy" / "schemas" / "compose-spec.json"

K8S_MODULE = "k8s.io/kubernetes@v1.30.14"
COMPOSE_MODULE = "github.com/compose-spec/compose-go/v2@v2.16.2"

DEFINITIONS = "_definitions.json"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
# A resource.Quantity: a decimal number with an optional binary (Ki..Ei), decimal (n..E) or
# exponent suffix, as a string; YAML numbers (cpu: 1) are fine too.
QUANTITY_SCHEMA = {
    "oneOf": [
        {"type": "string", "pattern": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$"},
        {"type": "number"},
    ]
}
# Keywords kept from the OpenAPI document; everything else (descriptions, formats, x-kubernetes-*
# extensions, defaults) is dropped.
KEPT = {"type", "properties", "additionalProperties", "items", "required", "enum", "$ref"}

KAFKA_TOPIC_V1 = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"type": "string", "enum": ["kafka.strimzi.io/v1"]},
        "kind": {"type": "string", "enum": ["KafkaTopic"]},
        "metadata": {"$ref": f"{DEFINITIONS}#/definitions/{OBJECT_META}"},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                # Kafka's rule for topic names.
                "topicName": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,249}$"},
                "partitions": {"type": "integer", "minimum": 1},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
                "config": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "integer", "number", "boolean"]},
                },
            },
        },
        "status": {"type": "object"},
    },
}
HAND_WRITTEN = {("kafka.strimzi.io/v1", "KafkaTopic"): KAFKA_TOPIC_V1}


def schema_file_name(api_version: str, kind: str) -> str:
    """kubeconform's name for a kind's schema: kind, first label of the group, version."""
    group, _, version = api_version.rpartition("/")
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    return f"{kind.lower()}{suffix}.json"


def rendered_kinds() -> set[tuple[str, str]]:
    kinds = set()
    for directory in RENDERED:
        output = subprocess.run(
            [str(KUSTOMIZE), "build", str(directory)], check=True, capture_output=True, text=True
        ).stdout
        kinds |= {(d["apiVersion"], d["kind"]) for d in yaml.safe_load_all(output) if d}
    return kinds


def module_dir(module: str) -> Path:
    result = subprocess.run(
        ["go", "mod", "download", "-json", module], check=True, capture_output=True, text=True, cwd=HERE
    )
    return Path(json.loads(result.stdout)["Dir"])


def convert(node, ref_prefix: str):
    """One OpenAPI v2 schema node as a strict JSON schema node."""
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": ref_prefix + node["$ref"]}
    out = {}
    for key, value in node.items():
        if key not in KEPT:
            continue
        if key == "properties":
            out[key] = {name: convert(sub, ref_prefix) for name, sub in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = convert(value, ref_prefix)
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def definitions_used(swagger: dict, roots: list[str]) -> list[str]:
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)

        def walk(node):
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/definitions/"):
                    stack.append(ref.removeprefix("#/definitions/"))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(swagger["definitions"][name])
    return sorted(seen)


def convert_definition(swagger: dict, name: str, ref_prefix: str) -> dict:
    if name == INT_OR_STRING:
        return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    if name == QUANTITY:
        return QUANTITY_SCHEMA
    return convert(swagger["definitions"][name], ref_prefix)


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def main() -> int:
    kinds = rendered_kinds()
    swagger = json.loads((module_dir(K8S_MODULE) / "api" / "openapi-spec" / "swagger.json").read_text())
    by_kind = {}
    for name, definition in swagger["definitions"].items():
        for gvk in definition.get("x-kubernetes-group-version-kind", []):
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            by_kind[(api_version, gvk["kind"])] = name

    missing = sorted(k for k in kinds if k not in by_kind and k not in HAND_WRITTEN)
    if missing:
        print(f"no schema known for {missing}: add one to HAND_WRITTEN", file=sys.stderr)
        return 1
    core = sorted(k for k in kinds if k in by_kind and k not in HAND_WRITTEN)
    written = {DEFINITIONS}
    for api_version, kind in core:
        schema = convert_definition(swagger, by_kind[(api_version, kind)], DEFINITIONS)
        schema["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
        schema["properties"]["kind"] = {"type": "string", "enum": [kind]}
        schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind"})
        file = schema_file_name(api_version, kind)
        write_json(HERE / file, schema)
        written.add(file)
    for (api_version, kind), schema in HAND_WRITTEN.items():
        if (api_version, kind) in kinds:
            file = schema_file_name(api_version, kind)
            write_json(HERE / file, schema)
            written.add(file)
    roots = [by_kind[k] for k in core] + [OBJECT_META]
    write_json(
        HERE / DEFINITIONS,
        {"definitions": {name: convert_definition(swagger, name, "") for name in definitions_used(swagger, roots)}},
    )
    for stale in set(p.name for p in HERE.glob("*.json")) - written:
        (HERE / stale).unlink()

    COMPOSE_SCHEMA.parent.mkdir(parents=True, exist_ok=True)
    COMPOSE_SCHEMA.write_bytes((module_dir(COMPOSE_MODULE) / "schema" / "compose-spec.json").read_bytes())
    print(
        f"{len(written) - 1} kinds ({K8S_MODULE}, Strimzi KafkaTopic) and {COMPOSE_SCHEMA.relative_to(ROOT)} "
        f"({COMPOSE_MODULE})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

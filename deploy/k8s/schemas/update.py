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
- Custom resources whose CRDs are published in a Go module (CRDS below): the CRD's
  openAPIV3Schema for that version, read from the module (fetched with `go mod download`),
  converted the same way (strict, descriptions and CEL rules dropped, metadata as ObjectMeta).
  KEDA's ScaledObject (github.com/kedacore/keda/v2, config/crd/bases) and the Prometheus
  Operator's PrometheusRule and PodMonitor (github.com/prometheus-operator/prometheus-operator,
  example/prometheus-operator-crd), both Apache-2.0: sources and licences in README.md beside
  this file.
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
KEDA_MODULE = "github.com/kedacore/keda/v2@v2.21.0"  # v2.21.1 needs Go 1.27
PROMETHEUS_OPERATOR_MODULE = "github.com/prometheus-operator/prometheus-operator@v0.85.0"
# Custom resources from their CRDs: (apiVersion, kind) -> (module, the CRD's path in it).
CRDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): (KEDA_MODULE, "config/crd/bases/keda.sh_scaledobjects.yaml"),
    ("monitoring.coreos.com/v1", "PrometheusRule"): (
        PROMETHEUS_OPERATOR_MODULE,
        "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
    ),
    ("monitoring.coreos.com/v1", "PodMonitor"): (
        PROMETHEUS_OPERATOR_MODULE,
        "example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml",
    ),
}

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
# What a CRD's structural schema keeps besides KEPT: the value checks JSON schema shares with
# OpenAPI v3. Dropped: descriptions, defaults, formats, x-kubernetes-validations (CEL rules, which
# only the API server evaluates) and list-type hints.
CRD_KEPT = KEPT | {"pattern", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"}
# Keywords a CRD schema may hold that this conversion does not know how to keep: better to stop
# than to accept more than the API server would.
CRD_REFUSED = {"oneOf", "allOf", "not"}


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


def convert_crd_node(node: dict, where: str) -> dict:
    """One node of a CRD's openAPIV3Schema as a strict JSON schema node."""
    refused = CRD_REFUSED & set(node)
    if refused or ("anyOf" in node and not node.get("x-kubernetes-int-or-string")):
        raise ValueError(f"{where}: {sorted(refused or {'anyOf'})} not supported")
    nested = {"properties", "items", "additionalProperties"}  # converted below
    out = {key: value for key, value in node.items() if key in CRD_KEPT - nested}
    if node.get("x-kubernetes-int-or-string"):  # written as anyOf [integer, string]
        out["type"] = ["integer", "string"]
    if "properties" in node:
        out["properties"] = {name: convert_crd_node(sub, f"{where}.{name}") for name, sub in node["properties"].items()}
    if "items" in node:
        out["items"] = convert_crd_node(node["items"], f"{where}[]")
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        out["additionalProperties"] = convert_crd_node(additional, f"{where}.*")
    elif additional is not None:
        out["additionalProperties"] = additional
    elif "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False  # strict, as the API server prunes unknown fields
    return out


def crd_schema(api_version: str, kind: str, crd: dict) -> dict:
    """The schema of one served version of a CRD, as kubeconform reads it."""
    group, _, version = api_version.rpartition("/")
    if crd["spec"]["group"] != group or crd["spec"]["names"]["kind"] != kind:
        raise ValueError(f"the CRD is {crd['spec']['group']} {crd['spec']['names']['kind']}, not {api_version} {kind}")
    (served,) = [v for v in crd["spec"]["versions"] if v["name"] == version and v.get("served")]
    schema = convert_crd_node(served["schema"]["openAPIV3Schema"], kind)
    schema["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
    schema["properties"]["kind"] = {"type": "string", "enum": [kind]}
    schema["properties"]["metadata"] = {"$ref": f"{DEFINITIONS}#/definitions/{OBJECT_META}"}
    schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
    return schema


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

    missing = sorted(k for k in kinds if k not in by_kind and k not in HAND_WRITTEN and k not in CRDS)
    if missing:
        print(f"no schema known for {missing}: add one to HAND_WRITTEN or CRDS", file=sys.stderr)
        return 1
    core = sorted(k for k in kinds if k in by_kind and k not in HAND_WRITTEN and k not in CRDS)
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
    for (api_version, kind), (module, path) in CRDS.items():
        if (api_version, kind) in kinds:
            crd = yaml.safe_load((module_dir(module) / path).read_text())
            file = schema_file_name(api_version, kind)
            write_json(HERE / file, crd_schema(api_version, kind, crd))
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
        f"{len(written) - 1} kinds ({K8S_MODULE}, Strimzi KafkaTopic, {KEDA_MODULE}, "
        f"{PROMETHEUS_OPERATOR_MODULE}) and {COMPOSE_SCHEMA.relative_to(ROOT)} ({COMPOSE_MODULE})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

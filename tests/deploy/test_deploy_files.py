"""The deployment files hold together: docker-compose.yml, services/*/Dockerfile, .dockerignore
and the Kustomize base in deploy/k8s/base.

Every file they reference exists, the security rules hold (non-root, read-only root file system,
no capabilities, sized), and the wiring agrees with the code: each KITH_* variable they set is a
setting some code reads, backend addresses name a real service on the port that service listens
on, the topics created are the ones the code publishes to, and the databases in the DSNs are
created; the gateway's web port is one port in its image, compose and the base. Needs only PyYAML
and the standard library (no Docker engine, no cluster); two extra checks run `docker compose
config` and `kubectl kustomize` when those tools are installed.
"""

from __future__ import annotations

import ast
import fnmatch
import graphlib
import json
import posixpath
import re
import shlex
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
K8S_BASE = ROOT / "deploy" / "k8s" / "base"

# Service directory -> gRPC port (None: no port).
SERVICE_PORTS = {
    "gateway": 50050,
    "identity": 50051,
    "graph": 50052,
    "communities": 50053,
    "content": 50054,
    "feed": 50055,
    "messaging": 50057,
    "live": 50058,
}
# Workload (compose service / Kubernetes Deployment) -> (service directory, command, gRPC port).
WORKLOADS = {
    "gateway": ("gateway", None, 50050),
    "identity": ("identity", None, 50051),
    "graph": ("graph", None, 50052),
    "communities": ("communities", None, 50053),
    "content": ("content", None, 50054),
    "media-worker": ("content", "media-worker", 50059),
    "feed-api": ("feed", "api", 50055),
    "feed-worker": ("feed", "worker", None),
    "messaging": ("messaging", None, 50057),
    "live": ("live", None, 50058),
}
# What each workload talks to (the README's table): servers and backend address variables.
USES = {
    "gateway": {
        "redis",
        "KITH_IDENTITY_ADDR",
        "KITH_GRAPH_ADDR",
        "KITH_COMMUNITIES_ADDR",
        "KITH_CONTENT_ADDR",
        "KITH_FEED_ADDR",
        "KITH_MESSAGING_ADDR",
        "KITH_LIVE_ADDR",
    },
    "identity": {"postgres", "kafka"},
    "graph": {"neo4j", "kafka"},
    "communities": {"postgres", "kafka"},  # and graph, which waits for communities (KITH_GRAPH_ADDR)
    "content": {"postgres", "kafka", "KITH_FEED_ADDR"},
    "media-worker": {"postgres"},  # and the object store (S3_CLIENTS); events through content's outbox
    "feed-api": {"redis"},  # and signs media URLs (S3_SIGNERS), with no request to the store
    "feed-worker": {"kafka", "redis"},
    "messaging": {"postgres", "kafka", "redis", "KITH_IDENTITY_ADDR"},
    "live": {"redis"},
}
# Workloads whose gRPC port serves only grpc.health.v1, for probes and health checks: nobody calls
# them, so no Kubernetes Service, and they make none of their service's gRPC calls (its `*_addr`
# settings are its API's).
PROBE_ONLY = frozenset({"media-worker"})
# The gateway's web port (KITH_WEB_PORT, entrypoints/web.py): browsers call the public API over the
# Connect protocol and gRPC-Web (HTTP/1.1) and get the web app (clients/web, built into the image)
# from the same origin. Published and opened to anywhere like the gateway's gRPC port.
WEB_PORT = 8080
WEB_APP = ROOT / "clients" / "web"
# The object store (media): who reads its settings. Content and its media worker use the store
# (read-write keys, they wait for the bucket, egress to it); the feed API and the gateway (its local
# feed reads) only sign media URLs, a local computation (read-only keys in Kubernetes, no waiting
# for the store, no egress to it).
S3_CLIENTS = frozenset({"content", "media-worker"})
S3_SIGNERS = frozenset({"feed-api", "gateway"})
S3_SECRETS = {**{w: "kith-s3" for w in S3_CLIENTS}, **{w: "kith-s3-signer" for w in S3_SIGNERS}}
S3_KEYS = {"KITH_S3_ACCESS_KEY": "access-key", "KITH_S3_SECRET_KEY": "secret-key"}
S3_STORE_SERVICES = frozenset({"seaweedfs", "seaweedfs-bucket"})  # compose services of the store
S3_VARIABLES = frozenset(
    {
        "KITH_S3_ENDPOINT",
        "KITH_S3_PUBLIC_ENDPOINT",
        "KITH_S3_REGION",
        "KITH_S3_BUCKET",
        "KITH_S3_ACCESS_KEY",
        "KITH_S3_SECRET_KEY",
    }
)
SERVER_VARIABLES = {
    "postgres": "KITH_POSTGRES_DSN",
    "kafka": "KITH_KAFKA_BOOTSTRAP",
    "neo4j": "KITH_NEO4J_URI",
    "redis": "KITH_REDIS_URL",
}
SERVER_IMAGES = {
    "kafka": "apache/kafka:3.9.2",
    "neo4j": "neo4j:5.26-community",
    "redis": "redis:7",
    "postgres": "postgres:15",
    "mailpit": "axllent/mailpit:v1.33.1",
}
# Identity's mail settings (an SMTP server by host and port; the credentials come from a Secret in
# Kubernetes, and Mailpit wants none).
MAIL_VARIABLES = frozenset(
    {
        "KITH_SMTP_HOST",
        "KITH_SMTP_PORT",
        "KITH_SMTP_SECURITY",
        "KITH_MAIL_FROM",
        "KITH_SMTP_USERNAME",
        "KITH_SMTP_PASSWORD",
    }
)
POSTGRES_DATABASES = {
    "identity": "identity",
    "communities": "communities",
    "content": "content",
    "media-worker": "content",
    "messaging": "messaging",
}


def required_variables(workload: str) -> set[str]:
    return {SERVER_VARIABLES.get(use, use) for use in USES[workload]}


# ---------------------------------------------------------------------------------------------
# What the code says: settings fields, topics, workspace members.


def _annotated_fields(path: Path) -> set[str]:
    """Names of annotated class attributes (pydantic-settings fields) in a Python file."""
    fields = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    fields.add(statement.target.id)
    return fields - {"model_config"}


@cache
def settings_variables(service: str) -> frozenset[str]:
    """Every KITH_* variable the service's settings read (env_prefix KITH_, case-insensitive)."""
    platform = ROOT / "libs" / "platform" / "src" / "kith_platform"
    files = [
        platform / "settings.py",
        platform / "service.py",
        ROOT / "services" / service / "src" / f"kith_{service}" / "config.py",
    ]
    fields = set().union(*(_annotated_fields(f) for f in files if f.is_file()))
    variables = frozenset(f"KITH_{name.upper()}" for name in fields)
    return variables


@cache
def backend_settings(service: str) -> dict[str, str]:
    """KITH_* variable -> local default of each gRPC backend setting of the service: `*_addr`
    (one host:port) and `*_addrs` (a comma-separated list, e.g. mirror_addrs: the services its
    safety changes are pushed to, kith_platform.mirrors)."""
    path = ROOT / "services" / service / "src" / f"kith_{service}" / "config.py"
    defaults = {}
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id.endswith(("_addr", "_addrs"))
        ):
            defaults[f"KITH_{node.target.id.upper()}"] = ast.literal_eval(node.value)
    return defaults


def host_ports(value: str) -> list[tuple[str, int]]:
    """(host, port) of each address of an `*_addr` or `*_addrs` value."""
    pairs = []
    for address in (a.strip() for a in value.split(",")):
        if address:
            host, _, port = address.rpartition(":")
            pairs.append((host, int(port)))
    return pairs


@cache
def topics_in_code() -> frozenset[str]:
    events = ROOT / "libs" / "platform" / "src" / "kith_platform" / "events.py"
    topics = set()
    for node in ast.parse(events.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            value = node.value.value
            if isinstance(value, str) and re.fullmatch(r"[a-z]+(\.[a-z_]+)+\.v\d+", value):
                topics.add(value)
    return frozenset(topics)


@cache
def topic_configs_in_code() -> dict[str, dict[str, str]]:
    """kith_platform.events.TOPIC_CONFIGS: the topics whose settings differ from the defaults."""
    events = ROOT / "libs" / "platform" / "src" / "kith_platform" / "events.py"
    names = {
        node.targets[0].id: node.value
        for node in ast.parse(events.read_text()).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }

    def value(node):
        return value(names[node.id]) if isinstance(node, ast.Name) else ast.literal_eval(node)

    configs = names["TOPIC_CONFIGS"]
    return {value(k): value(v) for k, v in zip(configs.keys, configs.values, strict=True)}


@cache
def workspace_members() -> tuple[str, ...]:
    workspace = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    members = []
    for pattern in workspace["members"]:
        members += [p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob(f"{pattern}/pyproject.toml")]
    return tuple(sorted(members))


# ---------------------------------------------------------------------------------------------
# Dockerfiles and .dockerignore


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, pending = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    assert not pending, f"{path}: dangling line continuation"
    return instructions


def dockerfile_env(path: Path) -> dict[str, str]:
    env = {}
    for keyword, arguments in dockerfile_instructions(path):
        if keyword == "ENV":
            for item in shlex.split(arguments):
                name, _, value = item.partition("=")
                env[name] = value
    return env


def dockerignore_patterns() -> list[str]:
    path = ROOT / ".dockerignore"
    assert path.is_file(), ".dockerignore is missing"
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified: the last matching pattern wins; matching a folder matches its content."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/").removeprefix("./")
        candidates = [pattern, pattern[3:]] if pattern.startswith("**/") else [pattern]
        if any(fnmatch.fnmatchcase(p, c) for p in prefixes for c in candidates):
            ignored = not negated
    return ignored


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_each_dockerfile_builds_its_package_with_uv_in_stages_and_runs_it_unprivileged(service):
    path = ROOT / "services" / service / "Dockerfile"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    instructions = dockerfile_instructions(path)
    stages = [args for keyword, args in instructions if keyword == "FROM"]
    assert len(stages) >= 2, "multi-stage build expected"
    # Python stages, and for the gateway one Node stage that builds the web app (checked below).
    node = [s for s in stages if s.split()[0].startswith("node:")]
    assert len(node) == (1 if service == "gateway" else 0), stages
    assert all(s.split()[0] == "python:3.11-slim" for s in stages if s not in node), stages
    assert stages[-1] not in node, "the final stage runs Python"
    runs = [args for keyword, args in instructions if keyword == "RUN"]
    assert any(re.search(r"\bpip install\b.*\buv\b", r) for r in runs), "uv is installed with pip"
    syncs = [r for r in runs if "uv sync" in r]
    assert syncs, "no uv sync"
    for sync in syncs:
        assert "--frozen" in sync and "--no-dev" in sync, sync
        assert f"--package kith-{service}" in sync, sync

    final = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    users = [args for keyword, args in final if keyword == "USER"]
    assert users, "the final stage must set USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, f"USER must be a numeric non-root id, not {users[-1]!r}"
    assert any(k == "COPY" and "--from=" in a and ".venv" in a for k, a in final), "the venv is copied"

    entrypoints = [json.loads(args) for keyword, args in final if keyword == "ENTRYPOINT"]
    assert entrypoints[-1:] == [["python", "-m", f"kith_{service}"]]
    assert (ROOT / "services" / service / "src" / f"kith_{service}" / "__main__.py").is_file()
    assert dockerfile_env(path).get("KITH_GRPC_PORT") == str(SERVICE_PORTS[service])
    assert dockerfile_env(path).get("KITH_GRPC_HOST") == "0.0.0.0", "listen beyond the container"
    exposed = [port for keyword, args in final if keyword == "EXPOSE" for port in args.split()]
    assert exposed == [str(SERVICE_PORTS[service]), *([str(WEB_PORT)] if service == "gateway" else [])]
    if service != "gateway":
        assert not {k for k in dockerfile_env(path) if k.startswith("KITH_WEB_")}, "only the gateway has a web port"
    if service == "feed":
        commands = [json.loads(args) for keyword, args in final if keyword == "CMD"]
        assert commands[-1:] == [["api"]], "the feed image runs the API unless told `worker`"


@pytest.mark.parametrize("service", sorted(SERVICE_PORTS))
def test_each_dockerfile_copies_files_that_exist_and_are_in_the_build_context(service):
    path = ROOT / "services" / service / "Dockerfile"
    patterns = dockerignore_patterns()
    copied_before_sync: set[str] | None = None
    copied: set[str] = set()
    for keyword, arguments in dockerfile_instructions(path):
        if keyword == "RUN" and "uv sync" in arguments and copied_before_sync is None:
            copied_before_sync = set(copied)
        if keyword not in ("COPY", "ADD") or "--from=" in arguments:
            continue
        words = [w for w in shlex.split(arguments) if not w.startswith("--")]
        for source in words[:-1]:
            copied.add(source.rstrip("/"))
            assert (ROOT / source).exists(), f"{path.relative_to(ROOT)} copies missing {source}"
            assert not dockerignored(source, patterns), f".dockerignore hides {source}, which is copied"
    assert copied_before_sync is not None, "no uv sync"
    assert {"pyproject.toml", "uv.lock"} <= copied_before_sync
    # uv reads the whole workspace: by the first `uv sync`, every member's pyproject.toml is there.
    for member in workspace_members():
        parents = {member, member.split("/")[0], f"{member}/pyproject.toml"}
        assert parents & copied_before_sync, f"{member}/pyproject.toml is not copied before uv sync"


def dockerfile_stages(path: Path) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Stage name (its `AS` name, else its index) -> (base image, its instructions)."""
    instructions = dockerfile_instructions(path)
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    stages = {}
    for n, start in enumerate(starts):
        words = [w for w in instructions[start][1].split() if not w.startswith("--")]
        name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(n)
        stages[name] = (words[0], instructions[start + 1 : starts[n + 1] if n + 1 < len(starts) else None])
    return stages


def test_the_gateway_image_builds_the_web_app_and_serves_it_on_the_web_port():
    """A Node stage runs `npm ci` (package.json and package-lock.json first, for the layer cache)
    and `npm run build` in clients/web, with proto/ where buf.gen.yaml looks for the contracts;
    the final stage holds the built files where KITH_WEB_APP_DIR says and serves them on the web
    port, on every address."""
    path = ROOT / "services" / "gateway" / "Dockerfile"
    stages = dockerfile_stages(path)
    (name,) = [n for n, (image, _) in stages.items() if image.startswith("node:")]
    image, steps = stages[name]
    # Node 20 (>= 20.19: Vite's engines), pinned to a minor version at least, slim.
    assert re.fullmatch(r"node:20\.\d+(\.\d+)?-[a-z]+-slim", image), image
    workdir = [a for k, a in steps if k == "WORKDIR"][-1]
    assert workdir == "/src/clients/web", workdir

    def index(keyword: str, predicate) -> int:
        (i,) = [i for i, (k, a) in enumerate(steps) if k == keyword and predicate(shlex.split(a))]
        return i

    lock = index("COPY", lambda w: w[:-1] == ["clients/web/package.json", "clients/web/package-lock.json"])
    install = index("RUN", lambda w: w[:2] == ["npm", "ci"])
    proto = index("COPY", lambda w: w[:-1] == ["proto"])
    sources = index("COPY", lambda w: w[:-1] == ["clients/web"])
    build = index("RUN", lambda w: w == ["npm", "run", "build"])
    assert lock < install < sources < build and proto < build, steps
    for i in (lock, sources):
        assert posixpath.normpath(posixpath.join(workdir, shlex.split(steps[i][1])[-1])) == workdir, steps[i]
    # buf.gen.yaml reads the contracts from ../../proto, relative to clients/web.
    buf = yaml.safe_load((WEB_APP / "buf.gen.yaml").read_text())
    directories = [i["directory"] for i in buf["inputs"] if "directory" in i]
    assert [posixpath.normpath(posixpath.join(workdir, d)) for d in directories] == [shlex.split(steps[proto][1])[-1]]
    assert "build" in json.loads((WEB_APP / "package.json").read_text())["scripts"]

    final = stages[list(stages)[-1]][1]
    env = dockerfile_env(path)
    copies = [shlex.split(a) for k, a in final if k == "COPY" and f"--from={name}" in a]
    assert [c[1:] for c in copies] == [[f"{workdir}/dist", env["KITH_WEB_APP_DIR"]]], copies
    assert env["KITH_WEB_PORT"] == str(WEB_PORT) and env["KITH_WEB_HOST"] == "0.0.0.0"
    assert {"KITH_WEB_HOST", "KITH_WEB_PORT", "KITH_WEB_APP_DIR"} <= settings_variables("gateway")


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    patterns = dockerignore_patterns()
    for path in (
        ".git",
        ".kith",
        ".venv",
        "__pycache__",
        "services/feed/src/kith_feed/__pycache__",
        "bench/results",
        "node_modules",
        "clients/web/node_modules",
        "clients/web/dist",
        "clients/web/src/gen",
    ):
        assert dockerignored(path, patterns), f".dockerignore does not exclude {path}"
    for path in (
        "pyproject.toml",
        "uv.lock",
        "libs/proto/src",
        "services/identity/src",
        "proto",
        "clients/web/package.json",
        "clients/web/package-lock.json",
        "clients/web/src",
    ):
        assert not dockerignored(path, patterns), f".dockerignore excludes {path}"


# ---------------------------------------------------------------------------------------------
# docker-compose.yml


@cache
def compose() -> dict:
    assert COMPOSE_FILE.is_file(), "docker-compose.yml is missing"
    document = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(document, dict) and isinstance(document.get("services"), dict)
    return document


def compose_services() -> dict[str, dict]:
    return compose()["services"]


def compose_environment(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {k: str(v) for k, v in environment.items()}


def compose_depends_on(service: dict) -> dict[str, str]:
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return {name: "service_started" for name in depends_on}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in depends_on.items()}


def compose_mounts(service: dict) -> list[tuple[str, str, str, bool]]:
    """(type, source, target, read_only) for every volume entry, short or long syntax."""
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            fields = volume.split(":")
            if len(fields) == 1:
                mounts.append(("volume", "", fields[0], False))
                continue
            source, target = fields[0], fields[1]
            read_only = len(fields) > 2 and "ro" in fields[2].split(",")
            kind = "bind" if source.startswith((".", "/", "~")) else "volume"
            mounts.append((kind, source, target, read_only))
        else:
            mounts.append(
                (
                    volume.get("type", "volume"),
                    volume.get("source", ""),
                    volume["target"],
                    bool(volume.get("read_only")),
                )
            )
    return mounts


def compose_build(service: dict) -> tuple[Path, Path] | None:
    build = service.get("build")
    if build is None:
        return None
    if isinstance(build, str):
        build = {"context": build}
    context = (ROOT / build.get("context", ".")).resolve()
    return context, context / build.get("dockerfile", "Dockerfile")


def test_compose_every_service_has_an_image_or_a_build():
    for name, service in compose_services().items():
        assert service.get("image") or service.get("build"), f"{name} has neither image nor build"


def test_compose_build_contexts_and_dockerfiles_exist():
    builds = 0
    for name, service in compose_services().items():
        build = compose_build(service)
        if build:
            builds += 1
            context, dockerfile = build
            assert context.is_dir(), f"{name}: build context {context} does not exist"
            assert dockerfile.is_file(), f"{name}: Dockerfile {dockerfile} does not exist"
    assert builds >= len(WORKLOADS)


def test_compose_mounted_host_files_exist_and_named_volumes_are_declared():
    declared = set(compose().get("volumes") or {})
    for name, service in compose_services().items():
        for kind, source, _, _ in compose_mounts(service):
            if kind == "bind":
                assert (ROOT / source).exists(), f"{name} mounts {source}, which does not exist"
            elif kind == "volume" and source:
                assert source in declared, f"{name} mounts undeclared volume {source}"
        for env_file in service.get("env_file") or []:
            path = env_file if isinstance(env_file, str) else env_file["path"]
            assert (ROOT / path).is_file(), f"{name}: env_file {path} does not exist"
    for section in ("configs", "secrets"):
        for name, spec in (compose().get(section) or {}).items():
            if "file" in spec:
                assert (ROOT / spec["file"]).exists(), f"{section}.{name}: {spec['file']} does not exist"


def test_compose_runs_the_official_server_images():
    services = compose_services()
    for name, image in SERVER_IMAGES.items():
        assert services[name]["image"] == image
        assert "build" not in services[name]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "none"
    kafka = compose_environment(services["kafka"])
    assert set(kafka["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}, "KRaft, one node"


def test_compose_dependencies_exist_and_wait_for_what_they_need():
    services = compose_services()
    for name, service in services.items():
        for dependency, condition in compose_depends_on(service).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            if condition == "service_healthy":
                assert services[dependency].get("healthcheck"), f"{name} waits for {dependency}'s health"
            if condition == "service_completed_successfully":
                assert services[dependency].get("restart", "no") == "no", f"{dependency} is one-shot"


def compose_script(service: dict) -> str:
    """The service's entrypoint and command as one text, as the container's shell sees it."""
    words = []
    for part in (service.get("entrypoint"), service.get("command")):
        words += [part] if isinstance(part, str) else list(part or [])
    return "\n".join(words).replace("$$", "$").replace("\\\n", " ")


def test_compose_creates_the_topics_the_code_uses_with_six_partitions():
    topics = compose_services()["topics"]
    assert topics["image"] == SERVER_IMAGES["kafka"]
    environment = compose_environment(topics)
    assert topics_in_code(), "no topic names found in kith_platform/events.py"
    assert set(environment["TOPICS"].split()) == topics_in_code()
    assert environment["PARTITIONS"] == "6"
    script = compose_script(topics)
    assert re.search(r"for topic in \$\{?TOPICS\b", script), "the script creates each of $TOPICS"
    assert re.search(r'--create\b.*--topic "\$\{?topic\}?".*--partitions "\$\{?PARTITIONS\}?"', script), script
    # Topics with their own settings (compacted): named in COMPACTED_TOPICS, created with COMPACTED_CONFIG.
    configs = topic_configs_in_code()
    assert set(environment["COMPACTED_TOPICS"].split()) == set(configs)
    settings = dict(s.split("=", 1) for s in environment["COMPACTED_CONFIG"].split())
    assert all(c == settings for c in configs.values()), settings
    assert re.search(r'--partitions "\$\{?PARTITIONS\}?".*\$\{?configs\b', script), "the settings are passed"
    assert re.search(r"--config \$\{?setting\b", script) and "COMPACTED_CONFIG" in script, script
    assert compose_depends_on(topics).get("kafka") == "service_healthy"


def test_compose_postgres_creates_every_database_the_services_use():
    postgres = compose_services()["postgres"]
    init_scripts = [
        ROOT / source
        for kind, source, target, _ in compose_mounts(postgres)
        if kind == "bind" and target.startswith("/docker-entrypoint-initdb.d")
    ]
    assert ROOT / "deploy" / "compose" / "postgres-init.sql" in [p.resolve() for p in init_scripts]
    sql = " ".join(p.read_text() for p in init_scripts if p.is_file()).lower()
    for workload, database in POSTGRES_DATABASES.items():
        dsn = compose_environment(compose_services()[workload])["KITH_POSTGRES_DSN"]
        assert urlsplit(dsn).path.lstrip("/") == database
        assert urlsplit(dsn).hostname == "postgres"
        assert re.search(rf"create\s+database\s+\"?{database}\b", sql), f"database {database} is not created"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_compose_runs_each_workload_from_its_dockerfile_wired_to_what_it_uses(workload):
    services = compose_services()
    directory, command, port = WORKLOADS[workload]
    service = services[workload]
    context, dockerfile = compose_build(service)
    assert context == ROOT
    assert dockerfile == ROOT / "services" / directory / "Dockerfile"
    if command:
        assert service.get("command") in ([command], command)

    environment = compose_environment(service)
    missing = required_variables(workload) - set(environment)
    assert not missing, f"{workload} lacks {sorted(missing)}"
    unknown = {k for k in environment if k.startswith("KITH_")} - settings_variables(directory)
    assert not unknown, f"{workload} sets {sorted(unknown)}, which no setting of kith_{directory} reads"

    depends_on = compose_depends_on(service)
    for use in USES[workload]:
        if use == "kafka":
            assert depends_on.get("topics") == "service_completed_successfully", workload
        elif use in SERVER_VARIABLES:
            assert depends_on.get(use) == "service_healthy", f"{workload} should wait for {use}"
            host = urlsplit(environment[SERVER_VARIABLES[use]]).hostname
            assert host == use, f"{workload}: {SERVER_VARIABLES[use]} points at {host}"
        else:  # a backend address host:port
            host, _, backend_port = environment[use].rpartition(":")
            assert host in services, f"{workload}: {use} names unknown service {host}"
            backend_directory = WORKLOADS[host][0]
            assert int(backend_port) == SERVICE_PORTS[backend_directory], f"{workload}: {use}"
            assert depends_on.get(host) == "service_healthy", f"{workload} should wait for {host}"
    if "KITH_KAFKA_BOOTSTRAP" in environment:
        assert environment["KITH_KAFKA_BOOTSTRAP"] == "kafka:9092"
    if port is not None:
        assert service.get("healthcheck"), f"{workload} has no health check"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_compose_sets_every_backend_address_the_code_reads(workload):
    """Every `*_addr` / `*_addrs` setting is set (the localhost default would be the container
    itself), names workloads on their gRPC ports, and the same backends as the code's default."""
    services = compose_services()
    environment = compose_environment(services[workload])
    if workload in PROBE_ONLY:
        unused = set(backend_settings(WORKLOADS[workload][0])) & set(environment)
        assert not unused, f"{workload} calls no other service but sets {sorted(unused)}"
        return
    for variable, default in backend_settings(WORKLOADS[workload][0]).items():
        assert variable in environment, f"{workload} leaves {variable} at its localhost default {default}"
        named = host_ports(environment[variable])
        for host, port in named:
            assert host in services and host in WORKLOADS, f"{workload}: {variable} names unknown service {host}"
            assert port == WORKLOADS[host][2], f"{workload}: {variable} names {host} on {port}"
        assert sorted(p for _, p in named) == sorted(p for _, p in host_ports(default)), (
            f"{workload}: {variable} does not name the backends of its default {default}"
        )


def test_compose_dependencies_make_no_cycle():
    """Services that call each other (graph <-> identity, the mirror pushes) wait one way only."""
    order = {name: set(compose_depends_on(service)) for name, service in compose_services().items()}
    try:
        tuple(graphlib.TopologicalSorter(order).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"docker-compose.yml depends_on has a cycle: {error.args[1]}")


def compose_published(service: dict) -> dict[int, str]:
    """Container port -> what the host publishes it as ("[address:]port"), short or long syntax."""
    published = {}
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            host = f"{port['host_ip']}:" if port.get("host_ip") else ""
            published[int(port["target"])] = f"{host}{port.get('published', '')}"
        else:
            host, _, target = str(port).rpartition(":")
            published[int(target.split("/")[0])] = host
    return published


def test_compose_publishes_the_gateway_ports_only():
    for name, service in compose_services().items():
        published = compose_published(service)
        if name == "gateway":  # native gRPC, and the web port (browsers, the web app)
            assert set(published) == {SERVICE_PORTS["gateway"], WEB_PORT}, published
            assert all(p.rsplit(":", 1)[-1] == str(target) for target, p in published.items()), published
        elif name in WORKLOADS:
            assert not published, f"only the gateway is published, not {name}"


def test_compose_identity_sends_its_mail_to_mailpit():
    services = compose_services()
    mailpit, identity = services["mailpit"], compose_environment(services["identity"])
    assert (identity["KITH_SMTP_HOST"], identity["KITH_SMTP_PORT"]) == ("mailpit", "1025")
    assert compose_depends_on(services["identity"]).get("mailpit") == "service_healthy"
    assert mailpit["healthcheck"]["test"] == ["CMD", "/mailpit", "readyz"]
    published = {str(p).rsplit(":", 1)[-1]: str(p) for p in mailpit["ports"]}
    assert set(published) == {"1025", "8025"}, "SMTP and the web UI / API"
    assert all(p.startswith("127.0.0.1:") for p in published.values()), "the mail stays on the host's loopback"
    for workload in WORKLOADS:
        if workload != "identity":
            sent = MAIL_VARIABLES & set(compose_environment(services[workload]))
            assert not sent, f"{workload} sends no mail but sets {sorted(sent)}"


def test_compose_gives_the_s3_settings_to_the_store_clients_and_the_signers_only():
    services = compose_services()
    seaweedfs = services["seaweedfs"]
    identities = json.loads(compose_environment(seaweedfs)["KITH_S3_IDENTITIES"])["identities"]
    actions = {}
    for identity in identities:
        (credentials,) = identity["credentials"]
        actions[(credentials["accessKey"], credentials["secretKey"])] = set(identity["actions"])
    published = {str(p) for p in seaweedfs["ports"]}
    settings = {}
    for workload in WORKLOADS:
        environment = compose_environment(services[workload])
        s3 = {k for k in environment if k.startswith(("KITH_S3_", "KITH_MEDIA_"))}
        if workload not in S3_CLIENTS | S3_SIGNERS:
            assert not s3, f"{workload} uses no object store but sets {sorted(s3)}"
            continue
        assert S3_VARIABLES <= s3, f"{workload} lacks {sorted(S3_VARIABLES - s3)}"
        endpoint = urlsplit(environment["KITH_S3_ENDPOINT"])
        assert (endpoint.hostname, str(endpoint.port)) == ("seaweedfs", "8333"), workload
        # Signed URLs name the address the host publishes: that is where clients fetch them.
        public = urlsplit(environment["KITH_S3_PUBLIC_ENDPOINT"])
        assert f"{public.hostname}:{public.port}:{endpoint.port}" in published, workload
        # Every signer signs for the same store, bucket and lifetime.
        settings[workload] = {k: environment[k] for k in s3 if k not in ("KITH_S3_ACCESS_KEY", "KITH_S3_SECRET_KEY")}
        keys = (environment["KITH_S3_ACCESS_KEY"], environment["KITH_S3_SECRET_KEY"])
        assert keys in actions, f"{workload}: the keys of one of seaweedfs's identities"
        bucket = environment["KITH_S3_BUCKET"]
        assert f"Read:{bucket}" in actions[keys], f"{workload}: its keys may read (and so sign for) the bucket"
        depends_on = compose_depends_on(services[workload])
        if workload in S3_CLIENTS:
            assert f"Write:{bucket}" in actions[keys], workload
            assert depends_on.get("seaweedfs-bucket") == "service_completed_successfully", workload
        else:  # signing sends the store no request: nothing to wait for
            assert not S3_STORE_SERVICES & set(depends_on), f"{workload} only signs, yet waits for the store"
    assert set(settings) == S3_CLIENTS | S3_SIGNERS
    assert len({tuple(sorted(v.items())) for v in settings.values()}) == 1, settings


def test_compose_generates_the_jwt_key_and_mounts_it_read_only_into_identity():
    services = compose_services()
    identity = services["identity"]
    keys_path = compose_environment(identity)["KITH_IDENTITY_JWT_KEYS_PATH"]
    mounts = [m for m in compose_mounts(identity) if keys_path == m[2] or keys_path.startswith(m[2] + "/")]
    assert mounts, f"nothing is mounted at {keys_path}"
    kind, volume, _, read_only = mounts[0]
    assert kind == "volume" and read_only, "the key volume is mounted read-only"
    writers = [
        name
        for name, s in services.items()
        if name != "identity" and any(m[0] == "volume" and m[1] == volume and not m[3] for m in compose_mounts(s))
    ]
    assert writers, f"no service writes the {volume} volume"
    for writer in writers:
        assert compose_depends_on(identity).get(writer) == "service_completed_successfully"
        assert "ed25519" in compose_script(services[writer]).lower(), f"{writer} makes no Ed25519 key"


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose CLI plugin is not installed",
)
def test_docker_compose_accepts_the_file():
    result = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE_FILE), "config", "-q"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------
# deploy/k8s/base


@cache
def kustomization() -> dict:
    path = K8S_BASE / "kustomization.yaml"
    assert path.is_file(), "deploy/k8s/base/kustomization.yaml is missing"
    return yaml.safe_load(path.read_text())


@cache
def k8s_documents() -> tuple[tuple[str, dict], ...]:
    """(file name, document) for every YAML document under deploy/k8s/base."""
    documents = []
    for path in sorted(K8S_BASE.rglob("*.y*ml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                documents.append((path.relative_to(K8S_BASE).as_posix(), document))
    return tuple(documents)


def k8s_objects(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in k8s_documents() if d.get("kind") == kind}


def pod_spec(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]


def test_kustomization_lists_every_manifest_and_only_files_that_exist():
    resources = kustomization()["resources"]
    assert len(resources) == len(set(resources))
    for resource in resources:
        assert (K8S_BASE / resource).is_file(), f"kustomization lists missing {resource}"
    manifests = {p for p, d in k8s_documents() if d.get("kind") != "Kustomization"}
    assert manifests == set(resources), "every manifest in base/ is listed, and nothing else"
    assert {f"{w}.yaml" for w in WORKLOADS} <= set(resources)


def test_every_document_is_a_kubernetes_object():
    for path, document in k8s_documents():
        assert document.get("apiVersion") and document.get("kind"), path
        if document["kind"] != "Kustomization":
            assert document.get("metadata", {}).get("name"), path


def test_no_secret_is_committed():
    assert not k8s_objects("Secret"), "Secrets are created per cluster, never committed"
    assert not kustomization().get("secretGenerator"), "no secretGenerator with values in the base"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_each_workload_file_holds_its_objects(workload):
    kinds = {d["kind"] for path, d in k8s_documents() if path == f"{workload}.yaml"}
    served = WORKLOADS[workload][2] and workload not in PROBE_ONLY
    expected = {"Deployment", "ServiceAccount", "ConfigMap"} | ({"Service"} if served else set())
    assert kinds == expected, f"{workload}.yaml holds {sorted(kinds)}"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_each_deployment_is_locked_down_and_sized(workload):
    deployment = k8s_objects("Deployment")[workload]
    pod = pod_spec(deployment)
    pod_security = pod.get("securityContext") or {}
    assert pod_security.get("runAsNonRoot") is True, f"{workload}: runAsNonRoot"
    assert pod_security.get("runAsUser", 1) != 0
    assert pod.get("serviceAccountName") in k8s_objects("ServiceAccount"), workload
    volumes = {v["name"] for v in pod.get("volumes") or []}
    for container in pod["containers"] + pod.get("initContainers", []):
        where = f"{workload}/{container['name']}"
        security = container.get("securityContext") or {}
        assert security.get("readOnlyRootFilesystem") is True, f"{where}: readOnlyRootFilesystem"
        assert security.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation"
        assert "ALL" in (security.get("capabilities") or {}).get("drop", []), f"{where}: drop ALL"
        assert not (security.get("capabilities") or {}).get("add"), f"{where}: adds capabilities"
        assert security.get("runAsNonRoot", True) is not False and security.get("runAsUser", 1) != 0
        resources = container.get("resources") or {}
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(bound) or {}), f"{where}: resources.{bound}"
        mounts = {m["name"] for m in container.get("volumeMounts") or []}
        assert mounts <= volumes, f"{where} mounts undeclared volumes {sorted(mounts - volumes)}"
        assert "/tmp" in {m["mountPath"] for m in container.get("volumeMounts") or []}, (
            f"{where}: a writable /tmp on the read-only root file system"
        )


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_each_deployment_runs_its_image_with_native_grpc_probes(workload):
    directory, command, port = WORKLOADS[workload]
    (container,) = pod_spec(k8s_objects("Deployment")[workload])["containers"]
    image = container["image"].rsplit(":", 1)[0] if ":" in container["image"].split("/")[-1] else container["image"]
    assert image == f"kith/{directory}", f"{workload} runs {container['image']}"
    assert (ROOT / "services" / directory / "Dockerfile").is_file()
    if command:
        assert (container.get("args") or container.get("command")) == [command], workload
    ports = {p["name"]: p["containerPort"] for p in container.get("ports") or []}
    # Every workload serves Prometheus metrics, announced to scrapers by annotations.
    assert ports.pop("metrics", None) == 9464, f"{workload} exposes metrics on 9464"
    annotations = k8s_objects("Deployment")[workload]["spec"]["template"]["metadata"].get("annotations", {})
    assert annotations.get("prometheus.io/port") == "9464", workload
    if port is None:
        assert not ports, f"{workload} has no gRPC port"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            assert "grpc" not in (container.get(probe) or {}), f"{workload} has no gRPC server to probe"
        return
    if workload == "gateway":  # browsers: no probe of its own (the same process as the gRPC server)
        assert ports.pop("web", None) == WEB_PORT, "the gateway's web port"
    assert ports == {"grpc": port}, workload
    for probe in ("readinessProbe", "livenessProbe"):
        assert container.get(probe, {}).get("grpc", {}).get("port") == port, f"{workload}: {probe}"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_each_deployment_gets_its_settings_from_its_config_map_and_secrets_by_name(workload):
    directory, _, port = WORKLOADS[workload]
    (container,) = pod_spec(k8s_objects("Deployment")[workload])["containers"]
    config_maps = k8s_objects("ConfigMap")
    variables: dict[str, str | None] = {}
    for source in container.get("envFrom") or []:
        name = source["configMapRef"]["name"]
        assert name in config_maps, f"{workload} reads missing ConfigMap {name}"
        variables.update({k: str(v) for k, v in config_maps[name]["data"].items()})
    for item in container.get("env") or []:
        secret = (item.get("valueFrom") or {}).get("secretKeyRef")
        if secret:
            assert secret["name"].startswith("kith-"), secret
        variables[item["name"]] = item.get("value")
    missing = required_variables(workload) - set(variables)
    assert not missing, f"{workload} lacks {sorted(missing)}"
    unknown = {k for k in variables if k.startswith("KITH_")} - settings_variables(directory)
    assert not unknown, f"{workload} sets {sorted(unknown)}, which no setting of kith_{directory} reads"
    if port is not None:
        assert variables.get("KITH_GRPC_PORT", str(port)) == str(port)
    services = k8s_objects("Service")
    for variable in required_variables(workload):
        if variable.endswith("_ADDR"):
            host, _, backend_port = variables[variable].rpartition(":")
            assert host in services, f"{workload}: {variable} names no Service in the base"
            assert int(backend_port) in {p["port"] for p in services[host]["spec"]["ports"]}
    for volume in pod_spec(k8s_objects("Deployment")[workload]).get("volumes") or []:
        if "secret" in volume:
            assert volume["secret"]["secretName"].startswith("kith-"), volume


def test_identity_reads_its_signing_keys_from_the_secret():
    pod = pod_spec(k8s_objects("Deployment")["identity"])
    (container,) = pod["containers"]
    keys_path = k8s_objects("ConfigMap")[container["envFrom"][0]["configMapRef"]["name"]]["data"][
        "KITH_IDENTITY_JWT_KEYS_PATH"
    ]
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == keys_path]
    assert mount.get("readOnly") is True
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert volume["secret"]["secretName"] == "kith-identity-jwt"


def test_egress_s3_opens_the_store_to_its_clients_only():
    """Content and the media worker send the store requests; the signers (feed API, gateway) do not."""
    (expression,) = k8s_objects("NetworkPolicy")["egress-s3"]["spec"]["podSelector"]["matchExpressions"]
    assert (expression["key"], expression["operator"]) == ("app.kubernetes.io/name", "In")
    assert set(expression["values"]) == S3_CLIENTS, "egress-s3: the store's clients, not the signers"


@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_the_s3_settings_and_keys_go_to_the_store_clients_and_the_signers_only(workload):
    """s3-config and the keys (kith-s3 read-write for content and the media worker, kith-s3-signer
    read-only for the feed API and the gateway) go to those four only; egress-s3 opens the store to
    content and the media worker only (signing sends no request)."""
    (container,) = pod_spec(k8s_objects("Deployment")[workload])["containers"]
    reads = {"configMapRef": {"name": "s3-config"}} in (container.get("envFrom") or [])
    references = {
        item["name"]: item["valueFrom"]["secretKeyRef"]
        for item in container.get("env") or []
        if "secretKeyRef" in (item.get("valueFrom") or {})
    }
    s3_references = {k: v for k, v in references.items() if k.startswith("KITH_S3_")}
    # No policy but egress-s3 (test_egress_s3_opens_the_store_to_its_clients_only) opens the store's
    # port (8333 in the base) to the workload.
    for policy in k8s_objects("NetworkPolicy").values():
        if policy["metadata"]["name"] == "egress-s3":
            continue
        selector = policy["spec"]["podSelector"]
        names = {(selector.get("matchLabels") or {}).get("app.kubernetes.io/name")} | {
            v for e in selector.get("matchExpressions") or [] if e["operator"] == "In" for v in e["values"]
        }
        if selector and workload not in names:
            continue
        ports = {p.get("port") for rule in policy["spec"].get("egress") or [] for p in rule.get("ports") or []}
        assert 8333 not in ports, f"{policy['metadata']['name']} opens the object store to {workload}"
    if workload not in S3_SECRETS:
        assert not reads and not s3_references, f"{workload} reads no S3 settings"
        assert all(r["name"] not in S3_SECRETS.values() for r in references.values()), workload
        return
    assert reads, f"{workload} reads s3-config"
    expected = {v: {"name": S3_SECRETS[workload], "key": k, "optional": True} for v, k in S3_KEYS.items()}
    assert s3_references == expected, f"{workload}: its keys from {S3_SECRETS[workload]}, optional"


@pytest.mark.parametrize("workload", sorted(w for w, (_, _, port) in WORKLOADS.items() if port and w not in PROBE_ONLY))
def test_each_service_has_a_grpc_port_that_reaches_its_pods(workload):
    service = k8s_objects("Service")[workload]
    pod_labels = k8s_objects("Deployment")[workload]["spec"]["template"]["metadata"]["labels"]
    selector = service["spec"]["selector"]
    assert selector and selector.items() <= pod_labels.items(), f"{workload}: selector matches no pod"
    (grpc_port,) = [p for p in service["spec"]["ports"] if p.get("name") == "grpc"]
    (container,) = pod_spec(k8s_objects("Deployment")[workload])["containers"]
    target = grpc_port.get("targetPort", grpc_port["port"])
    assert target in {p["name"] for p in container["ports"]} | {p["containerPort"] for p in container["ports"]}
    assert grpc_port["port"] == WORKLOADS[workload][2]


def test_every_service_in_the_base_has_a_port_named_grpc():
    services = k8s_objects("Service")
    assert services
    for name, service in services.items():
        assert any(p.get("name") == "grpc" for p in service["spec"]["ports"]), name


@pytest.mark.skipif(
    shutil.which("kubectl") is None and shutil.which("kustomize") is None,
    reason="neither kubectl nor kustomize is installed",
)
def test_kustomize_renders_the_base():
    command = ["kubectl", "kustomize"] if shutil.which("kubectl") else ["kustomize", "build"]
    result = subprocess.run([*command, str(K8S_BASE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert {d["metadata"]["name"] for d in rendered if d["kind"] == "Deployment"} == set(WORKLOADS)


# ---------------------------------------------------------------------------------------------
# The gateway's web port, across the files


def test_the_gateway_web_port_is_declared_alike_in_compose_the_image_and_the_base():
    """KITH_WEB_PORT is one port in the image, docker-compose.yml (set and published), the
    ConfigMap, the container, the Service and the network policy, which opens it to anywhere as it
    opens the gRPC port; and no other workload has one."""
    image = dockerfile_env(ROOT / "services" / "gateway" / "Dockerfile")
    compose_gateway = compose_services()["gateway"]
    compose_env = {**image, **compose_environment(compose_gateway)}  # compose's values win
    assert compose_env["KITH_WEB_PORT"] == str(WEB_PORT) and compose_env["KITH_WEB_HOST"] == "0.0.0.0"
    assert compose_published(compose_gateway).get(WEB_PORT, "").rsplit(":", 1)[-1] == str(WEB_PORT)

    (container,) = pod_spec(k8s_objects("Deployment")["gateway"])["containers"]
    config_maps = k8s_objects("ConfigMap")
    config = {
        k: str(v)
        for source in container.get("envFrom") or []
        for k, v in config_maps[source["configMapRef"]["name"]]["data"].items()
    }
    assert config["KITH_WEB_PORT"] == str(WEB_PORT), "ConfigMap gateway-config: KITH_WEB_PORT"
    assert config["KITH_WEB_HOST"] == "0.0.0.0", "ConfigMap gateway-config: listen beyond the pod"
    assert config["KITH_WEB_APP_DIR"] == image["KITH_WEB_APP_DIR"], "where the image holds the web app"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports.get("web") == WEB_PORT, "container port web"

    (service_port,) = [p for p in k8s_objects("Service")["gateway"]["spec"]["ports"] if p.get("name") == "web"]
    assert service_port["port"] == WEB_PORT and service_port.get("targetPort") in ("web", WEB_PORT), service_port
    assert service_port.get("appProtocol") == "http", "HTTP/1.1 (Connect, gRPC-Web), not gRPC"

    open_to_anyone = {
        p["port"]
        for rule in k8s_objects("NetworkPolicy")["gateway"]["spec"]["ingress"]
        if not rule.get("from")
        for p in rule["ports"]
        if p.get("protocol", "TCP") == "TCP"
    }
    assert {SERVICE_PORTS["gateway"], WEB_PORT} <= open_to_anyone, open_to_anyone

    for workload in set(WORKLOADS) - {"gateway"}:
        (other,) = pod_spec(k8s_objects("Deployment")[workload])["containers"]
        assert "web" not in {p["name"] for p in other.get("ports") or []}, f"{workload} has no web port"
        assert "KITH_WEB_PORT" not in compose_environment(compose_services()[workload]), workload

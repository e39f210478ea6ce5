"""Backup and restore (deploy/local/backup, docs/backups.md), end to end.

Two people sign up through the gateway; one follows the other, who posts, founds a community and
sends a message. `kithctl backup` then backs up the platform (PostgreSQL online, Neo4j stopped for
its dump and started again, Redis's RDB file), and `kithctl restore` restores that backup into a
scratch platform of the test's own: a private supervisord running bin/run-postgres (a fresh
initdb), bin/run-neo4j (a second JVM) and bin/run-redis in a temporary KITH_STATE, on free ports.
Same scripts, other environment. Then:

- the backup holds every store, each file with its size and SHA-256 in manifest.json;
- every table of every database holds, restored, the rows the dump holds, and the test's own rows
  are there; its people and the follow are in the scratch Neo4j, the post in the follower's
  home feed in the scratch Redis;
- a backup with a store missing, a file changed or no manifest is refused before anything is
  touched; a backup is never written into an existing directory.

It stops the platform's Neo4j for a while (30 to 60 s here): `make test-faults` runs it, `make test`
(KITH_FAULTS=quick) skips it. Every scratch process is stopped at the end, also on failure.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as aioredis
from neo4j import AsyncGraphDatabase

from kith.communities.v1 import communities_pb2 as C
from kith.messaging.v1 import messaging_pb2 as M
from kith_feed.adapters.keys import home_key, post_key
from kith_platform.testing import SignedUpUser, wait_until
from tests.faults.conftest import FIGURES
from tests.faults.profile import not_in_make_test
from tests.integration.conftest import KITHCTL
from tests.integration.endpoints import REDIS_URL, ROOT, STATE
from tests.integration.processes import closed_port

pytestmark = [
    not_in_make_test("stops the platform's Neo4j for its dump"),
    pytest.mark.skipif(
        (STATE / "redis.env").exists(),
        reason="the services run on the Redis Cluster now (kithctl use-redis): "
        "their keys are not in the standalone Redis a backup takes",
    ),
]

DATABASES = ("identity", "communities", "content", "messaging")
STORES = {"redis", "postgres", "neo4j"}
PLATFORM_PORTS = {"POSTGRES": "15432", "NEO4J_BOLT": "17687", "REDIS": "16379"}  # deploy/local/env.sh
SUPERVISORCTL = [
    str(ROOT / ".venv" / "bin" / "supervisorctl"),
    "-c",
    str(ROOT / "deploy" / "local" / "supervisord.conf"),
]


@dataclass
class Scratch:
    """A platform of PostgreSQL, Neo4j and Redis only (a fresh initdb, an empty Neo4j home, an
    empty Redis directory), under a supervisord of its own, in a temporary KITH_STATE and on ports
    nobody else uses: what env.sh reads, overridden."""

    state: Path
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("KITH_REDIS_CLUSTER", "KITH_ROOT")}
        env.update(
            KITH_STATE=str(self.state),
            KITH_POSTGRES_PORT=str(self.ports["postgres"]),
            KITH_NEO4J_BOLT_PORT=str(self.ports["neo4j"]),
            KITH_REDIS_PORT=str(self.ports["redis"]),
            KITH_POSTGRES_HOST_DSN=self.postgres,
            KITH_NEO4J_URI=self.neo4j,
            KITH_REDIS_URL=self.redis,
            # A second Neo4j beside the platform's: a smaller heap and page cache than its 1 GB.
            KITH_NEO4J_HEAP_OPTS="-Xms256m -Xmx512m",
            KITH_NEO4J_PAGECACHE="64m",
        )
        return env

    @property
    def postgres(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports['postgres']}"

    @property
    def neo4j(self) -> str:
        return f"bolt://127.0.0.1:{self.ports['neo4j']}"

    @property
    def redis(self) -> str:
        return f"redis://127.0.0.1:{self.ports['redis']}/0"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args), env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=check
        )

    def start(self) -> None:
        (self.state / "logs").mkdir(parents=True)
        self.state.chmod(0o755)  # bin/run-postgres runs PostgreSQL as user postgres
        # env.sh exports KITH_ROOT and the rest that supervisord.conf reads; supervisord then
        # detaches (its pid in $KITH_STATE/supervisord.pid).
        self.run(
            "bash",
            "-c",
            'source deploy/local/env.sh && exec "$KITH_ROOT/.venv/bin/supervisord" -c deploy/local/supervisord.conf',
        )
        # PostgreSQL only: a restore stops Neo4j and Redis anyway, and starts them with its data.
        self.run(*SUPERVISORCTL, "start", "infra:postgres")
        ready = self.run(sys_python(), "deploy/local/ready.py", "wait", "postgres", "--timeout", "120", check=False)
        assert ready.returncode == 0, ready.stdout + ready.stderr + self.logs()

    def stop(self) -> None:
        pid_file = self.state / "supervisord.pid"
        pids = [int(pid_file.read_text())] if pid_file.exists() else []
        programs = self.run(*SUPERVISORCTL, "pid", "infra:postgres", "infra:neo4j", "infra:redis", check=False)
        pids += [int(p) for p in programs.stdout.split() if p.isdigit() and p != "0"]
        self.run(*SUPERVISORCTL, "shutdown", check=False)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.2)
        for pid in pids:  # not stopped in time: ended, each by its own id
            if _alive(pid):
                os.kill(pid, 9)
        shutil.rmtree(self.state, ignore_errors=True)

    def logs(self) -> str:
        return "".join(f"\n---- {p.name}\n{p.read_text()[-1500:]}" for p in sorted((self.state / "logs").glob("*.log")))


def sys_python() -> str:
    return str(ROOT / ".venv" / "bin" / "python")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def kithctl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KITHCTL), *args], env=env, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )


@dataclass
class Made:
    ann: SignedUpUser
    ben: SignedUpUser
    post_id: str
    community_slug: str
    conversation_id: str


async def make_data(api) -> Made:
    """Through the gateway: a row in each database, a relationship in Neo4j, keys in Redis."""
    ann, ben = await asyncio.gather(api.sign_up("bk_ann"), api.sign_up("bk_ben"))
    assert await api.follow(ben, ann)
    post = await api.post(ann, "Backed up, I hope #backups")
    slug = f"bk-{ann.handle[-12:]}"
    await api.communities.CreateCommunity(
        C.CreateCommunityRequest(slug=slug, name="Backups", description="Restores, tested.", topics=["ops"]),
        metadata=ann.auth,
        timeout=10,
    )
    conversation = (
        await api.messaging.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=ben.user_id), metadata=ann.auth, timeout=10
        )
    ).conversation
    await api.messaging.SendMessage(
        M.SendMessageRequest(conversation_id=conversation.conversation_id, text="see you after the restore"),
        metadata=ann.auth,
        timeout=10,
    )
    # The feed's read model is written by the stream worker: wait until the post is in Ben's feed.
    redis = aioredis.Redis.from_url(REDIS_URL)
    try:

        async def in_home_feed():
            return await redis.zscore(home_key(ben.user_id), post.post_id) is not None

        await wait_until(in_home_feed, timeout=120, what="the post in the follower's home feed in Redis")
    finally:
        await redis.aclose()
    return Made(ann, ben, post.post_id, slug, conversation.conversation_id)


@dataclass
class Run:
    made: Made
    backup: Path
    manifest: dict
    scratch: Scratch
    backup_output: str
    restore_output: str


@pytest.fixture(scope="module")
async def run(api, tmp_path_factory):
    made = await make_data(api)
    backup = tmp_path_factory.mktemp("backups") / "kith"
    # Not tmp_path: PostgreSQL (user postgres) must reach its directory, and a Unix socket path
    # must stay short.
    scratch = Scratch(Path(tempfile.mkdtemp(prefix="kith-restore-")))
    ports: set[int] = set()
    while len(ports) < 3:
        ports.add(closed_port())
    scratch.ports = dict(zip(("postgres", "neo4j", "redis"), sorted(ports), strict=True))
    # A restore replaces what it is pointed at: never the platform's own stores.
    platform = {os.environ.get(f"KITH_{name}_PORT", default) for name, default in PLATFORM_PORTS.items()}
    assert scratch.state != STATE and not platform & {str(p) for p in ports}
    try:

        async def timed_backup():
            started = time.monotonic()
            return await asyncio.to_thread(kithctl, "backup", str(backup)), time.monotonic() - started

        # The scratch platform starts while the backup runs (both end before either failure counts).
        backing_up, starting = await asyncio.gather(
            timed_backup(), asyncio.to_thread(scratch.start), return_exceptions=True
        )
        for outcome in (backing_up, starting):
            if isinstance(outcome, BaseException):
                raise outcome
        backed_up, backup_seconds = backing_up
        assert backed_up.returncode == 0, backed_up.stdout + backed_up.stderr
        manifest = json.loads((backup / "manifest.json").read_text())
        started = time.monotonic()
        restored = await asyncio.to_thread(kithctl, "restore", str(backup), env=scratch.env)
        restore_seconds = time.monotonic() - started
        assert restored.returncode == 0, restored.stdout + restored.stderr + scratch.logs()
        print(backed_up.stdout, restored.stdout, sep="\n")  # shown with -s, or -rP
        neo4j = manifest["stores"]["neo4j"]
        FIGURES.append(
            f"backup and restore: backup {backup_seconds:.1f} s (Neo4j down {neo4j['downtime_seconds']} s, "
            f"its dump {neo4j['dump_seconds']} s), restore into a scratch platform {restore_seconds:.1f} s, "
            f"{sum(f['bytes'] for s in manifest['stores'].values() for f in s['files']) / 1e6:.1f} MB"
        )
        yield Run(made, backup, manifest, scratch, backed_up.stdout, restored.stdout)
    finally:
        await asyncio.to_thread(scratch.stop)
        shutil.rmtree(backup, ignore_errors=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_holds_every_store_with_sizes_and_checksums(run: Run):
    stores = run.manifest["stores"]
    assert set(stores) == STORES
    assert set(stores["postgres"]["databases"]) == set(DATABASES)
    files = {f["path"]: f for s in stores.values() for f in s["files"]}
    expected = {f"postgres/{d}.dump" for d in DATABASES} | {
        "postgres/globals.sql",
        "redis/dump.rdb",
        "neo4j/neo4j.dump",
    }
    assert set(files) == expected
    on_disk = {str(p.relative_to(run.backup)) for p in run.backup.rglob("*") if p.is_file()} - {"manifest.json"}
    assert on_disk == expected
    for path, entry in files.items():
        assert (run.backup / path).stat().st_size == entry["bytes"] > 0, path
        assert sha256(run.backup / path) == entry["sha256"], path
    assert stores["neo4j"]["downtime_seconds"] >= stores["neo4j"]["dump_seconds"] > 0
    assert stores["redis"]["aof_enabled"] is True and stores["redis"]["keys"] > 0
    assert "Neo4j was down for" in run.backup_output and "AOF is on" in run.backup_output


async def test_every_table_is_restored_with_the_rows_of_the_dump(run: Run):
    for database, expected in run.manifest["stores"]["postgres"]["databases"].items():
        conn = await asyncpg.connect(f"{run.scratch.postgres}/{database}")
        try:
            tables = await conn.fetch(
                "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            )
            counts = {}
            for table in tables:
                # Identifiers cannot be parameters: the names are the catalog's own, quoted by format().
                counts[table["name"]] = await conn.fetchval(f"SELECT count(*) FROM ONLY {table['name']}")
        finally:
            await conn.close()
        assert counts == expected["tables"], database
        assert sum(counts.values()) == expected["rows"] > 0, database


async def test_the_test_rows_are_in_the_restored_databases(run: Run):
    made = run.made
    checks = {
        "identity": ("SELECT handle FROM users WHERE id = $1", made.ann.user_id, made.ann.handle),
        "content": ("SELECT author_id::text FROM posts WHERE id = $1", made.post_id, made.ann.user_id),
        "communities": (
            "SELECT owner_id::text FROM communities WHERE slug = $1",
            made.community_slug,
            made.ann.user_id,
        ),
        "messaging": (
            "SELECT text FROM messages WHERE conversation_id = $1",
            made.conversation_id,
            "see you after the restore",
        ),
    }
    for database, (query, arg, expected) in checks.items():
        conn = await asyncpg.connect(f"{run.scratch.postgres}/{database}")
        try:
            assert await conn.fetchval(query, arg) == expected, database
        finally:
            await conn.close()


async def test_the_people_and_the_follow_are_in_the_restored_graph(run: Run):
    made = run.made
    driver = AsyncGraphDatabase.driver(run.scratch.neo4j, auth=None)
    try:
        records, _, _ = await driver.execute_query(
            "MATCH (b:User {id: $ben})-[f:FOLLOWS]->(a:User {id: $ann}) RETURN count(f) AS follows",
            ben=made.ben.user_id,
            ann=made.ann.user_id,
        )
        assert records[0]["follows"] == 1
        records, _, _ = await driver.execute_query(
            "MATCH (u:User) WHERE u.id IN $ids RETURN count(u) AS people", ids=[made.ann.user_id, made.ben.user_id]
        )
        assert records[0]["people"] == 2
    finally:
        await driver.close()


async def test_the_feed_is_in_the_restored_redis(run: Run):
    made = run.made
    platform, scratch = aioredis.Redis.from_url(REDIS_URL), aioredis.Redis.from_url(run.scratch.redis)
    try:
        assert await scratch.zscore(home_key(made.ben.user_id), made.post_id) is not None
        assert await scratch.exists(post_key(made.post_id)) == 1
        assert await scratch.type(post_key(made.post_id)) == await platform.type(post_key(made.post_id))
        info = await scratch.info("persistence")
        assert info["aof_enabled"] == 1  # restored with its append-only file on, as bin/run-redis runs it
        keys = sum(v["keys"] for k, v in (await scratch.info("keyspace")).items() if k.startswith("db"))
        assert 0 < keys <= run.manifest["stores"]["redis"]["keys"]
    finally:
        await platform.aclose()
        await scratch.aclose()


def _copy_of(backup: Path, into: Path) -> Path:
    """A backup's look-alike: the manifest copied, every other file a symbolic link to the original."""
    into.mkdir()
    for path in backup.rglob("*"):
        target = into / path.relative_to(backup)
        if path.is_dir():
            target.mkdir()
        elif path.name == "manifest.json":
            shutil.copy(path, target)
        else:
            target.symlink_to(path)
    return into


def _without_neo4j_dump(copy: Path) -> str:
    (copy / "neo4j" / "neo4j.dump").unlink()
    return "neo4j/neo4j.dump: missing"


def _without_redis_in_manifest(copy: Path) -> str:
    manifest = json.loads((copy / "manifest.json").read_text())
    del manifest["stores"]["redis"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return "no redis in it"


def _with_a_database_changed(copy: Path) -> str:
    dump = copy / "postgres" / "content.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.unlink()
    dump.write_bytes(bytes(data))
    return "postgres/content.dump: size or SHA-256 differs"


def _without_manifest(copy: Path) -> str:
    (copy / "manifest.json").unlink()
    return "no manifest.json"


@pytest.mark.parametrize(
    "spoil", [_without_neo4j_dump, _without_redis_in_manifest, _with_a_database_changed, _without_manifest]
)
async def test_an_incomplete_backup_is_refused_before_anything_is_touched(run: Run, spoil, tmp_path):
    copy = _copy_of(run.backup, tmp_path / "copy")
    reason = spoil(copy)
    scratch = aioredis.Redis.from_url(run.scratch.redis)
    try:
        await scratch.set("backup-test:sentinel", "still here")
        refused = await asyncio.to_thread(kithctl, "restore", str(copy), env=run.scratch.env)
        assert refused.returncode != 0
        assert "is not a complete backup" in refused.stderr and reason in refused.stderr, refused.stderr
        # Redis was not stopped and replaced, nor anything else.
        assert await scratch.get("backup-test:sentinel") == b"still here"
    finally:
        await scratch.delete("backup-test:sentinel")
        await scratch.aclose()


def test_a_backup_never_writes_into_an_existing_directory(run: Run, tmp_path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    # Pointed at the scratch platform: were the check gone, the platform's Neo4j would not stop.
    refused = kithctl("backup", str(taken), env=run.scratch.env)
    assert refused.returncode != 0
    assert "exists and is not empty" in refused.stderr, refused.stderr
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]

"""`kith rebuild-read-model` (docs/read-model.md): people follow, befriend, post, comment, react,
share, vote, join a community, block and mute through the gateway; once the platform's stream
worker has applied it all, the rebuild replays the topics into a scratch redis-server of the
test's own (with a consumer group of its own, so the platform's Redis and worker are untouched),
and the derived keys of the test's people, posts and communities equal the platform's. Then the
real wipe: derived keys in the scratch Redis are deleted or changed, owned records and another
service's key are put there, the rebuild runs again, and the derived keys equal the platform's
once more while the others stay as they were."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import DeleteGroupsRequest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith_feed.adapters.keys import POPULAR_KEY
from kith_feed.adapters.read_model import is_derived
from kith_feed.adapters.recognition import TRUST_WATCH_KEY
from kith_feed.entrypoints.worker import TOPICS
from kith_platform.redis_client import redis_client
from kith_platform.scratch_redis import ScratchRedis
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, REDIS_CLUSTER, REDIS_URL, ROOT, STATE

SHARED_ZSETS = (POPULAR_KEY, TRUST_WATCH_KEY)  # shared keys: compared on the test's members only
# The popular list keeps the best 1000 posts of everyone's: whether one of the test's posts is
# still in it depends on every other post, the platform's Redis holding older ones than the
# topics (the local Kafka may be newer than its Redis). Compared on the posts in both.
CAPPED = {POPULAR_KEY}


def platform_redis() -> tuple[str, bool, str]:
    """The Redis and the consumer group the platform's stream worker uses now: those of
    $KITH_STATE/redis.env while `kithctl use-redis cluster` holds, else the test's environment."""
    env = {}
    path = STATE / "redis.env"
    if path.exists():
        env = dict(line.split("=", 1) for line in path.read_text().split() if "=" in line)
    url = env.get("KITH_REDIS_URL", REDIS_URL)
    cluster = env.get("KITH_REDIS_CLUSTER", str(REDIS_CLUSTER)).lower() in ("1", "true", "yes")
    group = env.get("KITH_FEED_WORKER_GROUP", os.environ.get("KITH_FEED_WORKER_GROUP", "kith-feed-worker"))
    return url, cluster, group


async def _end_offsets() -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        described = await admin.describe_topics(list(TOPICS))
    finally:
        await admin.close()
    partitions = [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()


async def _applied_by_worker(group: str, ends: dict[TopicPartition, int]) -> None:
    """Wait until the worker's group has committed every partition up to `ends` (it commits only
    what it has applied)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:

        async def caught_up() -> bool:
            offsets = await admin.list_consumer_group_offsets(group, partitions=list(ends))
            return all(offsets.get(tp) is not None and offsets[tp].offset >= end for tp, end in ends.items())

        await wait_until(caught_up, timeout=180, interval=0.5, what=f"{group} to apply the test's events")
    finally:
        await admin.close()


async def _delete_group(group: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        coordinator = await admin.find_coordinator(group)
        await admin._send_request(DeleteGroupsRequest([group]), coordinator)  # no public call in aiokafka 0.14
    finally:
        await admin.close()


def _rebuild(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kith_cli.main", "rebuild-read-model", "--bootstrap", KAFKA, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _value(raw) -> str:
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    try:  # float sums (sentiment) may differ in the last digits with the order of additions
        number = float(text)
    except ValueError:
        return text
    return text if "." not in text or not math.isfinite(number) else f"{number:.9g}"


async def _normalised(client, name: str):
    """A key as compared: its type and its content (members, scores, fields), not its TTL."""
    kind = (await client.type(name)).decode()
    if kind == "string":
        raw = await client.get(name)
        if raw is not None and raw.startswith(b"HYLL"):  # a HyperLogLog: what it counts
            return kind, ("hll", await client.pfcount(name))
        return kind, raw
    if kind == "hash":
        return kind, sorted((k.decode(), _value(v)) for k, v in (await client.hgetall(name)).items())
    if kind == "set":
        return kind, sorted(m.decode() for m in await client.smembers(name))
    if kind == "zset":
        return kind, sorted((m.decode(), _value(repr(s))) for m, s in await client.zrange(name, 0, -1, withscores=True))
    if kind == "list":
        return kind, [_value(v) for v in await client.lrange(name, 0, -1)]
    return kind, None


async def derived_state(client, ids: set[str]) -> dict[str, object]:
    """The derived keys (adapters/read_model.py) that name one of `ids`, normalised, and the
    test's members of the shared sorted sets. Dedupe marks are bookkeeping, not the read model."""
    named = re.compile("|".join(re.escape(i) for i in ids))
    state: dict[str, object] = {}
    async for raw in client.scan_iter(match="feed:*", count=1000):
        name = raw.decode()
        if named.search(name) and is_derived(name):
            state[name] = await _normalised(client, name)
    for shared in SHARED_ZSETS:
        members = await client.zrange(shared, 0, -1, withscores=True)
        state[shared] = sorted((m.decode(), _value(repr(s))) for m, s in members if named.search(m.decode()))
    return state


def _differences(expected: dict, got: dict) -> dict[str, str]:
    expected, got = dict(expected), dict(got)
    out = {}
    for name in CAPPED:
        before, after = dict(expected.pop(name, [])), dict(got.pop(name, []))
        both = before.keys() & after.keys()
        if not both:
            out[name] = f"none of the test's posts in both: platform {sorted(before)}, rebuilt {sorted(after)}"
        expected[name] = sorted((m, before[m]) for m in both)
        got[name] = sorted((m, after[m]) for m in both)
    for name in sorted(set(expected) | set(got)):
        if name not in got:
            out[name] = "missing after the rebuild"
        elif name not in expected:
            out[name] = f"only after the rebuild: {got[name]!r:.200}"
        elif expected[name] != got[name]:
            out[name] = f"platform {expected[name]!r:.300} != rebuilt {got[name]!r:.300}"
    return out


@pytest.fixture
def scratch(tmp_path):
    server = ScratchRedis(tmp_path / "redis").start()
    yield server
    server.stop()


async def _people_and_things(api) -> tuple[dict[str, str], dict]:
    """The scene, through the gateway; returns the ids the test owns, by name."""
    ana, ben, cy, dee = [await api.sign_up(name) for name in ("ana", "ben", "cy", "dee")]
    tag = f"rebuild{uuid.uuid4().hex[:10]}"
    for follower in (ben, cy, dee):
        await api.follow(follower, ana)
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=ben.user_id), metadata=ana.auth)
    community = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(slug=f"rb-{uuid.uuid4().hex[:12]}", name="Rebuild Readers", topics=["books"]),
            metadata=ana.auth,
        )
    ).community.community_id
    for member in (ben, cy):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community), metadata=member.auth)
    public = (
        await api.content.CreatePost(
            P.CreatePostRequest(text=f"Reading tonight, @{ben.handle}? #{tag}"), metadata=ana.auth
        )
    ).post.post_id
    in_community = (
        await api.content.CreatePost(
            P.CreatePostRequest(text=f"Welcome, everyone! A lovely start. #{tag}", community_id=community),
            metadata=ana.auth,
        )
    ).post.post_id
    friends_only = (
        await api.content.CreatePost(
            P.CreatePostRequest(text="Just for friends", audience=P.AUDIENCE_FRIENDS), metadata=ana.auth
        )
    ).post.post_id
    comment = (
        await api.content.AddComment(P.AddCommentRequest(post_id=public, text="Count me in!"), metadata=ben.auth)
    ).comment.comment_id
    reply = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=in_community, text="Great to be here, thank you"), metadata=cy.auth
        )
    ).comment.comment_id
    await api.content.React(P.ReactRequest(post_id=public, kind=P.REACTION_KIND_LIKE), metadata=cy.auth)
    await api.content.React(P.ReactRequest(post_id=in_community, kind=P.REACTION_KIND_LOVE), metadata=ben.auth)
    await api.content.React(P.ReactRequest(comment_id=reply, kind=P.REACTION_KIND_SUPPORT), metadata=ana.auth)
    await api.content.VotePost(P.VotePostRequest(post_id=in_community, vote=P.VOTE_UP), metadata=cy.auth)
    shared = (
        await api.content.SharePost(P.SharePostRequest(post_id=public, text="Worth a read"), metadata=ben.auth)
    ).post.post_id
    return {
        "ana": ana.user_id,
        "ben": ben.user_id,
        "cy": cy.user_id,
        "dee": dee.user_id,
        "tag": tag,
        "community": community,
        "public": public,
        "in_community": in_community,
        "friends_only": friends_only,
        "comment": comment,
        "reply": reply,
        "shared": shared,
    }, {"ana": ana, "ben": ben, "cy": cy, "dee": dee}


async def test_a_rebuild_from_the_topics_equals_the_read_model_the_worker_built(api, scratch):
    url, cluster, worker_group = platform_redis()
    ids, people = await _people_and_things(api)
    # Blocks and mutes after what they would silence has been applied: applied first (the feed
    # API applies them before Block answers), they would silence the notifications of the follow
    # and the comment, which the replay, in the order of the events, applies before them.
    await _applied_by_worker(worker_group, await _end_offsets())
    await api.graph.Block(G.BlockRequest(user_id=ids["dee"]), metadata=people["ana"].auth)
    await api.graph.Mute(G.MuteRequest(user_id=ids["ben"]), metadata=people["cy"].auth)
    await _applied_by_worker(worker_group, await _end_offsets())

    platform = redis_client(url, cluster=cluster)
    rebuilt = redis_client(scratch.url)
    group = f"kith-rebuild-test-{uuid.uuid4().hex[:12]}"
    try:
        expected = await derived_state(platform, set(ids.values()))
        assert len(expected) > 40, sorted(expected)  # the scene reached the read model
        assert expected[f"feed:followers:{{{ids['ana']}}}"] == ("set", sorted([ids["ben"], ids["cy"]]))

        # A group a worker is running on is refused, and nothing is written.
        refused = _rebuild("--redis-url", scratch.url, "--no-redis-cluster", "--group", worker_group, "--yes")
        assert refused.returncode == 2 and "refused" in refused.stderr, refused.stderr
        assert await rebuilt.dbsize() == 0

        first = _rebuild("--redis-url", scratch.url, "--no-redis-cluster", "--group", group, "--yes")
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        assert "caught up" in first.stdout and f"group {group}: offsets committed" in first.stdout, first.stdout
        assert _differences(expected, await derived_state(rebuilt, set(ids.values()))) == {}

        # The wipe: derived keys deleted and changed; an owned record, another service's key.
        ana, ben, cy = ids["ana"], ids["ben"], ids["cy"]
        pipe = rebuilt.pipeline(transaction=False)
        pipe.delete(f"feed:home:{{{ben}}}", f"feed:facts:{{{cy}}}")
        pipe.hset(f"feed:post:{{{ids['public']}}}", "reactions", 999)
        pipe.zadd(f"feed:timeline:{{{ana}}}", {"not-a-post": 1})
        pipe.srem(f"feed:members:{{{ids['community']}}}", ben)
        pipe.zadd(f"feed:notif:{{{ana}}}", {"new_follower::999": 5})
        pipe.hset(f"feed:readfilters:{{{ana}}}", "content_warnings", "hide")
        pipe.set(f"live:{{{ana}}}:last-seen", "42")
        await pipe.execute()

        second = _rebuild("--redis-url", scratch.url, "--no-redis-cluster", "--group", group, "--yes")
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        assert "wiped" in second.stdout and "caught up" in second.stdout, second.stdout
        assert _differences(expected, await derived_state(rebuilt, set(ids.values()))) == {}
        assert await rebuilt.hget(f"feed:readfilters:{{{ana}}}", "content_warnings") == b"hide"
        assert await rebuilt.get(f"live:{{{ana}}}:last-seen") == b"42"
    finally:
        await platform.aclose()
        await rebuilt.aclose()
        await _delete_group(group)

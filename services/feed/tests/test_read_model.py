"""Which of the feed's Redis keys are derived (wiped and rebuilt by `kith rebuild-read-model`) and
which only Redis holds (adapters/read_model.py FAMILIES), and the rebuild's merge of the topics'
partitions by record time (entrypoints/rebuild.py). No servers."""

from __future__ import annotations

import ast
from collections import namedtuple
from pathlib import Path

import pytest
from aiokafka import TopicPartition

from kith_feed.adapters import keys, notifications
from kith_feed.adapters.digests import DIGEST_OUTBOX_DUE, DIGEST_SCHEDULE, DIGEST_SEEDED, digest_key, digest_outbox_key
from kith_feed.adapters.outbox import OUTBOX_DUE, outbox_key
from kith_feed.adapters.read_model import FAMILIES, classify, is_derived, read_markers_key
from kith_feed.entrypoints.rebuild import History, MergedPartitions

SRC = Path(__file__).resolve().parents[1] / "src" / "kith_feed"
DOC = Path(__file__).resolve().parents[3] / "docs" / "read-model.md"
U, C, P = "0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f", "c0ffee00-0000-4000-8000-000000000001", "p-1"

DERIVED = [
    keys.home_key(U),
    keys.timeline_key(U),
    keys.followers_key(U),
    keys.following_key(U),
    keys.friends_key(U),
    keys.mutes_key(U),
    keys.muted_by_key(U),
    keys.blocks_key(U),
    keys.affinity_key(U),
    keys.communities_key(U),
    keys.members_key(C),
    keys.facts_key(U),
    keys.interests_key(U),
    *keys.community_lists(C),
    keys.community_meta_key(C),
    keys.votes_key(U),
    keys.hashtag_key("cats"),
    keys.post_key(P),
    keys.user_key(U),
    keys.POPULAR_KEY,
    keys.BIG_COMMUNITIES,
    keys.ERASURE_RECHECKS,
    notifications.notif_key(U),
    notifications.unread_key(U),
    notifications.group_key(U, f"reaction:{P}:20000"),
    notifications.actors_key(U, f"friend_request::{C}"),
    notifications.closed_key(U),
    notifications.moderators_key(C),
    notifications.pending_key(C),
    notifications.attendees_key("e1"),
    notifications.unreminded_key("e1"),
    notifications.event_key("e1"),
    notifications.REMINDERS_KEY,
    f"{keys.community_prefix(C)}d:20000",
    f"{keys.community_prefix(C)}active:20000",
    f"{keys.community_prefix(C)}wactive:2857",
    f"{keys.community_prefix(C)}cohort:2857",
    f"{keys.community_prefix(C)}first:20000",
    f"{keys.community_prefix(C)}posts",
    f"{keys.community_prefix(C)}replied",
    f"{keys.community_prefix(C)}score:20000",
    f"{keys.community_prefix(C)}score:all",
    f"{keys.community_prefix(C)}mc:{U}",
    f"{keys.community_prefix(C)}badges:{U}",
    f"{keys.community_prefix(C)}trust",
    f"{keys.community_prefix(C)}trust-changes",
    f"{keys.community_prefix(C)}joined",
    f"{keys.community_prefix(C)}welcomed:{U}",
    f"{keys.community_prefix(C)}going:{U}",
    f"{keys.community_prefix(C)}reacted-comments",
    "feed:m:dirty",
    "feed:trust-watch",
    f"dedupe:feed-counts:{{{P}}}ev-1",
    f"dedupe:feed-affinity:{{{U}}}ev-1",
    f"dedupe:notifications:{{{U}}}ev-1:reaction",
    f"dedupe:community-metrics:{{{C}}}ev-1",
    f"dedupe:recognition:{{{C}}}ev-1",
]
OWNED = [
    keys.reading_filters_key(U),
    keys.followed_tags_key(U),
    notifications.prefs_key(U),
    keys.lists_key(U),
    keys.list_members_key(U, "l1"),
    keys.list_exclusive_key(U),
    keys.list_outbox_key(U),
    keys.list_outbox_key(U) + "-lock",
    keys.LIST_OUTBOX_DUE,
    f"{keys.community_prefix(C)}mentors",
    f"{keys.community_prefix(C)}mentor-changes",
    f"{keys.community_prefix(C)}mentor-of",
    f"{keys.community_prefix(C)}mentee-count",
    outbox_key(C),
    outbox_key(C) + "-lock",
    OUTBOX_DUE,
    digest_key(U),
    digest_outbox_key(U),
    DIGEST_OUTBOX_DUE,
    DIGEST_SCHEDULE,
    DIGEST_SEEDED,
    keys.ACTIVITY_KEY,
    keys.BIG_AUTHORS,
    keys.ERASED_USERS,
    notifications.group_key(U, f"mentor_matched:{C}:{U}"),
    notifications.actors_key(U, f"mentor_matched:{C}:{U}"),
    f"dedupe:notifications:{{{U}}}mentor:{C}:{U}:mentor_matched",
    read_markers_key(U),
]
NOT_THE_FEEDS = [
    f"live:{{{U}}}",
    f"live:{{{U}}}:keys",
    "gw:rl:ip:1.2.3.4",
    f"gw:revoked:{U}",
    "test:x",
    "dedupe:other:x",
]


@pytest.mark.parametrize("name", DERIVED)
def test_the_worker_s_keys_are_derived(name):
    assert is_derived(name), classify(name)


@pytest.mark.parametrize("name", OWNED)
def test_records_only_redis_holds_are_owned(name):
    family = classify(name)
    assert family is not None and not family.derived, name


@pytest.mark.parametrize("name", NOT_THE_FEEDS)
def test_other_services_keys_are_not_the_feeds(name):
    assert classify(name) is None


def test_a_malformed_or_unknown_feed_key_is_no_family_and_so_never_wiped():
    for name in ("feed:home", "feed:m:{c", "feed:m:{c}:new-thing", "feed:notif-group:{u", "feed:brand-new:{u}"):
        assert classify(name) is None and not is_derived(name), name


def _key_literals() -> set[str]:
    """Every key name the feed's code spells out (f-strings with their fields as "x"), but the
    prefixes and patterns it matches keys by (ending in ':' or '{', or with a '*'), and names whose
    family a field chooses (`feed:community-{sort}:{c}`: listed in DERIVED)."""
    found = set()
    for path in SRC.rglob("*.py"):
        if path.name == "read_model.py":  # its table's patterns describe keys; they are not keys
            continue
        tree = ast.parse(path.read_text())
        parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
                text = node.value
            else:
                continue
            if not text.startswith("feed:") or " " in text or "*" in text or text.endswith((":", "{")):
                continue
            if "\0" in text.split("{", 1)[0]:
                continue
            found.add(text.replace("\0", "x"))
    return found


def test_every_key_the_feed_spells_out_has_a_family():
    literals = _key_literals()
    assert len(literals) > 40  # the scan finds them
    assert [name for name in sorted(literals) if classify(name) is None] == []


def test_docs_name_every_family():
    doc = DOC.read_text()
    assert [f.pattern for f in FAMILIES if f"`{f.pattern}`" not in doc] == []
    assert len({f.pattern for f in FAMILIES}) == len(FAMILIES)


# --- the merge of the partitions ------------------------------------------------------------

Record = namedtuple("Record", "topic partition offset timestamp value")


class FakeConsumer:
    """The part of AIOKafkaConsumer the merge uses, over records in memory, handing out at most
    `per_fetch` records of a partition per fetch (so the merge must refill as it goes)."""

    def __init__(self, records: dict[TopicPartition, list[Record]], per_fetch: int = 2) -> None:
        self.records, self.per_fetch = records, per_fetch
        self.positions: dict[TopicPartition, int] = {}

    def assign(self, tps) -> None:
        self.positions = {tp: 0 for tp in tps}

    def seek(self, tp, offset) -> None:
        self.positions[tp] = offset

    async def position(self, tp) -> int:
        return self.positions[tp]

    async def getmany(self, *tps, timeout_ms: int = 0):
        out = {}
        for tp in tps:
            batch = [r for r in self.records.get(tp, []) if r.offset >= self.positions[tp]][: self.per_fetch]
            if batch:
                out[tp] = batch
                self.positions[tp] = batch[-1].offset + 1
        return out


async def test_the_merge_replays_by_record_time_keeping_each_partition_s_order_up_to_the_ends():
    users0, users1 = TopicPartition("identity.users.v1", 0), TopicPartition("identity.users.v1", 1)
    posts0 = TopicPartition("content.posts.v1", 0)

    def rec(tp, offset, ts):
        return Record(tp.topic, tp.partition, offset, ts, f"{tp.topic}/{tp.partition}@{offset}".encode())

    records = {
        users0: [rec(users0, o, ts) for o, ts in enumerate([10, 40, 41, 90])],
        # Out of order within the partition (a producer's retry): the partition's order still holds.
        users1: [rec(users1, o, ts) for o, ts in enumerate([20, 15, 50])],
        posts0: [rec(posts0, o, ts) for o, ts in enumerate([5, 40, 60, 70, 80])],
    }
    # posts0 ends at offset 4 (its last record came after the start); users1 starts at 1.
    history = History({users0: 0, users1: 1, posts0: 0}, {users0: 4, users1: 3, posts0: 4})
    merged = MergedPartitions(FakeConsumer(records), history)
    await merged.start()

    replayed = [r.value.decode() for batch in [b async for b in merged.batches(3)] for r in batch]

    assert replayed == [
        "content.posts.v1/0@0",  # 5
        "identity.users.v1/0@0",  # 10
        "identity.users.v1/1@1",  # 15
        "identity.users.v1/0@1",  # 40: a tie goes to the worker's topic order (identity first)
        "content.posts.v1/0@1",  # 40
        "identity.users.v1/0@2",  # 41
        "identity.users.v1/1@2",  # 50
        "content.posts.v1/0@2",  # 60
        "content.posts.v1/0@3",  # 70
        "identity.users.v1/0@3",  # 90
    ]
    assert history.events == 10


async def test_nothing_to_replay_gives_no_batch():
    tp = TopicPartition("graph.relationships.v1", 0)
    merged = MergedPartitions(FakeConsumer({}), History({tp: 7}, {tp: 7}))
    await merged.start()
    assert [b async for b in merged.batches(10)] == []

"""Lists on the real Redis, standalone and cluster (make up): lua/list_change.lua writes each change
with its event to the owner's outbox and refuses a change built on what moved meanwhile or over a
limit; it keeps the people on the owner's exclusive lists as the home read gives them; the relay
publishes the events in order on feed.lists.v1; and an erased person leaves others' lists and
exclusive counts, their own lists go, and the erasure waits for the events naming them to be
relayed."""

from __future__ import annotations

import uuid

import pytest

from kith.feed.v1 import list_events_pb2 as list_events
from kith_feed.adapters.keys import ERASED_USERS, list_exclusive_key, list_outbox_key
from kith_feed.adapters.lists import RedisListStore
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.lists import LISTS_MAX, MEMBERS_MAX, PeopleList
from kith_feed.domain.model import AuthorSummary
from kith_feed.service_layer.erasure import erase_users
from kith_feed.service_layer.lists import Lists
from kith_feed.service_layer.outbox_relay import relay_outboxes
from kith_platform.events import FEED_LISTS, parse_envelope, unpack_payload
from tests.integration.traces_redis import traces_in

pytestmark = pytest.mark.integration


def _id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
async def store(redis_client):
    store = FeedStores.build(redis_client)
    # Their own lists of outboxes to relay and erasures to do again: the running stream worker
    # relays the shared ones.
    due = f"test:list-outbox-due:{uuid.uuid4()}"
    store.list_outbox = RedisOutbox(redis_client, due_key=due, key=list_outbox_key)
    store.lists = RedisListStore(redis_client, store.feeds, store.list_outbox)
    store.erasure.list_outbox_due_key = due
    store.erasure.outbox_due_key = f"test:outbox-due:{uuid.uuid4()}"
    store.erasure.rechecks_key = f"test:erasure-rechecks:{uuid.uuid4()}"
    return store


async def known(store, *ids: str) -> None:
    for user_id in ids:
        await store.feeds.put_author(AuthorSummary(user_id, f"h{user_id[:8]}", "Someone"))


async def exclusive(store, owner: str) -> set[str]:
    viewer, *_ = await store.feeds.home_context(owner, 0, ("+inf", 1))
    return set(viewer.exclusive)


async def relayed(store) -> list:
    sent = []

    async def publish(event) -> None:
        assert event.topic == FEED_LISTS
        sent.append(event)

    await relay_outboxes(store.list_outbox, publish, topic=FEED_LISTS)
    return sent


async def test_the_exclusive_count_follows_every_change_and_each_change_is_announced_in_order(store):
    lists = Lists(store)
    owner, ana, bo, cy = _id(), _id(), _id(), _id()
    await known(store, ana, bo, cy)
    one = await lists.create(owner, "one", None, exclusive=True)
    two = await lists.create(owner, "two", None, exclusive=True)
    plain = await lists.create(owner, "plain", None, exclusive=False)
    await lists.add(owner, one.list_id, [ana, bo])
    await lists.add(owner, two.list_id, [ana])
    await lists.add(owner, plain.list_id, [cy])
    assert await exclusive(store, owner) == {ana, bo}

    await lists.remove(owner, one.list_id, [ana])
    assert await exclusive(store, owner) == {ana, bo}  # still on the second
    await lists.update(owner, two.list_id, None, None, False)
    assert await exclusive(store, owner) == {bo}
    await lists.delete(owner, one.list_id)
    assert await exclusive(store, owner) == set()
    await lists.update(owner, plain.list_id, None, None, True)
    assert await exclusive(store, owner) == {cy}
    assert {(f.title, f.member_count) for f in await lists.lists(owner)} == {("two", 1), ("plain", 1)}

    sent = await relayed(store)
    kinds = [type(unpack_payload(parse_envelope(e.value))).__name__ for e in sent]
    assert kinds == [
        "ListCreated",
        "ListCreated",
        "ListCreated",
        "ListMembersChanged",
        "ListMembersChanged",
        "ListMembersChanged",
        "ListMembersChanged",
        "ListUpdated",
        "ListDeleted",
        "ListUpdated",
    ]
    assert {e.key for e in sent} == {owner}
    assert await relayed(store) == []  # each once


async def test_a_change_built_on_what_moved_or_over_a_limit_is_refused(store):
    owner, ana = _id(), _id()
    lists = store.lists
    made = PeopleList(_id(), "mine", created_at_ms=1)
    assert await lists.put(owner, None, made, b"created") == 1
    assert await lists.put(owner, None, made, b"again") == 0  # exists
    stale = PeopleList(made.list_id, "not as it is", created_at_ms=1)
    assert await lists.put(owner, stale, made, b"x") == -1
    assert await lists.put(owner, made, PeopleList(_id(), "t"), b"x") == 0  # no such list
    assert await lists.change_members(owner, made.list_id, [ana], [], 1, 5, b"x") == -1  # the count moved
    assert await lists.change_members(owner, made.list_id, [], [ana], 0, 5, b"x") == -1  # not a member
    assert await lists.change_members(owner, made.list_id, [ana], [], 0, 5, b"added") == 1
    assert await lists.change_members(owner, made.list_id, [ana], [], 1, 6, b"x") == -1  # a member already
    crowd = [_id() for _ in range(MEMBERS_MAX)]
    assert await lists.change_members(owner, made.list_id, crowd, [], 1, 7, b"x") == -2
    assert await lists.change_members(owner, _id(), [ana], [], 0, 5, b"x") == 0
    for i in range(LISTS_MAX - 1):
        assert await lists.put(owner, None, PeopleList(_id(), f"l{i}"), b"more") == 1
    assert await lists.put(owner, None, PeopleList(_id(), "too many"), b"x") == -2
    assert await lists.delete(owner, made.list_id, b"deleted")
    assert not await lists.delete(owner, made.list_id, b"x")
    waiting = await store.redis.lrange(list_outbox_key(owner), 0, -1)
    assert waiting == [b"created", b"added", *[b"more"] * (LISTS_MAX - 1), b"deleted"]  # only what was done


async def test_an_erased_person_leaves_others_lists_and_their_own_go_once_the_events_are_out(store):
    lists = Lists(store)
    gone, owner, ana = _id(), _id(), _id()
    await known(store, gone, owner, ana)
    theirs = await lists.create(owner, "with them", None, exclusive=True)
    await lists.add(owner, theirs.list_id, [gone, ana])
    own = await lists.create(gone, "their own", None, exclusive=True)
    await lists.add(gone, own.list_id, [owner])
    assert await exclusive(store, owner) == {gone, ana}

    # Unsent events name them (in the owner's outbox and their own): relayed first.
    assert await erase_users(store, [gone]) == {gone}
    assert await exclusive(store, owner) == {ana}
    found = await lists.get(owner, theirs.list_id)
    assert found.member_count == 1 and [m for m, _ in await store.lists.members(owner, theirs.list_id)] == [ana]
    assert await store.lists.lists(gone) == []
    sent = await relayed(store)
    assert {e.key for e in sent} == {owner, gone}
    changed = [unpack_payload(parse_envelope(e.value)) for e in sent if e.key == owner][-1]
    assert isinstance(changed, list_events.ListMembersChanged)

    assert await erase_users(store, [gone]) == set()
    assert await traces_in(store.redis, gone, [ERASED_USERS]) == []
    assert await store.redis.zrange(list_exclusive_key(owner), 0, -1, withscores=True) == [(ana.encode(), 1.0)]

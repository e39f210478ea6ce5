"""Lists through the gateway (docs/lists.md): a list's timeline holds its members' posts newest
first, only those its owner may see (audiences, blocks both ways, mutes, deactivated and erased
authors, muted words), a block either way and a deactivation taking them out when the call
returns; an exclusive list takes its members out of the home feed; lists are their owner's alone;
bad input names the field; the limits; every change announced on feed.lists.v1 without the
title; the data export holds the lists; an erased person leaves others' lists."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.feed.v1 import feed_pb2_grpc, lists_pb2_grpc
from kith.feed.v1 import list_events_pb2 as E
from kith.feed.v1 import lists_pb2 as L
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import identity_pb2 as I
from kith_feed.adapters.keys import lists_key
from kith_platform.auth import USER_ID_METADATA
from kith_platform.events import FEED_LISTS, IDENTITY_USERS, make_event, timestamp
from kith_platform.kafka import create_producer
from kith_platform.redis_client import redis_client
from kith_platform.testing import expect_status, wait_until
from tests.integration.endpoints import KAFKA, REDIS_CLUSTER, REDIS_URL, SERVICE_ADDRESSES
from tests.integration.test_content import befriend, post
from tests.integration.test_data_export import _download, _files, _ready
from tests.integration.test_silent_changes import Tail

NOT_FOUND, INVALID, PRECONDITION = (
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.FAILED_PRECONDITION,
)


@pytest.fixture
async def lists(gateway_channel):
    return lists_pb2_grpc.ListsServiceStub(gateway_channel)


@pytest.fixture
async def filters(gateway_channel):
    return feed_pb2_grpc.ReadingFiltersServiceStub(gateway_channel)


@pytest.fixture
async def feed_api():
    """The feed API itself, as the gateway reaches it when it proxies the feed's reads."""
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["feed-api"]) as channel:
        yield lists_pb2_grpc.ListsServiceStub(channel)


async def new_list(lists, owner, title="people", **fields) -> L.List:
    return (await lists.CreateList(L.CreateListRequest(title=title, **fields), metadata=owner.auth)).list


async def add(lists, owner, list_id: str, *people) -> L.List:
    """Add people just signed up: the feed learns of an account from identity's events a moment
    after the sign-up, and until then it is no one (NOT_FOUND)."""

    async def added():
        try:
            request = L.AddListMembersRequest(list_id=list_id, user_ids=[p.user_id for p in people])
            return (await lists.AddListMembers(request, metadata=owner.auth)).list
        except grpc.aio.AioRpcError as exc:
            if exc.code() != NOT_FOUND or "user_ids" not in (exc.details() or ""):
                raise
            return None

    return await wait_until(added, timeout=30, what="the new accounts known to the feed")


async def timeline(lists, owner, list_id: str, page_size: int = 50, metadata=None) -> list[str]:
    """Every page of the list's timeline, followed to the end."""
    found, cursor = [], ""
    for _ in range(50):
        page = await lists.GetListTimeline(
            L.GetListTimelineRequest(list_id=list_id, page_size=page_size, cursor=cursor),
            metadata=metadata or owner.auth,
        )
        found += [i.post_id for i in page.items]
        cursor = page.next_cursor
        if not cursor:
            return found
    raise AssertionError("the cursor never ended")


async def members(lists, owner, list_id: str) -> list[str]:
    page = await lists.ListListMembers(L.ListListMembersRequest(list_id=list_id), metadata=owner.auth)
    return [m.user_id for m in page.members]


async def test_the_timeline_shows_the_members_posts_newest_first_that_the_owner_may_see(api, lists, filters, feed_api):
    owner, ana, bo, cy = [await api.sign_up(n) for n in ("owner", "ana", "bo", "cy")]
    await befriend(api, owner, ana)
    await api.follow(owner, cy)
    made = await new_list(lists, owner, "Close friends")
    await add(lists, owner, made.list_id, ana, bo)

    first = await post(api, ana, "ana, for everyone", audience=P.AUDIENCE_PUBLIC)
    hidden_friends = await post(api, bo, "bo, for bo's friends", audience=P.AUDIENCE_FRIENDS)
    second = await post(api, bo, "bo, for everyone", audience=P.AUDIENCE_PUBLIC)
    hidden_followers = await post(api, bo, "bo, for bo's followers", audience=P.AUDIENCE_FOLLOWERS)
    await post(api, cy, "cy is not on the list", audience=P.AUDIENCE_PUBLIC)
    third = await post(api, ana, "ana, for her friends", audience=P.AUDIENCE_FRIENDS)
    spoiler = await post(api, ana, "a SPOILER from ana", audience=P.AUDIENCE_PUBLIC)
    expected = [spoiler.post_id, third.post_id, second.post_id, first.post_id]

    async def settled():  # the friendship reaches the feed by its events
        return await timeline(lists, owner, made.list_id) == expected

    await wait_until(settled, timeout=30, what="the members' posts in the list")
    assert await timeline(lists, owner, made.list_id, page_size=1) == expected  # page by page
    assert hidden_friends.post_id not in expected and hidden_followers.post_id not in expected
    page = await lists.GetListTimeline(L.GetListTimelineRequest(list_id=made.list_id), metadata=owner.auth)
    assert "on your list Close friends" in page.items[0].reasons
    assert page.items[1].reasons[0] == "from a friend"
    # The feed API answers the same when the gateway proxies the read (KITH_FEED_READS=proxy).
    direct = ((USER_ID_METADATA, owner.user_id),)
    assert await timeline(feed_api, owner, made.list_id, metadata=direct) == expected

    # The owner's reading filters hold on the next read.
    await filters.MuteWord(F.MuteWordRequest(phrase="spoiler", whole_word=True), metadata=owner.auth)
    assert await timeline(lists, owner, made.list_id) == expected[1:]
    # A member taken off goes with their posts, at once.
    await lists.RemoveListMembers(
        L.RemoveListMembersRequest(list_id=made.list_id, user_ids=[bo.user_id]), metadata=owner.auth
    )
    assert await timeline(lists, owner, made.list_id) == [third.post_id, first.post_id]


async def test_a_block_either_way_and_a_deactivation_take_a_members_posts_out_at_once(api, lists):
    owner, blocked, blocker, leaver = [await api.sign_up(n) for n in ("owner", "blocked", "blocker", "leaver")]
    made = await new_list(lists, owner)
    await add(lists, owner, made.list_id, blocked, blocker, leaver)
    posts = {p.user_id: (await api.post(p, f"hello from {p.handle}")).post_id for p in (blocked, blocker, leaver)}

    async def all_there():
        return set(await timeline(lists, owner, made.list_id)) == set(posts.values())

    await wait_until(all_there, timeout=30, what="the members' posts in the list")

    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=owner.auth)
    assert posts[blocked.user_id] not in await timeline(lists, owner, made.list_id)
    await api.graph.Block(G.BlockRequest(user_id=owner.user_id), metadata=blocker.auth)
    assert posts[blocker.user_id] not in await timeline(lists, owner, made.list_id)
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=leaver.password), metadata=leaver.auth)
    assert await timeline(lists, owner, made.list_id) == []
    # Hidden from the members list too, while it lasts; they still count, and may be taken off.
    assert await members(lists, owner, made.list_id) == []
    got = (await lists.GetList(L.GetListRequest(list_id=made.list_id), metadata=owner.auth)).list
    assert got.member_count == 3
    for person in (blocked, blocker, leaver):  # and nobody hidden may be added anew
        other = await new_list(lists, owner, f"again {person.handle}")
        await expect_status(
            NOT_FOUND,
            lists.AddListMembers(
                L.AddListMembersRequest(list_id=other.list_id, user_ids=[person.user_id]), metadata=owner.auth
            ),
            "user_ids",
        )
        await lists.DeleteList(L.DeleteListRequest(list_id=other.list_id), metadata=owner.auth)

    # The membership stays: once the block ends, the member's posts are back.
    await api.graph.Unblock(G.UnblockRequest(user_id=blocked.user_id), metadata=owner.auth)

    async def back():
        return await timeline(lists, owner, made.list_id) == [posts[blocked.user_id]]

    await wait_until(back, timeout=30, what="the unblocked member's post back in the list")
    assert await members(lists, owner, made.list_id) == [blocked.user_id]
    removed = await lists.RemoveListMembers(
        L.RemoveListMembersRequest(list_id=made.list_id, user_ids=[blocker.user_id, leaver.user_id]),
        metadata=owner.auth,
    )
    assert removed.list.member_count == 1


async def test_an_exclusive_list_takes_its_members_out_of_the_home_feed(api, lists):
    owner, ana, bo = [await api.sign_up(n) for n in ("owner", "ana", "bo")]
    await api.follow(owner, ana)
    await api.follow(owner, bo)
    from_ana, from_bo = (await api.post(ana, "ana's news")).post_id, (await api.post(bo, "bo's news")).post_id

    async def home() -> set[str]:
        return set(await api.home_post_ids(owner)) & {from_ana, from_bo}

    await wait_until(lambda: _equal(home(), {from_ana, from_bo}), timeout=30, what="both posts at home")
    made = await new_list(lists, owner, "ana only", exclusive=True)
    assert made.exclusive
    await add(lists, owner, made.list_id, ana)
    assert await home() == {from_bo}  # at once
    assert await timeline(lists, owner, made.list_id) == [from_ana]
    ranked = await api.feed.GetHomeFeed(
        F.GetHomeFeedRequest(page_size=100, order=F.FEED_ORDER_RANKED), metadata=owner.auth
    )
    assert from_ana not in {i.post_id for i in ranked.items}

    updated = await lists.UpdateList(L.UpdateListRequest(list_id=made.list_id, exclusive=False), metadata=owner.auth)
    assert not updated.list.exclusive and updated.list.title == "ana only"  # only what was set changed
    assert await home() == {from_ana, from_bo}
    await lists.UpdateList(L.UpdateListRequest(list_id=made.list_id, exclusive=True), metadata=owner.auth)
    assert await home() == {from_bo}
    await lists.DeleteList(L.DeleteListRequest(list_id=made.list_id), metadata=owner.auth)
    assert await home() == {from_ana, from_bo}


async def _equal(awaitable, expected) -> bool:
    return await awaitable == expected


async def test_lists_are_their_owners_alone(api, lists):
    owner, other, ana = [await api.sign_up(n) for n in ("owner", "other", "ana")]
    made = await new_list(lists, owner, "mine", replies_policy=L.REPLIES_POLICY_FOLLOWED)
    assert made.replies_policy == L.REPLIES_POLICY_FOLLOWED
    await add(lists, owner, made.list_id, ana)
    list_id = made.list_id
    for call in (
        lists.GetList(L.GetListRequest(list_id=list_id), metadata=other.auth),
        lists.UpdateList(L.UpdateListRequest(list_id=list_id, title="mine now"), metadata=other.auth),
        lists.DeleteList(L.DeleteListRequest(list_id=list_id), metadata=other.auth),
        lists.AddListMembers(L.AddListMembersRequest(list_id=list_id, user_ids=[ana.user_id]), metadata=other.auth),
        lists.RemoveListMembers(
            L.RemoveListMembersRequest(list_id=list_id, user_ids=[ana.user_id]), metadata=other.auth
        ),
        lists.ListListMembers(L.ListListMembersRequest(list_id=list_id), metadata=other.auth),
        lists.GetListTimeline(L.GetListTimelineRequest(list_id=list_id), metadata=other.auth),
        lists.GetList(L.GetListRequest(list_id=str(uuid.uuid4())), metadata=owner.auth),  # none at all, alike
    ):
        await expect_status(NOT_FOUND, call, "list_id: no such list")
    assert not (await lists.ListLists(L.ListListsRequest(), metadata=other.auth)).lists
    mine = (await lists.ListLists(L.ListListsRequest(), metadata=owner.auth)).lists
    assert [(m.list_id, m.title, m.member_count) for m in mine] == [(list_id, "mine", 1)]
    assert await members(lists, owner, list_id) == [ana.user_id]


async def test_bad_input_names_the_field(api, lists):
    owner = await api.sign_up("owner")
    made = await new_list(lists, owner)
    auth = {"metadata": owner.auth}
    for field, call in (
        ("title", lists.CreateList(L.CreateListRequest(title="  "), **auth)),
        ("title", lists.CreateList(L.CreateListRequest(title="x" * 101), **auth)),
        ("title", lists.UpdateList(L.UpdateListRequest(list_id=made.list_id, title=""), **auth)),
        ("replies_policy", lists.CreateList(L.CreateListRequest(title="t", replies_policy=99), **auth)),
        ("list_id", lists.GetList(L.GetListRequest(list_id="not-a-list"), **auth)),
        ("list_id", lists.GetListTimeline(L.GetListTimelineRequest(), **auth)),
        ("user_ids", lists.AddListMembers(L.AddListMembersRequest(list_id=made.list_id), **auth)),
        ("user_ids", lists.AddListMembers(L.AddListMembersRequest(list_id=made.list_id, user_ids=["x"]), **auth)),
        (
            "user_ids",
            lists.AddListMembers(L.AddListMembersRequest(list_id=made.list_id, user_ids=[owner.user_id]), **auth),
        ),
        ("page_size", lists.ListListMembers(L.ListListMembersRequest(list_id=made.list_id, page_size=101), **auth)),
        ("page_size", lists.GetListTimeline(L.GetListTimelineRequest(list_id=made.list_id, page_size=-1), **auth)),
        ("cursor", lists.GetListTimeline(L.GetListTimelineRequest(list_id=made.list_id, cursor="garbage"), **auth)),
    ):
        details = await expect_status(INVALID, call)
        assert details.startswith(f"{field}: "), details
    stranger = str(uuid.uuid4())
    await expect_status(
        NOT_FOUND,
        lists.AddListMembers(L.AddListMembersRequest(list_id=made.list_id, user_ids=[stranger]), **auth),
        f"user_ids: no such user {stranger}",
    )


async def test_the_limits(api, lists):
    owner, ana = await api.sign_up("owner"), await api.sign_up("ana")
    made = [await new_list(lists, owner, f"list {i}") for i in range(20)]
    await expect_status(PRECONDITION, lists.CreateList(L.CreateListRequest(title="one more"), metadata=owner.auth))
    await lists.DeleteList(L.DeleteListRequest(list_id=made[0].list_id), metadata=owner.auth)
    await new_list(lists, owner, "room again")

    full = made[1].list_id
    await add(lists, owner, full, ana)
    strangers = [str(uuid.uuid4()) for _ in range(500)]
    # 1 + 500 is over the limit, whoever they are; 500 strangers on an empty list are no one.
    await expect_status(
        PRECONDITION,
        lists.AddListMembers(L.AddListMembersRequest(list_id=full, user_ids=strangers), metadata=owner.auth),
        "at most 500",
    )
    await expect_status(
        NOT_FOUND,
        lists.AddListMembers(L.AddListMembersRequest(list_id=made[2].list_id, user_ids=strangers), metadata=owner.auth),
        "user_ids",
    )
    got = await lists.GetList(L.GetListRequest(list_id=made[2].list_id), metadata=owner.auth)
    assert got.list.member_count == 0  # all or nothing


async def test_each_change_is_announced_without_the_title(api, lists):
    owner, ana = await api.sign_up("owner"), await api.sign_up("ana")
    async with Tail(FEED_LISTS) as tail:
        made = await new_list(lists, owner, "Secret project", exclusive=True)
        await add(lists, owner, made.list_id, ana)
        await lists.UpdateList(L.UpdateListRequest(list_id=made.list_id, title="Renamed"), metadata=owner.auth)
        await lists.UpdateList(L.UpdateListRequest(list_id=made.list_id, title="Renamed"), metadata=owner.auth)
        await lists.DeleteList(L.DeleteListRequest(list_id=made.list_id), metadata=owner.auth)
        (deleted,) = await tail.wait_for(E.ListDeleted, list_id=made.list_id)
        (created,) = tail.of(E.ListCreated, list_id=made.list_id)
        (changed,) = tail.of(E.ListMembersChanged, list_id=made.list_id)
        (updated,) = tail.of(E.ListUpdated, list_id=made.list_id)  # the second update changed nothing
    assert created[2].owner_id == owner.user_id and created[2].exclusive
    assert list(changed[2].added_user_ids) == [ana.user_id] and changed[2].member_count == 1
    assert updated[2].title_changed and updated[2].exclusive
    ours = [value for _, value, payload in tail.seen if getattr(payload, "list_id", "") == made.list_id]
    assert [type(p).__name__ for _, _, p in tail.seen if getattr(p, "list_id", "") == made.list_id] == [
        "ListCreated",
        "ListMembersChanged",
        "ListUpdated",
        "ListDeleted",
    ]  # in order
    assert not any(b"Secret" in value or b"Renamed" in value for value in ours)


async def test_the_data_export_holds_the_lists(api, lists):
    owner, ana = await api.sign_up("owner"), await api.sign_up("ana")
    made = await new_list(lists, owner, "For the archive", exclusive=True)
    await add(lists, owner, made.list_id, ana)
    requested = (await api.identity.RequestDataExport(I.RequestDataExportRequest(), metadata=owner.auth)).data_export
    await _ready(api, owner, requested.export_id)
    archive, _ = await _download(api, owner, requested.export_id)
    (kept,) = _files(archive)["lists.json"]["lists"]
    assert (kept["list_id"], kept["title"], kept["exclusive"], kept["replies_policy"]) == (
        made.list_id,
        "For the archive",
        True,
        "list",
    )
    assert [m["user_id"] for m in kept["members"]] == [ana.user_id]


async def _publish_erased(user_id: str) -> None:
    producer = create_producer(KAFKA, client_id="lists-erasure-test")
    await producer.start()
    try:
        event = make_event(
            topic=IDENTITY_USERS,
            aggregate_id=user_id,
            producer="test",
            payload=identity_events.UserErased(user_id=user_id, erased_at=timestamp(datetime.now(UTC))),
        )
        await producer.send_and_wait(IDENTITY_USERS, event.value, key=user_id.encode())
    finally:
        await producer.stop()


async def test_an_erased_person_leaves_others_lists_and_their_own_lists_go(api, lists):
    owner, gone, ana = [await api.sign_up(n) for n in ("owner", "gone", "ana")]
    made = await new_list(lists, owner, exclusive=True)
    await add(lists, owner, made.list_id, gone, ana)
    theirs = await new_list(lists, gone, "their own")
    await add(lists, gone, theirs.list_id, owner)

    await _publish_erased(gone.user_id)  # as identity does (the feed erases on UserErased)

    client = redis_client(REDIS_URL, cluster=REDIS_CLUSTER)

    async def erased() -> bool:
        # The feed takes the person off others' lists first and deletes their own keys last.
        got = (await lists.GetList(L.GetListRequest(list_id=made.list_id), metadata=owner.auth)).list
        return got.member_count == 1 and not await client.exists(lists_key(gone.user_id))

    try:
        await wait_until(erased, timeout=60, interval=0.5, what="the erased person off the list, their own lists gone")
    finally:
        await client.aclose()
    assert await members(lists, owner, made.list_id) == [ana.user_id]

"""Unread tracking through the gateway (UnreadService, docs/unread.md): what is new in a person's
communities since their last visit and in the threads they took part in since they last read
them, counted exactly, with the first unread to jump to; never what they may not see, never
their own writing; read positions that only move forward."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg
import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.content.v1 import unread_pb2 as U
from kith.content.v1 import unread_pb2_grpc
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import events_pb2 as identity_events
from kith_platform.events import IDENTITY_USERS, make_event, timestamp
from kith_platform.kafka import create_producer
from kith_platform.testing import SignedUpUser, expect_status, wait_until
from tests.integration.endpoints import KAFKA, POSTGRES
from tests.integration.test_content import add_member, befriend, community, post, sees


@pytest.fixture(scope="module")
def unread(gateway_channel) -> unread_pb2_grpc.UnreadServiceStub:
    return unread_pb2_grpc.UnreadServiceStub(gateway_channel)


async def _comment(api, who: SignedUpUser, post_id: str, text: str = "a comment", parent: str = "") -> str:
    added = await api.content.AddComment(
        P.AddCommentRequest(post_id=post_id, text=text, parent_comment_id=parent), metadata=who.auth
    )
    return added.comment.comment_id


async def _new_in(unread, reader: SignedUpUser, community_id: str) -> tuple[int, str, bool]:
    """(new posts, the first new post, whether the reader has visited)."""
    answer = await unread.GetCommunityUnread(
        U.GetCommunityUnreadRequest(community_ids=[community_id]), metadata=reader.auth
    )
    [c] = answer.communities
    assert c.community_id == community_id
    return c.new_post_count, c.first_new_post_id, c.HasField("last_visited_at")


async def _thread(unread, reader: SignedUpUser, post_id: str) -> tuple[int, str]:
    answer = await unread.GetThreadUnread(U.GetThreadUnreadRequest(post_id=post_id), metadata=reader.auth)
    return answer.thread.unread_count, answer.thread.first_unread_comment_id


async def _listed(unread, reader: SignedUpUser, **page) -> list[tuple[str, int, str]]:
    answer = await unread.ListUnreadThreads(U.ListUnreadThreadsRequest(**page), metadata=reader.auth)
    for t in answer.threads:
        assert t.post.post_id == t.post_id
    return [(t.post_id, t.unread_count, t.first_unread_comment_id) for t in answer.threads]


async def test_new_since_the_last_visit_counts_only_what_the_member_may_see(api, unread):
    owner, reader, author, blocked, muted = [
        await api.sign_up(n) for n in ("owner", "reader", "author", "blocked", "muted")
    ]
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    for person in (reader, author, blocked, muted):
        await add_member(api, owner, cid, person)
    await post(api, author, "before the first visit", community_id=cid)
    assert await _new_in(unread, reader, cid) == (0, "", False)  # the first visit sets the baseline

    first = await unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id=cid), metadata=reader.auth)
    assert not first.HasField("previous_visited_at") and first.HasField("visited_at")
    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=reader.auth)
    await api.graph.Mute(G.MuteRequest(user_id=muted.user_id), metadata=reader.auth)
    one = await post(api, author, "first new", community_id=cid)
    await post(api, blocked, "by someone the reader blocked", community_id=cid)
    await post(api, muted, "by someone the reader muted", community_id=cid)
    await post(api, reader, "the reader's own", community_id=cid)
    gone = await post(api, author, "deleted at once", community_id=cid)
    await api.content.DeletePost(P.DeletePostRequest(post_id=gone.post_id), metadata=author.auth)
    two = await post(api, author, "second new", community_id=cid)
    assert await _new_in(unread, reader, cid) == (2, one.post_id, True)
    assert await _new_in(unread, owner, cid) == (0, "", False)  # positions are each person's own

    again = await unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id=cid), metadata=reader.auth)
    assert again.previous_visited_at == first.visited_at
    assert await _new_in(unread, reader, cid) == (0, "", True)
    three = await post(api, author, "after the second visit", community_id=cid)
    assert await _new_in(unread, reader, cid) == (1, three.post_id, True)
    assert two.post_id != three.post_id

    # A block the other way hides the author's posts too.
    await api.graph.Block(G.BlockRequest(user_id=reader.user_id), metadata=author.auth)
    assert await _new_in(unread, reader, cid) == (0, "", True)


async def test_a_community_the_caller_is_not_in_is_not_found(api, unread):
    owner, member, outsider = await api.sign_up("owner"), await api.sign_up("member"), await api.sign_up("outsider")
    private = await community(api, owner, C.VISIBILITY_PRIVATE)
    hidden = await community(api, owner, C.VISIBILITY_HIDDEN)
    await add_member(api, owner, private, member)
    for cid in (private, hidden):
        await expect_status(
            grpc.StatusCode.NOT_FOUND,
            unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id=cid), metadata=outsider.auth),
            "community_id",
        )
    # Among several, those the caller is not in are left out.
    await unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id=private), metadata=member.auth)
    members_only = await post(api, owner, "for members", community_id=private)
    answer = await unread.GetCommunityUnread(
        U.GetCommunityUnreadRequest(community_ids=[hidden, private, private]), metadata=member.auth
    )
    assert [(c.community_id, c.new_post_count, c.first_new_post_id) for c in answer.communities] == [
        (private, 1, members_only.post_id)
    ]
    answer = await unread.GetCommunityUnread(
        U.GetCommunityUnreadRequest(community_ids=[private, hidden]), metadata=outsider.auth
    )
    assert list(answer.communities) == []


async def test_bad_input_names_the_field(api, unread):
    person = await api.sign_up("bad")
    mine = await post(api, person, "a thread")
    other = await post(api, person, "another thread")
    elsewhere = await _comment(api, person, other.post_id)
    cases = [
        (
            unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id="nope"), metadata=person.auth),
            "community_id",
        ),
        (unread.GetCommunityUnread(U.GetCommunityUnreadRequest(), metadata=person.auth), "community_ids"),
        (
            unread.GetCommunityUnread(U.GetCommunityUnreadRequest(community_ids=["x"]), metadata=person.auth),
            "community_ids",
        ),
        (
            unread.GetCommunityUnread(
                U.GetCommunityUnreadRequest(community_ids=[f"{i:08d}-0000-4000-8000-000000000000" for i in range(101)]),
                metadata=person.auth,
            ),
            "community_ids",
        ),
        (unread.ListUnreadThreads(U.ListUnreadThreadsRequest(page_size=101), metadata=person.auth), "page_size"),
        (unread.ListUnreadThreads(U.ListUnreadThreadsRequest(cursor="garbage"), metadata=person.auth), "cursor"),
        (unread.GetThreadUnread(U.GetThreadUnreadRequest(post_id="x"), metadata=person.auth), "post_id"),
        (unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=""), metadata=person.auth), "post_id"),
        (
            unread.MarkThreadRead(
                U.MarkThreadReadRequest(post_id=mine.post_id, up_to_comment_id="x"), metadata=person.auth
            ),
            "up_to_comment_id",
        ),
        (
            unread.MarkThreadRead(
                U.MarkThreadReadRequest(post_id=mine.post_id, up_to_comment_id=elsewhere), metadata=person.auth
            ),
            "up_to_comment_id",
        ),
    ]
    for call, field in cases:
        await expect_status(grpc.StatusCode.INVALID_ARGUMENT, call, field)


async def test_unread_comments_in_threads_taken_part_in(api, unread):
    reader, author, blocked, muted = [await api.sign_up(n) for n in ("reader", "author", "blocked", "muted")]
    mine = await post(api, reader, "what do you think?")
    # Before the block: a comment by the person later blocked, and a reply beneath it (out of the
    # reader's reach once the block holds, as ListComments shows).
    by_blocked = await _comment(api, blocked, mine.post_id, "soon blocked")
    await _comment(api, author, mine.post_id, "below a blocked person's comment", parent=by_blocked)
    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=reader.auth)
    await api.graph.Mute(G.MuteRequest(user_id=muted.user_id), metadata=reader.auth)
    one = await _comment(api, author, mine.post_id, "one")
    by_muted = await _comment(api, muted, mine.post_id, "by someone the reader muted")
    await _comment(api, reader, mine.post_id, "the reader's own")
    deleted = await _comment(api, author, mine.post_id, "deleted")
    await api.content.DeleteComment(P.DeleteCommentRequest(comment_id=deleted), metadata=author.auth)
    two = await _comment(api, author, mine.post_id, "two", parent=one)
    assert await _thread(unread, reader, mine.post_id) == (2, one)
    assert await _listed(unread, reader) == [(mine.post_id, 2, one)]

    # Marking read moves forward only.
    marked = await unread.MarkThreadRead(
        U.MarkThreadReadRequest(post_id=mine.post_id, up_to_comment_id=one), metadata=reader.auth
    )
    assert (marked.thread.unread_count, marked.thread.first_unread_comment_id) == (1, two)
    done = await unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=mine.post_id), metadata=reader.auth)
    assert (done.thread.unread_count, done.thread.first_unread_comment_id) == (0, "")
    assert done.thread.read_up_to.ToDatetime() > marked.thread.read_up_to.ToDatetime()
    back = await unread.MarkThreadRead(
        U.MarkThreadReadRequest(post_id=mine.post_id, up_to_comment_id=one), metadata=reader.auth
    )
    assert back.thread.read_up_to == done.thread.read_up_to and back.thread.unread_count == 0
    assert await _listed(unread, reader) == []
    three = await _comment(api, author, mine.post_id, "three")
    assert await _thread(unread, reader, mine.post_id) == (1, three)

    # A thread the reader commented in: what came before their first comment is not new to them.
    theirs = await post(api, author, "a question of the author's")
    await _comment(api, author, theirs.post_id, "before the reader came")
    await _comment(api, reader, theirs.post_id, "the reader's answer")
    assert await _thread(unread, reader, theirs.post_id) == (0, "")
    reply = await _comment(api, author, theirs.post_id, "thanks")
    # The most recent activity first, a page at a time.
    assert await _listed(unread, reader) == [(theirs.post_id, 1, reply), (mine.post_id, 1, three)]
    page = await unread.ListUnreadThreads(U.ListUnreadThreadsRequest(page_size=1), metadata=reader.auth)
    assert [t.post_id for t in page.threads] == [theirs.post_id] and page.next_cursor
    rest = await _listed(unread, reader, page_size=1, cursor=page.next_cursor)
    assert rest == [(mine.post_id, 1, three)]
    # Positions and mutes are each person's own: the author's first part in the reader's thread
    # was their reply; after it came the muted person's comment and the reader's.
    assert await _thread(unread, author, mine.post_id) == (2, by_muted)


async def test_a_thread_the_reader_may_no_longer_see_leaves_the_list(api, unread):
    reader, friend = await api.sign_up("reader"), await api.sign_up("friend")
    await befriend(api, reader, friend)
    for_friends = await post(api, friend, "friends only", audience=P.AUDIENCE_FRIENDS)
    await wait_until(lambda: sees(api, reader, for_friends.post_id), what="the friendship to reach content")
    await _comment(api, reader, for_friends.post_id, "hello friend")
    newer = await _comment(api, friend, for_friends.post_id, "hello back")
    assert await _listed(unread, reader) == [(for_friends.post_id, 1, newer)]
    await api.graph.Unfriend(G.UnfriendRequest(user_id=friend.user_id), metadata=reader.auth)
    await _comment(api, friend, for_friends.post_id, "anyone?")
    assert await _listed(unread, reader) == []
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        unread.GetThreadUnread(U.GetThreadUnreadRequest(post_id=for_friends.post_id), metadata=reader.auth),
        "post_id",
    )
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=for_friends.post_id), metadata=reader.auth),
        "post_id",
    )


async def test_the_thread_opens_at_the_first_unread_comment(api, unread):
    reader, author = await api.sign_up("reader"), await api.sign_up("author")
    mine = await post(api, reader, "a thread")
    top = await _comment(api, author, mine.post_id, "top")
    read_reply = await _comment(api, author, mine.post_id, "a reply already read", parent=top)
    await unread.MarkThreadRead(
        U.MarkThreadReadRequest(post_id=mine.post_id, up_to_comment_id=read_reply), metadata=reader.auth
    )
    first_unread = await _comment(api, author, mine.post_id, "a new reply", parent=top)
    later = await _comment(api, author, mine.post_id, "another new reply", parent=top)
    _, jump = await _thread(unread, reader, mine.post_id)
    assert jump == first_unread

    opened = await api.content.ListComments(
        P.ListCommentsRequest(
            post_id=mine.post_id, order=P.COMMENT_ORDER_OLDEST, start_at_comment_id=jump, page_size=1
        ),
        metadata=reader.auth,
    )
    assert [c.comment_id for c in opened.ancestors] == [top]
    assert [c.comment_id for c in opened.comments] == [first_unread] and opened.next_cursor
    more = await api.content.ListComments(
        P.ListCommentsRequest(
            post_id=mine.post_id, parent_comment_id=top, order=P.COMMENT_ORDER_OLDEST, cursor=opened.next_cursor
        ),
        metadata=reader.auth,
    )
    assert [c.comment_id for c in more.comments] == [later]
    before = await api.content.ListComments(
        P.ListCommentsRequest(
            post_id=mine.post_id, parent_comment_id=top, order=P.COMMENT_ORDER_NEWEST, cursor=opened.previous_cursor
        ),
        metadata=reader.auth,
    )
    assert [c.comment_id for c in before.comments] == [read_reply]
    # The first of its level has nothing before it.
    at_top = await api.content.ListComments(
        P.ListCommentsRequest(post_id=mine.post_id, start_at_comment_id=top), metadata=reader.auth
    )
    assert [c.comment_id for c in at_top.comments] == [top] and not at_top.previous_cursor
    assert list(at_top.ancestors) == []
    for request, field in [
        (
            P.ListCommentsRequest(post_id=mine.post_id, start_at_comment_id=jump, order=P.COMMENT_ORDER_MOST_REACTED),
            "order",
        ),
        (P.ListCommentsRequest(post_id=mine.post_id, start_at_comment_id=jump, cursor=opened.next_cursor), "cursor"),
        (
            P.ListCommentsRequest(post_id=mine.post_id, start_at_comment_id=jump, parent_comment_id=jump),
            "parent_comment_id",
        ),
        (P.ListCommentsRequest(post_id=mine.post_id, start_at_comment_id="x"), "start_at_comment_id"),
    ]:
        await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, api.content.ListComments(request, metadata=reader.auth), field
        )


async def _rows_naming(user_id: str, post_id: str) -> list[str]:
    conn = await asyncpg.connect(f"{POSTGRES}/content")
    try:
        found = []
        for table, query in [
            ("community_visits", "SELECT count(*) FROM community_visits WHERE user_id = $1"),
            ("thread_reads", "SELECT count(*) FROM thread_reads WHERE user_id = $1 OR post_id = $2"),
            ("mirror_mutes", "SELECT count(*) FROM mirror_mutes WHERE muter_id = $1 OR muted_id = $1"),
        ]:
            args = [uuid.UUID(user_id), uuid.UUID(post_id)] if "$2" in query else [uuid.UUID(user_id)]
            if await conn.fetchval(query, *args):
                found.append(table)
        return found
    finally:
        await conn.close()


async def test_erasure_takes_the_readers_visits_positions_and_mutes(api, unread):
    owner, leaver, other = await api.sign_up("owner"), await api.sign_up("leaver"), await api.sign_up("other")
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    await add_member(api, owner, cid, leaver)
    await unread.MarkCommunityVisited(U.MarkCommunityVisitedRequest(community_id=cid), metadata=leaver.auth)
    theirs = await post(api, other, "a thread of another's")
    await _comment(api, leaver, theirs.post_id, "taking part")
    await unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=theirs.post_id), metadata=leaver.auth)
    mine = await post(api, leaver, "a thread of the leaver's")
    await _comment(api, other, mine.post_id, "reading it")
    await unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=mine.post_id), metadata=other.auth)
    await unread.MarkThreadRead(U.MarkThreadReadRequest(post_id=theirs.post_id), metadata=other.auth)
    await api.graph.Mute(G.MuteRequest(user_id=other.user_id), metadata=leaver.auth)
    await api.graph.Mute(G.MuteRequest(user_id=leaver.user_id), metadata=other.auth)
    assert await _rows_naming(leaver.user_id, mine.post_id) == ["community_visits", "thread_reads", "mirror_mutes"]

    # As identity publishes it when the account is erased.
    erased = make_event(
        topic=IDENTITY_USERS,
        aggregate_id=leaver.user_id,
        payload=identity_events.UserErased(user_id=leaver.user_id, erased_at=timestamp(datetime.now(UTC))),
        producer="test",
    )
    producer = create_producer(KAFKA, client_id="unread-erasure-test")
    await producer.start()
    try:
        await producer.send_and_wait(IDENTITY_USERS, erased.value, key=leaver.user_id.encode())
    finally:
        await producer.stop()

    async def gone() -> bool:
        return await _rows_naming(leaver.user_id, mine.post_id) == []

    await wait_until(gone, timeout=60, what="the leaver's read positions and mutes erased")
    # Others keep their own positions in threads that stay.
    assert await _thread(unread, other, theirs.post_id) == (0, "")
    listed = await unread.GetThreadUnread(U.GetThreadUnreadRequest(post_id=theirs.post_id), metadata=other.auth)
    assert listed.thread.HasField("read_up_to")

"""Unread tracking without servers: the rules of the requests (domain.unread), a thread opened at
one comment (ThreadHandlers.thread_from) and the unread handlers' checks over in-memory fakes.
What is counted is SQL (adapters/sql_unread.py), tested through the gateway
(tests/integration/test_unread.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith_content.domain.posts import Audience
from kith_content.domain.unread import (
    COMMUNITIES_MAX,
    EVERYTHING,
    CommunityUnread,
    ReadPosition,
    ReadPositions,
    ThreadUnread,
    community_ids,
    untracked,
)
from kith_content.service_layer.handlers import NewPost
from kith_content.service_layer.unread import UnreadHandlers
from kith_platform.errors import InvalidArgument, NotFound
from services.content.tests.fakes import content_service, new_id

ANA, BO, CY = new_id(), new_id(), new_id()


class FakeReadPositions(ReadPositions):
    """Visits and marks as the adapter keeps them (the later one wins); counts are not faked."""

    def __init__(self, members: set[tuple[str, str]] | None = None) -> None:
        self.members = members or set()  # (community, user)
        self.visits: dict[tuple[str, str], datetime] = {}
        self.marks: dict[tuple[str, str], ReadPosition] = {}

    async def mark_visited(self, user_id, community_id, at):
        if (community_id, user_id) not in self.members:
            return None
        previous = self.visits.get((user_id, community_id))
        self.visits[(user_id, community_id)] = max(filter(None, [previous, at]))
        return previous, self.visits[(user_id, community_id)]

    async def community_unread(self, user_id, community_ids, cap):
        return [
            CommunityUnread(c, 0, None, self.visits.get((user_id, c)))
            for c in community_ids
            if (c, user_id) in self.members
        ]

    async def mark_thread_read(self, user_id, post_id, position, at):
        current = self.marks.get((user_id, post_id))
        if current is None or (current.at, current.comment_id) < (position.at, position.comment_id):
            self.marks[(user_id, post_id)] = position

    async def thread_unread(self, user_id, post_id, cap):
        mark = self.marks.get((user_id, post_id))
        return untracked(post_id) if mark is None else ThreadUnread(post_id, 0, None, mark.at, None)

    async def unread_threads(self, user_id, limit, after, cap):
        return []


def _unread(members: set[tuple[str, str]] | None = None):
    service = content_service()
    positions = FakeReadPositions(members)
    return service, positions, UnreadHandlers(service.posts, service.threads, positions)


def test_communities_are_asked_for_once_each_in_order_up_to_a_hundred():
    a, b = new_id(), new_id()
    assert community_ids([b, a, b.upper()]) == [b, a]
    for asked in ([], ["not an id"], [new_id() for _ in range(COMMUNITIES_MAX + 1)]):
        with pytest.raises(InvalidArgument) as refused:
            community_ids(asked)
        assert refused.value.field == "community_ids"
    assert len(community_ids([new_id() for _ in range(COMMUNITIES_MAX)])) == COMMUNITIES_MAX


def test_a_position_up_to_now_takes_in_every_comment_of_its_instant():
    at = datetime(2026, 12, 5, tzinfo=UTC)
    assert ReadPosition(at).comment_id == EVERYTHING
    assert all((at, new_id()) < (at, ReadPosition(at).comment_id) for _ in range(100))
    assert untracked("p") == ThreadUnread("p", 0, None, None, None)


async def test_only_members_visit_and_a_visit_never_moves_back():
    community = new_id()
    _, positions, unread = _unread({(community, ANA)})
    with pytest.raises(NotFound, match="community_id"):
        await unread.visit_community(BO, community)
    with pytest.raises(InvalidArgument, match="community_id"):
        await unread.visit_community(ANA, "nope")
    previous, first = await unread.visit_community(ANA, community)
    assert previous is None
    again, second = await unread.visit_community(ANA, community)
    assert again == first and second >= first
    assert [c.community_id for c in await unread.communities(ANA, [new_id(), community])] == [community]


async def test_a_thread_is_marked_read_only_up_to_one_of_its_comments_the_reader_sees():
    service, positions, unread = _unread()
    post = await service.posts.create_post(ANA, NewPost("a thread"))
    other = await service.posts.create_post(ANA, NewPost("another"))
    elsewhere = await service.threads.add_comment(BO, other.post_id, "", "elsewhere")
    here = await service.threads.add_comment(BO, post.post_id, "", "here")
    with pytest.raises(InvalidArgument) as refused:
        await unread.mark_thread_read(ANA, post.post_id, elsewhere.comment_id)
    assert refused.value.field == "up_to_comment_id"
    with pytest.raises(NotFound, match="up_to_comment_id"):
        await unread.mark_thread_read(ANA, post.post_id, new_id())
    state = await unread.mark_thread_read(ANA, post.post_id, here.comment_id)
    assert state.read_up_to == here.created_at
    later = await unread.mark_thread_read(ANA, post.post_id, "")
    assert later.read_up_to is not None and later.read_up_to >= here.created_at
    assert (await unread.mark_thread_read(ANA, post.post_id, here.comment_id)).read_up_to == later.read_up_to
    private = await service.posts.create_post(ANA, NewPost("friends", audience=Audience.FRIENDS))
    with pytest.raises(NotFound, match="post_id"):
        await unread.thread(CY, private.post_id)


async def test_a_thread_opens_at_a_comment_with_its_ancestors_and_both_cursors():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("a thread"))
    top = await service.threads.add_comment(BO, post.post_id, "", "top")
    replies = [await service.threads.add_comment(CY, post.post_id, top.comment_id, f"r{i}") for i in range(4)]
    deeper = await service.threads.add_comment(BO, post.post_id, replies[1].comment_id, "deeper")

    ancestors, page, after, before = await service.threads.thread_from(
        ANA, post.post_id, "", "oldest", 2, "", replies[1].comment_id
    )
    assert [c.comment_id for c in ancestors] == [top.comment_id]
    assert [c.comment_id for c in page] == [replies[1].comment_id, replies[2].comment_id]
    assert after and before
    rest, _ = await service.threads.thread(ANA, post.post_id, top.comment_id, "oldest", 10, after)
    assert [c.comment_id for c in rest] == [replies[3].comment_id]
    earlier, _ = await service.threads.thread(ANA, post.post_id, top.comment_id, "newest", 10, before)
    assert [c.comment_id for c in earlier] == [replies[0].comment_id]

    ancestors, page, after, before = await service.threads.thread_from(
        ANA, post.post_id, replies[1].comment_id, "newest", 5, "", deeper.comment_id
    )
    assert [c.comment_id for c in ancestors] == [top.comment_id, replies[1].comment_id]
    assert [c.comment_id for c in page] == [deeper.comment_id] and not after and not before

    for order, cursor, parent, start, field in [
        ("most_reacted", "", "", top.comment_id, "order"),
        ("oldest", "c", "", top.comment_id, "cursor"),
        ("oldest", "", replies[0].comment_id, deeper.comment_id, "parent_comment_id"),
        ("oldest", "", "", "nope", "start_at_comment_id"),
    ]:
        with pytest.raises(InvalidArgument) as refused:
            await service.threads.thread_from(ANA, post.post_id, parent, order, 5, cursor, start)
        assert refused.value.field == field
    other = await service.posts.create_post(ANA, NewPost("another"))
    with pytest.raises(InvalidArgument) as refused:
        await service.threads.thread_from(ANA, other.post_id, "", "oldest", 5, "", top.comment_id)
    assert refused.value.field == "start_at_comment_id"


async def test_a_reply_below_a_blocked_persons_comment_is_out_of_reach():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("a thread"))
    top = await service.threads.add_comment(BO, post.post_id, "", "top")
    reply = await service.threads.add_comment(CY, post.post_id, top.comment_id, "reply")
    service.store.blocks.add((ANA, BO))
    with pytest.raises(NotFound, match="start_at_comment_id"):
        await service.threads.thread_from(ANA, post.post_id, "", "oldest", 5, "", reply.comment_id)

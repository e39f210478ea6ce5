"""The graph's handlers without servers, against the in-memory store (tests/fakes.py): ids and
oneself refused naming the field, unknown, deactivated and blocking users NOT_FOUND, what each
change returns and announces, and which changes are held until the mirrors have them."""

from __future__ import annotations

import uuid

import pytest

from kith_graph.domain.relationships import FollowOutcome
from kith_graph.domain.ties import Tie
from kith_graph.service_layer.handlers import GraphHandlers, decode_cursor
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.testing import RecordingMirrorPush
from services.graph.tests.fakes import FakeGraphStore

ANA, BEN, CAT, DAN, GONE = (str(uuid.uuid4()) for _ in range(5))
NOBODY = str(uuid.uuid4())  # never registered


@pytest.fixture
def store() -> FakeGraphStore:
    return FakeGraphStore(users={ANA, BEN, CAT, DAN, GONE}, deactivated={GONE})


@pytest.fixture
def mirrors() -> RecordingMirrorPush:
    return RecordingMirrorPush()


@pytest.fixture
def graph(store, mirrors) -> GraphHandlers:
    return GraphHandlers(store=store, mirrors=mirrors)


def _pushed(mirrors: RecordingMirrorPush) -> list[list[str]]:
    return [[e.name for e in events] for events in mirrors.pushed]


# --- who the other user may be --------------------------------------------------------------


@pytest.mark.parametrize("action", ["follow", "send_friend_request", "accept_friend_request", "block", "dismiss"])
@pytest.mark.parametrize(
    ("user_id", "error", "field_or_message"),
    [
        ("not-a-uuid", InvalidArgument, "user_id"),
        (ANA, InvalidArgument, "user_id"),  # oneself
        (NOBODY, NotFound, "user_id: no user"),  # not in the mirror of identity's users
        (GONE, NotFound, "user_id: no user"),  # deactivated
    ],
)
async def test_a_change_towards_someone_else_needs_an_active_user(
    graph, store, action, user_id, error, field_or_message
):
    with pytest.raises(error) as refused:
        await getattr(graph, action)(ANA, user_id)
    detail = refused.value.field if error is InvalidArgument else refused.value.message
    assert detail.startswith(field_or_message)
    assert store.events == []


async def test_undoing_needs_no_existing_user_but_a_valid_id(graph, store):
    assert await graph.unfollow(ANA, NOBODY) is False
    assert await graph.mute(ANA, NOBODY, False) is False
    assert await graph.unblock(ANA, NOBODY) is False
    with pytest.raises(InvalidArgument) as refused:
        await graph.unfriend(ANA, "nope")
    assert refused.value.field == "user_id"
    assert store.events == []


# --- follows --------------------------------------------------------------------------------


async def test_follow_follows_and_announces_it_without_holding_the_mirrors(graph, store, mirrors):
    assert await graph.follow(ANA, BEN) is FollowOutcome.FOLLOW
    assert await graph.follow(ANA, BEN) is FollowOutcome.ALREADY
    assert store.names() == ["UserFollowed"]
    assert store.events[0].fields == {"follower_id": ANA, "followee_id": BEN}
    assert mirrors.pushed == []  # widening what people see is not held


async def test_follow_asks_an_account_that_approves_its_followers(graph, store):
    await graph.set_follow_approval(BEN, True)
    assert await graph.follow(ANA, BEN) is FollowOutcome.REQUEST
    assert await graph.follow(ANA, BEN) is FollowOutcome.REQUEST  # asked once
    assert store.names() == ["GraphSettingsChanged", "FollowRequested"]
    await graph.answer_follow_request(BEN, ANA, approve=True)
    assert await store.relationship(ANA, BEN) == (True, False, False)


async def test_a_declined_follow_request_is_held_until_the_mirrors_have_it(graph, store, mirrors):
    await graph.set_follow_approval(BEN, True)
    await graph.follow(ANA, BEN)
    await graph.answer_follow_request(BEN, ANA, approve=False)
    assert _pushed(mirrors) == [["FollowRequestDeclined"]]
    with pytest.raises(NotFound) as refused:
        await graph.answer_follow_request(BEN, ANA, approve=False)  # nothing left to answer
    assert refused.value.message == "user_id: no follow request from this user"


async def test_following_someone_who_blocked_you_is_not_found_and_someone_you_blocked_refused(graph):
    await graph.block(BEN, ANA)
    with pytest.raises(NotFound):
        await graph.follow(ANA, BEN)
    with pytest.raises(FailedPrecondition):
        await graph.follow(BEN, ANA)


async def test_unfollow_is_held_until_the_mirrors_have_it(graph, store, mirrors):
    await graph.follow(ANA, BEN)
    assert await graph.unfollow(ANA, BEN) is True
    assert _pushed(mirrors) == [["UserUnfollowed"]]
    assert await graph.unfollow(ANA, BEN) is False
    assert _pushed(mirrors)[-1] == []  # nothing changed, nothing to hand over


# --- friendships ----------------------------------------------------------------------------


async def test_a_friend_request_answered_by_one_from_the_other_side_makes_friends_who_follow(graph, store):
    assert await graph.send_friend_request(ANA, BEN) is False
    assert await graph.send_friend_request(BEN, ANA) is True
    assert store.names() == ["FriendRequestSent", "FriendshipStarted", "UserFollowed", "UserFollowed"]
    assert await graph.relationship(ANA, BEN) == (True, True, True)
    with pytest.raises(NotFound):
        await graph.accept_friend_request(ANA, BEN)  # no request left


async def test_friend_requests_are_cancelled_by_their_sender_and_declined_by_their_recipient(graph, store):
    await graph.send_friend_request(ANA, BEN)
    with pytest.raises(NotFound) as refused:
        await graph.close_friend_request(BEN, ANA, cancel=True)  # Ben sent none
    assert refused.value.message == "user_id: no pending friend request"
    await graph.close_friend_request(BEN, ANA, cancel=False)
    assert store.events[-1].name == "FriendRequestClosed" and store.events[-1].fields["cancelled"] is False


async def test_unfriend_ends_the_follows_and_is_held(graph, store, mirrors):
    await graph.send_friend_request(ANA, BEN)
    await graph.accept_friend_request(BEN, ANA)
    assert await graph.unfriend(ANA, BEN) is True
    assert _pushed(mirrors) == [["UserUnfollowed", "UserUnfollowed", "FriendshipEnded"]]


# --- blocks and mutes -----------------------------------------------------------------------


async def test_a_block_ends_what_stood_between_them_and_is_held_with_those_events(graph, store, mirrors):
    await graph.follow(ANA, BEN)
    await graph.send_friend_request(BEN, ANA)
    assert await graph.block(ANA, BEN) is True
    [held] = _pushed(mirrors)
    assert held == ["UserUnfollowed", "FriendRequestClosed", "UserBlocked"]  # what it ended comes first
    assert await graph.block(ANA, BEN) is False
    assert await graph.unblock(ANA, BEN) is True
    assert len(mirrors.pushed) == 2  # the second block, with nothing to hand over; unblock is not held


async def test_mute_and_unmute_are_held_and_say_whether_they_changed_anything(graph, mirrors):
    assert await graph.mute(ANA, BEN, True) is True
    assert await graph.mute(ANA, BEN, True) is False
    assert await graph.mute(ANA, BEN, False) is True
    assert _pushed(mirrors) == [["UserMuted"], [], ["UserUnmuted"]]


# --- lists and questions ---------------------------------------------------------------------


async def test_lists_page_newest_first_with_a_cursor(graph):
    for follower in (BEN, CAT, DAN):
        await graph.follow(follower, ANA)
    first, cursor = await graph.list_relationships(ANA, "followers", "", 2, "")
    assert [u for u, _ in first] == [DAN, CAT] and decode_cursor(cursor) == (first[-1][1], CAT)
    second, last = await graph.list_relationships(ANA, "followers", "", 2, cursor)
    assert [u for u, _ in second] == [BEN] and last == ""


@pytest.mark.parametrize(
    ("kind", "user_id", "field"),
    [
        ("blocked", BEN, "user_id"),  # one's own lists only
        ("", "", "list"),
        ("followers", "nope", "user_id"),
    ],
)
async def test_lists_refuse_what_is_not_the_callers_to_ask(graph, kind, user_id, field):
    with pytest.raises(InvalidArgument) as refused:
        await graph.list_relationships(ANA, kind, user_id, 10, "")
    assert refused.value.field == field


@pytest.mark.parametrize("size", [-1, 101])
async def test_a_page_size_out_of_range_is_refused(graph, size):
    with pytest.raises(InvalidArgument) as refused:
        await graph.list_relationships(ANA, "followers", "", size, "")
    assert refused.value.field == "page_size"


async def test_someone_who_blocked_the_caller_has_no_lists_counts_or_path_for_them(graph):
    await graph.block(BEN, ANA)
    for ask in (
        graph.list_relationships(ANA, "followers", BEN, 10, ""),
        graph.counts(ANA, BEN),
        graph.mutual_friends(ANA, BEN, 10),
        graph.connection_path(ANA, BEN),
    ):
        with pytest.raises(NotFound):
            await ask
    assert await graph.counts(BEN, BEN) == (0, 0, 0)


async def test_counts_mutual_friends_and_paths(graph):
    for a, b in ((ANA, CAT), (BEN, CAT), (DAN, ANA)):
        await graph.send_friend_request(a, b)
        await graph.accept_friend_request(b, a)
    assert await graph.counts(ANA, "") == (2, 2, 2)
    assert await graph.mutual_friends(ANA, BEN, 0) == ([CAT], 1)
    assert await graph.connection_path(ANA, BEN) == [ANA, CAT, BEN]
    assert await graph.connection_path(ANA, ANA) == [ANA]
    with pytest.raises(InvalidArgument):
        await graph.mutual_friends(ANA, ANA, 0)


async def test_relationship_names_the_malformed_id(graph):
    with pytest.raises(InvalidArgument) as refused:
        await graph.relationship(ANA, "nope")
    assert refused.value.field == "other_user_id"


@pytest.mark.parametrize("ask", ["suggest_people", "suggest_communities", "keep_in_touch"])
async def test_suggestion_limits_are_checked(graph, ask):
    with pytest.raises(InvalidArgument) as refused:
        await getattr(graph, ask)(ANA, 51)
    assert refused.value.field == "limit"


async def test_suggestions_default_to_twenty(graph, store):
    await graph.suggest_people(ANA, 0)
    assert store.calls == [("suggest_people", ANA, 20)]


# --- care and ties --------------------------------------------------------------------------


async def test_a_note_is_kept_private_and_its_event_says_only_that_it_changed(graph, store):
    care = await graph.update_care(ANA, BEN, "likes sailing", 7)
    assert (care.note, care.every_days, care.connected) == ("likes sailing", 7, False)
    [event] = store.events
    assert event.name == "ConnectionCareUpdated" and "likes sailing" not in repr(event.fields)
    assert event.fields["note_changed"] and event.fields["cadence_changed"]


@pytest.mark.parametrize(
    ("note", "every_days", "field"),
    [("x" * 2001, None, "note"), (None, 366, "reach_out_every_days"), (None, None, "note")],
)
async def test_care_updates_are_checked(graph, store, note, every_days, field):
    with pytest.raises(InvalidArgument) as refused:
        await graph.update_care(ANA, BEN, note, every_days)
    assert refused.value.field == field and store.events == []


async def test_a_logged_interaction_is_announced(graph, store):
    care = await graph.update_care(ANA, BEN, None, None, interaction=True)
    assert care.last_interaction_at is not None and store.names() == ["InteractionLogged"]


async def test_a_tie_needs_someone_else_and_is_zero_without_interactions(graph, store):
    with pytest.raises(InvalidArgument):
        await graph.tie(ANA, ANA)
    assert await graph.tie(ANA, BEN) == Tie(BEN, 0.0, 0.0, 0, None)
    store.ties[(ANA, CAT)] = Tie(CAT, 4.0, 6.0, 2, None)
    assert (await graph.tie(ANA, CAT)).strength == 4.0

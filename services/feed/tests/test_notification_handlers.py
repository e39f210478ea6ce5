"""What events bring their readers (service_layer/notifications.py handlers) and the notification
reads, on the fakes of the feed's ports, without Redis."""

from __future__ import annotations

import time
import uuid

from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith_feed.domain.model import AuthorSummary
from kith_feed.service_layer import notifications as handlers
from kith_feed.service_layer.notification_reads import NotificationReads
from kith_platform.reading_filters import MutedWord
from services.feed.tests.fakes import fake_stores


def people(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def at(ms: int | None = None) -> Timestamp:
    stamp = Timestamp()
    stamp.FromMilliseconds(int(time.time() * 1000) if ms is None else ms)
    return stamp


def eid() -> str:
    return str(uuid.uuid4())


def reaction(user: str, author: str, **fields) -> content_events.ReactionAdded:
    fields.setdefault("kind", content_pb2.REACTION_KIND_LIKE)
    return content_events.ReactionAdded(
        post_id=str(uuid.uuid4()), target_author_id=author, user_id=user, reacted_at=at(), **fields
    )


async def test_a_follow_notifies_the_followee_once():
    store = fake_stores()
    me, ana = people(2)
    event, event_id = graph_events.UserFollowed(follower_id=me, followee_id=ana, followed_at=at()), eid()

    await handlers.user_followed(store, event_id, event)
    await handlers.user_followed(store, event_id, event)  # redelivered

    [group] = store.notifications.of(ana)
    assert (group.kind, group.actors.keys(), group.count) == ("new_follower", {me}, 1)
    assert store.notifications.of(me) == []
    assert await store.notifications.unread(ana) == 1


async def test_a_blocked_or_muted_actor_brings_no_notification_but_moderators_still_reach_them():
    store = fake_stores()
    me, blocked, muted, community = people(4)
    await store.relationships.set_blocked(me, blocked, True, 1)
    await store.relationships.set_muted(me, muted, True, 1)

    await handlers.reaction_added(store, eid(), reaction(blocked, me))
    await handlers.reaction_added(store, eid(), reaction(muted, me))
    warned = community_events.MemberWarned(community_id=community, user_id=me, warned_by=blocked, warned_at=at())
    await handlers.member_warned(store, eid(), warned)

    [group] = store.notifications.of(me)
    assert (group.kind, group.detail) == ("moderation", "warned you")


async def test_a_changed_reaction_notifies_no_one_again_and_a_reaction_to_a_comment_says_so():
    store = fake_stores()
    me, ana = people(2)

    await handlers.reaction_added(store, eid(), reaction(ana, me, previous_kind=content_pb2.REACTION_KIND_LOVE))
    assert store.notifications.of(me) == []
    await handlers.reaction_added(store, eid(), reaction(ana, me, comment_id=str(uuid.uuid4())))
    [group] = store.notifications.of(me)
    assert (group.kind, group.detail) == ("reaction", "comment")


async def test_a_reply_notifies_the_author_of_what_it_answers_and_those_it_mentions():
    store = fake_stores()
    post_author, comment_author, replier, mentioned = people(4)
    post_id, comment_id = str(uuid.uuid4()), str(uuid.uuid4())
    reply = content_events.CommentAdded(
        comment_id=str(uuid.uuid4()),
        post_id=post_id,
        post_author_id=post_author,
        parent_comment_id=comment_id,
        parent_author_id=comment_author,
        author_id=replier,
        mention_ids=[mentioned],
        created_at=at(),
    )

    await handlers.comment_added(store, eid(), reply)

    assert store.notifications.of(post_author) == []
    [to_comment_author] = store.notifications.of(comment_author)
    assert (to_comment_author.kind, to_comment_author.target, to_comment_author.detail) == (
        "reply",
        comment_id,
        "comment",
    )
    [to_mentioned] = store.notifications.of(mentioned)
    assert (to_mentioned.kind, to_mentioned.target) == ("mention", reply.comment_id)


async def test_a_join_request_reaches_every_moderator_and_its_approval_the_requester():
    store = fake_stores()
    community, owner, moderator, member, newcomer, walk_in = people(6)
    roles = {owner: communities_pb2.ROLE_OWNER, moderator: communities_pb2.ROLE_MODERATOR}
    for user in (owner, moderator, member):
        joined = community_events.MemberJoined(
            community_id=community, user_id=user, role=roles.get(user, communities_pb2.ROLE_MEMBER), joined_at=at()
        )
        await handlers.member_joined(store, eid(), joined)

    requested = community_events.JoinRequested(community_id=community, user_id=newcomer, requested_at=at())
    await handlers.join_requested(store, eid(), requested)
    for user in (newcomer, walk_in):
        joined = community_events.MemberJoined(
            community_id=community, user_id=user, role=communities_pb2.ROLE_MEMBER, joined_at=at()
        )
        await handlers.member_joined(store, eid(), joined)

    assert [g.kind for g in store.notifications.of(owner)] == ["join_request"]
    assert [g.kind for g in store.notifications.of(moderator)] == ["join_request"]
    assert store.notifications.of(member) == []
    assert [g.kind for g in store.notifications.of(newcomer)] == ["join_approved"]
    assert store.notifications.of(walk_in) == []  # joined without asking: nothing to approve


async def test_a_withdrawn_follow_request_takes_its_notification_and_a_late_copy_stays_out():
    store = fake_stores()
    me, ana = people(2)
    requested = graph_events.FollowRequested(follower_id=ana, followee_id=me, requested_at=at(1_000))
    withdrawn = graph_events.FollowRequestWithdrawn(
        follower_id=ana, followee_id=me, requested_at=at(1_000), withdrawn_at=at(2_000)
    )

    await handlers.follow_requested(store, eid(), requested)
    assert [g.kind for g in store.notifications.of(me)] == ["follow_request"]
    await handlers.follow_request_withdrawn(store, eid(), withdrawn)
    assert store.notifications.of(me) == []
    await handlers.follow_requested(store, eid(), requested)  # the request again, from another partition
    assert store.notifications.of(me) == []


async def test_a_kind_turned_off_is_not_notified():
    store = fake_stores()
    me, ana = people(2)
    await NotificationReads(store).set_preferences(me, {"reaction": False})

    await handlers.reaction_added(store, eid(), reaction(ana, me))

    assert store.notifications.of(me) == []
    assert (await store.notifications.preferences(me))["mention"] is True


async def test_the_notification_page_names_its_actors_and_leaves_out_those_blocked_since():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.feeds.put_author(AuthorSummary(ana, "ana", "Ana"))
    now = int(time.time() * 1000)
    await handlers.user_followed(
        store, eid(), graph_events.UserFollowed(follower_id=ana, followee_id=me, followed_at=at(now))
    )
    await handlers.user_followed(
        store, eid(), graph_events.UserFollowed(follower_id=bo, followee_id=me, followed_at=at(now))
    )
    reads = NotificationReads(store)

    [(group, text)] = (await reads.page(me, 10, ""))[0]
    assert group.actor_count == 2 and text.endswith("and 1 other started following you")

    await store.relationships.set_blocked(me, bo, True, now)
    [(group, text)] = (await reads.page(me, 10, ""))[0]
    assert group.actor_ids == (ana,) and text == "ana started following you"


async def test_a_comment_the_readers_filters_hide_notifies_them_of_nothing():
    store = fake_stores()
    post_author, mentioned, plain, commenter = people(4)
    await store.feeds.mute_word(post_author, MutedWord("spoiler", True, 0, 1))
    await store.feeds.set_content_warnings(mentioned, "hide")

    async def comment(text: str, warning: str = "") -> None:
        event = content_events.CommentAdded(
            comment_id=str(uuid.uuid4()),
            post_id=str(uuid.uuid4()),
            post_author_id=post_author,
            author_id=commenter,
            excerpt=text,
            content_warning=warning,
            mention_ids=[mentioned, plain],
            created_at=at(),
        )
        await handlers.comment_added(store, eid(), event)

    await comment("a Spoiler for you all", warning="the ending")
    assert store.notifications.of(post_author) == [] and store.notifications.of(mentioned) == []
    assert len(store.notifications.of(plain)) == 1
    await comment("nothing to hide")
    assert [n.kind for n in store.notifications.of(post_author)] == ["reply"]
    assert [n.kind for n in store.notifications.of(mentioned)] == ["mention"]

"""Erasure (issue 15) in the feed's read model: which events about an erased person are dropped
or applied without them (no servers), and on the real Redis, standalone and cluster (make up):
after UserErased no key of the Redis holds their id but the tombstone list, others' counters
and notifications stay right, late and redelivered events bring nothing back, and an erasure
cut short finishes when UserErased comes again."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import events_pb2 as feed_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters import erasure as erasure_adapter
from kith_feed.adapters.keys import (  # re-exported for the callers of this module
    BIG_AUTHORS,
    ERASED_USERS,
    affinity_key,
    followers_key,
    following_key,
    members_key,
    post_key,
)
from kith_feed.adapters.keys import community_prefix as prefix
from kith_feed.adapters.mentorship import RedisMentorship
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.erasure import named_ids, scrub
from kith_feed.service_layer.erasure import LOOK_AGAIN_AFTER_MS, erase_due_again, erase_user, erase_users
from kith_feed.service_layer.events import apply_batch
from kith_feed.service_layer.outbox_relay import relay_outboxes
from kith_platform.events import IDENTITY_USERS, make_event, parse_envelope, timestamp, unpack_payload
from tests.integration.traces_redis import traces_in

LIKE = content_pb2.REACTION_KIND_LIKE


async def apply_event(store, value: bytes) -> str:
    """One envelope through the worker's batch path; its outcome."""
    return (await apply_batch(store, [value]))[0]


def _id() -> str:
    return str(uuid.uuid4())


# --- which events are dropped, which applied without the erased (no servers) ---------------------


def test_an_event_about_an_erased_person_is_dropped():
    u, a = _id(), _id()
    assert scrub(graph_events.UserFollowed(follower_id=u, followee_id=a), {u}) is None
    assert scrub(graph_events.UserFollowed(follower_id=a, followee_id=u), {u}) is None
    assert scrub(identity_events.UserRegistered(user_id=u, handle="ana"), {u}) is None
    assert scrub(community_events.MemberJoined(community_id=_id(), user_id=u), {u}) is None
    assert scrub(content_events.PostPublished(post_id=_id(), author_id=u), {u}) is None


def test_an_event_that_only_mentions_an_erased_person_applies_without_them():
    u, a, c, p = _id(), _id(), _id(), _id()
    banned = scrub(community_events.MemberBanned(community_id=c, user_id=a, banned_by=u), {u})
    assert banned.user_id == a and banned.banned_by == ""  # a moderator's erasure keeps the ban
    post = scrub(content_events.PostPublished(post_id=p, author_id=a, mention_ids=[u, c]), {u})
    assert post.author_id == a and list(post.mention_ids) == [c]
    # Counters must keep pace with content's removals, which name nobody: applied, blanked.
    reaction = scrub(content_events.ReactionAdded(post_id=p, user_id=u, target_author_id=a, kind=LIKE), {u})
    assert reaction.user_id == "" and reaction.target_author_id == a and reaction.post_id == p
    comment = scrub(content_events.CommentAdded(post_id=p, author_id=a, parent_author_id=u), {u})
    assert comment.author_id == a and comment.parent_author_id == ""


def test_events_naming_no_erased_person_are_untouched():
    a, b = _id(), _id()
    followed = graph_events.UserFollowed(follower_id=a, followee_id=b)
    assert scrub(followed, {_id()}) is followed and scrub(followed, set()) is followed
    assert named_ids(content_events.PostPublished(post_id=a, author_id=b, text=a + " words")) == {a, b}
    assert scrub(identity_events.UserErased(user_id=a), {a}) is not None  # the erasure itself


# --- on the real Redis -------------------------------------------------------------------------------


@pytest.fixture
async def store(redis_client):
    store = FeedStores.build(redis_client)
    # Its own list of outboxes to relay (the running stream worker relays the shared one).
    due = f"test:outbox-due:{uuid.uuid4()}"
    store.outbox = RedisOutbox(redis_client, due_key=due)
    store.mentorship = RedisMentorship(redis_client, store.outbox)
    store.erasure.outbox_due_key = due
    store.erasure.rechecks_key = f"test:erasure-rechecks:{uuid.uuid4()}"  # its own schedule too
    store.announced = []

    async def publish(event) -> None:
        store.announced.append(event)

    store.publish = publish
    return store


def _envelope(payload, key: str = "k") -> bytes:
    return make_event(topic=IDENTITY_USERS, aggregate_id=key, producer="test", payload=payload).value


class World:
    """A person (u) with a rich life around three others and a community, built through the
    stream worker's own event handlers; every envelope is kept for redelivery."""

    def __init__(self, store: FeedStores) -> None:
        self.store = store
        self.u, self.a, self.b, self.c = _id(), _id(), _id(), _id()
        self.community, self.other_community, self.meetup = _id(), _id(), _id()
        self.u_post, self.a_post, self.a_removed, self.share = _id(), _id(), _id(), _id()
        self.u_comment, self.a_reply = _id(), _id()
        self.sent: list[bytes] = []
        self.now = datetime.now(UTC)

    def at(self, seconds: int = 0):
        return timestamp(self.now + timedelta(seconds=seconds))

    async def apply(self, *payloads) -> None:
        for payload in payloads:
            value = _envelope(payload)
            self.sent.append(value)
            outcome = await apply_event(self.store, value)
            assert not outcome.startswith(("skipped", "malformed")), outcome

    async def build(self) -> None:
        u, a, b, c, cm = self.u, self.a, self.b, self.c, self.community
        public, moderator = communities_pb2.VISIBILITY_PUBLIC, communities_pb2.ROLE_MODERATOR
        await self.apply(
            *(identity_events.UserRegistered(user_id=x, handle=f"h{x[:6]}", display_name="X") for x in (u, a, b, c)),
            identity_events.InterestsChanged(user_id=u, interests=["chess", "go"]),
            community_events.CommunityCreated(community_id=cm, visibility=public, owner_id=u, created_at=self.at()),
            community_events.CommunityCreated(community_id=self.other_community, visibility=public, owner_id=a),
            community_events.MemberJoined(community_id=cm, user_id=u, role=moderator, joined_at=self.at(-5)),
            community_events.MemberJoined(community_id=cm, user_id=a, role=moderator, joined_at=self.at(-4)),
            community_events.MemberJoined(community_id=cm, user_id=b, joined_at=self.at(-4)),
            community_events.MemberJoined(
                community_id=self.other_community, user_id=a, role=moderator, joined_at=self.at(-4)
            ),
            graph_events.UserFollowed(follower_id=u, followee_id=a, followed_at=self.at(-3)),
            graph_events.UserFollowed(follower_id=b, followee_id=u, followed_at=self.at(-3)),
            graph_events.FriendshipStarted(user_id=c, friend_id=u, started_at=self.at(-3)),
            graph_events.UserBlocked(blocker_id=u, blocked_id=_id(), blocked_at=self.at(-3)),
            graph_events.UserMuted(muter_id=b, muted_id=u, muted_at=self.at(-3)),
            graph_events.UserMuted(muter_id=b, muted_id=u, muted_at=self.at(-2)),
            graph_events.UserUnmuted(muter_id=b, muted_id=u, unmuted_at=self.at(-1)),  # an ended fact
            graph_events.FollowRequested(follower_id=u, followee_id=c, requested_at=self.at(-3)),
            graph_events.FollowRequestWithdrawn(
                follower_id=u, followee_id=c, requested_at=self.at(-3), withdrawn_at=self.at(-2)
            ),
            graph_events.ReachOutDue(user_id=a, other_user_id=u, every_days=7, due_at=self.at(-1)),
            # u's community post (their first: a badge), mentioning a; a's post mentioning u.
            content_events.PostPublished(
                post_id=self.u_post,
                author_id=u,
                text="hello #erasure",
                created_at=self.at(),
                audience=content_pb2.AUDIENCE_COMMUNITY,
                community_id=cm,
                hashtags=["erasure"],
                mention_ids=[a],
            ),
            content_events.PostPublished(
                post_id=self.a_post,
                author_id=a,
                text="hi",
                created_at=self.at(1),
                audience=content_pb2.AUDIENCE_COMMUNITY,
                community_id=cm,
                mention_ids=[u],
            ),
            content_events.PostPublished(
                post_id=self.a_removed,
                author_id=a,
                text="oops",
                created_at=self.at(1),
                audience=content_pb2.AUDIENCE_PUBLIC,
            ),
            # u comments on a's post, a replies to u; b reacts to u's post; u reacts to a's post and shares it.
            content_events.CommentAdded(
                comment_id=self.u_comment,
                post_id=self.a_post,
                post_author_id=a,
                author_id=u,
                excerpt="nice",
                depth=1,
                created_at=self.at(2),
                community_id=cm,
            ),
            content_events.CommentAdded(
                comment_id=self.a_reply,
                post_id=self.a_post,
                post_author_id=a,
                parent_comment_id=self.u_comment,
                parent_author_id=u,
                author_id=a,
                excerpt="thanks",
                depth=2,
                created_at=self.at(3),
                community_id=cm,
            ),
            content_events.ReactionAdded(
                post_id=self.u_post, target_author_id=u, user_id=b, kind=LIKE, reacted_at=self.at(3), community_id=cm
            ),
            content_events.ReactionAdded(
                post_id=self.a_post, target_author_id=a, user_id=u, kind=LIKE, reacted_at=self.at(3), community_id=cm
            ),
            content_events.ReactionAdded(
                post_id=self.a_post, target_author_id=a, user_id=b, kind=LIKE, reacted_at=self.at(3), community_id=cm
            ),
            # u votes a's community post up, and pins it (as a moderator): their vote is theirs.
            content_events.PostVoted(
                post_id=self.a_post,
                community_id=cm,
                author_id=a,
                user_id=u,
                value=1,
                upvotes=1,
                post_created_at=self.at(1),
                voted_at=self.at(3),
            ),
            content_events.PostFeatured(
                post_id=self.a_post,
                community_id=cm,
                feature=content_pb2.FEATURE_PINNED,
                featured_by=u,
                featured_at=self.at(3),
                post_created_at=self.at(1),
            ),
            content_events.PostShared(
                original_post_id=self.a_removed,
                original_author_id=a,
                share_post_id=self.share,
                user_id=u,
                shared_at=self.at(4),
            ),
            content_events.PostPublished(
                post_id=self.share,
                author_id=u,
                text="",
                created_at=self.at(4),
                audience=content_pb2.AUDIENCE_PUBLIC,
                shared_post_id=self.a_removed,
            ),
            # u moderates: removes a's post (a is told by "Moderators removed your post").
            content_events.PostRemoved(
                post_id=self.a_removed, author_id=a, community_id=cm, removed_by=u, removed_at=self.at(5)
            ),
            community_events.RsvpChanged(
                community_id=cm,
                event_id=self.meetup,
                user_id=u,
                status=communities_pb2.RSVP_STATUS_GOING,
                changed_at=self.at(5),
            ),
            community_events.JoinRequested(community_id=self.other_community, user_id=u, requested_at=self.at(5)),
            identity_events.UserDeactivated(user_id=u, deactivated_at=self.at(6)),
        )
        store = self.store
        await store.notifications.set_preferences(u, {"mention": False})
        await store.feeds.home_context(u, 1000, ("+inf", 10))  # u's reads: feed:activity
        await store.redis.sadd(BIG_AUTHORS, u)  # an operator pinned u
        # Mentorship: u mentors a in the community (a's match notifies both), and offers to.
        await store.mentorship.set_interests(a, ["chess"])
        await store.mentorship.set_available(
            cm,
            u,
            3,
            0,
            _envelope(
                feed_events.MentorAvailabilityChanged(
                    community_id=cm, user_id=u, available=True, capacity=3, sequence=1
                )
            ),
        )
        await store.mentorship.match(
            cm, a, u, _envelope(feed_events.MentorMatched(community_id=cm, mentee_id=a, mentor_id=u))
        )
        await store.notifications.notify(f"mentor:{cm}:{a}", a, "mentor_matched", cm, u, 1000, cm, "mentee")
        await store.notifications.notify(f"mentor:{cm}:{a}", u, "mentor_matched", cm, a, 1000, cm, "mentor")


async def _traces(store: FeedStores, user_id: str) -> list[str]:
    return await traces_in(store.redis, user_id, allowed_keys=[ERASED_USERS, store.erasure.rechecks_key])


async def _hash(store: FeedStores, key: str) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in (await store.redis.hgetall(key)).items()}


async def test_after_user_erased_only_the_tombstone_holds_their_id(store):
    world = World(store)
    await world.build()
    u, a, b = world.u, world.a, world.b
    assert len(await _traces(store, u)) > 20  # a rich life, everywhere

    await apply_event(store, _envelope(identity_events.UserErased(user_id=u, erased_at=world.at(7))))
    # What content publishes for them: each post deleted, and their reactions and comments on
    # others' posts taken back, all naming nobody.
    for post_id in (world.u_post, world.share):
        await apply_event(store, _envelope(content_events.PostDeleted(post_id=post_id, deleted_at=world.at(8))))
    await apply_event(
        store,
        _envelope(
            content_events.ReactionRemoved(post_id=world.a_post, target_author_id=a, kind=LIKE, removed_at=world.at(8))
        ),
    )
    await apply_event(
        store,
        _envelope(
            content_events.CommentDeleted(comment_id=world.u_comment, post_id=world.a_post, deleted_at=world.at(8))
        ),
    )
    await relay_outboxes(store.outbox, store.publish)  # the unsent mentorship events naming them go out first
    await apply_event(store, _envelope(identity_events.UserErased(user_id=u, erased_at=world.at(7))))

    assert await _traces(store, u) == []
    assert await store.redis.zscore(ERASED_USERS, u) is not None

    # Others' counters are exact: a's post has b's reaction and a's reply; its share stays counted.
    a_post = await _hash(store, post_key(world.a_post))
    assert (a_post["reactions"], a_post["comments"], a_post.get("author_id")) == ("1", "1", a)
    assert (a_post["upvotes"], a_post["feature"]) == ("1", "pinned")  # their vote counted, without them
    assert (await _hash(store, post_key(world.a_removed))).keys() == {"deleted"}
    assert await _hash(store, post_key(world.u_post)) == {"deleted": "1"}  # no author, no text
    # Others' data is intact: b still a member; a's "Moderators removed your post" stays, naming nobody.
    assert await store.redis.sismember(members_key(world.community), b)
    notes = await store.notifications.page(a, "+inf", None, 50, frozenset())
    assert [n.kind for n in notes if n.kind == "moderation"] == ["moderation"]
    assert all(u not in n.actor_ids and u not in n.notification_id for n in notes)
    assert not any(n.kind in ("reply", "share", "reach_out", "mentor_matched") for n in notes)
    # Community points of others stay; the erased person is off the leaderboard.
    scores = dict(await store.recognition.scores(world.community, 0, None))
    assert u not in scores and scores[a] > 0


async def test_late_and_redelivered_events_bring_nothing_back(store):
    world = World(store)
    await world.build()
    u, a = world.u, world.a
    await relay_outboxes(store.outbox, store.publish)
    erased = _envelope(identity_events.UserErased(user_id=u, erased_at=world.at(7)))
    await apply_event(store, erased)
    counts = await _hash(store, post_key(world.a_post))

    for value in world.sent:  # everything again, in order: a redelivery after the erasure
        await apply_event(store, value)
    late = [  # and events about them that arrive late, for the first time
        identity_events.UserRegistered(user_id=u, handle="back", display_name="Back"),
        identity_events.ProfileUpdated(user_id=u, handle="back"),
        graph_events.UserFollowed(follower_id=u, followee_id=a, followed_at=world.at(9)),
        graph_events.UserFollowed(follower_id=a, followee_id=u, followed_at=world.at(9)),
        graph_events.UserUnfollowed(follower_id=a, followee_id=u, unfollowed_at=world.at(9)),
        community_events.MemberJoined(community_id=world.community, user_id=u, joined_at=world.at(9)),
        content_events.PostPublished(
            post_id=_id(), author_id=u, text="late", created_at=world.at(9), audience=content_pb2.AUDIENCE_PUBLIC
        ),
        content_events.PostPublished(
            post_id=_id(),
            author_id=a,
            text="hey",
            created_at=world.at(9),
            audience=content_pb2.AUDIENCE_PUBLIC,
            mention_ids=[u],
        ),
        content_events.CommentAdded(
            comment_id=_id(),
            post_id=world.a_post,
            post_author_id=a,
            parent_comment_id=world.u_comment,
            parent_author_id=u,
            author_id=a,
            depth=2,
            created_at=world.at(9),
            community_id=world.community,
        ),
    ]
    for payload in late:
        await apply_event(store, _envelope(payload))
    await apply_event(store, erased)  # and the erasure redelivered

    assert await _traces(store, u) == []
    after = await _hash(store, post_key(world.a_post))
    assert after["reactions"] == counts["reactions"]  # redeliveries counted once
    assert int(after["comments"]) == int(counts["comments"]) + 1  # a's late reply counts, without u
    assert not await store.redis.sismember(following_key(a), u)
    assert not await store.redis.exists(followers_key(u))


async def test_an_erasure_cut_short_finishes_when_user_erased_comes_again(store, monkeypatch):
    world = World(store)
    await world.build()
    await relay_outboxes(store.outbox, store.publish)
    erased = _envelope(identity_events.UserErased(user_id=world.u, erased_at=world.at(7)))

    class Killed(Exception):
        pass

    real = erasure_adapter.RedisErasure._leave_group
    calls = []

    async def dies_halfway(self, reader, gid, user_id):
        calls.append(gid)
        if len(calls) == 2:
            raise Killed()  # the worker dies in the middle of the scan's work
        await real(self, reader, gid, user_id)

    monkeypatch.setattr(erasure_adapter.RedisErasure, "_leave_group", dies_halfway)
    with pytest.raises(Killed):
        await apply_event(store, erased)
    assert await _traces(store, world.u) != []
    # Meanwhile events about them are already dropped (the tombstone was written first).
    assert (
        await apply_event(
            store,
            _envelope(graph_events.UserFollowed(follower_id=world.b, followee_id=world.u, followed_at=world.at(9))),
        )
        == "skipped:erased"
    )
    monkeypatch.setattr(erasure_adapter.RedisErasure, "_leave_group", real)
    await apply_event(store, erased)  # Kafka delivers it again: the job is finished
    assert await _traces(store, world.u) == []


async def test_an_unsent_mentorship_event_naming_them_is_published_before_it_goes(store):
    world = World(store)
    await world.build()
    cm = world.community
    assert await store.erasure.forget_everywhere([world.u]) == {world.u}  # still in the outbox: not finished
    assert await store.redis.sismember(store.erasure.outbox_due_key, cm)  # ... and due for relay now
    before = len(store.announced)
    await relay_outboxes(store.outbox, store.publish)
    # Availability and match published (with the badges and trust levels the world earned).
    kinds = [unpack_payload(parse_envelope(e.value)).DESCRIPTOR.name for e in store.announced[before:]]
    assert kinds.count("MentorAvailabilityChanged") == 1 and kinds.count("MentorMatched") == 1
    assert await store.erasure.forget_everywhere([world.u]) == set()
    assert await store.redis.llen(f"{prefix(cm)}outbox") == 0


async def test_what_is_written_about_them_after_the_erasure_goes_in_the_later_pass(store):
    world = World(store)
    await world.build()
    await relay_outboxes(store.outbox, store.publish)
    assert await erase_user(store, world.u)
    assert await _traces(store, world.u) == []
    # An agent that had looked at the tombstone list just before it was written writes now.
    await store.redis.zadd(affinity_key(world.a), {world.u: 1.0})
    now = int(time.time() * 1000)
    assert await erase_due_again(store, now) == 0  # not due yet
    later = now + LOOK_AGAIN_AFTER_MS + 1
    assert await erase_due_again(store, later) == 1
    assert await traces_in(store.redis, world.u, allowed_keys=[ERASED_USERS]) == []  # schedule done
    assert await erase_due_again(store, later + 10 * LOOK_AGAIN_AFTER_MS) == 0  # once, not again


async def test_several_people_are_erased_in_one_pass(store):
    one, two = World(store), World(store)
    await one.build()
    await two.build()
    await relay_outboxes(store.outbox, store.publish)
    assert await erase_users(store, [one.u, two.u]) == set()
    assert await _traces(store, one.u) == []
    assert await _traces(store, two.u) == []


async def test_reads_hide_an_erased_author_at_once(store):
    author = _id()
    await store.erasure.record(author)
    assert await store.relationships.away([author, _id()]) == {author}

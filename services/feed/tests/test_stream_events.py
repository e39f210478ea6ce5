"""The stream worker's batches (service_layer/events.py apply_batch and HANDLERS) on the fakes of
the feed's ports: what each record becomes, without Kafka or Redis."""

from __future__ import annotations

import time
import uuid

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.keys import timeline_key
from kith_feed.service_layer.events import apply_batch
from kith_feed.service_layer.reads import FeedReads
from kith_platform.events import make_event
from services.feed.tests.fakes import fake_stores

PUBLISHED, FOLLOWED = "kith.content.v1.PostPublished", "kith.graph.v1.UserFollowed"


def people(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def at(ms: int | None = None) -> Timestamp:
    stamp = Timestamp()
    stamp.FromMilliseconds(int(time.time() * 1000) if ms is None else ms)
    return stamp


def record(event: Message, event_id: str | None = None) -> bytes:
    value = make_event(topic="test", aggregate_id="test", producer="test", payload=event, event_id=event_id).value
    assert value is not None
    return value


def published(author: str, **fields) -> content_events.PostPublished:
    fields.setdefault("audience", content_pb2.AUDIENCE_PUBLIC)
    return content_events.PostPublished(
        post_id=str(uuid.uuid4()), author_id=author, text="hello", created_at=at(), **fields
    )


def followed(follower: str, followee: str, ms: int | None = None) -> graph_events.UserFollowed:
    return graph_events.UserFollowed(follower_id=follower, followee_id=followee, followed_at=at(ms))


async def test_a_run_of_new_posts_is_fanned_out_in_one_call_and_hinted_to_its_readers():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.relationships.set_following(me, ana, True, 1)
    posts = [published(ana), published(ana), published(bo)]
    later = published(ana)

    outcomes = await apply_batch(store, [*map(record, posts), record(followed(me, bo)), record(later)])

    assert outcomes == [PUBLISHED] * 3 + [FOLLOWED, PUBLISHED]
    assert store.fan_out.calls == [[p.post_id for p in posts], [later.post_id]]
    # The follow came after bo's post was fanned out: it backfilled it.
    assert set(store.feeds.home(me)) == {p.post_id for p in [*posts, later]}
    assert [kind for kind, _ in store.live.items[me]] == ["home_feed"]  # coalesced: one hint
    assert ana not in store.live.items and bo not in store.live.items  # authors get none


async def test_a_follow_reaches_the_relationships_and_notifies_the_followee():
    store = fake_stores()
    me, ana = people(2)

    assert await apply_batch(store, [record(followed(me, ana))]) == [FOLLOWED]

    assert ana in (await store.feeds.viewer(me)).following
    [group] = store.notifications.of(ana)
    assert (group.kind, list(group.actors)) == ("new_follower", [me])


async def test_an_older_unfollow_arriving_late_does_not_undo_a_newer_follow():
    store = fake_stores()
    me, ana = people(2)
    unfollowed = graph_events.UserUnfollowed(follower_id=me, followee_id=ana, unfollowed_at=at(1_000))

    await apply_batch(store, [record(followed(me, ana, 2_000)), record(unfollowed)])

    assert ana in (await store.feeds.viewer(me)).following


async def test_records_that_are_no_event_are_reported_and_the_batch_goes_on():
    store = fake_stores()
    me, ana = people(2)
    unknown = graph_events.GraphSettingsChanged(user_id=me)  # not in HANDLERS

    outcomes = await apply_batch(store, [b"not an envelope", None, record(unknown), record(followed(me, ana))])

    assert outcomes == ["malformed", "tombstone", "ignored:kith.graph.v1.GraphSettingsChanged", FOLLOWED]
    assert ana in (await store.feeds.viewer(me)).following


async def test_a_post_for_an_audience_the_worker_does_not_know_is_skipped():
    store = fake_stores()
    odd = published(str(uuid.uuid4()), audience=99)

    assert await apply_batch(store, [record(odd)]) == ["skipped:unknown-audience"]
    assert store.fan_out.calls == [] and store.feeds.posts == {}


async def test_applying_a_batch_again_changes_nothing():
    store = fake_stores()
    me, ana = people(2)
    post = published(ana)
    reaction = content_events.ReactionAdded(
        post_id=post.post_id, target_author_id=ana, user_id=me, kind=content_pb2.REACTION_KIND_LIKE, reacted_at=at()
    )
    batch = [record(post), record(reaction)]

    await apply_batch(store, batch)
    await apply_batch(store, batch)

    summary = store.feeds.summary(post.post_id)
    assert summary is not None and summary.reactions == 1
    assert summary.reactions_by_kind == ((content_pb2.REACTION_KIND_LIKE, 1),)
    assert store.feeds.affinity[me][ana] == 1.0
    [group] = store.notifications.of(ana, "reaction")
    assert group.count == 1


async def test_an_erasure_takes_the_person_out_and_drops_what_comes_about_them_later():
    store = fake_stores()
    me, gone = people(2)
    await store.relationships.set_following(me, gone, True, 1)
    before = published(gone)
    erased = identity_events.UserErased(user_id=gone, erased_at=at())
    after = published(gone)

    outcomes = await apply_batch(store, [record(before), record(erased), record(after)])

    assert outcomes == [PUBLISHED, "kith.identity.v1.UserErased", "skipped:erased"]
    assert store.fan_out.calls == [[before.post_id]]  # the erasure came after its run
    assert store.feeds.summary(before.post_id) is None  # tombstoned: every feed skips it
    assert await FeedReads(store).home(me, 10, "", ranked=False) == ([], "")
    assert gone in store.feeds.erased and gone in store.erasure.rechecks
    assert store.live.erased == [gone]
    assert gone not in (await store.feeds.viewer(me)).following
    # Delivered again (a later batch): dropped, as everything naming them.
    assert await apply_batch(store, [record(after), record(followed(me, gone))]) == ["skipped:erased"] * 2
    assert store.feeds.lists[timeline_key(gone)] == {}


async def test_an_event_only_mentioning_an_erased_person_is_applied_without_them():
    store = fake_stores()
    me, ana, gone = people(3)
    await apply_batch(store, [record(identity_events.UserErased(user_id=gone, erased_at=at()))])
    mentioning = published(ana, mention_ids=[me, gone])

    assert await apply_batch(store, [record(mentioning)]) == [PUBLISHED]

    assert [g.kind for g in store.notifications.of(me)] == ["mention"]
    assert store.notifications.of(gone) == []


async def test_a_member_joining_goes_through_every_concern_in_the_table():
    store = fake_stores()
    community, owner = str(uuid.uuid4()), str(uuid.uuid4())
    joined = community_events.MemberJoined(
        community_id=community, user_id=owner, role=communities_pb2.ROLE_OWNER, joined_at=at()
    )

    await apply_batch(store, [record(joined)])

    assert community in (await store.feeds.viewer(owner)).communities  # feeds
    assert await store.community_facts.moderators(community) == [owner]  # notifications
    assert await store.metrics.take_dirty(10) == [community]  # insights
    assert await store.recognition.joined_at(community, owner) == joined.joined_at.ToMilliseconds()  # recognition

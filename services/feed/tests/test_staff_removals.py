"""Posts and comments the platform's staff removed and restored, on the fakes of the feed's ports:
identity's ContentRemovedByStaff (applied by the feed API's mirror before identity answers, and
by the stream worker from Kafka), content's PostRemoved, PostRestored and CommentRestored, in
any order and delivered again."""

from __future__ import annotations

import uuid

import pytest

from kith.content.v1 import events_pb2 as content_events
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_feed.adapters.keys import community_key, hashtag_key, home_key, post_key, timeline_key
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.model import PostSummary
from kith_feed.domain.notifications import Notification, summary
from kith_feed.entrypoints.mirror import FactsMirror
from kith_feed.service_layer.events import apply_batch
from kith_platform.testing import redis_for_test
from services.feed.tests.fakes import fake_stores
from services.feed.tests.test_stream_events import PUBLISHED, at, people, published, record

POST = trust_safety_pb2.REPORT_TARGET_KIND_POST
RESTORED = "kith.content.v1.PostRestored"


def removed_by_staff(post_id: str, removal_id: str, kind=POST) -> identity_events.ContentRemovedByStaff:
    return identity_events.ContentRemovedByStaff(
        removal_id=removal_id, target_kind=kind, target_id=post_id, staff_id=str(uuid.uuid4()), removed_at=at()
    )


def restored_by_staff(post_id: str, removal_id: str) -> identity_events.ContentRestoredByStaff:
    return identity_events.ContentRestoredByStaff(
        removal_id=removal_id, target_kind=POST, target_id=post_id, staff_id=str(uuid.uuid4()), restored_at=at()
    )


def post_removed(post, removal_id: str) -> content_events.PostRemoved:
    return content_events.PostRemoved(
        post_id=post.post_id,
        author_id=post.author_id,
        community_id=post.community_id,
        hashtags=list(post.hashtags),
        removed_at=at(),
        removal_id=removal_id,
    )


def post_restored(post, removal_id: str) -> content_events.PostRestored:
    return content_events.PostRestored(post=post, removal_id=removal_id, restored_at=at())


async def _published_to(store, follower: str, post) -> None:
    await store.relationships.set_following(follower, post.author_id, True, 1)
    assert await apply_batch(store, [record(post)]) == [PUBLISHED]


def _everywhere(store, post) -> dict[str, bool]:
    f = store.feeds
    keys = [timeline_key(post.author_id), hashtag_key("tag")]
    keys += [community_key(post.community_id)] if post.community_id else []
    shown = {key: post.post_id in f.lists[key] for key in keys}
    shown["summary"] = f.summary(post.post_id) is not None
    shown["popular"] = post.post_id in f.popular_scores
    return shown


async def test_the_mirror_takes_a_removed_post_out_of_every_feed_knowing_only_its_id():
    store = fake_stores()
    me, ana = people(2)
    post = published(ana, hashtags=["tag"], community_id=str(uuid.uuid4()))
    await _published_to(store, me, post)
    assert all(_everywhere(store, post).values())

    await FactsMirror(store).apply([removed_by_staff(post.post_id, str(uuid.uuid4()))])

    assert not any(_everywhere(store, post).values())
    assert store.feeds.summary(post.post_id) is None  # so no home feed shows it


async def test_a_restored_post_is_back_where_it_was_without_new_mentions_or_hints():
    store = fake_stores()
    me, ana, cy = people(3)
    post = published(ana, hashtags=["tag"], mention_ids=[cy])
    await _published_to(store, me, post)
    removal = str(uuid.uuid4())
    await FactsMirror(store).apply([removed_by_staff(post.post_id, removal)])
    await apply_batch(store, [record(post_removed(post, removal))])
    mentions_before, hints_before = store.notifications.of(cy), list(store.live.items.get(me, []))

    assert await apply_batch(store, [record(post_restored(post, removal))]) == [RESTORED]
    assert await apply_batch(store, [record(post_restored(post, removal))]) == [RESTORED]  # redelivered

    assert all(_everywhere(store, post).values())
    assert store.feeds.home(me) == [post.post_id]
    assert store.feeds.lists[timeline_key(ana)][post.post_id] == post.created_at.ToMilliseconds()
    assert store.notifications.of(cy) == mentions_before
    assert store.live.items.get(me, []) == hints_before


async def test_a_removal_delivered_after_its_reversal_takes_nothing():
    store = fake_stores()
    me, ana = people(2)
    post = published(ana)
    await _published_to(store, me, post)
    removal = str(uuid.uuid4())
    await FactsMirror(store).apply([removed_by_staff(post.post_id, removal)])
    await apply_batch(store, [record(post_removed(post, removal)), record(post_restored(post, removal))])

    # identity's topic and content's are not ordered: the worker may read the removal last
    await apply_batch(store, [record(removed_by_staff(post.post_id, removal))])
    await apply_batch(store, [record(post_removed(post, removal))])

    assert store.feeds.home(me) == [post.post_id] and store.feeds.summary(post.post_id) is not None


async def test_a_restoration_does_not_bring_back_a_post_deleted_otherwise():
    store = fake_stores()
    me, ana = people(2)
    post = published(ana)
    await _published_to(store, me, post)
    deleted = content_events.PostDeleted(post_id=post.post_id, author_id=ana, deleted_at=at())
    await apply_batch(store, [record(deleted)])

    assert await apply_batch(store, [record(post_restored(post, str(uuid.uuid4())))]) == ["skipped:deleted"]
    assert store.feeds.summary(post.post_id) is None


async def test_a_post_never_fanned_out_is_removed_and_restored_harmlessly():
    store = fake_stores()
    post = published(people(1)[0])
    removal = str(uuid.uuid4())
    await FactsMirror(store).apply([removed_by_staff(post.post_id, removal)])
    assert await apply_batch(store, [record(post)]) == [PUBLISHED]  # a late publish stays out
    assert store.feeds.summary(post.post_id) is None
    # identity's reversal alone lifts the tombstone (a post held for review is never restored
    # by content: it goes back to its review, and may be published later)
    await FactsMirror(store).apply([restored_by_staff(post.post_id, removal)])
    assert await apply_batch(store, [record(post)]) == [PUBLISHED]
    assert store.feeds.summary(post.post_id) is not None


async def test_other_targets_and_malformed_ids_are_left_alone():
    store = fake_stores()
    me, ana = people(2)
    post = published(ana)
    await _published_to(store, me, post)
    comment = removed_by_staff(post.post_id, str(uuid.uuid4()), kind=trust_safety_pb2.REPORT_TARGET_KIND_COMMENT)
    await FactsMirror(store).apply([comment, removed_by_staff(post.post_id, "nope")])
    await apply_batch(store, [record(comment)])
    assert store.feeds.home(me) == [post.post_id]


async def test_the_author_is_told_the_platforms_staff_removed_it_not_moderators():
    store = fake_stores()
    ana, mod = people(2)
    post = published(ana)
    await apply_batch(store, [record(post)])
    comment_id = str(uuid.uuid4())
    comment = content_events.CommentDeleted(
        comment_id=comment_id, post_id=post.post_id, author_id=ana, removed=True, deleted_at=at(), removal_id="r2"
    )
    by_moderator = content_events.CommentDeleted(
        comment_id=str(uuid.uuid4()), post_id=post.post_id, author_id=ana, removed=True, deleted_by=mod, deleted_at=at()
    )
    await apply_batch(store, [record(post_removed(post, "r1")), record(comment), record(by_moderator)])

    details = sorted(g.detail for g in store.notifications.of(ana, "moderation"))
    assert details == ["removed your comment", "staff removed your comment", "staff removed your post"]

    def n(detail: str) -> Notification:
        return Notification("n", "moderation", post.post_id, "", (), 0, True, 0, detail)

    assert summary(n("staff removed your post"), {}) == "The platform's staff removed your post"
    assert summary(n("removed your post"), {}) == "Moderators removed your post"


async def test_a_restored_comment_counts_again_once():
    store = fake_stores()
    post = published(people(1)[0])
    await apply_batch(store, [record(post)])
    restored = content_events.CommentRestored(
        comment_id=str(uuid.uuid4()), post_id=post.post_id, author_id=post.author_id, removal_id="r", restored_at=at()
    )
    value = record(restored)
    await apply_batch(store, [value, value])  # redelivered: the same event id
    assert store.feeds.summary(post.post_id).comments == 1


# --- on the real Redis (make up): the tombstone scripts, both fan-out paths and the cluster ---


@pytest.fixture(
    params=[("standalone", True), ("standalone", False), ("cluster", False)],
    ids=["standalone, fan-out in Lua", "standalone, fan-out in pipelines", "cluster"],
)
async def redis_store(request):
    target, lua = request.param
    client = await redis_for_test(target)
    yield FeedStores.build(client, fanout_in_lua=lua)
    await client.aclose()


@pytest.mark.integration
async def test_on_redis_a_staff_removal_keeps_the_counts_for_its_reversal_and_a_late_one_takes_nothing(
    redis_store,
):
    me, ana = people(2)
    await redis_store.relationships.set_following(me, ana, True)
    tag = f"t{uuid.uuid4().hex}"
    post = PostSummary(str(uuid.uuid4()), ana, "hello", 1000, hashtags=(tag,))
    await redis_store.fan_out.posts([post])
    await redis_store.feeds.count(str(uuid.uuid4()), post.post_id, "comments", 2)
    removal = str(uuid.uuid4())

    await redis_store.feeds.delete_post(post.post_id, "", removal)
    assert await redis_store.feeds.summaries([post.post_id]) == {}
    assert await redis_store.fan_out.posts([post]) == 0  # a late publish stays out
    assert not await redis_store.feeds.restore_post(post.post_id, str(uuid.uuid4()))  # another removal's
    assert await redis_store.feeds.restore_post(post.post_id, removal)
    assert await redis_store.fan_out.posts([post]) == 2
    await redis_store.feeds.delete_post(post.post_id, ana, removal)  # delivered late: nothing

    back = (await redis_store.feeds.summaries([post.post_id]))[post.post_id]
    assert (back.comments, back.created_at_ms) == (2, 1000)
    home = await redis_store.redis.zrange(home_key(me), 0, -1, withscores=True)
    assert [(m.decode(), s) for m, s in home] == [(post.post_id, 1000)]
    assert [m.decode() for m in await redis_store.redis.zrange(hashtag_key(tag), 0, -1)] == [post.post_id]


@pytest.mark.integration
async def test_on_redis_another_deletion_wins_over_a_restoration(redis_store):
    post = PostSummary(str(uuid.uuid4()), people(1)[0], "hello", 1000)
    await redis_store.fan_out.posts([post])
    await redis_store.feeds.delete_post(post.post_id, post.author_id)  # by its author
    removal = str(uuid.uuid4())
    await redis_store.feeds.delete_post(post.post_id, "", removal)
    assert not await redis_store.feeds.restore_post(post.post_id, removal)
    assert await redis_store.fan_out.posts([post]) == 0
    fields = await redis_store.redis.hgetall(post_key(post.post_id))
    assert {k.decode() for k in fields} == {"deleted", f"restored:{removal}"}

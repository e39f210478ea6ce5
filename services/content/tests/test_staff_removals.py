"""The platform staff's removals and their reversals (identity's ContentRemovedByStaff and
ContentRestoredByStaff, as the identity consumer applies them from Kafka or from identity's
push) against in-memory fakes: what is hidden, what is announced, and that applying an event
again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_content.domain.posts import DELETED_TEXT
from kith_content.entrypoints.consumers import identity_consumer
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import NotFound
from kith_platform.events import timestamp
from services.content.tests.fakes import content_service, new_id

ANA, BO, MOD, STAFF = new_id(), new_id(), new_id(), new_id()
COMMUNITY = new_id()
AT = datetime(2026, 3, 4, tzinfo=UTC)
POST, COMMENT = trust_safety_pb2.REPORT_TARGET_KIND_POST, trust_safety_pb2.REPORT_TARGET_KIND_COMMENT


def _removed(kind, target_id: str, removal_id: str):
    return identity_events.ContentRemovedByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, removed_at=timestamp(AT)
    )


def _restored(kind, target_id: str, removal_id: str):
    return identity_events.ContentRestoredByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, restored_at=timestamp(AT)
    )


def _service():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, hold_links_below=1)
    service.communities.set(COMMUNITY, MOD, role="moderator")
    service.store.members |= {(COMMUNITY, ANA), (COMMUNITY, MOD)}
    consumer = identity_consumer("unused:9092", service.store, service.erasure, service.moderation)
    return service, consumer.apply


async def test_a_staff_removal_hides_any_post_everywhere_and_names_the_removal_once():
    service, apply = _service()
    profile = await service.posts.create_post(ANA, NewPost("hello #tag"))
    community = await service.posts.create_post(ANA, NewPost("in a community #tag", community_id=COMMUNITY))
    first, second = new_id(), new_id()
    await apply([_removed(POST, profile.post_id, first), _removed(POST, community.post_id, second)])
    await apply([_removed(POST, profile.post_id, first)])  # redelivered
    assert service.store.outbox[-2:] == [
        ("PostRemoved", profile.post_id, "", first),
        ("PostRemoved", community.post_id, "", second),
    ]
    for post in (profile, community):
        for viewer in (ANA, BO):
            with pytest.raises(NotFound):
                await service.posts.get(viewer, post.post_id)
    assert (await service.posts.user_posts(BO, ANA, 0, ""))[0] == []
    assert (await service.posts.hashtag_posts(BO, "tag", 0, ""))[0] == []
    assert (await service.posts.search(BO, "hello", 0, ""))[0] == []
    assert await service.posts.batch(BO, [profile.post_id, community.post_id]) == []


async def test_a_restoration_brings_back_only_what_that_removal_took():
    service, apply = _service()
    post = await service.posts.create_post(ANA, NewPost("hello"))
    removal = new_id()
    await apply([_removed(POST, post.post_id, removal)])
    await apply([_restored(POST, post.post_id, new_id())])  # another removal's reversal
    with pytest.raises(NotFound):
        await service.posts.get(BO, post.post_id)
    await apply([_restored(POST, post.post_id, removal)])
    await apply([_restored(POST, post.post_id, removal)])  # redelivered
    assert service.store.outbox[-2:] == [
        ("PostRemoved", post.post_id, "", removal),
        ("PostRestored", post.post_id, removal),
    ]
    assert (await service.posts.get(BO, post.post_id)).post_id == post.post_id
    await apply([_removed(POST, post.post_id, removal)])  # a late redelivery of the removal
    assert (await service.posts.get(BO, post.post_id)).post_id == post.post_id


async def test_a_staff_removal_leaves_alone_what_is_gone_or_not_a_post():
    service, apply = _service()
    deleted = await service.posts.create_post(ANA, NewPost("mine"))
    await service.posts.delete(ANA, deleted.post_id)
    moderated = await service.posts.create_post(ANA, NewPost("plain", community_id=COMMUNITY))
    assert await service.moderation.remove(COMMUNITY, "post", moderated.post_id, MOD, AT)
    before = list(service.store.outbox)
    removal = new_id()
    await apply(
        [
            _removed(POST, deleted.post_id, removal),
            _removed(POST, moderated.post_id, removal),
            _removed(POST, new_id(), removal),  # no such post
            _removed(POST, "not-an-id", removal),
            _removed(trust_safety_pb2.REPORT_TARGET_KIND_MESSAGE, moderated.post_id, removal),
        ]
    )
    assert service.store.outbox == before
    await apply([_restored(POST, moderated.post_id, removal)])  # the moderators' removal stays
    assert service.store.outbox == before


async def test_a_post_waiting_for_review_is_removed_and_named_for_identity_but_never_restored_downstream():
    service, apply = _service()
    held = await service.posts.create_post(ANA, NewPost("see example.com", community_id=COMMUNITY))
    removal = new_id()
    await apply([_removed(POST, held.post_id, removal)])
    assert service.store.outbox[-1] == ("PostRemoved", held.post_id, "", removal)
    assert (await service.moderation.held(MOD, COMMUNITY, 0, ""))[0] == []
    await apply([_restored(POST, held.post_id, removal)])
    assert service.store.outbox[-1] == ("PostRemoved", held.post_id, "", removal)  # nothing published
    assert [i.item_id for i in (await service.moderation.held(MOD, COMMUNITY, 0, ""))[0]] == [held.post_id]


async def test_a_removed_comment_keeps_its_place_while_it_has_replies_and_comes_back_counted():
    service, apply = _service()
    post = await service.posts.create_post(ANA, NewPost("a post"))
    comment = await service.threads.add_comment(BO, post.post_id, "", "rude")
    await service.threads.add_comment(ANA, post.post_id, comment.comment_id, "a reply")
    removal = new_id()
    await apply([_removed(COMMENT, comment.comment_id, removal)])
    await apply([_removed(COMMENT, comment.comment_id, removal)])  # redelivered
    assert service.store.outbox[-1] == ("CommentDeleted", comment.comment_id, "", removal)
    assert service.store.posts[post.post_id].comment_count == 1
    (shown,), _ = await service.threads.thread(ANA, post.post_id, "", "oldest", 0, "")
    assert shown.comment_id == comment.comment_id and shown.deleted and shown.text == DELETED_TEXT
    await apply([_restored(COMMENT, comment.comment_id, removal)])
    await apply([_restored(COMMENT, comment.comment_id, removal)])  # redelivered
    assert service.store.outbox[-1] == ("CommentRestored", comment.comment_id, removal)
    assert service.store.posts[post.post_id].comment_count == 2
    assert service.store.comments[comment.comment_id].reply_count == 1
    (shown,), _ = await service.threads.thread(ANA, post.post_id, "", "oldest", 0, "")
    assert not shown.deleted and shown.text == "rude"


async def test_a_comment_deleted_by_its_author_is_not_removed_nor_restored():
    service, apply = _service()
    post = await service.posts.create_post(ANA, NewPost("a post"))
    comment = await service.threads.add_comment(BO, post.post_id, "", "oops")
    await service.threads.delete_comment(BO, comment.comment_id)
    before = list(service.store.outbox)
    removal = new_id()
    await apply([_removed(COMMENT, comment.comment_id, removal), _restored(COMMENT, comment.comment_id, removal)])
    assert service.store.outbox == before
    assert service.store.comments[comment.comment_id].deleted

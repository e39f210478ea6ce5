"""Trust levels and link review through the gateway: the feed worker announces trust levels,
the content service mirrors them, and a community that holds newcomers' links keeps their
posts and comments away from everyone but them and its moderators until a moderator decides."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import events_pb2 as feed_events
from kith.feed.v1 import feed_pb2 as F
from kith_platform.events import RECOGNITION_BADGES, make_event, parse_envelope, timestamp, unpack_payload
from kith_platform.testing import patiently, wait_until
from tests.integration.endpoints import KAFKA
from tests.integration.test_content import add_member, community, post

PENDING, REJECTED, PUBLISHED = P.REVIEW_STATE_PENDING, P.REVIEW_STATE_REJECTED, P.REVIEW_STATE_UNSPECIFIED


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def _get(api, viewer, post_id: str) -> P.Post | None:
    try:
        return (await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=viewer.auth)).post
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND, exc.details()
        return None


async def _community_feed(api, viewer, cid: str) -> set[str]:
    page = await api.feed.GetCommunityFeed(
        F.GetCommunityFeedRequest(community_id=cid, page_size=100), metadata=viewer.auth
    )
    return {i.post_id for i in page.items}


async def _searched(api, viewer, word: str) -> set[str]:
    found = await api.content.SearchPosts(P.SearchPostsRequest(query=word, page_size=100), metadata=viewer.auth)
    return {p.post_id for p in found.posts}


async def _tagged(api, viewer, tag: str) -> set[str]:
    found = await api.content.ListPostsByHashtag(
        P.ListPostsByHashtagRequest(hashtag=tag, page_size=100), metadata=viewer.auth
    )
    return {p.post_id for p in found.posts}


async def _queue(api, moderator, cid: str) -> list[P.HeldContent]:
    return list(
        (await api.content.ListHeldContent(P.ListHeldContentRequest(community_id=cid), metadata=moderator.auth)).items
    )


def _ids(items: list[P.HeldContent]) -> set[str]:
    return {i.post.post_id if i.HasField("post") else i.comment.comment_id for i in items}


async def _reviewing_community(api, owner, visibility=C.VISIBILITY_PUBLIC, level: int = 2) -> str:
    cid = await community(api, owner, visibility)
    updated = await api.communities.UpdateCommunity(
        C.UpdateCommunityRequest(community_id=cid, hold_links_below_trust_level=level), metadata=owner.auth
    )
    assert updated.community.hold_links_below_trust_level == level
    return cid


async def _produce(*events) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(event.topic, event.value, key=event.key.encode())
    finally:
        await producer.stop()


def _trust_changed(cid: str, user_id: str, level: int, previous: int, sequence: int):
    return make_event(
        topic=RECOGNITION_BADGES,
        aggregate_id=cid,
        producer="test",
        payload=feed_events.TrustLevelChanged(
            community_id=cid,
            user_id=user_id,
            level=level,
            previous_level=previous,
            sequence=sequence,
            changed_at=timestamp(datetime.now(UTC)),
        ),
    )


async def test_newcomers_links_wait_for_a_moderator_and_approved_ones_reach_the_feeds(api):
    owner, mod, newcomer, reader = [await api.sign_up(n) for n in ("owner", "mod", "newcomer", "reader")]
    cid = await _reviewing_community(api, owner)
    for user in (mod, newcomer, reader):
        await add_member(api, owner, cid, user)
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=cid, user_id=mod.user_id, role=C.ROLE_MODERATOR), metadata=owner.auth
    )
    word, tag = f"w{uuid.uuid4().hex[:12]}", f"t{uuid.uuid4().hex[:12]}"

    # A post without a link goes through at once (and tells us the memberships reached the worker).
    plain = await post(api, newcomer, f"Hello all {word} #{tag}", community_id=cid)
    assert plain.review_state == PUBLISHED
    await wait_until(lambda: _in(api, reader, plain.post_id), what="the plain post in the reader's home feed")

    # A link in the text, and one in the link field: both held.
    linked = await post(api, newcomer, f"Great deals at cheap-stuff.com {word} #{tag}", community_id=cid)
    field = await post(api, newcomer, f"Look {word}", community_id=cid, link="https://example.org/offer")
    assert linked.review_state == PENDING and field.review_state == PENDING
    assert (await _get(api, newcomer, linked.post_id)).review_state == PENDING  # the author sees it, pending
    assert await _get(api, reader, linked.post_id) is None  # nobody else does
    mine = await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=newcomer.user_id), metadata=newcomer.auth)
    assert {linked.post_id, field.post_id} <= {p.post_id for p in mine.posts}
    theirs = await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=newcomer.user_id), metadata=reader.auth)
    assert {p.post_id for p in theirs.posts} == {plain.post_id}
    for viewer in (reader, newcomer):  # search and hashtags list published posts only
        assert await _searched(api, viewer, word) == {plain.post_id}
        assert await _tagged(api, viewer, tag) == {plain.post_id}
    # Held content takes no interactions, not even from its author.
    code, details = await _fails(
        api.content.AddComment(P.AddCommentRequest(post_id=linked.post_id, text="hm"), metadata=newcomer.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and details.startswith("post_id")
    code, _ = await _fails(
        api.content.React(P.ReactRequest(post_id=linked.post_id, kind=P.REACTION_KIND_LIKE), metadata=newcomer.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION

    # A comment with a link is held too; one without goes through.
    held_comment = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=plain.post_id, text="more at www.example.net"), metadata=newcomer.auth
        )
    ).comment
    plain_comment = (
        await api.content.AddComment(P.AddCommentRequest(post_id=plain.post_id, text="welcome!"), metadata=reader.auth)
    ).comment
    assert held_comment.review_state == PENDING and plain_comment.review_state == PUBLISHED

    async def thread(viewer) -> dict[str, int]:
        page = await api.content.ListComments(P.ListCommentsRequest(post_id=plain.post_id), metadata=viewer.auth)
        return {c.comment_id: c.review_state for c in page.comments}

    assert await thread(reader) == {plain_comment.comment_id: PUBLISHED}
    assert await thread(newcomer) == {plain_comment.comment_id: PUBLISHED, held_comment.comment_id: PENDING}

    # The moderators' queue, oldest first, with the reason; the moderator may also read the post.
    queue = await _queue(api, mod, cid)
    assert [i.post.post_id if i.HasField("post") else i.comment.comment_id for i in queue] == [
        linked.post_id,
        field.post_id,
        held_comment.comment_id,
    ]
    assert "trust level 0" in queue[0].reason and "below level 2" in queue[0].reason
    assert queue[0].post.review_state == PENDING and queue[2].comment.post_id == plain.post_id
    assert (await _get(api, mod, linked.post_id)).review_state == PENDING
    page = await api.content.ListHeldContent(
        P.ListHeldContentRequest(community_id=cid, page_size=2), metadata=owner.auth
    )
    rest = await api.content.ListHeldContent(
        P.ListHeldContentRequest(community_id=cid, cursor=page.next_cursor), metadata=owner.auth
    )
    assert _ids(list(page.items) + list(rest.items)) == _ids(queue) and not rest.next_cursor

    # Not in any feed meanwhile: the plain post has long arrived, the held ones never will.
    assert linked.post_id not in await _community_feed(api, reader, cid)
    assert not {linked.post_id, field.post_id} & set(await api.home_post_ids(reader))
    assert not {linked.post_id, field.post_id} & set(await api.home_post_ids(newcomer))

    # Approve one post and the comment; reject the other post.
    await api.content.ApproveHeldContent(P.ApproveHeldContentRequest(post_id=linked.post_id), metadata=mod.auth)
    await api.content.ApproveHeldContent(
        P.ApproveHeldContentRequest(comment_id=held_comment.comment_id), metadata=mod.auth
    )
    await api.content.RejectHeldContent(
        P.RejectHeldContentRequest(post_id=field.post_id, note="no ads, please"), metadata=mod.auth
    )
    await wait_until(lambda: _in(api, reader, linked.post_id), what="the approved post in the reader's home feed")
    await wait_until(lambda: _in_community(api, reader, cid, linked.post_id), what="it in the community feed")
    assert (await _get(api, reader, linked.post_id)).review_state == PUBLISHED
    assert await _searched(api, reader, word) == {plain.post_id, linked.post_id}
    assert await _tagged(api, reader, tag) == {plain.post_id, linked.post_id}
    assert (await thread(reader))[held_comment.comment_id] == PUBLISHED
    assert (await _get(api, reader, plain.post_id)).comment_count == 2
    rejected = await _get(api, newcomer, field.post_id)
    assert rejected.review_state == REJECTED and rejected.review_note == "no ads, please"
    assert await _get(api, reader, field.post_id) is None and await _get(api, mod, field.post_id) is None
    assert await _queue(api, mod, cid) == []
    code, _ = await _fails(
        api.content.ApproveHeldContent(P.ApproveHeldContentRequest(post_id=field.post_id), metadata=mod.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION  # decided already
    # The rejected post never reaches a feed (the approved one, posted after it, already did).
    assert field.post_id not in await _community_feed(api, reader, cid)
    assert field.post_id not in set(await api.home_post_ids(reader))
    # The author is told both ways.
    expected = {
        (linked.post_id, "Moderators approved your post"),
        (held_comment.comment_id, "Moderators approved your comment"),
        (field.post_id, "Moderators declined your post"),
    }
    await wait_until(lambda: _told(api, newcomer, expected), what="the author's moderation notifications")

    # Moderators' own links go through; the setting is changed by admins and the owner only,
    # and every change is in the moderation log.
    assert (await post(api, mod, "rules: see example.com/rules", community_id=cid)).review_state == PUBLISHED
    code, _ = await _fails(
        api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=cid, hold_links_below_trust_level=0), metadata=mod.auth
        )
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, details = await _fails(
        api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=cid, hold_links_below_trust_level=4), metadata=owner.auth
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("hold_links_below_trust_level")
    log = await api.communities.ListModerationLog(C.ListModerationLogRequest(community_id=cid), metadata=owner.auth)
    assert ("change link review", "hold_links_below_trust_level=2") in [(e.action, e.details) for e in log.entries]
    await api.communities.UpdateCommunity(
        C.UpdateCommunityRequest(community_id=cid, hold_links_below_trust_level=0), metadata=owner.auth
    )
    assert (await post(api, newcomer, "off now: example.com", community_id=cid)).review_state == PUBLISHED


async def _told(api, user, expected: set[tuple[str, str]]) -> bool:
    page = await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=user.auth)
    return expected <= {
        (n.target_id, n.summary) for n in page.notifications if n.kind == F.NOTIFICATION_KIND_MODERATION
    }


async def _in(api, viewer, post_id: str) -> bool:
    return post_id in set(await patiently(lambda: api.home_post_ids(viewer)))


async def _in_community(api, viewer, cid: str, post_id: str) -> bool:
    return post_id in await _community_feed(api, viewer, cid)


async def test_only_moderators_review_and_bad_requests_name_the_field(api):
    owner, member, outsider = [await api.sign_up(n) for n in ("owner", "member", "outsider")]
    cid = await _reviewing_community(api, owner)
    hidden = await _reviewing_community(api, owner, C.VISIBILITY_HIDDEN)
    for c in (cid, hidden):
        await add_member(api, owner, c, member)
    held = await post(api, member, "see example.com", community_id=cid)
    held_hidden = await post(api, member, "see example.com", community_id=hidden)
    assert held.review_state == PENDING and held_hidden.review_state == PENDING

    denied = grpc.StatusCode.PERMISSION_DENIED
    assert (
        await _fails(api.content.ListHeldContent(P.ListHeldContentRequest(community_id=cid), metadata=member.auth))
    )[0] == denied
    assert (
        await _fails(api.content.ListHeldContent(P.ListHeldContentRequest(community_id=cid), metadata=outsider.auth))
    )[0] == denied
    for who in (member, outsider):
        assert (
            await _fails(
                api.content.ApproveHeldContent(P.ApproveHeldContentRequest(post_id=held.post_id), metadata=who.auth)
            )
        )[0] == denied
        assert (
            await _fails(
                api.content.RejectHeldContent(P.RejectHeldContentRequest(post_id=held.post_id), metadata=who.auth)
            )
        )[0] == denied
    # A hidden community does not exist for outsiders.
    missing = grpc.StatusCode.NOT_FOUND
    assert (
        await _fails(api.content.ListHeldContent(P.ListHeldContentRequest(community_id=hidden), metadata=outsider.auth))
    )[0] == missing
    assert (
        await _fails(
            api.content.ApproveHeldContent(
                P.ApproveHeldContentRequest(post_id=held_hidden.post_id), metadata=outsider.auth
            )
        )
    )[0] == missing
    assert (
        await _fails(
            api.content.ListHeldContent(P.ListHeldContentRequest(community_id=str(uuid.uuid4())), metadata=owner.auth)
        )
    )[0] == missing
    assert (
        await _fails(
            api.content.ApproveHeldContent(P.ApproveHeldContentRequest(post_id=str(uuid.uuid4())), metadata=owner.auth)
        )
    )[0] == missing
    # Bad ids and requests: INVALID_ARGUMENT naming the field.
    for call, field in [
        (
            api.content.ListHeldContent(P.ListHeldContentRequest(community_id="nope"), metadata=owner.auth),
            "community_id",
        ),
        (
            api.content.ListHeldContent(P.ListHeldContentRequest(community_id=cid, page_size=101), metadata=owner.auth),
            "page_size",
        ),
        (api.content.ApproveHeldContent(P.ApproveHeldContentRequest(post_id="nope"), metadata=owner.auth), "post_id"),
        (api.content.ApproveHeldContent(P.ApproveHeldContentRequest(), metadata=owner.auth), "post_id"),
        (
            api.content.ApproveHeldContent(
                P.ApproveHeldContentRequest(post_id=held.post_id, comment_id=held.post_id), metadata=owner.auth
            ),
            "post_id",
        ),
        (
            api.content.RejectHeldContent(P.RejectHeldContentRequest(comment_id="nope"), metadata=owner.auth),
            "comment_id",
        ),
        (
            api.content.RejectHeldContent(
                P.RejectHeldContentRequest(post_id=held.post_id, note="x" * 501), metadata=owner.auth
            ),
            "note",
        ),
    ]:
        code, details = await _fails(call)
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(field), (field, details)
    # The owner (above moderators) reviews; the post is still pending after all those refusals.
    assert _ids(await _queue(api, owner, cid)) == {held.post_id}
    await api.content.RejectHeldContent(P.RejectHeldContentRequest(post_id=held.post_id), metadata=owner.auth)
    assert (await _get(api, member, held.post_id)).review_state == REJECTED


async def test_a_member_whose_trust_level_rises_is_no_longer_held(api):
    owner, regular = [await api.sign_up(n) for n in ("owner", "regular")]
    cid = await _reviewing_community(api, owner)
    await add_member(api, owner, cid, regular)
    first = await post(api, regular, "first: example.com", community_id=cid)
    assert first.review_state == PENDING

    # Level 2 (the worker's 2nd change), then a stale level 0 (its 1st, arriving late), then the
    # 2nd again (redelivered): the newest change wins whatever the order.
    await _produce(
        _trust_changed(cid, regular.user_id, 2, 0, sequence=2),
        _trust_changed(cid, regular.user_id, 0, 1, sequence=1),
        _trust_changed(cid, regular.user_id, 2, 0, sequence=2),
    )

    async def goes_through() -> P.Post | None:
        attempt = await post(api, regular, "now trusted: example.com", community_id=cid)
        if attempt.review_state == PUBLISHED:
            return attempt
        await api.content.DeletePost(P.DeletePostRequest(post_id=attempt.post_id), metadata=regular.auth)
        return None

    await wait_until(goes_through, interval=0.5, what="the trust level in the content service")
    assert _ids(await _queue(api, owner, cid)) == {first.post_id}  # what was held stays held until reviewed
    # A level below the setting (the 3rd change) holds links again.
    await _produce(_trust_changed(cid, regular.user_id, 1, 2, sequence=3))

    async def held_again() -> bool:
        attempt = await post(api, regular, "again: example.com", community_id=cid)
        await api.content.DeletePost(P.DeletePostRequest(post_id=attempt.post_id), metadata=regular.auth)
        return attempt.review_state == PENDING

    await wait_until(held_again, interval=0.5, what="the lower trust level in the content service")


async def test_the_worker_announces_trust_level_changes_that_content_then_applies(api):
    owner, member, fan = [await api.sign_up(n) for n in ("owner", "member", "fan")]
    cid = await _reviewing_community(api, owner, level=1)
    for user in (member, fan):
        await add_member(api, owner, cid, user)
    # 10 points in 30 days make level 1: a post (5), a reaction (2) and a reply (2) received,
    # a reaction given (1).
    mine = await post(api, member, "hello", community_id=cid)
    theirs = await post(api, fan, "hi there", community_id=cid)
    await api.content.React(P.ReactRequest(post_id=mine.post_id, kind=P.REACTION_KIND_LIKE), metadata=fan.auth)
    await api.content.AddComment(P.AddCommentRequest(post_id=mine.post_id, text="welcome"), metadata=fan.auth)
    await api.content.React(P.ReactRequest(post_id=theirs.post_id, kind=P.REACTION_KIND_LOVE), metadata=member.auth)

    consumer = AIOKafkaConsumer(
        RECOGNITION_BADGES,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    changes: dict[str, feed_events.TrustLevelChanged] = {}
    try:
        for _ in range(60):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    envelope = parse_envelope(record.value)
                    event = unpack_payload(envelope)
                    if isinstance(event, feed_events.TrustLevelChanged) and event.community_id == cid:
                        changes[envelope.event_id] = event
            if len(changes) >= 2:
                break
    finally:
        await consumer.stop()
    # Each once (derived event ids): the member with 10 points, the fan with 11 (a post 5, a
    # comment 3, a reaction given 1 and one received 2).
    announced = sorted((c.user_id, c.level, c.previous_level, c.sequence) for c in changes.values())
    assert announced == sorted([(member.user_id, 1, 0, 1), (fan.user_id, 1, 0, 1)])

    async def goes_through() -> bool:
        attempt = await post(api, member, "trusted: example.com", community_id=cid)
        return attempt.review_state == PUBLISHED

    await wait_until(goes_through, interval=0.5, what="the announced level in the content service")
    standing = await api.recognition.GetMemberStanding(
        F.GetMemberStandingRequest(community_id=cid, user_id=member.user_id), metadata=owner.auth
    )
    assert standing.trust_level == 1

"""The platform's staff remove posts, comments and messages and close communities, through the
gateway: the target is gone for everyone on every read path when RemoveContent returns, its owner
is told by mail (read from Mailpit) and is the only one who may appeal, and an overturned appeal
or RestoreContent brings it back as it was."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.identity.v1 import trust_safety_pb2 as T
from kith.messaging.v1 import messaging_pb2 as M
from kith_platform.testing import SignedUpUser, expect_status, wait_until
from tests.integration.conftest import staff_member
from tests.integration.mailpit import wait_for_mail


async def _visible(api, viewer: SignedUpUser, post_id: str) -> bool:
    try:
        await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=viewer.auth)
    except grpc.aio.AioRpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND, error
        return False
    return True


async def _everywhere(api, viewer: SignedUpUser, post: P.Post, word: str) -> dict[str, bool]:
    """Where the viewer finds the post: GetPost, home, the author's posts, the hashtag, search."""
    by_author = await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=post.author_id), metadata=viewer.auth)
    tagged = await api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag=word), metadata=viewer.auth)
    found = await api.content.SearchPosts(P.SearchPostsRequest(query=word), metadata=viewer.auth)
    return {
        "get": await _visible(api, viewer, post.post_id),
        "home": post.post_id in await api.home_post_ids(viewer),
        "profile": post.post_id in [p.post_id for p in by_author.posts],
        "hashtag": post.post_id in [p.post_id for p in tagged.posts],
        "search": post.post_id in [p.post_id for p in found.posts],
    }


async def _owner_named(safety, owner: SignedUpUser, removal_id: str) -> T.Removal | None:
    mine = await safety.ListMyRemovals(T.ListMyRemovalsRequest(), metadata=owner.auth)
    return next((r for r in mine.removals if r.removal_id == removal_id), None)


async def test_a_removed_post_is_gone_everywhere_and_an_overturned_appeal_brings_it_back(
    api, safety, internal_identity
):
    author, follower, other = await api.sign_up("author"), await api.sign_up("reader"), await api.sign_up("other")
    staff = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    await api.follow(follower, author)
    word = f"kithrm{uuid.uuid4().hex[:10]}"
    post = await api.post(author, f"buy cheap things #{word}")
    everywhere = {"get": True, "home": True, "profile": True, "hashtag": True, "search": True}

    async def found_everywhere() -> bool:  # (a dict of places is always true: compare it)
        return await _everywhere(api, follower, post, word) == everywhere

    await wait_until(found_everywhere, what="the post everywhere")

    removed = (
        await safety.RemoveContent(
            T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_POST, target_id=post.post_id, reason="spam"),
            metadata=staff.auth,
        )
    ).removal
    assert removed.status == T.REMOVAL_STATUS_REMOVED and removed.reason == "spam"
    # Gone when the call returns: no waiting.
    assert await _everywhere(api, follower, post, word) == dict.fromkeys(everywhere, False)
    assert not await _visible(api, author, post.post_id)
    again = await safety.RemoveContent(
        T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_POST, target_id=post.post_id, reason="again"),
        metadata=staff.auth,
    )
    assert again.removal.removal_id == removed.removal_id and again.removal.reason == "spam"

    # The author is named by the content service's event, told by mail, and alone may appeal.
    mine = await wait_until(
        lambda: _owner_named(safety, author, removed.removal_id), what="the owner named", timeout=30
    )
    assert mine.owner_id == author.user_id and mine.target_id == post.post_id
    (notice,) = await wait_for_mail(f"{author.handle}@example.org", "was removed")
    assert "spam" in notice.text and removed.removal_id in notice.text
    assert await _owner_named(safety, other, removed.removal_id) is None
    appeal = T.AppealRemovalRequest(removal_id=removed.removal_id, text="it was a joke among friends")
    await expect_status(grpc.StatusCode.NOT_FOUND, safety.AppealRemoval(appeal, metadata=other.auth))
    appeal_id = (await safety.AppealRemoval(appeal, metadata=author.auth)).appeal_id
    await expect_status(grpc.StatusCode.ALREADY_EXISTS, safety.AppealRemoval(appeal, metadata=author.auth))

    queue = await safety.ListAppeals(T.ListAppealsRequest(status=T.APPEAL_STATUS_OPEN), metadata=staff.auth)
    (listed,) = [a for a in queue.appeals if a.appeal_id == appeal_id]
    assert listed.user_id == author.user_id and listed.removal.target_id == post.post_id
    decided = await safety.DecideAppeal(
        T.DecideAppealRequest(appeal_id=appeal_id, overturn=True, note="fair enough"), metadata=staff.auth
    )
    assert decided.appeal.removal.status == T.REMOVAL_STATUS_RESTORED
    # Back where it was read directly at once, and in the follower's home once fanned out again.
    assert await _visible(api, follower, post.post_id)
    await wait_until(found_everywhere, what="the post back everywhere", timeout=20)
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        safety.RestoreContent(T.RestoreContentRequest(removal_id=removed.removal_id), metadata=staff.auth),
    )


async def test_a_removed_comment_leaves_its_thread_until_staff_restore_it(api, safety, internal_identity):
    author, commenter = await api.sign_up("author"), await api.sign_up("commenter")
    staff = await staff_member(api, internal_identity, T.STAFF_ROLE_ADMIN)
    post = await api.post(author, "what do you think?")
    comment = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=post.post_id, text="something hateful"), metadata=commenter.auth
        )
    ).comment

    async def thread() -> list[str]:
        listed = await api.content.ListComments(P.ListCommentsRequest(post_id=post.post_id), metadata=author.auth)
        return [c.comment_id for c in listed.comments]

    assert await thread() == [comment.comment_id]
    removed = (
        await safety.RemoveContent(
            T.RemoveContentRequest(
                target_kind=T.REPORT_TARGET_KIND_COMMENT, target_id=comment.comment_id, reason="hate"
            ),
            metadata=staff.auth,
        )
    ).removal
    assert await thread() == []
    await wait_until(
        lambda: _owner_named(safety, commenter, removed.removal_id), what="the commenter named", timeout=30
    )
    restored = await safety.RestoreContent(
        T.RestoreContentRequest(removal_id=removed.removal_id, note="misread"), metadata=staff.auth
    )
    assert restored.removal.status == T.REMOVAL_STATUS_RESTORED
    assert await thread() == [comment.comment_id]
    # Appealing what is restored already is refused.
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        safety.AppealRemoval(T.AppealRemovalRequest(removal_id=removed.removal_id, text="x"), metadata=commenter.auth),
    )
    log = await safety.ListStaffActions(T.ListStaffActionsRequest(target_id=comment.comment_id), metadata=staff.auth)
    assert [(a.action, a.staff_id) for a in log.actions] == [
        ("content restored", staff.user_id),
        ("content removed", staff.user_id),
    ]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (T.RemoveContentRequest(target_id=str(uuid.uuid4()), reason="x"), "target_kind"),
        (
            T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_PROFILE, target_id=str(uuid.uuid4()), reason="x"),
            "target_kind",
        ),
        (T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_POST, target_id="nope", reason="x"), "target_id"),
        (T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_POST, target_id=str(uuid.uuid4())), "reason"),
        (
            T.RemoveContentRequest(
                target_kind=T.REPORT_TARGET_KIND_POST, target_id=str(uuid.uuid4()), reason="x", report_id="r"
            ),
            "report_id",
        ),
        (T.RestoreContentRequest(removal_id="nope"), "removal_id"),
    ],
)
async def test_bad_removals_name_the_field(api, safety, internal_identity, request_, field):
    staff = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    call = safety.RemoveContent if isinstance(request_, T.RemoveContentRequest) else safety.RestoreContent
    error = await expect_status(grpc.StatusCode.INVALID_ARGUMENT, call(request_, metadata=staff.auth))
    assert field in error


async def test_bad_appeals_name_the_field(api, safety):
    someone = await api.sign_up("someone")
    for request_, field in (
        (T.AppealRemovalRequest(removal_id="nope", text="x"), "removal_id"),
        (T.AppealRemovalRequest(removal_id=str(uuid.uuid4()), text=""), "text"),
    ):
        error = await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, safety.AppealRemoval(request_, metadata=someone.auth)
        )
        assert field in error
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        safety.AppealRemoval(T.AppealRemovalRequest(removal_id=str(uuid.uuid4()), text="why"), metadata=someone.auth),
    )


async def test_a_removed_message_is_a_tombstone_for_everyone_until_its_sender_wins_the_appeal(
    api, msg, safety, internal_identity
):
    sender, reader = await api.sign_up("sender"), await api.sign_up("reader")
    staff = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    await api.follow(sender, reader)
    await api.follow(reader, sender)
    conversation = (
        await msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=reader.user_id), metadata=sender.auth
        )
    ).conversation
    sent = (
        await msg.SendMessage(
            M.SendMessageRequest(conversation_id=conversation.conversation_id, text="a scam link"),
            metadata=sender.auth,
        )
    ).message

    async def shown(person: SignedUpUser) -> tuple[str, bool]:
        listed = await msg.ListMessages(
            M.ListMessagesRequest(conversation_id=conversation.conversation_id), metadata=person.auth
        )
        (message,) = [m for m in listed.messages if m.message_id == sent.message_id]
        return message.text, message.deleted

    removed = (
        await safety.RemoveContent(
            T.RemoveContentRequest(target_kind=T.REPORT_TARGET_KIND_MESSAGE, target_id=sent.message_id, reason="scam"),
            metadata=staff.auth,
        )
    ).removal
    assert await shown(reader) == ("", True) and await shown(sender) == ("", True)
    await wait_until(lambda: _owner_named(safety, sender, removed.removal_id), what="the sender named", timeout=30)
    appeal = await safety.AppealRemoval(
        T.AppealRemovalRequest(removal_id=removed.removal_id, text="it is my shop"), metadata=sender.auth
    )
    await safety.DecideAppeal(T.DecideAppealRequest(appeal_id=appeal.appeal_id, overturn=True), metadata=staff.auth)
    assert await shown(reader) == ("a scam link", False)


async def test_a_closed_community_is_archived_and_only_staff_reopen_it(api, safety, internal_identity):
    owner, visitor = await api.sign_up("owner"), await api.sign_up("visitor")
    staff = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    community = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}", name="Cheap Pills", topics=["pills"], visibility=C.VISIBILITY_PUBLIC
            ),
            metadata=owner.auth,
        )
    ).community

    async def archived() -> bool:
        got = await api.communities.GetCommunity(
            C.GetCommunityRequest(community_id=community.community_id), metadata=visitor.auth
        )
        return got.community.HasField("archived_at")

    closed = (
        await safety.RemoveContent(
            T.RemoveContentRequest(
                target_kind=T.REPORT_TARGET_KIND_COMMUNITY, target_id=community.community_id, reason="illegal sales"
            ),
            metadata=staff.auth,
        )
    ).removal
    assert await archived()
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.communities.UnarchiveCommunity(
            C.UnarchiveCommunityRequest(community_id=community.community_id), metadata=owner.auth
        ),
        match="platform's staff",
    )
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.communities.JoinCommunity(
            C.JoinCommunityRequest(community_id=community.community_id), metadata=visitor.auth
        ),
    )
    named = await wait_until(lambda: _owner_named(safety, owner, closed.removal_id), what="the owner named", timeout=30)
    assert named.target_kind == T.REPORT_TARGET_KIND_COMMUNITY
    (notice,) = await wait_for_mail(f"{owner.handle}@example.org", "was closed")
    assert "illegal sales" in notice.text
    await safety.RestoreContent(T.RestoreContentRequest(removal_id=closed.removal_id), metadata=staff.auth)
    assert not await archived()

"""Comment edits through the gateway: the author changes a comment, everyone who sees it sees the
new text and its history, and nobody else may change it."""

from __future__ import annotations

import grpc

from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith_platform.testing import expect_status, wait_until


async def test_the_author_edits_a_comment_and_readers_see_its_history(api):
    author, commenter, reader = await api.sign_up("author"), await api.sign_up("commenter"), await api.sign_up("reader")
    post = await api.post(author, "tell me about your weekend")
    comment = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=post.post_id, text="went hiking"), metadata=commenter.auth
        )
    ).comment
    edited = (
        await api.content.EditComment(
            P.EditCommentRequest(comment_id=comment.comment_id, text="went hiking, saw a bear"), metadata=commenter.auth
        )
    ).comment
    assert edited.text == "went hiking, saw a bear" and edited.edited
    thread = await api.content.ListComments(P.ListCommentsRequest(post_id=post.post_id), metadata=reader.auth)
    assert [(c.text, c.edited) for c in thread.comments] == [("went hiking, saw a bear", True)]
    history = await api.content.ListCommentEdits(
        P.ListCommentEditsRequest(comment_id=comment.comment_id), metadata=reader.auth
    )
    assert [e.text for e in history.edits] == ["went hiking"]
    # A person the edit mentions for the first time is told.
    await api.content.EditComment(
        P.EditCommentRequest(comment_id=comment.comment_id, text=f"went hiking with @{reader.handle}"),
        metadata=commenter.auth,
    )

    async def mentioned() -> bool:
        notes = await api.notifications.ListNotifications(F.ListNotificationsRequest(), metadata=reader.auth)
        return any(
            n.kind == F.NOTIFICATION_KIND_MENTION and n.target_id == comment.comment_id for n in notes.notifications
        )

    await wait_until(mentioned, what="the newly mentioned reader notified")
    await expect_status(
        grpc.StatusCode.PERMISSION_DENIED,
        api.content.EditComment(
            P.EditCommentRequest(comment_id=comment.comment_id, text="hacked"), metadata=author.auth
        ),
    )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.content.EditComment(P.EditCommentRequest(comment_id=comment.comment_id, text=" "), metadata=commenter.auth),
        "text",
    )
    await api.content.DeleteComment(P.DeleteCommentRequest(comment_id=comment.comment_id), metadata=commenter.auth)
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        api.content.ListCommentEdits(P.ListCommentEditsRequest(comment_id=comment.comment_id), metadata=reader.auth),
    )

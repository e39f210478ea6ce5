"""Thread use cases: comment on a post or reply to a comment, delete a comment, read a thread."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from kith_content.domain import posts as rules
from kith_content.domain import review
from kith_content.domain.ports import ContentRepository, ReactionCounts, ViewerReactions
from kith_content.domain.posts import Comment, Post
from kith_content.service_layer.handlers import ContentHandlers, now, page_size_of
from kith_platform import cursors
from kith_platform import idempotency as keys
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid


def _shown(comment: Comment, counts: ReactionCounts, mine: ViewerReactions) -> Comment:
    """A comment as a thread shows it: with its reactions; a deleted one without text or author."""
    shown = replace(comment, reactions=counts.get(comment.comment_id, {}), viewer_reaction=mine.get(comment.comment_id))
    return replace(shown, text=rules.DELETED_TEXT, author_id="", mention_ids=()) if comment.deleted else shown


@dataclass
class ThreadHandlers:
    posts: ContentHandlers  # a thread is seen through its post
    content: ContentRepository

    async def visible_comment(self, viewer_id: str, comment_id: str, field: str = "comment_id") -> tuple[Comment, Post]:
        """The comment and its post, when the viewer may see both; NOT_FOUND naming `field` else."""
        comment = await self.content.comment(parse_uuid(comment_id, field))
        if comment is None or (comment.review is not None and comment.author_id != viewer_id):
            raise NotFound(f"{field}: no such comment")
        try:
            post = await self.posts.get(viewer_id, comment.post_id)
        except NotFound:
            raise NotFound(f"{field}: no such comment") from None
        if comment.author_id in await self.content.blocked_among(viewer_id, [comment.author_id]):
            raise NotFound(f"{field}: no such comment")
        return comment, post

    async def _parent(self, viewer_id: str, post: Post, parent_id: str) -> Comment | None:
        """The comment replied to (or listed below), on the same post; None for the top level."""
        if not parent_id:
            return None
        parent, _ = await self.visible_comment(viewer_id, parent_id, "parent_comment_id")
        if parent.post_id != post.post_id:
            raise InvalidArgument("parent_comment_id", "belongs to another post")
        return parent

    async def add_comment(
        self,
        caller_id: str,
        post_id: str,
        parent_id: str,
        text: str,
        content_warning: str = "",
        idempotency_key: str = "",
    ) -> Comment:
        """Comment on a post or reply to a comment (with an idempotency key, once per key)."""
        body = (post_id, parent_id, text, content_warning)
        claim = keys.new_claim(caller_id, idempotency_key, "AddComment", body, now())
        return await self.posts.once(
            claim,
            partial(self._write_comment, caller_id, post_id, parent_id, text, content_warning),
            partial(self._comment_again, caller_id),
        )

    async def _comment_again(self, caller_id: str, comment_id: str) -> Comment:
        """What a repeated AddComment answers: the comment its first call made, now."""
        comment = await self.content.comment(comment_id)
        if comment is None or comment.deleted:
            raise keys.first_result_gone()
        counts, mine = await self.content.reactions(caller_id, [comment_id])
        return _shown(comment, counts, mine)

    async def _write_comment(
        self, caller_id: str, post_id: str, parent_id: str, text: str, content_warning: str, claim: keys.NewClaim | None
    ) -> Comment:
        post = await self.posts.get(caller_id, post_id)
        parent = await self._parent(caller_id, post, parent_id)
        if parent is not None:
            if parent.deleted:
                raise NotFound("parent_comment_id: no such comment")
            rules.require_published(parent.review, "parent_comment_id", "comment")
        rules.require_published(post.review, "post_id")
        depth = rules.child_depth(parent.depth if parent else 0)
        text = rules.validate_text(text)
        content_warning = rules.validate_content_warning(content_warning)
        hold = None
        if post.community_id:
            rights = await self.posts.community_rights(post.community_id, caller_id, commenting=True)
            hold = await self.posts.hold(rights, post.community_id, caller_id, text)
        comment = Comment(
            comment_id=str(uuid.uuid4()),
            post_id=post.post_id,
            parent_id=parent.comment_id if parent else None,
            author_id=caller_id,
            text=text,
            depth=depth,
            created_at=now(),
            mention_ids=await self.posts.mentions(text, caller_id, post),
            review=review.ReviewState.PENDING if hold else None,
            held_reason=hold.reason if hold else "",
            content_warning=content_warning,
        )
        await self.content.add_comment(comment, post, parent, hold, claim)
        return comment

    async def edit_comment(self, caller_id: str, comment_id: str, text: str) -> Comment:
        comment, post = await self.visible_comment(caller_id, comment_id)
        if comment.deleted:
            raise NotFound("comment_id: no such comment")
        if comment.author_id != caller_id:
            raise PermissionDenied("only the comment's author may change it")
        # What a moderator reviews is what gets published: a held comment is deleted and written anew.
        rules.require_published(comment.review, "comment_id", "comment")
        text = rules.validate_text(text)
        mentions = await self.posts.mentions(text, caller_id, post)
        if not await self.content.edit_comment(comment, post, text, mentions, now()):
            raise NotFound("comment_id: no such comment")
        edited, _ = await self.visible_comment(caller_id, comment.comment_id)
        counts, mine = await self.content.reactions(caller_id, [edited.comment_id])
        return _shown(edited, counts, mine)

    async def comment_edits(
        self, caller_id: str, comment_id: str, size: int, cursor: str
    ) -> tuple[list[tuple[str, datetime]], str]:
        comment, _ = await self.visible_comment(caller_id, comment_id)
        if comment.deleted:
            raise NotFound("comment_id: no such comment")
        size = page_size_of(size)
        decoded = cursors.decode(cursor, int)
        rows = await self.content.comment_edits(comment.comment_id, size + 1, decoded[0] if decoded else None)
        page = rows[:size]
        return [(text, at) for _, text, at in page], cursors.encode(page[-1][0]) if len(rows) > size else ""

    async def delete_comment(self, caller_id: str, comment_id: str) -> None:
        comment, post = await self.visible_comment(caller_id, comment_id)
        if comment.deleted:
            raise NotFound("comment_id: no such comment")
        if caller_id not in (comment.author_id, post.author_id):
            raise PermissionDenied("only the comment's author or the post's author may delete it")
        await self.content.delete_comment(comment, post, caller_id, now())

    async def thread(
        self, viewer_id: str, post_id: str, parent_id: str, order: str, size: int, cursor: str
    ) -> tuple[list[Comment], str]:
        post = await self.posts.get(viewer_id, post_id)
        parent = await self._parent(viewer_id, post, parent_id)
        size = page_size_of(size)
        after = cursors.decode_at(cursor, int) if order == "most_reacted" else cursors.decode_at(cursor)
        rows = await self.content.thread(
            viewer_id, post.post_id, parent.comment_id if parent else None, order, size + 1, after
        )
        page = rows[:size]
        next_cursor = ""
        if len(rows) > size:
            last = page[-1]
            key = (last.reaction_count,) if order == "most_reacted" else ()
            next_cursor = cursors.encode_at(last.created_at, last.comment_id, *key)
        counts, mine = await self.content.reactions(viewer_id, [c.comment_id for c in page]) if page else ({}, {})
        return [_shown(c, counts, mine) for c in page], next_cursor

    async def thread_from(
        self, viewer_id: str, post_id: str, parent_id: str, order: str, size: int, cursor: str, start_at: str
    ) -> tuple[list[Comment], list[Comment], str, str]:
        """A thread opened at one comment (e.g. the first unread): (the comments above it, from the
        top down; the page of its level beginning with it; the next cursor; a cursor to the
        comments of its level before it, in the opposite order, "" when there are none)."""
        if order == "most_reacted":
            raise InvalidArgument("order", "a thread opens at a comment newest or oldest first")
        if cursor:
            raise InvalidArgument("cursor", "not with start_at_comment_id (use it for the next pages)")
        post = await self.posts.get(viewer_id, post_id)
        start, _ = await self.visible_comment(viewer_id, start_at, "start_at_comment_id")
        if start.post_id != post.post_id:
            raise InvalidArgument("start_at_comment_id", "belongs to another post")
        if parent_id and parse_uuid(parent_id, "parent_comment_id") != start.parent_id:
            raise InvalidArgument("parent_comment_id", "is not the parent of start_at_comment_id")
        if start.deleted and not start.reply_count:  # threads leave it out
            raise NotFound("start_at_comment_id: no such comment")
        ancestors = await self._ancestors(viewer_id, start)
        size = page_size_of(size)
        key = (start.created_at, start.comment_id)
        rows = await self.content.thread(viewer_id, post.post_id, start.parent_id, order, size, key)
        page = [start, *rows[: size - 1]]
        next_cursor = cursors.encode_at(page[-1].created_at, page[-1].comment_id) if len(rows) >= size else ""
        opposite = "newest" if order == "oldest" else "oldest"
        before = await self.content.thread(viewer_id, post.post_id, start.parent_id, opposite, 1, key)
        previous_cursor = cursors.encode_at(start.created_at, start.comment_id) if before else ""
        counts, mine = await self.content.reactions(viewer_id, [c.comment_id for c in [*ancestors, *page]])
        return (
            [_shown(c, counts, mine) for c in ancestors],
            [_shown(c, counts, mine) for c in page],
            next_cursor,
            previous_cursor,
        )

    async def _ancestors(self, viewer_id: str, comment: Comment) -> list[Comment]:
        """The comments above `comment`, from the one on the post down to its parent. A reply below
        a comment by someone blocked either way is out of the viewer's reach, as in `thread`."""
        chain: list[Comment] = []
        parent_id = comment.parent_id
        while parent_id is not None and len(chain) <= rules.MAX_DEPTH:
            parent = await self.content.comment(parent_id)
            if parent is None:
                raise NotFound("start_at_comment_id: no such comment")
            chain.append(parent)
            parent_id = parent.parent_id
        if chain and await self.content.blocked_among(viewer_id, [c.author_id for c in chain]):
            raise NotFound("start_at_comment_id: no such comment")
        return chain[::-1]

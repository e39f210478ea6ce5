"""Reaction use cases: react to a post or a comment (or change the reaction), take it back."""

from __future__ import annotations

from dataclasses import dataclass

from kith_content.domain import posts as rules
from kith_content.domain.ports import ContentRepository
from kith_content.domain.posts import Post, ReactionKind
from kith_content.service_layer.handlers import ContentHandlers, now
from kith_content.service_layer.threads import ThreadHandlers
from kith_platform.errors import InvalidArgument, NotFound


@dataclass(frozen=True)
class Target:
    """What a reaction is on: a post, or a comment (with its post)."""

    target_id: str
    is_comment: bool
    post: Post
    author_id: str


@dataclass
class ReactionHandlers:
    posts: ContentHandlers
    threads: ThreadHandlers
    content: ContentRepository

    async def _target(self, caller_id: str, post_id: str, comment_id: str) -> Target:
        if bool(post_id) == bool(comment_id):
            raise InvalidArgument("post_id", "name exactly one of post_id and comment_id")
        if comment_id:
            comment, post = await self.threads.visible_comment(caller_id, comment_id)
            if comment.deleted:
                raise NotFound("comment_id: no such comment")
            rules.require_published(comment.review, "comment_id", "comment")
            return Target(comment.comment_id, True, post, comment.author_id)
        post = await self.posts.get(caller_id, post_id)
        rules.require_published(post.review, "post_id")
        return Target(post.post_id, False, post, post.author_id)

    async def react(
        self, caller_id: str, post_id: str, comment_id: str, kind: ReactionKind | None
    ) -> tuple[bool, dict[ReactionKind, int]]:
        """(whether it changed anything, the target's counts after)."""
        if kind is None:
            raise InvalidArgument("kind", "must be like, love, insightful, funny or support")
        t = await self._target(caller_id, post_id, comment_id)
        changed = await self.content.react(t.target_id, t.is_comment, t.post, t.author_id, caller_id, kind, now())
        counts, _ = await self.content.reactions(caller_id, [t.target_id])
        return changed, counts.get(t.target_id, {})

    async def unreact(self, caller_id: str, post_id: str, comment_id: str) -> tuple[bool, dict[ReactionKind, int]]:
        """(whether there was a reaction to remove, the target's counts after)."""
        t = await self._target(caller_id, post_id, comment_id)
        removed = await self.content.unreact(t.target_id, t.is_comment, t.post, t.author_id, caller_id, now())
        counts, _ = await self.content.reactions(caller_id, [t.target_id])
        return removed, counts.get(t.target_id, {})

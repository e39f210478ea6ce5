"""Community moderators' work on content: the link review queue (list, approve, reject held
posts and comments) and removals decided on reports (the communities service's ContentRemoved);
and the platform staff's removals and their reversals (identity's ContentRemovedByStaff and
ContentRestoredByStaff)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from kith_content.domain import review
from kith_content.domain.ports import Communities, ContentRepository, HeldItem
from kith_content.domain.posts import Comment, Post
from kith_content.service_layer.handlers import now, page_size_of
from kith_platform import cursors
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text

NOTE_MAX = 500
STAFF_TARGETS = ("post", "comment")  # what of the staff's targets content holds


def _ids(*values: str) -> tuple[str, ...] | None:
    """The values as canonical UUIDs, or None when one is not a UUID (an event about something
    that cannot exist here)."""
    try:
        return tuple(str(uuid.UUID(v)) for v in values)
    except ValueError:
        return None


@dataclass
class ModerationHandlers:
    content: ContentRepository
    communities: Communities

    async def _moderator(self, community_id: str, caller_id: str) -> None:
        rights = await self.communities.posting_rights(community_id, caller_id, True)
        if rights.role is None and rights.hidden:
            raise NotFound("community_id: no such community")
        if not rights.moderates:
            raise PermissionDenied("only moderators and above review held posts and comments")

    async def held(self, caller_id: str, community_id: str, size: int, cursor: str) -> tuple[list[HeldItem], str]:
        community_id = parse_uuid(community_id, "community_id")
        await self._moderator(community_id, caller_id)
        size = page_size_of(size)
        rows = await self.content.held(community_id, size + 1, cursors.decode_at(cursor))
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1].held_at, page[-1].item_id) if len(rows) > size else ""
        return page, next_cursor

    async def _held_target(self, caller_id: str, post_id: str, comment_id: str) -> tuple[Post, Comment | None]:
        """(post, comment or None) of a held post or comment the caller moderates."""
        if bool(post_id) == bool(comment_id):
            raise InvalidArgument("post_id", "name exactly one of post_id and comment_id")
        comment = None
        if comment_id:
            comment = await self.content.comment(parse_uuid(comment_id, "comment_id"))
            post = await self.content.live_post(comment.post_id) if comment and not comment.deleted else None
            if post is None or not post.community_id:
                raise NotFound("comment_id: no such comment")
        else:
            post = await self.content.live_post(parse_uuid(post_id, "post_id"))
            if post is None or not post.community_id:
                raise NotFound("post_id: no such post")
        await self._moderator(post.community_id, caller_id)
        state = comment.review if comment is not None else post.review
        if state is not review.ReviewState.PENDING:
            field, what = ("comment_id", "comment") if comment else ("post_id", "post")
            raise FailedPrecondition(f"{field}: this {what} is not waiting for review")
        return post, comment

    async def approve(self, caller_id: str, post_id: str, comment_id: str) -> None:
        post, comment = await self._held_target(caller_id, post_id, comment_id)
        author = comment.author_id if comment is not None else post.author_id
        rights = await self.communities.posting_rights(post.community_id or "", author, comment is not None)
        if rights.refusal:  # left, banned, muted since, or the community archived
            raise FailedPrecondition(f"the author may not write here now ({rights.refusal}); reject it instead")
        done: Post | Comment | None
        if comment is not None:
            done = await self.content.approve_comment(comment.comment_id, caller_id, now())
        else:
            done = await self.content.approve_post(post.post_id, caller_id, now())
        if done is None:
            raise FailedPrecondition("it is no longer waiting for review")

    async def reject(self, caller_id: str, post_id: str, comment_id: str, note: str) -> None:
        note = check_text(note.strip(), "note", max_length=NOTE_MAX, multiline=True)
        post, comment = await self._held_target(caller_id, post_id, comment_id)
        done: Post | Comment | None
        if comment is not None:
            done = await self.content.reject_comment(comment.comment_id, caller_id, note, now())
        else:
            done = await self.content.reject_post(post.post_id, caller_id, note, now())
        if done is None:
            raise FailedPrecondition("it is no longer waiting for review")

    async def remove(self, community_id: str, target: str, target_id: str, by: str, at: datetime) -> bool:
        """Hide a post or comment of that community after a report; False when there is none."""
        ids = _ids(community_id, target_id)
        if ids is None:
            return False  # a report about something that cannot exist here
        community_id, target_id = ids
        if target == "post":
            return await self.content.remove_post(community_id, target_id, by, at)
        if target == "comment":
            return await self.content.remove_comment(community_id, target_id, by, at)
        return False

    async def remove_by_staff(self, target: str, target_id: str, removal_id: str, at: datetime) -> bool:
        """Hide any post or comment for the platform's staff, who stay anonymous (the events name
        the removal, which its author may appeal); False when there is none, or the removal
        already took it."""
        ids = _ids(target_id, removal_id)
        if ids is None or target not in STAFF_TARGETS:
            return False
        target_id, removal_id = ids
        if target == "post":
            return await self.content.remove_post(None, target_id, "", at, removal_id)
        return await self.content.remove_comment(None, target_id, "", at, removal_id)

    async def restore_by_staff(self, target: str, target_id: str, removal_id: str, at: datetime) -> bool:
        """Reverse a staff removal: the post or comment is back as it was, if that removal still
        holds it; False otherwise (already restored, or removed otherwise)."""
        ids = _ids(target_id, removal_id)
        if ids is None or target not in STAFF_TARGETS:
            return False
        target_id, removal_id = ids
        if target == "post":
            return await self.content.restore_post(target_id, removal_id, at)
        return await self.content.restore_comment(target_id, removal_id, at)

"""Content use cases: posts, shares, edits, deletes, threads, reactions, reads for a viewer."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kith_content.domain import posts as rules
from kith_content.domain import review
from kith_content.domain.ports import Communities, ContentRepository, Handles, HeldItem, PostingRights
from kith_content.domain.posts import Audience, Comment, Media, Post, ReactionKind
from kith_platform import cursors
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text, normalise_hashtag, page_size

log = logging.getLogger("kith.content")
DEFAULT_PAGE, MAX_PAGE, BATCH_MAX = 20, 100, 200
NOTE_MAX = 500


def _now() -> datetime:
    return datetime.now(UTC)


def _size(requested: int) -> int:
    return page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)


def _uuid(value) -> str:
    return parse_uuid(str(value), "cursor")


@dataclass(frozen=True)
class NewPost:
    text: str
    audience: Audience | None = None
    community_id: str = ""
    media: tuple = ()  # (MediaKind | None, url, alt text)
    link: str = ""


@dataclass
class ContentHandlers:
    content: ContentRepository
    communities: Communities
    handles: Handles

    # Writing posts -------------------------------------------------------------------------

    async def _community_rights(self, community_id: str, user_id: str, commenting: bool = False) -> PostingRights:
        """What the user may do in the community they write in; refusals raise."""
        rights = await self.communities.posting_rights(community_id, user_id, commenting)
        if rights.refusal:
            if rights.hidden:  # a hidden community does not exist for those who may not write in it
                raise NotFound("community_id: no such community")
            raise PermissionDenied(rights.refusal)
        return rights

    async def _hold(
        self, rights: PostingRights, community_id: str, author_id: str, text: str, link: str = ""
    ) -> review.Hold | None:
        """Whether new content waits for a moderator (a link by a member below the community's
        trust level; the level is looked up only when it decides)."""
        if not review.may_hold(text=text, link=link, hold_links_below=rights.hold_links_below, role=rights.role):
            return None
        return review.hold_for(await self.content.trust_level(community_id, author_id), rights.hold_links_below)

    async def _mentions(self, text: str, author_id: str, post: Post) -> tuple[str, ...]:
        """Mentioned users who exist, do not block (and are not blocked by) the author, and may
        see the post; the author never mentions themself."""
        handles = rules.mentioned_handles(text)
        if not handles:
            return ()
        found = await self.handles.resolve(handles)
        ids = [found[h] for h in handles if h in found and found[h] != author_id]
        if not ids:
            return ()
        blocked = await self.content.blocked_among(author_id, ids)
        allowed = await self.content.users_who_may_see(post, [i for i in ids if i not in blocked])
        return tuple(i for i in ids if i in allowed)

    async def create_post(self, author_id: str, new: NewPost, shared: Post | None = None) -> Post:
        audience = rules.resolve_audience(new.audience, new.community_id)
        media = rules.validate_media(list(new.media))
        text = rules.validate_text(new.text, required=not media and shared is None)
        link = rules.validate_url(new.link, "link", schemes=("http", "https")) if new.link.strip() else ""
        community_id = parse_uuid(new.community_id, "community_id") if new.community_id else None
        if shared is not None:
            rules.require_published(shared.review, "post_id")
            rules.check_share(shared, audience, community_id or "")
        rights = await self._community_rights(community_id, author_id) if community_id else None
        hold = await self._hold(rights, community_id, author_id, text, link) if rights else None
        post = Post(
            post_id=str(uuid.uuid4()),
            author_id=author_id,
            text=text,
            audience=audience,
            created_at=_now(),
            community_id=community_id,
            members_only=rights.members_only if rights else False,
            media=media,
            link=link,
            hashtags=rules.hashtags(text),
            shared_post_id=shared.post_id if shared else None,
            review=review.ReviewState.PENDING if hold else None,
            held_reason=hold.reason if hold else "",
        )
        post = replace(post, mention_ids=await self._mentions(text, author_id, post))
        await self.content.add_post(post, shared_from=shared, hold=hold)
        return post

    async def share(self, user_id: str, post_id: str, new: NewPost) -> Post:
        original = await self.get(user_id, post_id)
        if original.shared_post_id:  # a share of a share shares the original
            original = await self.get(user_id, original.shared_post_id)
        return (await self._hydrate(user_id, [await self.create_post(user_id, new, shared=original)]))[0]

    async def _own_post(self, caller_id: str, post_id: str) -> Post:
        post = await self.get(caller_id, post_id)
        if post.author_id != caller_id:
            raise PermissionDenied("only the author may change this post")
        return post

    async def edit(self, caller_id: str, post_id: str, text: str) -> Post:
        post = await self._own_post(caller_id, post_id)
        # What a moderator reviews is what gets published: a held post is deleted and written anew.
        rules.require_published(post.review, "post_id")
        text = rules.validate_text(text, required=not post.media and post.shared_post_id is None)
        mentions = await self._mentions(text, caller_id, post)
        now = _now()

        def apply(current: Post) -> Post:
            return replace(
                current,
                text=text,
                hashtags=rules.hashtags(text),
                edited_at=now,
                mention_ids=tuple(dict.fromkeys(current.mention_ids + mentions)),
            )

        edited = await self.content.edit_post(post.post_id, apply)
        if edited is None:
            raise NotFound("post_id: no such post")
        return (await self._hydrate(caller_id, [edited]))[0]

    async def edits(self, caller_id: str, post_id: str, size: int, cursor: str):
        post = await self.get(caller_id, post_id)
        size = _size(size)
        decoded = cursors.decode(cursor, int)
        rows = await self.content.edits(post.post_id, size + 1, decoded[0] if decoded else None)
        page = rows[:size]
        return [(text, at) for _, text, at in page], cursors.encode(page[-1][0]) if len(rows) > size else ""

    async def delete(self, caller_id: str, post_id: str) -> None:
        post = await self._own_post(caller_id, post_id)
        await self.content.delete_post(post, _now())

    # Reading posts -------------------------------------------------------------------------

    async def _hydrate(self, viewer_id: str, posts: list[Post]) -> list[Post]:
        """Reaction counts, the viewer's reactions and the shared originals (when visible)."""
        if not posts:
            return []
        shared_ids = [p.shared_post_id for p in posts if p.shared_post_id]
        originals = await self.content.visible_posts(viewer_id, shared_ids) if shared_ids else {}
        ids = [p.post_id for p in posts] + list(originals)
        counts, mine = await self.content.reactions(viewer_id, ids)

        def fill(post: Post) -> Post:
            return replace(post, reactions=counts.get(post.post_id, {}), viewer_reaction=mine.get(post.post_id))

        return [
            replace(fill(p), shared_post=fill(originals[p.shared_post_id]) if p.shared_post_id in originals else None)
            for p in posts
        ]

    async def get(self, viewer_id: str, post_id: str) -> Post:
        post_id = parse_uuid(post_id, "post_id")
        found = await self.content.visible_posts(viewer_id, [post_id])
        if post_id not in found:
            held = await self._held_for_moderator(viewer_id, post_id)
            if held is None:
                raise NotFound("post_id: no such post")
            return held
        return (await self._hydrate(viewer_id, [found[post_id]]))[0]

    async def _held_for_moderator(self, viewer_id: str, post_id: str) -> Post | None:
        """A post waiting for review, for a moderator of its community (others: None)."""
        post = await self.content.live_post(post_id)
        if post is None or post.review is not review.ReviewState.PENDING or not post.community_id:
            return None
        rights = await self.communities.posting_rights(post.community_id, viewer_id, True)
        return post if rights.moderates else None

    async def batch(self, viewer_id: str, post_ids: list[str]) -> list[Post]:
        viewer_id = parse_uuid(viewer_id, "viewer_id")
        if len(post_ids) > BATCH_MAX:
            raise InvalidArgument("post_ids", f"at most {BATCH_MAX} ids")
        ids = list(dict.fromkeys(parse_uuid(p, "post_ids") for p in post_ids))
        found = await self.content.visible_posts(viewer_id, ids) if ids else {}
        return await self._hydrate(viewer_id, [found[i] for i in ids if i in found])

    async def _newest_first(self, viewer_id: str, rows: list[Post], size: int) -> tuple[list[Post], str]:
        """One page of a newest-first list fetched with one row more than the page."""
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1].created_at, page[-1].post_id) if len(rows) > size else ""
        return await self._hydrate(viewer_id, page), next_cursor

    async def user_posts(self, viewer_id: str, user_id: str, size: int, cursor: str):
        author = parse_uuid(user_id, "user_id")
        size = _size(size)
        rows = await self.content.user_posts(viewer_id, author, size + 1, cursors.decode_at(cursor))
        return await self._newest_first(viewer_id, rows, size)

    async def hashtag_posts(self, viewer_id: str, hashtag: str, size: int, cursor: str):
        tag = normalise_hashtag(hashtag)
        size = _size(size)
        rows = await self.content.hashtag_posts(viewer_id, tag, size + 1, cursors.decode_at(cursor))
        return await self._newest_first(viewer_id, rows, size)

    async def search(self, viewer_id: str, query: str, size: int, cursor: str):
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        size = _size(size)
        rows = await self.content.search(viewer_id, query, size + 1, cursors.decode(cursor, float, _uuid))
        page = rows[:size]
        next_cursor = cursors.encode(page[-1][1], page[-1][0].post_id) if len(rows) > size else ""
        return await self._hydrate(viewer_id, [p for p, _ in page]), next_cursor

    # Threads -------------------------------------------------------------------------------

    async def _visible_comment(self, viewer_id: str, comment_id: str, field: str = "comment_id"):
        comment = await self.content.comment(parse_uuid(comment_id, field))
        if comment is None or (comment.review is not None and comment.author_id != viewer_id):
            raise NotFound(f"{field}: no such comment")
        try:
            post = await self.get(viewer_id, comment.post_id)
        except NotFound:
            raise NotFound(f"{field}: no such comment") from None
        if comment.author_id in await self.content.blocked_among(viewer_id, [comment.author_id]):
            raise NotFound(f"{field}: no such comment")
        return comment, post

    async def add_comment(self, caller_id: str, post_id: str, parent_id: str, text: str) -> Comment:
        post = await self.get(caller_id, post_id)
        parent = None
        if parent_id:
            parent, _ = await self._visible_comment(caller_id, parent_id, "parent_comment_id")
            if parent.post_id != post.post_id:
                raise InvalidArgument("parent_comment_id", "belongs to another post")
            if parent.deleted:
                raise NotFound("parent_comment_id: no such comment")
            rules.require_published(parent.review, "parent_comment_id", "comment")
        rules.require_published(post.review, "post_id")
        depth = rules.child_depth(parent.depth if parent else 0)
        text = rules.validate_text(text)
        hold = None
        if post.community_id:
            rights = await self._community_rights(post.community_id, caller_id, commenting=True)
            hold = await self._hold(rights, post.community_id, caller_id, text)
        comment = Comment(
            comment_id=str(uuid.uuid4()),
            post_id=post.post_id,
            parent_id=parent.comment_id if parent else None,
            author_id=caller_id,
            text=text,
            depth=depth,
            created_at=_now(),
            mention_ids=await self._mentions(text, caller_id, post),
            review=review.ReviewState.PENDING if hold else None,
            held_reason=hold.reason if hold else "",
        )
        await self.content.add_comment(comment, post, parent, hold)
        return comment

    async def delete_comment(self, caller_id: str, comment_id: str) -> None:
        comment, post = await self._visible_comment(caller_id, comment_id)
        if comment.deleted:
            raise NotFound("comment_id: no such comment")
        if caller_id not in (comment.author_id, post.author_id):
            raise PermissionDenied("only the comment's author or the post's author may delete it")
        await self.content.delete_comment(comment, post, caller_id, _now())

    async def thread(self, viewer_id: str, post_id: str, parent_id: str, order: str, size: int, cursor: str):
        post = await self.get(viewer_id, post_id)
        parent = None
        if parent_id:
            parent, _ = await self._visible_comment(viewer_id, parent_id, "parent_comment_id")
            if parent.post_id != post.post_id:
                raise InvalidArgument("parent_comment_id", "belongs to another post")
        size = _size(size)
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
        return [
            replace(
                c,
                reactions=counts.get(c.comment_id, {}),
                viewer_reaction=mine.get(c.comment_id),
                **({"text": rules.DELETED_TEXT, "author_id": "", "mention_ids": ()} if c.deleted else {}),
            )
            for c in page
        ], next_cursor

    # Reactions -----------------------------------------------------------------------------

    async def _target(self, caller_id: str, post_id: str, comment_id: str):
        if bool(post_id) == bool(comment_id):
            raise InvalidArgument("post_id", "name exactly one of post_id and comment_id")
        if comment_id:
            comment, post = await self._visible_comment(caller_id, comment_id)
            if comment.deleted:
                raise NotFound("comment_id: no such comment")
            rules.require_published(comment.review, "comment_id", "comment")
            return comment.comment_id, True, post, comment.author_id
        post = await self.get(caller_id, post_id)
        rules.require_published(post.review, "post_id")
        return post.post_id, False, post, post.author_id

    async def react(self, caller_id: str, post_id: str, comment_id: str, kind: ReactionKind | None):
        if kind is None:
            raise InvalidArgument("kind", "must be like, love, insightful, funny or support")
        target_id, is_comment, post, author = await self._target(caller_id, post_id, comment_id)
        changed = await self.content.react(target_id, is_comment, post, author, caller_id, kind, _now())
        counts, _ = await self.content.reactions(caller_id, [target_id])
        return changed, counts.get(target_id, {})

    async def unreact(self, caller_id: str, post_id: str, comment_id: str):
        target_id, is_comment, post, author = await self._target(caller_id, post_id, comment_id)
        removed = await self.content.unreact(target_id, is_comment, post, author, caller_id, _now())
        counts, _ = await self.content.reactions(caller_id, [target_id])
        return removed, counts.get(target_id, {})

    # Moderation (from the communities events) ------------------------------------------------

    async def remove(self, community_id: str, target: str, target_id: str, by: str, at: datetime) -> bool:
        try:
            community_id, target_id = uuid.UUID(community_id), uuid.UUID(target_id)
        except ValueError:
            return False  # a report about something that cannot exist here
        community_id, target_id = str(community_id), str(target_id)
        if target == "post":
            return await self.content.remove_post(community_id, target_id, by, at)
        if target == "comment":
            return await self.content.remove_comment(community_id, target_id, by, at)
        return False

    # Erasure (identity's UserErased) ---------------------------------------------------------

    async def erase_user(self, user_id: str, at: datetime) -> None:
        """Remove every trace of an erased person (see ContentRepository.erase_user); again
        on a redelivery, harmlessly."""
        try:
            user_id = str(uuid.UUID(user_id))
        except ValueError:
            log.error("skipping a UserErased with a malformed user id")
            return
        erased = await self.content.erase_user(user_id, at)
        # The log names no id: it would be one more place the person stays.
        log.info(
            "erased a user's content: %d posts, %d comments deleted, %d kept blank, %d reactions",
            erased.posts,
            erased.comments_deleted,
            erased.comments_blanked,
            erased.reactions,
        )

    async def purge_erased_outbox(self, limit: int = 100) -> int:
        """Delete the outbox rows that still mention erased users once Kafka has them."""
        return await self.content.purge_outbox_of_erased(limit)

    # Link review (community moderators) ----------------------------------------------------

    async def _moderator(self, community_id: str, caller_id: str) -> None:
        rights = await self.communities.posting_rights(community_id, caller_id, True)
        if rights.role is None and rights.hidden:
            raise NotFound("community_id: no such community")
        if not rights.moderates:
            raise PermissionDenied("only moderators and above review held posts and comments")

    async def held(self, caller_id: str, community_id: str, size: int, cursor: str):
        community_id = parse_uuid(community_id, "community_id")
        await self._moderator(community_id, caller_id)
        size = _size(size)
        rows = await self.content.held(community_id, size + 1, cursors.decode_at(cursor))
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1].held_at, page[-1].item_id) if len(rows) > size else ""
        return page, next_cursor

    async def _held_target(self, caller_id: str, post_id: str, comment_id: str):
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
        if (comment or post).review is not review.ReviewState.PENDING:
            field, what = ("comment_id", "comment") if comment else ("post_id", "post")
            raise FailedPrecondition(f"{field}: this {what} is not waiting for review")
        return post, comment

    async def approve(self, caller_id: str, post_id: str, comment_id: str) -> None:
        post, comment = await self._held_target(caller_id, post_id, comment_id)
        author = (comment or post).author_id
        rights = await self.communities.posting_rights(post.community_id, author, comment is not None)
        if rights.refusal:  # left, banned, muted since, or the community archived
            raise FailedPrecondition(f"the author may not write here now ({rights.refusal}); reject it instead")
        if comment is not None:
            done = await self.content.approve_comment(comment.comment_id, caller_id, _now())
        else:
            done = await self.content.approve_post(post.post_id, caller_id, _now())
        if done is None:
            raise FailedPrecondition("it is no longer waiting for review")

    async def reject(self, caller_id: str, post_id: str, comment_id: str, note: str) -> None:
        note = check_text(note.strip(), "note", max_length=NOTE_MAX, multiline=True)
        post, comment = await self._held_target(caller_id, post_id, comment_id)
        if comment is not None:
            done = await self.content.reject_comment(comment.comment_id, caller_id, note, _now())
        else:
            done = await self.content.reject_post(post.post_id, caller_id, note, _now())
        if done is None:
            raise FailedPrecondition("it is no longer waiting for review")


__all__ = ["ContentHandlers", "HeldItem", "NewPost", "Media"]

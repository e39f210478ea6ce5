"""Post use cases: write (create, share, edit, delete) and read for a viewer (one post, a batch,
an author's posts, a hashtag, search); and the checks threads share with posts (community rights,
link holds, mentions). Threads, reactions, moderation and erasure have their own modules."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from kith_content.domain import polls as poll_rules
from kith_content.domain import posts as rules
from kith_content.domain import review
from kith_content.domain.polls import Poll
from kith_content.domain.ports import Communities, ContentRepository, Handles, PostingRights, ReaderFilters
from kith_content.domain.posts import NewPost, Post
from kith_content.service_layer.media import MediaHandlers
from kith_platform import cursors
from kith_platform import idempotency as keys
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied, Unavailable
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text, normalise_hashtag, page_size

DEFAULT_PAGE, MAX_PAGE, BATCH_MAX = 20, 100, 200
KEYS_SWEPT_AT_ONCE = 1000
T = TypeVar("T")


def now() -> datetime:
    return datetime.now(UTC)


def page_size_of(requested: int) -> int:
    return page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)


def _uuid(value) -> str:
    return parse_uuid(str(value), "cursor")


@dataclass
class ContentHandlers:
    content: ContentRepository
    communities: Communities
    handles: Handles
    # A reader's muted words and content-warning choice (the feed keeps them): search and hashtag
    # lists leave out what they filter. None: nothing is filtered.
    filters: ReaderFilters | None = None
    # The uploads a new post names (None: a post may only link media).
    media: MediaHandlers | None = None

    # Checks shared with threads -------------------------------------------------------------

    async def community_rights(self, community_id: str, user_id: str, commenting: bool = False) -> PostingRights:
        """What the user may do in the community they write in; refusals raise."""
        rights = await self.communities.posting_rights(community_id, user_id, commenting)
        if rights.refusal:
            if rights.hidden:  # a hidden community does not exist for those who may not write in it
                raise NotFound("community_id: no such community")
            raise PermissionDenied(rights.refusal)
        return rights

    async def hold(
        self, rights: PostingRights, community_id: str, author_id: str, text: str, link: str = ""
    ) -> review.Hold | None:
        """Whether new content waits for a moderator (a link by a member below the community's
        trust level; the level is looked up only when it decides)."""
        if not review.may_hold(text=text, link=link, hold_links_below=rights.hold_links_below, role=rights.role):
            return None
        return review.hold_for(await self.content.trust_level(community_id, author_id), rights.hold_links_below)

    async def mentions(self, text: str, author_id: str, post: Post) -> tuple[str, ...]:
        """Mentioned users who exist, let the author mention them (their privacy settings, asked
        of identity), do not block (and are not blocked by) the author, and may see the post; the
        author never mentions themself."""
        handles = rules.mentioned_handles(text)
        if not handles:
            return ()
        found = await self.handles.resolve(handles, mentioned_by=author_id)
        ids = [found[h] for h in handles if h in found and found[h] != author_id]
        if not ids:
            return ()
        blocked = await self.content.blocked_among(author_id, ids)
        allowed = await self.content.users_who_may_see(post, [i for i in ids if i not in blocked])
        return tuple(i for i in ids if i in allowed)

    # Idempotency keys ------------------------------------------------------------------------

    async def once(
        self,
        claim: keys.NewClaim | None,
        write: Callable[[keys.NewClaim | None], Awaitable[T]],
        replay: Callable[[str], Awaitable[T]],
    ) -> T:
        """`write(claim)` once per idempotency key (kith_platform.idempotency has the rule): a
        call that repeats a kept key writes nothing and answers `replay(id of what the first call
        made)`, also when it ran beside that call and lost the key to it in the write."""
        if claim is None:
            return await write(None)
        first = keys.replayed(await self.content.key_claim(claim.user_id, claim.key), claim)
        if first is None:
            try:
                return await write(claim)
            except keys.KeyTaken:
                first = keys.replayed(await self.content.key_claim(claim.user_id, claim.key), claim)
                if first is None:  # taken, then gone at once (erased): the caller may try again
                    raise Unavailable("idempotency_key: taken by another call; retry") from None
        return await replay(first)

    async def post_again(self, author_id: str, post_id: str) -> Post:
        """What a repeated CreatePost or SharePost answers: the post its first call made, now."""
        post = await self.content.live_post(post_id)
        if post is None:
            raise keys.first_result_gone()
        return (await self.hydrate(author_id, [post]))[0]

    async def forget_expired_keys(self) -> int:
        """The sweep: delete the keys older than idempotency.KEPT (free by then already: this
        keeps the table small), a batch at a time; how many went."""
        forgotten = 0
        while True:
            batch = await self.content.forget_keys(now() - keys.KEPT, KEYS_SWEPT_AT_ONCE)
            forgotten += batch
            if batch < KEYS_SWEPT_AT_ONCE:
                return forgotten

    # Writing posts -------------------------------------------------------------------------

    async def create_post(
        self,
        author_id: str,
        new: NewPost,
        *,
        draft_id: str | None = None,
        idempotency_key: str = "",
    ) -> Post:
        """Publish a post; from a draft, the post takes the draft's id and its transaction deletes
        the draft (NOT_FOUND when it is gone: a draft is published once). With an idempotency
        key, once per key (`once`)."""
        claim = keys.new_claim(author_id, idempotency_key, "CreatePost", (new,), now())
        return await self.once(
            claim, partial(self._write_post, author_id, new, None, draft_id), partial(self.post_again, author_id)
        )

    async def _write_post(
        self, author_id: str, new: NewPost, shared: Post | None, draft_id: str | None, claim: keys.NewClaim | None
    ) -> Post:
        checked = rules.check_new_post(new, now(), sharing=shared is not None)
        audience, media, text, link = checked.audience, checked.media, checked.text, checked.link
        community_id, content_warning = checked.community_id, checked.content_warning
        poll = None
        if checked.poll is not None:
            asked = checked.poll
            poll = Poll(asked.options, asked.multiple_choice, asked.closes_at, (0,) * len(asked.options), 0)
        if shared is not None:
            rules.require_published(shared.review, "post_id")
            rules.check_share(shared, audience, community_id or "")
        if any(m.media_id for m in media):
            if self.media is None:
                raise InvalidArgument("media.media_id", "uploads are not taken here")
            media = await self.media.attachments(author_id, media)
        rights, hold = None, None
        if community_id:
            rights = await self.community_rights(community_id, author_id)
            hold = await self.hold(rights, community_id, author_id, text, link)
        post = Post(
            post_id=draft_id or str(uuid.uuid4()),
            author_id=author_id,
            text=text,
            audience=audience,
            created_at=now(),
            community_id=community_id,
            members_only=rights.members_only if rights else False,
            media=media,
            link=link,
            hashtags=rules.hashtags(text),
            shared_post_id=shared.post_id if shared else None,
            review=review.ReviewState.PENDING if hold else None,
            held_reason=hold.reason if hold else "",
            content_warning=content_warning,
            has_poll=poll is not None,
            poll=poll,
            poll_results_visible=poll is not None,  # its author sees the counts
        )
        post = replace(post, mention_ids=await self.mentions(text, author_id, post))
        await self.content.add_post(post, shared_from=shared, hold=hold, draft_id=draft_id, claim=claim)
        return post

    async def share(self, user_id: str, post_id: str, new: NewPost, idempotency_key: str = "") -> Post:
        """Share a post (with an idempotency key, once per key)."""

        async def write(claim: keys.NewClaim | None) -> Post:
            original = await self.get(user_id, post_id)
            if original.shared_post_id:  # a share of a share shares the original
                original = await self.get(user_id, original.shared_post_id)
            return (await self.hydrate(user_id, [await self._write_post(user_id, new, original, None, claim)]))[0]

        claim = keys.new_claim(user_id, idempotency_key, "SharePost", (post_id, new), now())
        return await self.once(claim, write, partial(self.post_again, user_id))

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
        mentions = await self.mentions(text, caller_id, post)
        edited_at = now()

        def apply(current: Post) -> Post:
            return replace(
                current,
                text=text,
                hashtags=rules.hashtags(text),
                edited_at=edited_at,
                mention_ids=tuple(dict.fromkeys(current.mention_ids + mentions)),
            )

        edited = await self.content.edit_post(post.post_id, apply)
        if edited is None:
            raise NotFound("post_id: no such post")
        return (await self.hydrate(caller_id, [edited]))[0]

    async def edits(
        self, caller_id: str, post_id: str, size: int, cursor: str
    ) -> tuple[list[tuple[str, datetime]], str]:
        post = await self.get(caller_id, post_id)
        size = page_size_of(size)
        decoded = cursors.decode(cursor, int)
        rows = await self.content.edits(post.post_id, size + 1, decoded[0] if decoded else None)
        page = rows[:size]
        return [(text, at) for _, text, at in page], cursors.encode(page[-1][0]) if len(rows) > size else ""

    async def delete(self, caller_id: str, post_id: str) -> None:
        post = await self._own_post(caller_id, post_id)
        await self.content.delete_post(post, now())

    # Reading posts -------------------------------------------------------------------------

    async def hydrate(self, viewer_id: str, posts: list[Post]) -> list[Post]:
        """Reaction counts, the viewer's reactions and the shared originals (when visible)."""
        if not posts:
            return []
        shared_ids = [p.shared_post_id for p in posts if p.shared_post_id]
        originals = await self.content.visible_posts(viewer_id, shared_ids) if shared_ids else {}
        ids = [p.post_id for p in posts] + list(originals)
        counts, mine = await self.content.reactions(viewer_id, ids)
        votes = await self.content.viewer_votes(viewer_id, [p.post_id for p in posts if p.community_id])
        polls = await self.content.polls(viewer_id, [p.post_id for p in [*posts, *originals.values()] if p.has_poll])
        at = now()

        def fill(post: Post) -> Post:
            filled = replace(
                post,
                reactions=counts.get(post.post_id, {}),
                viewer_reaction=mine.get(post.post_id),
                viewer_vote=votes.get(post.post_id, 0),
            )
            if post.post_id not in polls:
                return filled
            poll, choices = polls[post.post_id]
            shown = poll_rules.results_visible(poll, voted=bool(choices), is_author=post.author_id == viewer_id, now=at)
            return replace(filled, poll=poll, viewer_choices=choices, poll_results_visible=shown)

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
        return (await self.hydrate(viewer_id, [found[post_id]]))[0]

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
        return await self.hydrate(viewer_id, [found[i] for i in ids if i in found])

    async def _newest_first(
        self, viewer_id: str, rows: list[Post], size: int, *, filtered: bool = False
    ) -> tuple[list[Post], str]:
        """One page of a newest-first list fetched with one row more than the page; `filtered`
        leaves out what the reader's filters hide (the page may then be shorter)."""
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1].created_at, page[-1].post_id) if len(rows) > size else ""
        shown = await self._unfiltered(viewer_id, page) if filtered else page
        return await self.hydrate(viewer_id, shown), next_cursor

    async def _unfiltered(self, viewer_id: str, posts: list[Post]) -> list[Post]:
        """The posts the reader's filters (muted words, hidden content warnings) let through."""
        if self.filters is None or not posts:
            return posts
        filters, now_ms = await self.filters.of(viewer_id), int(time.time() * 1000)
        return [p for p in posts if not filters.hides(p.author_id, p.text, p.content_warning, now_ms)]

    async def user_posts(self, viewer_id: str, user_id: str, size: int, cursor: str) -> tuple[list[Post], str]:
        author = parse_uuid(user_id, "user_id")
        size = page_size_of(size)
        rows = await self.content.user_posts(viewer_id, author, size + 1, cursors.decode_at(cursor))
        return await self._newest_first(viewer_id, rows, size)

    async def hashtag_posts(self, viewer_id: str, hashtag: str, size: int, cursor: str) -> tuple[list[Post], str]:
        tag = normalise_hashtag(hashtag)
        size = page_size_of(size)
        rows = await self.content.hashtag_posts(viewer_id, tag, size + 1, cursors.decode_at(cursor))
        return await self._newest_first(viewer_id, rows, size, filtered=True)

    async def search(self, viewer_id: str, query: str, size: int, cursor: str) -> tuple[list[Post], str]:
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        size = page_size_of(size)
        rows = await self.content.search(viewer_id, query, size + 1, cursors.decode(cursor, float, _uuid))
        page = rows[:size]
        next_cursor = cursors.encode(page[-1][1], page[-1][0].post_id) if len(rows) > size else ""
        shown = await self._unfiltered(viewer_id, [p for p, _ in page])
        return await self.hydrate(viewer_id, shown), next_cursor

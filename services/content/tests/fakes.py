"""In-memory fakes of the content service's ports (each subclasses its port in domain/ports.py),
for unit tests of the handlers without servers.

There is no outbox port: each repository write stores its events in the same transaction. The
fake records in `outbox` the events its port says a write stores, as (event type, id, ...)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kith_content.domain.drafts import Draft
from kith_content.domain.ports import (
    Communities,
    ContentRepository,
    Erasure,
    Handles,
    HeldItem,
    PostingRights,
    ReactionCounts,
    ReaderFilters,
    ViewerReactions,
)
from kith_content.domain.posts import ERASED_AUTHOR, Comment, Post, ReactionKind, may_see
from kith_content.domain.review import Hold, ReviewState
from kith_content.service_layer.bookmarks import BookmarkHandlers
from kith_content.service_layer.drafts import DraftHandlers
from kith_content.service_layer.erasure import ErasureHandlers
from kith_content.service_layer.handlers import ContentHandlers
from kith_content.service_layer.moderation import ModerationHandlers
from kith_content.service_layer.reactions import ReactionHandlers
from kith_content.service_layer.threads import ThreadHandlers
from kith_content.service_layer.votes import VoteHandlers
from kith_platform.errors import NotFound
from kith_platform.idempotency import Claim, KeyTaken, NewClaim
from kith_platform.reading_filters import ReadingFilters


def new_id() -> str:
    return str(uuid.uuid4())


def _after(key: tuple, cursor: tuple | None, newest_first: bool = True) -> bool:
    """Whether a row with sort key `key` comes after the cursor's key in the page order."""
    if cursor is None:
        return True
    return key < tuple(cursor) if newest_first else key > tuple(cursor)


class FakeContent(ContentRepository):
    """Posts, comments, reactions and mirrors in dicts. Reads apply the visibility rule the SQL
    applies (domain.posts.may_see, deleted, removed and held content, away authors)."""

    def __init__(self) -> None:
        self.votes: dict[tuple[str, str], int] = {}  # (post, user) -> 1 or -1
        self.poll_votes: dict[tuple[str, str], tuple[int, ...]] = {}
        self.saved: dict[tuple[str, str], tuple[str, datetime]] = {}
        self.comment_history: dict[str, list[str]] = {}
        self.kept_drafts: dict[str, Draft] = {}  # (user, post) -> (folder, saved at)
        self.posts: dict[str, Post] = {}
        self.gone: set[str] = set()  # deleted or removed posts
        self.staff_removals: dict[str, str] = {}  # post or comment -> the staff removal holding it
        self.restorations: set[str] = set()  # staff removals reversed (they take nothing again)
        self.history: dict[str, list[tuple[int, str, datetime]]] = {}
        self.comments: dict[str, Comment] = {}
        self.given: dict[tuple[str, str], ReactionKind] = {}  # (target, user) -> kind
        self.follows: set[tuple[str, str]] = set()
        self.friends: set[tuple[str, str]] = set()
        self.blocks: set[tuple[str, str]] = set()
        self.members: set[tuple[str, str]] = set()  # (community, user)
        self.away: set[str] = set()
        self.trust: dict[tuple[str, str], int] = {}
        self.erased: set[str] = set()
        self.outbox: list[tuple] = []
        self.keys: dict[tuple[str, str], Claim] = {}  # (user, idempotency key) -> its claim

    def _claim(self, claim: NewClaim | None, resource_id: str) -> None:
        """As the claim in the write's transaction: KeyTaken when a kept key is there."""
        if claim is None:
            return
        stored = self.keys.get((claim.user_id, claim.key))
        if stored is not None and stored.created_at > claim.free_before:
            raise KeyTaken(claim.key)
        self.keys[claim.user_id, claim.key] = Claim(claim.fingerprint, resource_id, claim.at)

    async def key_claim(self, user_id: str, key: str) -> Claim | None:
        return self.keys.get((user_id, key))

    async def forget_keys(self, before: datetime, limit: int) -> int:
        old = [k for k, c in self.keys.items() if c.created_at <= before][:limit]
        for k in old:
            del self.keys[k]
        return len(old)

    # What reads see -----------------------------------------------------------------------

    def _blocked(self, a: str, b: str) -> bool:
        return (a, b) in self.blocks or (b, a) in self.blocks

    def _may_see(self, viewer_id: str, post: Post) -> bool:
        if post.post_id in self.gone or post.author_id in self.away:
            return False
        if post.review is not None and post.author_id != viewer_id:
            return False
        return may_see(
            post,
            viewer_id,
            follows=(viewer_id, post.author_id) in self.follows,
            friends=(viewer_id, post.author_id) in self.friends,
            member=(post.community_id or "", viewer_id) in self.members,
            blocked=self._blocked(viewer_id, post.author_id),
        )

    def _shown(self, comment: Comment) -> Comment:
        return replace(comment, deleted=True) if comment.author_id in self.away else comment

    # Posts --------------------------------------------------------------------------------

    async def add_post(
        self,
        post: Post,
        shared_from: Post | None = None,
        hold: Hold | None = None,
        draft_id: str | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        if draft_id is not None and self.kept_drafts.pop(draft_id, None) is None:
            raise NotFound("draft_id: no such draft (published or deleted)")
        self._claim(claim, post.post_id)
        self.posts[post.post_id] = post
        if hold is not None:
            self.outbox.append(("ContentHeld", post.post_id, ""))
            return
        self.outbox.append(("PostPublished", post.post_id))
        if shared_from is not None:
            original = self.posts[shared_from.post_id]
            self.posts[original.post_id] = replace(original, share_count=original.share_count + 1)
            self.outbox.append(("PostShared", shared_from.post_id, post.post_id))

    async def visible_posts(self, viewer_id: str, post_ids: list[str]) -> dict[str, Post]:
        return {i: self.posts[i] for i in post_ids if i in self.posts and self._may_see(viewer_id, self.posts[i])}

    async def live_post(self, post_id: str) -> Post | None:
        return None if post_id in self.gone else self.posts.get(post_id)

    async def edit_post(self, post_id: str, apply: Callable[[Post], Post]) -> Post | None:
        old = await self.live_post(post_id)
        if old is None:
            return None
        new = apply(old)
        edits = self.history.setdefault(post_id, [])
        edits.append((len(edits) + 1, old.text, new.edited_at or new.created_at))
        self.posts[post_id] = new
        self.outbox.append(("PostEdited", post_id))
        return new

    async def delete_post(self, post: Post, at: datetime) -> None:
        self.gone.add(post.post_id)
        if post.review is None:
            self.outbox.append(("PostDeleted", post.post_id))

    async def remove_post(
        self, community_id: str | None, post_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        post = await self.live_post(post_id)
        if post is None or (community_id is not None and post.community_id != community_id):
            return False
        if removal_id in self.restorations:
            return False
        self.gone.add(post_id)
        if removal_id:
            self.staff_removals[post_id] = removal_id
        if post.review is None or removal_id:
            self.outbox.append(("PostRemoved", post_id, by, *([removal_id] if removal_id else [])))
        return True

    async def restore_post(self, post_id: str, removal_id: str, at: datetime) -> bool:
        self.restorations.add(removal_id)
        if self.staff_removals.get(post_id) != removal_id:
            return False
        del self.staff_removals[post_id]
        self.gone.discard(post_id)
        if self.posts[post_id].review is None:
            self.outbox.append(("PostRestored", post_id, removal_id))
        return True

    async def edits(self, post_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        rows = sorted(self.history.get(post_id, []), reverse=True)
        return [r for r in rows if before is None or r[0] < before][:limit]

    def _newest(self, posts, limit: int, after: tuple[datetime, str] | None) -> list[Post]:
        rows = sorted(posts, key=lambda p: (p.created_at, p.post_id), reverse=True)
        return [p for p in rows if _after((p.created_at, p.post_id), after)][:limit]

    async def user_posts(self, viewer_id, author_id, limit, after) -> list[Post]:
        mine = [p for p in self.posts.values() if p.author_id == author_id and self._may_see(viewer_id, p)]
        return self._newest(mine, limit, after)

    async def hashtag_posts(self, viewer_id, tag, limit, after) -> list[Post]:
        tagged = [
            p for p in self.posts.values() if tag in p.hashtags and p.review is None and self._may_see(viewer_id, p)
        ]
        return self._newest(tagged, limit, after)

    async def search(self, viewer_id, query, limit, after) -> list[tuple[Post, float]]:
        found = [
            p
            for p in self.posts.values()
            if query.lower() in p.text.lower() and p.review is None and self._may_see(viewer_id, p)
        ]
        return [(p, 1.0) for p in sorted(found, key=lambda p: p.post_id)][:limit]

    async def users_who_may_see(self, post: Post, user_ids: list[str]) -> set[str]:
        return {u for u in user_ids if self._may_see(u, replace(post, review=None))}

    # Comments -----------------------------------------------------------------------------

    def _count(self, comment: Comment, delta: int) -> None:
        post = self.posts[comment.post_id]
        self.posts[post.post_id] = replace(post, comment_count=post.comment_count + delta)
        if comment.parent_id is not None and delta > 0:
            parent = self.comments[comment.parent_id]
            self.comments[parent.comment_id] = replace(parent, reply_count=parent.reply_count + delta)

    async def comment(self, comment_id: str) -> Comment | None:
        comment = self.comments.get(comment_id)
        return None if comment is None else self._shown(comment)

    async def add_comment(
        self,
        comment: Comment,
        post: Post,
        parent: Comment | None,
        hold: Hold | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        self._claim(claim, comment.comment_id)
        self.comments[comment.comment_id] = comment
        if hold is not None:
            self.outbox.append(("ContentHeld", post.post_id, comment.comment_id))
            return
        self._count(comment, 1)
        self.outbox.append(("CommentAdded", comment.comment_id))

    async def delete_comment(self, comment: Comment, post: Post, by: str, at: datetime) -> bool:
        stored = self.comments[comment.comment_id]
        if stored.deleted:
            return False
        self.comments[comment.comment_id] = replace(stored, deleted=True)
        if stored.review is None:
            self._count(stored, -1)
            self.outbox.append(("CommentDeleted", comment.comment_id, by))
        return True

    async def remove_comment(
        self, community_id: str | None, comment_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        stored = self.comments.get(comment_id)
        if stored is None or stored.deleted:
            return False
        if community_id is not None and self.posts[stored.post_id].community_id != community_id:
            return False
        if removal_id in self.restorations:
            return False
        self.comments[comment_id] = replace(stored, deleted=True)
        if removal_id:
            self.staff_removals[comment_id] = removal_id
        if stored.review is None:
            self._count(stored, -1)
            self.outbox.append(("CommentDeleted", comment_id, by, *([removal_id] if removal_id else [])))
        return True

    async def restore_comment(self, comment_id: str, removal_id: str, at: datetime) -> bool:
        self.restorations.add(removal_id)
        if self.staff_removals.get(comment_id) != removal_id:
            return False
        del self.staff_removals[comment_id]
        stored = self.comments[comment_id]
        self.comments[comment_id] = replace(stored, deleted=False)
        if stored.review is None:  # counted on its post again (its parent kept the reply)
            post = self.posts[stored.post_id]
            self.posts[post.post_id] = replace(post, comment_count=post.comment_count + 1)
            self.outbox.append(("CommentRestored", comment_id, removal_id))
        return True

    async def thread(self, viewer_id, post_id, parent_id, order, limit, after) -> list[Comment]:
        level = [
            self._shown(c)
            for c in self.comments.values()
            if c.post_id == post_id
            and c.parent_id == parent_id
            and (c.review is None or c.author_id == viewer_id)
            and not self._blocked(c.author_id, viewer_id)
        ]
        level = [c for c in level if not c.deleted or c.reply_count > 0]
        if order == "most_reacted":
            rows = sorted(level, key=lambda c: (c.reaction_count, c.created_at, c.comment_id), reverse=True)
            return [c for c in rows if _after((c.reaction_count, c.created_at, c.comment_id), after)][:limit]
        newest = order != "oldest"
        rows = sorted(level, key=lambda c: (c.created_at, c.comment_id), reverse=newest)
        return [c for c in rows if _after((c.created_at, c.comment_id), after, newest)][:limit]

    # Reactions ----------------------------------------------------------------------------

    def _count_reaction(self, target_id: str, is_comment: bool, delta: int) -> None:
        if is_comment:
            comment = self.comments[target_id]
            self.comments[target_id] = replace(comment, reaction_count=comment.reaction_count + delta)

    async def react(self, target_id, is_comment, post, target_author, user_id, kind, at) -> bool:
        previous = self.given.get((target_id, user_id))
        if previous is kind:
            return False
        if previous is None:
            self._count_reaction(target_id, is_comment, 1)
        self.given[(target_id, user_id)] = kind
        self.outbox.append(("ReactionAdded", target_id, user_id, kind, previous))
        return True

    async def unreact(self, target_id, is_comment, post, target_author, user_id, at) -> bool:
        previous = self.given.pop((target_id, user_id), None)
        if previous is None:
            return False
        self._count_reaction(target_id, is_comment, -1)
        self.outbox.append(("ReactionRemoved", target_id, user_id, previous))
        return True

    async def reactions(self, viewer_id: str, target_ids: list[str]) -> tuple[ReactionCounts, ViewerReactions]:
        counts: ReactionCounts = {}
        mine: ViewerReactions = {}
        for (target, user), kind in self.given.items():
            if target in target_ids and user not in self.away:
                counts.setdefault(target, {})
                counts[target][kind] = counts[target].get(kind, 0) + 1
                if user == viewer_id:
                    mine[target] = kind
        return counts, mine

    # Votes --------------------------------------------------------------------------------

    async def vote(self, post: Post, user_id: str, value: int, at: datetime) -> tuple[int, int]:
        previous = self.votes.get((post.post_id, user_id), 0)
        stored = self.posts[post.post_id]
        if value != previous:
            if value:
                self.votes[(post.post_id, user_id)] = value
            else:
                self.votes.pop((post.post_id, user_id), None)
            stored = replace(
                stored,
                upvotes=stored.upvotes + (value == 1) - (previous == 1),
                downvotes=stored.downvotes + (value == -1) - (previous == -1),
            )
            self.posts[post.post_id] = stored
            self.outbox.append(("PostVoted", post.post_id, value, previous))
        return stored.upvotes, stored.downvotes

    async def viewer_votes(self, viewer_id: str, post_ids: list[str]) -> dict[str, int]:
        return {p: v for (p, u), v in self.votes.items() if u == viewer_id and p in post_ids}

    async def feature(self, post, feature, by, at, check) -> None:
        featured: dict = {}
        for other in self.posts.values():
            if other.community_id == post.community_id and other.feature and other.post_id != post.post_id:
                featured[other.feature] = featured.get(other.feature, 0) + 1
        check(featured)
        if self.posts[post.post_id].feature is not feature:
            self.posts[post.post_id] = replace(self.posts[post.post_id], feature=feature)
            self.outbox.append(("PostFeatured", post.post_id))

    # Polls --------------------------------------------------------------------------------

    async def polls(self, viewer_id: str, post_ids: list[str]) -> dict:
        return {
            p: (self.posts[p].poll, self.poll_votes.get((p, viewer_id), ()))
            for p in post_ids
            if p in self.posts and self.posts[p].poll is not None
        }

    async def vote_poll(self, post: Post, user_id: str, choices: tuple[int, ...], at: datetime) -> tuple[int, ...]:
        if (post.post_id, user_id) in self.poll_votes:
            return self.poll_votes[(post.post_id, user_id)]
        self.poll_votes[(post.post_id, user_id)] = choices
        poll = self.posts[post.post_id].poll
        counts = tuple(n + (i in choices) for i, n in enumerate(poll.counts))
        self.posts[post.post_id] = replace(
            self.posts[post.post_id], poll=replace(poll, counts=counts, voters=poll.voters + 1)
        )
        self.outbox.append(("PollVoted", post.post_id, choices))
        return choices

    # Comment edits ------------------------------------------------------------------------

    async def edit_comment(self, comment, post, text, mention_ids, at) -> bool:
        current = self.comments.get(comment.comment_id)
        if current is None or current.deleted:
            return False
        self.comment_history.setdefault(comment.comment_id, []).append(current.text)
        mentions = tuple(dict.fromkeys(current.mention_ids + mention_ids))
        self.comments[comment.comment_id] = replace(current, text=text, mention_ids=mentions, edited_at=at)
        self.outbox.append(("CommentEdited", comment.comment_id))
        return True

    async def comment_edits(self, comment_id, limit, before):
        texts = list(enumerate(self.comment_history.get(comment_id, []), start=1))[::-1]
        return [(i, t, datetime.now(UTC)) for i, t in texts if before is None or i < before][:limit]

    # Drafts -------------------------------------------------------------------------------

    async def save_draft(self, draft: Draft) -> Draft:
        earlier = self.kept_drafts.get(draft.draft_id)
        if earlier is not None and earlier.author_id != draft.author_id:
            raise NotFound("draft_id: no such draft")
        if earlier is not None:
            draft = replace(draft, created_at=earlier.created_at)
        self.kept_drafts[draft.draft_id] = draft
        return draft

    async def draft(self, author_id: str, draft_id: str) -> Draft | None:
        found = self.kept_drafts.get(draft_id)
        return found if found is not None and found.author_id == author_id else None

    async def drafts(self, author_id: str, limit: int, offset: int) -> list[Draft]:
        mine = [d for d in self.kept_drafts.values() if d.author_id == author_id]
        return mine[offset : offset + limit]

    async def delete_draft(self, author_id: str, draft_id: str) -> bool:
        if await self.draft(author_id, draft_id) is None:
            return False
        del self.kept_drafts[draft_id]
        return True

    async def claim_due(self, now: datetime, lease_seconds: float, limit: int) -> list[Draft]:
        due = [d for d in self.kept_drafts.values() if d.publish_at and d.publish_at <= now and not d.failure]
        return due[:limit]

    async def fail_draft(self, draft_id: str, failure: str) -> None:
        self.kept_drafts[draft_id] = replace(self.kept_drafts[draft_id], failure=failure)

    # Bookmarks ----------------------------------------------------------------------------

    async def save_bookmark(self, user_id: str, post_id: str, folder: str, at: datetime) -> None:
        if (user_id, post_id) not in self.saved:
            self.outbox.append(("PostBookmarked", post_id))
        at = self.saved.get((user_id, post_id), (folder, at))[1]
        self.saved[(user_id, post_id)] = (folder, at)

    async def remove_bookmark(self, user_id: str, post_id: str, at: datetime) -> bool:
        if self.saved.pop((user_id, post_id), None) is None:
            return False
        self.outbox.append(("BookmarkRemoved", post_id))
        return True

    async def bookmarks(self, user_id, folder, limit, after):
        rows = [
            (self.posts[p], f, at)
            for (u, p), (f, at) in self.saved.items()
            if u == user_id and (folder is None or f == folder) and p in await self.visible_posts(user_id, [p])
        ]
        rows.sort(key=lambda r: (r[2], r[0].post_id), reverse=True)
        if after is not None:
            rows = [r for r in rows if (r[2], r[0].post_id) < after]
        return rows[:limit]

    async def bookmark_folders(self, user_id: str) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for _post, folder, _at in await self.bookmarks(user_id, None, 10_000, None):
            counts[folder] = counts.get(folder, 0) + 1
        return sorted(counts.items())

    # Mirrors ------------------------------------------------------------------------------

    async def blocked_among(self, user_id: str, others: list[str]) -> set[str]:
        return {o for o in others if self._blocked(user_id, o)}

    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        if {a, b} & self.erased:
            return
        facts = {"follow": self.follows, "friend": self.friends, "block": self.blocks, "member": self.members}[kind]
        (facts.add if active else facts.discard)((a, b))

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        if user_id not in self.erased:
            (self.away.add if deactivated else self.away.discard)(user_id)

    async def mirror_trust(self, community_id: str, user_id: str, level: int, sequence: int, at: datetime) -> None:
        if user_id not in self.erased:
            self.trust[(community_id, user_id)] = level

    async def trust_level(self, community_id: str, user_id: str) -> int:
        return self.trust.get((community_id, user_id), 0)

    # Link review --------------------------------------------------------------------------

    async def held(self, community_id: str, limit: int, after: tuple[datetime, str] | None) -> list[HeldItem]:
        items = [
            HeldItem(p, None, p.created_at, p.held_reason)
            for p in self.posts.values()
            if p.community_id == community_id and p.review is ReviewState.PENDING and p.post_id not in self.gone
        ]
        items += [
            HeldItem(None, c, c.created_at, c.held_reason)
            for c in self.comments.values()
            if c.review is ReviewState.PENDING and not c.deleted and self.posts[c.post_id].community_id == community_id
        ]
        items.sort(key=lambda i: (i.held_at, i.item_id))
        return [i for i in items if _after((i.held_at, i.item_id), after, newest_first=False)][:limit]

    async def approve_post(self, post_id: str, by: str, at: datetime) -> Post | None:
        post = await self.live_post(post_id)
        if post is None or post.review is not ReviewState.PENDING:
            return None
        self.posts[post_id] = post = replace(post, review=None, created_at=at)
        self.outbox += [("ContentReviewed", post_id, True, by), ("PostPublished", post_id)]
        return post

    async def reject_post(self, post_id: str, by: str, note: str, at: datetime) -> Post | None:
        post = await self.live_post(post_id)
        if post is None or post.review is not ReviewState.PENDING:
            return None
        self.posts[post_id] = post = replace(post, review=ReviewState.REJECTED, review_note=note)
        self.outbox.append(("ContentReviewed", post_id, False, by))
        return post

    async def approve_comment(self, comment_id: str, by: str, at: datetime) -> Comment | None:
        comment = self.comments.get(comment_id)
        if comment is None or comment.review is not ReviewState.PENDING or comment.post_id in self.gone:
            return None
        self.comments[comment_id] = comment = replace(comment, review=None, created_at=at)
        self._count(comment, 1)
        self.outbox += [("ContentReviewed", comment_id, True, by), ("CommentAdded", comment_id)]
        return comment

    async def reject_comment(self, comment_id: str, by: str, note: str, at: datetime) -> Comment | None:
        comment = self.comments.get(comment_id)
        if comment is None or comment.review is not ReviewState.PENDING:
            return None
        self.comments[comment_id] = comment = replace(comment, review=ReviewState.REJECTED, review_note=note)
        self.outbox.append(("ContentReviewed", comment_id, False, by))
        return comment

    # Erasure ------------------------------------------------------------------------------

    async def erase_user(self, user_id: str, at: datetime) -> Erasure:
        self.erased.add(user_id)
        self.keys = {k: c for k, c in self.keys.items() if k[0] != user_id}
        posts = [p for p in self.posts.values() if p.author_id == user_id]
        for post in posts:
            del self.posts[post.post_id]
        reactions = [key for key in self.given if key[1] == user_id]
        for key in reactions:
            del self.given[key]
        comments = [c for c in self.comments.values() if c.author_id == user_id]
        blanked = [c for c in comments if c.reply_count > 0]
        for c in comments:
            if c in blanked:
                self.comments[c.comment_id] = replace(c, author_id=ERASED_AUTHOR, text="", deleted=True)
            else:
                del self.comments[c.comment_id]
        return Erasure(len(posts), len(comments) - len(blanked), len(blanked), len(reactions))

    async def erased_among(self, user_ids: list[str]) -> set[str]:
        return {u for u in user_ids if u in self.erased}

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return 0


class FakeCommunities(Communities):
    """Posting rights by (community, user); a community nobody set up does not exist."""

    def __init__(self) -> None:
        self.rights: dict[tuple[str, str], PostingRights] = {}
        self.known: set[str] = set()

    def set(self, community_id: str, user_id: str, **rights) -> None:
        self.known.add(community_id)
        fields = {"refusal": "", "members_only": False, "hidden": False, "hold_links_below": 0, "role": "member"}
        self.rights[(community_id, user_id)] = PostingRights(**{**fields, **rights})

    async def posting_rights(self, community_id: str, user_id: str, commenting: bool) -> PostingRights:
        if community_id not in self.known:
            raise NotFound("community_id: no such community")
        default = PostingRights("only members post in this community", False, False, 0, None)
        return self.rights.get((community_id, user_id), default)


class FakeHandles(Handles):
    def __init__(self, handles: dict[str, str] | None = None) -> None:
        self.handles = dict(handles or {})
        self.unmentionable: dict[str, set[str]] = {}  # user id -> authors who may not mention them

    async def resolve(self, handles: list[str], mentioned_by: str = "") -> dict[str, str]:
        found = {h: self.handles[h] for h in handles if h in self.handles}
        return {h: u for h, u in found.items() if mentioned_by not in self.unmentionable.get(u, set())}


@dataclass
class Content:
    """The fakes and every handler of the content service over them."""

    store: FakeContent
    communities: FakeCommunities
    handles: FakeHandles
    posts: ContentHandlers
    threads: ThreadHandlers
    reactions: ReactionHandlers
    moderation: ModerationHandlers
    erasure: ErasureHandlers
    votes: VoteHandlers
    bookmarks: BookmarkHandlers
    drafts: DraftHandlers


class FakeReaderFilters(ReaderFilters):
    """Each reader's filters, as the feed would answer."""

    def __init__(self) -> None:
        self.filters: dict[str, ReadingFilters] = {}

    async def of(self, user_id: str) -> ReadingFilters:
        return self.filters.get(user_id, ReadingFilters(user_id))


def content_service(handles: dict[str, str] | None = None) -> Content:
    store, communities, known = FakeContent(), FakeCommunities(), FakeHandles(handles)
    posts = ContentHandlers(store, communities, known, FakeReaderFilters())
    threads = ThreadHandlers(posts, store)
    return Content(
        store,
        communities,
        known,
        posts,
        threads,
        ReactionHandlers(posts, threads, store),
        ModerationHandlers(store, communities),
        ErasureHandlers(store),
        VoteHandlers(posts, store),
        BookmarkHandlers(posts, store),
        DraftHandlers(posts, store),
    )

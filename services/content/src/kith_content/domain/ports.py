"""The content service's ports: its storage, one small port per concern (ContentRepository is
all of them over one database), and the communities and identity services it asks."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from kith_content.domain.drafts import Draft
from kith_content.domain.media import Processed, Upload
from kith_content.domain.polls import Poll
from kith_content.domain.posts import Comment, Feature, Post, ReactionKind
from kith_content.domain.review import MODERATOR_ROLES, Hold
from kith_platform.idempotency import Claim, NewClaim
from kith_platform.reading_filters import ReadingFilters

# {target id: {kind: count}} and {target id: the viewer's kind}, as `Reactions.reactions` answers.
ReactionCounts = dict[str, dict[ReactionKind, int]]
ViewerReactions = dict[str, ReactionKind]


@dataclass(frozen=True)
class PostingRights:
    """What the communities service says about a user in a community at write time."""

    refusal: str  # why they may not write now; "" when they may
    members_only: bool
    hidden: bool
    hold_links_below: int  # the community's link review level (0: off)
    role: str | None  # "member", "moderator", "admin" or "owner"; None for non-members

    @property
    def moderates(self) -> bool:
        return self.role in MODERATOR_ROLES


@dataclass(frozen=True)
class HeldItem:
    """One entry of a community's review queue: a post or a comment."""

    post: Post | None
    comment: Comment | None
    held_at: datetime
    reason: str

    @property
    def item_id(self) -> str:
        if self.post is not None:
            return self.post.post_id
        if self.comment is not None:
            return self.comment.comment_id
        raise ValueError("a held item is a post or a comment")


@dataclass(frozen=True)
class Erasure:
    """What erasing a person removed (for the log)."""

    posts: int = 0
    comments_deleted: int = 0
    comments_blanked: int = 0
    reactions: int = 0


class Posts(ABC):
    """Posts, each change stored with its events atomically; every read that takes a viewer
    returns only what that viewer may see."""

    @abstractmethod
    async def add_post(
        self,
        post: Post,
        shared_from: Post | None = None,
        hold: Hold | None = None,
        draft_id: str | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        """Store the post with PostPublished (and PostShared), or, when held, with ContentHeld only;
        from a draft, delete the draft in the same transaction (NotFound when it is gone); with
        an idempotency key's claim, the key too (KeyTaken, and nothing stored, when a call with
        that key committed first)."""

    @abstractmethod
    async def visible_posts(self, viewer_id: str, post_ids: list[str]) -> dict[str, Post]: ...

    @abstractmethod
    async def live_post(self, post_id: str) -> Post | None:
        """The post unless deleted or removed, whoever asks (for moderators' decisions)."""

    @abstractmethod
    async def edit_post(self, post_id: str, apply: Callable[[Post], Post]) -> Post | None:
        """Lock the live post, store `apply(post)` with the old text in the history and its event
        (PostEdited); None when there is no live post."""

    @abstractmethod
    async def delete_post(self, post: Post, at: datetime) -> None:
        """Mark it deleted, with PostDeleted unless it was never published."""

    @abstractmethod
    async def remove_post(
        self, community_id: str | None, post_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        """Hide a post of that community (its moderators' removal) with PostRemoved unless it was
        never published, or any post (community_id None: the platform staff's removal
        `removal_id`, remembered) with PostRemoved naming the removal even when it was never
        published; False when there is no such live post."""

    @abstractmethod
    async def restore_post(self, post_id: str, removal_id: str, at: datetime) -> bool:
        """Bring back a post that the staff removal `removal_id` took, with PostRestored unless it
        was never published; False when that removal does not hold it (any more)."""

    @abstractmethod
    async def edits(self, post_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]: ...

    @abstractmethod
    async def user_posts(
        self, viewer_id: str, author_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[Post]: ...

    @abstractmethod
    async def hashtag_posts(
        self, viewer_id: str, tag: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[Post]: ...

    @abstractmethod
    async def search(
        self, viewer_id: str, query: str, limit: int, after: tuple[float, str] | None
    ) -> list[tuple[Post, float]]: ...

    @abstractmethod
    async def users_who_may_see(self, post: Post, user_ids: list[str]) -> set[str]: ...


class Comments(ABC):
    """Threads of comments on posts, each change stored with its events atomically."""

    @abstractmethod
    async def comment(self, comment_id: str) -> Comment | None: ...

    @abstractmethod
    async def add_comment(
        self,
        comment: Comment,
        post: Post,
        parent: Comment | None,
        hold: Hold | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        """Store the comment with CommentAdded (and the counts), or, when held, with ContentHeld
        only; with an idempotency key's claim, the key too, as add_post."""

    @abstractmethod
    async def delete_comment(self, comment: Comment, post: Post, by: str, at: datetime) -> bool:
        """Mark it deleted (uncounted, with CommentDeleted, when it was published); False when
        it already was."""

    @abstractmethod
    async def remove_comment(
        self, community_id: str | None, comment_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        """As remove_post: uncounted, with CommentDeleted (removed) when it was published."""

    @abstractmethod
    async def restore_comment(self, comment_id: str, removal_id: str, at: datetime) -> bool:
        """As restore_post: counted again, with CommentRestored when it was published."""

    @abstractmethod
    async def thread(
        self, viewer_id: str, post_id: str, parent_id: str | None, order: str, limit: int, after: tuple | None
    ) -> list[Comment]:
        """One level of a thread in `order` (newest, oldest or most_reacted) after the cursor's
        key: (time, id), or (reactions, time, id) for most_reacted."""


class CommentEdits(ABC):
    """A comment's text changes, each with its earlier text kept and CommentEdited."""

    @abstractmethod
    async def edit_comment(
        self, comment: Comment, post: Post, text: str, mention_ids: tuple[str, ...], at: datetime
    ) -> bool:
        """False when the comment is gone (deleted or removed) by then."""

    @abstractmethod
    async def comment_edits(self, comment_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        """(id, text, replaced_at), newest first, before the cursor (an edit id)."""


class Reactions(ABC):
    """Reactions on posts and comments, one per person and target, each change with its event."""

    @abstractmethod
    async def react(
        self,
        target_id: str,
        is_comment: bool,
        post: Post,
        target_author: str,
        user_id: str,
        kind: ReactionKind,
        at: datetime,
    ) -> bool:
        """Add or change the reaction with ReactionAdded; False when it was already that kind."""

    @abstractmethod
    async def unreact(
        self, target_id: str, is_comment: bool, post: Post, target_author: str, user_id: str, at: datetime
    ) -> bool:
        """Remove the reaction with ReactionRemoved; False when there was none."""

    @abstractmethod
    async def reactions(self, viewer_id: str, target_ids: list[str]) -> tuple[ReactionCounts, ViewerReactions]: ...


class Votes(ABC):
    """Votes on community posts (one per person) and featured posts, each change with its event."""

    @abstractmethod
    async def vote(self, post: Post, user_id: str, value: int, at: datetime) -> tuple[int, int]:
        """Set the person's vote (1, -1, or 0 to take it back) with PostVoted when it changes
        anything; the post's (upvotes, downvotes) after."""

    @abstractmethod
    async def viewer_votes(self, viewer_id: str, post_ids: list[str]) -> dict[str, int]:
        """The viewer's votes among these posts (posts without one left out)."""

    @abstractmethod
    async def feature(
        self, post: Post, feature: Feature | None, by: str, at: datetime, check: Callable[[dict[Feature, int]], None]
    ) -> None:
        """Feature the post (or take it back) with PostFeatured, under the community's lock;
        `check` gets how many of each kind the community has, this post aside, and may refuse."""


class Polls(ABC):
    """Polls in posts and their votes (one final vote per person), each vote with its event."""

    @abstractmethod
    async def polls(self, viewer_id: str, post_ids: list[str]) -> dict[str, tuple[Poll, tuple[int, ...]]]:
        """The polls of these posts with the viewer's choices (empty when they have not voted)."""

    @abstractmethod
    async def vote_poll(self, post: Post, user_id: str, choices: tuple[int, ...], at: datetime) -> tuple[int, ...]:
        """Record the vote, counted, with PollVoted; the choices stored (an earlier vote's when
        there is one: then nothing changes)."""


class Bookmarks(ABC):
    """A person's private saved posts, in folders; saving and removing announced (never the folder)."""

    @abstractmethod
    async def save_bookmark(self, user_id: str, post_id: str, folder: str, at: datetime) -> None:
        """Save the post (or move it to `folder`); PostBookmarked when it was not saved before."""

    @abstractmethod
    async def remove_bookmark(self, user_id: str, post_id: str, at: datetime) -> bool:
        """With BookmarkRemoved; False when it was not saved."""

    @abstractmethod
    async def bookmarks(
        self, user_id: str, folder: str | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[tuple[Post, str, datetime]]:
        """(post, folder, saved at), newest saved first, of posts the person may see."""

    @abstractmethod
    async def bookmark_folders(self, user_id: str) -> list[tuple[str, int]]: ...


class Drafts(ABC):
    """Posts kept to publish later; published once (see Posts.add_post's draft_id)."""

    @abstractmethod
    async def save_draft(self, draft: Draft) -> Draft:
        """Insert, or replace the author's draft of that id (NotFound when it is not theirs)."""

    @abstractmethod
    async def draft(self, author_id: str, draft_id: str) -> Draft | None: ...

    @abstractmethod
    async def drafts(self, author_id: str, limit: int, offset: int) -> list[Draft]:
        """The next scheduled first, then the newest saved."""

    @abstractmethod
    async def delete_draft(self, author_id: str, draft_id: str) -> bool: ...

    @abstractmethod
    async def claim_due(self, now: datetime, lease_seconds: float, limit: int) -> list[Draft]:
        """Scheduled drafts due by `now`, claimed for a while (no other replica takes them then)."""

    @abstractmethod
    async def fail_draft(self, draft_id: str, failure: str) -> None:
        """Keep the draft, with why it could not be published (it is not tried again until saved)."""


class Mirrors(ABC):
    """What other services' events say (relationships, memberships, away accounts, trust levels):
    reads are filtered with it, and link review goes by it."""

    @abstractmethod
    async def blocked_among(self, user_id: str, others: list[str]) -> set[str]: ...

    @abstractmethod
    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        """Record the latest fact of a relationship (follow, friend, block, member, mute) if newer."""

    @abstractmethod
    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        """Record whether a user is away (deactivated) if newer: their content is then hidden."""

    @abstractmethod
    async def mirror_trust(self, community_id: str, user_id: str, level: int, sequence: int, at: datetime) -> None:
        """Record a member's trust level if newer (higher sequence, then later time)."""

    @abstractmethod
    async def trust_level(self, community_id: str, user_id: str) -> int:
        """The member's mirrored trust level (0 when none is known)."""


class ReviewQueue(ABC):
    """Link review: the posts and comments held for a community's moderators, and their decisions."""

    @abstractmethod
    async def held(self, community_id: str, limit: int, after: tuple[datetime, str] | None) -> list[HeldItem]:
        """The community's pending posts and comments, oldest first."""

    @abstractmethod
    async def approve_post(self, post_id: str, by: str, at: datetime) -> Post | None:
        """Publish a pending post as of `at` with its events; None when it is no longer pending."""

    @abstractmethod
    async def reject_post(self, post_id: str, by: str, note: str, at: datetime) -> Post | None: ...

    @abstractmethod
    async def approve_comment(self, comment_id: str, by: str, at: datetime) -> Comment | None:
        """Publish a pending comment as of `at` (counts and CommentAdded); None when it is no
        longer pending or its post is gone."""

    @abstractmethod
    async def reject_comment(self, comment_id: str, by: str, note: str, at: datetime) -> Comment | None: ...


class Erasures(ABC):
    """Erased people (identity's UserErased): everything they left, and the tombstone list."""

    @abstractmethod
    async def erase_user(self, user_id: str, at: datetime) -> Erasure:
        """In one transaction: add the tombstone, delete the person's posts (with everything on
        them), comments (those with replies keep their place, blank and authorless), reactions,
        mentions, review marks and mirrored facts, write the events that keep the feed's counters
        exact without naming them, and delete the sent outbox rows that mention them. Running it
        again changes nothing."""

    @abstractmethod
    async def erased_among(self, user_ids: list[str]) -> set[str]:
        """Those of `user_ids` in the tombstone list."""

    @abstractmethod
    async def purge_outbox_of_erased(self, limit: int) -> int:
        """Delete the sent outbox rows that still mention erased users; how many users are done."""


class IdempotencyKeys(ABC):
    """The keys of retried writes (kith_platform.idempotency), each stored with what its first
    call made by that write (Posts.add_post, Comments.add_comment take its claim)."""

    @abstractmethod
    async def key_claim(self, user_id: str, key: str) -> Claim | None:
        """The person's key as stored, however old (None when there is none)."""

    @abstractmethod
    async def forget_keys(self, before: datetime, limit: int) -> int:
        """Delete up to `limit` keys stored at or before `before`; how many went."""


class ContentRepository(
    Posts,
    Comments,
    CommentEdits,
    Reactions,
    Votes,
    Polls,
    Bookmarks,
    Drafts,
    Mirrors,
    ReviewQueue,
    Erasures,
    IdempotencyKeys,
):
    """All of the content service's storage over one database: what bootstrap builds and the
    handlers take."""


class Communities(ABC):
    @abstractmethod
    async def posting_rights(self, community_id: str, user_id: str, commenting: bool) -> PostingRights:
        """NOT_FOUND when there is no such community."""


class ReaderFilters(ABC):
    @abstractmethod
    async def of(self, user_id: str) -> ReadingFilters:
        """The reader's muted words and whether they hide posts with a content warning."""


class Handles(ABC):
    @abstractmethod
    async def resolve(self, handles: list[str], mentioned_by: str = "") -> dict[str, str]:
        """Lower-cased handle -> user id, for active users; with `mentioned_by`, only those whose
        privacy settings let that user mention them."""


class MediaUploads(ABC):
    """Uploads and what processing made of them (docs/media.md); each change with its event."""

    @abstractmethod
    async def begin_upload(self, upload: Upload) -> None: ...

    @abstractmethod
    async def upload(self, owner_id: str, upload_id: str) -> Upload | None:
        """The owner's upload (None for anyone else's, or none)."""

    @abstractmethod
    async def append_chunk(self, upload: Upload, offset: int, length: int, key: str) -> int | None:
        """Record a chunk stored at `key` if the upload still stands at `offset`; the bytes now
        received, or None when another chunk got there first."""

    @abstractmethod
    async def complete_upload(self, upload: Upload, at: datetime) -> bool:
        """RECEIVING -> PROCESSING (with MediaUploaded); False when it was not receiving."""

    @abstractmethod
    async def set_alt_text(self, upload: Upload, alt_text: str) -> bool:
        """False when it was attached meanwhile."""

    @abstractmethod
    async def claim_processing(self, now: datetime, lease_seconds: float, limit: int) -> list[tuple[Upload, int]]:
        """Uploads waiting for processing, claimed for a while, with how often each was claimed."""

    @abstractmethod
    async def finish_processing(self, upload: Upload, processed: Processed, at: datetime) -> bool:
        """PROCESSING -> READY with MediaProcessed, once: False when another worker finished it."""

    @abstractmethod
    async def reject(self, upload: Upload, reason: str, at: datetime) -> bool:
        """PROCESSING -> FAILED with MediaRejected, once."""

    @abstractmethod
    async def chunks_left(self, limit: int) -> list[str]:
        """Processed or refused uploads whose chunks are still stored."""

    @abstractmethod
    async def forget_chunks(self, upload_id: str) -> None: ...

    @abstractmethod
    async def attachable_media(self, owner_id: str, upload_ids: list[str]) -> dict[str, Upload]:
        """Those of the owner's uploads that are READY and not attached."""

    @abstractmethod
    async def delete_uploads(
        self, delete_files: Callable[[str], Awaitable[None]], at: datetime, orphaned_before: datetime, limit: int
    ) -> int:
        """Uploads due to go (never attached by `orphaned_before` and in no draft, or marked to
        purge: their post deleted, their uploader erased): each locked, its files deleted by
        `delete_files(upload_id)`, then its row, with MediaDeleted. How many went."""

    @abstractmethod
    async def delete_upload(self, upload: Upload, delete_files: Callable[[str], Awaitable[None]], at: datetime) -> bool:
        """The uploader deletes an unattached upload; False when it was attached meanwhile."""


class ObjectStore(ABC):
    """The S3 bucket of media files."""

    @abstractmethod
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    @abstractmethod
    async def get(self, key: str) -> bytes: ...

    @abstractmethod
    async def delete_prefix(self, prefix: str) -> None:
        """Every object under the prefix (done when none is left)."""


class ImageProcessor(ABC):
    @abstractmethod
    def process(self, upload_id: str, data: bytes) -> tuple[Processed, dict[str, bytes]]:
        """Check the picture from its bytes, strip its metadata, make its variants (by key) and
        its blurhash. Raises media.Rejected for what Kith does not take. CPU-bound: run it in a
        thread."""

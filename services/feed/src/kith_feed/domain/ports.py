"""What the feed's service layer needs from its stores, one small port per concern (the Redis
adapters are in kith_feed.adapters; adapters/stores.py builds them into `Stores`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kith_feed.domain.digest import DigestRules, Digests
from kith_feed.domain.health import CommunityMetrics
from kith_feed.domain.lists import ListStore
from kith_feed.domain.model import (
    AuthorSummary,
    CommunitySort,
    Cursor,
    FeedEntry,
    FeedList,
    PostSummary,
    ReaderVotes,
    Viewer,
)
from kith_feed.domain.notifications import CommunityFacts, Notifications
from kith_feed.domain.recognition import Mentorship, Recognition
from kith_platform.reading_filters import MutedWord, ReadingFilters


class FeedStore(ABC):
    """The feeds themselves: post summaries and counters, the lists (home feeds, timelines,
    communities, hashtags, popular) and the reads of the feed API. New posts come in through
    `FanOut`, relationship changes through `Relationships`. Every write is idempotent."""

    # --- writes (the stream worker) ---

    @abstractmethod
    async def put_author(self, author: AuthorSummary) -> None: ...

    @abstractmethod
    async def edit_post(self, post_id: str, text: str, hashtags: tuple[str, ...]) -> None:
        """New text and hashtags for a known post (an unknown or deleted one is left alone)."""

    @abstractmethod
    async def delete_post(self, post_id: str, author_id: str = "", removal_id: str = "") -> None:
        """Take the post out of its timeline, community, hashtag and popular lists and tombstone
        its summary (every feed skips it, and a publish arriving later cannot revive it). The
        tombstone keeps nothing but `deleted`: not the author, nor the text. The author comes
        from the summary when the event does not name them (an erased author's posts, a staff
        removal). A staff removal (`removal_id`) keeps the counters for a restoration, and does
        nothing once that removal was reversed (`restore_post`)."""

    @abstractmethod
    async def restore_post(self, post_id: str, removal_id: str) -> bool:
        """The staff removal `removal_id` was reversed: remember it, and lift the tombstone it
        made. False when another deletion holds the post (it stays out)."""

    @abstractmethod
    async def count(
        self, event_id: str, post_id: str, field: str, delta: int, by_kind: dict[int, int] | None = None
    ) -> None:
        """Change a post's (or comment's) reactions, comments or shares once per event, and its
        reactions by kind (kind -> delta); re-rank it."""

    @abstractmethod
    async def vote(
        self,
        post_id: str,
        community_id: str,
        user_id: str,
        value: int,
        counts: tuple[int, int],
        created_at_ms: int,
        voted_at_ms: int,
    ) -> None:
        """A vote (PostVoted): the voter's vote on the post (1, -1, 0: taken back; none for a
        blank voter), and the post's counts (up, down) after it, with its scores in its
        community's sorts (docs/community-sorts.md). The newest vote by `voted_at_ms` wins, for
        the post's counts and for each voter's vote: a redelivered or late one changes nothing.
        A deleted post stays out of the sorts (a staff removal keeps the counts for its reversal)."""

    @abstractmethod
    async def feature(self, post_id: str, community_id: str, feature: str, featured_at_ms: int) -> None:
        """The post is its community's announcement, pinned, or neither (""): the newest by
        `featured_at_ms` wins. A deleted post is never featured."""

    @abstractmethod
    async def add_affinity(self, event_id: str, user_id: str, author_id: str, weight: float) -> None:
        """`user_id` interacted with `author_id` (once per event; nothing for oneself or a blank one)."""

    @abstractmethod
    async def put_community(self, community_id: str, visibility: str) -> None: ...

    # --- reads (the feed API) ---

    @abstractmethod
    async def viewer(self, user_id: str) -> Viewer: ...

    @abstractmethod
    async def muted_words(self, user_id: str) -> tuple[MutedWord, ...]:
        """The person's muted words, expired ones included, in the order muted."""

    @abstractmethod
    async def mute_word(self, user_id: str, word: MutedWord) -> None:
        """Add the word, or replace the one with the same phrase."""

    @abstractmethod
    async def unmute_word(self, user_id: str, phrase: str) -> bool: ...

    @abstractmethod
    async def followed_tags(self, user_id: str) -> frozenset[str]: ...

    @abstractmethod
    async def follow_tag(self, user_id: str, tag: str) -> None: ...

    @abstractmethod
    async def unfollow_tag(self, user_id: str, tag: str) -> bool:
        """False when the reader did not follow it."""

    @abstractmethod
    async def content_warnings(self, user_id: str) -> str:
        """How the person wants posts with a content warning: show, blur, hide ("" unset)."""

    @abstractmethod
    async def reading_filters(self, user_id: str) -> ReadingFilters:
        """The person's muted words and whether they hide posts with a content warning (one read)."""

    @abstractmethod
    async def set_content_warnings(self, user_id: str, display: str) -> None: ...

    @abstractmethod
    async def readable(
        self,
        post_ids: list[str],
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> dict[str, PostSummary]:
        """The summaries of these posts whose authors are not away (deactivated, erased). The
        authors' summaries, read on the way, go into `authors` (for `entries`), and the reader's
        votes on these posts into `votes`."""

    @abstractmethod
    async def authors(self, author_ids: Iterable[str]) -> dict[str, AuthorSummary]:
        """The summaries the feed knows of these authors (away ones included)."""

    @abstractmethod
    async def ranges(self, lists: list[FeedList], top: int | str, count: int) -> list[list[tuple[str, int]]]:
        """The newest `count` entries (post id, time) at or below `top` ("+inf": the newest) of
        each list, newest first, in one round trip."""

    @abstractmethod
    async def timeline_context(
        self, user_id: str, author_id: str, first: tuple[int | str, int]
    ) -> tuple[Viewer, bool, list[tuple[str, int]]]:
        """In one round trip: the reader, whether the author is away, and the first range (top,
        count) of the author's timeline."""

    @abstractmethod
    async def home_context(
        self, user_id: str, now_ms: int, first: tuple[int | str, int], ranked: bool = False
    ) -> tuple[Viewer, int | None, list[FeedList], list[tuple[str, int]]]:
        """In one round trip: the reader (with the people on their exclusive lists, read by home
        reads only), their previous read (recording this one), the lists merged into their home at
        read time, and the first range (top, count) of their home.
        The reader's affinity (Viewer.affinity) is read only for a `ranked` home; other reads
        (`viewer` included) leave it empty."""

    @abstractmethod
    async def rebuild_home(self, viewer: Viewer) -> None:
        """Refill the home feed of someone back after a long absence (skipped by the fan-out)."""

    @abstractmethod
    async def member_count(self, community_id: str) -> int: ...

    @abstractmethod
    async def community_visibility(self, community_id: str) -> str | None:
        """public, private or hidden; None for a community the feed does not know."""

    @abstractmethod
    async def sorted_after(
        self, community_id: str, sort: CommunitySort, after: Cursor | None, count: int, since_ms: int | None = None
    ) -> list[tuple[str, float]]:
        """The next `count` entries (post id, score) of a community sort other than NEW after the
        position `after` (None: from the top), by score then post id, both descending; only
        posts created at or after `since_ms` when given. One round trip."""

    @abstractmethod
    async def featured(self, community_id: str) -> list[str]:
        """The community's featured posts in their order: the announcement, then the pins,
        newest first (domain.model.featured_order)."""

    @abstractmethod
    async def popular(self, start: int, count: int) -> list[str]:
        """Post ids of the popular list by hot score, best first, from position `start`."""

    @abstractmethod
    async def entries(
        self,
        posts: list[PostSummary],
        extra: dict[str, tuple] | None = None,
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> list[FeedEntry]:
        """The page's entries with their authors (those `readable` already read are not read
        again), each post's `extra` (reasons, then score) and the reader's vote (`votes`, as
        `readable` filled it)."""


class FanOut(ABC):
    @abstractmethod
    async def posts(
        self, posts: list[PostSummary], now_ms: int | None = None, reached: dict[str, str] | None = None
    ) -> int:
        """Store the posts and put each in the home feed of its author and of everyone in its
        audience who should see it, except those who muted or block the author, those inactive
        for too long (rebuilt when they come back) and the followers of big authors and
        members of big communities (merged at read time). Returns the number of feed entries
        written; `reached`, when given, gets each feed owner written to and the newest post
        they got."""


class Relationships(ABC):
    """Follows, friendships, blocks, mutes, memberships and deactivation, as facts: the newest
    per pair wins, so the same change applied twice (the feed API's mirror, then Kafka) or two
    arriving out of order leave the newest. Each change brings the home feeds it affects in line."""

    @abstractmethod
    async def set_following(self, follower_id: str, followee_id: str, follows: bool, at_ms: int | None = None) -> None:
        """Record a follow or its end; a new follow backfills the followee's recent posts, an
        ended one takes them out of the follower's home."""

    @abstractmethod
    async def set_friends(self, a: str, b: str, friends: bool, at_ms: int | None = None) -> None: ...

    @abstractmethod
    async def set_blocked(self, blocker: str, blocked: str, on: bool, at_ms: int | None = None) -> None:
        """A block hides both ways while either side blocks the other."""

    @abstractmethod
    async def set_muted(self, muter: str, muted: str, on: bool, at_ms: int | None = None) -> None: ...

    @abstractmethod
    async def set_member(self, community_id: str, user_id: str, member: bool, at_ms: int | None = None) -> None: ...

    @abstractmethod
    async def set_away(self, user_id: str, away: bool, at_ms: int | None = None) -> None:
        """A deactivated author's posts are hidden by every read (nothing is removed, so they
        are back on reactivation)."""

    @abstractmethod
    async def away(self, user_ids: Iterable[str]) -> frozenset[str]:
        """Those of these users who are away (deactivated or erased)."""


class Erasure(ABC):
    """The tombstone list of erased people and the steps that take every trace of them out of
    the read model, each one repeatable (docs/erasure.md)."""

    @abstractmethod
    async def record(self, user_id: str, at_ms: int | None = None) -> None:
        """Add the person to the tombstone list (kept at the first time they were erased)."""

    @abstractmethod
    async def erased_among(self, user_ids: Iterable[str]) -> frozenset[str]: ...

    @abstractmethod
    async def posts(self, user_id: str) -> list[str]:
        """The posts of the person's timeline."""

    @abstractmethod
    async def forget_relationships(self, user_id: str) -> None:
        """Take the person out of the other side of every relationship and membership they had."""

    @abstractmethod
    async def forget_everywhere(self, user_ids: Collection[str]) -> set[str]:
        """Take each person out of others' data (affinity, notifications, community facts,
        recognition, mentorship), then delete their own. Returns those not finished: an outbox
        still holds an unsent event naming them (the relay publishes it, then removes it; look
        again later)."""

    @abstractmethod
    async def look_again_at(self, user_id: str, due_ms: int) -> None:
        """Erase the person once more at `due_ms`."""

    @abstractmethod
    async def take_due(self, now_ms: int, lease_ms: int, limit: int = 50) -> list[str]:
        """Those due for another erasure, each pushed `lease_ms` later in the same step: taken by
        one worker at a time, and due again if it dies before `done`."""

    @abstractmethod
    async def done(self, user_ids: Collection[str]) -> None:
        """No other erasure of these is due."""


class Outbox(ABC):
    """The feed's own events (mentorship changes, badges, trust levels), one outbox per
    community, relayed to Kafka in the order written (service_layer/outbox_relay.py)."""

    @abstractmethod
    async def add(self, community_id: str, envelope: bytes) -> None:
        """Append the envelope to the community's outbox and mark the community due."""

    @abstractmethod
    async def take_due(self, limit: int) -> list[str]:
        """Up to `limit` communities with envelopes waiting, each taken off the due list."""

    @abstractmethod
    async def mark_due(self, community_id: str) -> None: ...

    @abstractmethod
    async def lock(self, community_id: str, ttl_ms: int = 30_000) -> bool:
        """One relay per community at a time, so its events go out in the order written."""

    @abstractmethod
    async def unlock(self, community_id: str) -> None: ...

    @abstractmethod
    async def waiting(self, community_id: str, limit: int) -> list[bytes]:
        """The oldest `limit` envelopes of the community's outbox, oldest first."""

    @abstractmethod
    async def relayed(self, community_id: str, envelopes: list[bytes]) -> None:
        """Take the envelopes Kafka now has out, each once (an equal one written later stays)."""


class LiveItems(ABC):
    """What the feed writes to people's live channel besides notifications (kith_platform.live)."""

    @abstractmethod
    async def hint_home_feeds(self, reached: dict[str, str], authors: set[str]) -> int:
        """A "new posts in your home feed" hint to each person whose home feed got posts
        (`reached`: person -> newest post), but the posts' authors, unless they had one a
        moment ago. Returns how many."""

    @abstractmethod
    async def erase(self, user_id: str) -> int:
        """Take an erased person out of the live logs: their own, and the entries of others'
        that name them. Repeatable; returns how many entries of others' logs went."""


@dataclass
class Stores:
    """The stores the feed's service layer works with, one per concern."""

    feeds: FeedStore  # posts, lists, home feeds, the feed API's reads
    fan_out: FanOut  # new posts into the feeds
    relationships: Relationships  # follows, friends, blocks, mutes, memberships, deactivation
    notifications: Notifications  # each new one also reaches the live channel
    community_facts: CommunityFacts  # moderators, events and reminders, for notifications
    metrics: CommunityMetrics  # community health
    recognition: Recognition  # points, badges, trust levels
    mentorship: Mentorship
    outbox: Outbox  # the feed's own events (mentorship, badges, trust levels), relayed to Kafka
    erasure: Erasure
    live: LiveItems  # home feed hints, and erasure from the live logs
    inactive_after_ms: int  # a reader away longer is skipped by the fan-out, rebuilt on return
    digests: Digests  # each person's latest weekly digest, and who is due for one
    digest_outbox: Outbox  # DigestReady events, one outbox per person, relayed to feed.digests.v1
    digest_rules: DigestRules  # the digest's period and size (settings)
    lists: ListStore  # people's lists (docs/lists.md)
    list_outbox: Outbox  # list changes, one outbox per owner, relayed to feed.lists.v1

"""The feed read model's records, the audience rules (reading, home feeds, fan-out), the ranking
formulas (home, popular) and the cursors."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from kith_platform import cursors, validation
from kith_platform.reading_filters import MutedWord, ReadingFilters

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True)
class Attachment:
    """A post's attachment as the feed keeps it: a link, or an upload with its variants' object
    keys (readers get URLs to them signed, and only in items they may see)."""

    kind: int  # content.v1.MediaKind
    url: str = ""
    alt_text: str = ""
    media_id: str = ""
    width: int = 0
    height: int = 0
    blurhash: str = ""
    variants: tuple[tuple[str, str, int, int], ...] = ()  # (name, object key, width, height)


@dataclass(frozen=True)
class PostSummary:
    post_id: str
    author_id: str
    text: str
    created_at_ms: int
    audience: str = "public"  # public | followers | friends | community
    community_id: str = ""
    members_only: bool = False
    hashtags: tuple[str, ...] = ()
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    shared_post_id: str = ""
    reactions_by_kind: tuple[tuple[int, int], ...] = ()  # (content.v1.ReactionKind, count), most first
    content_warning: str = ""  # the author's notice; empty: none
    upvotes: int = 0  # community posts: the counts of the newest vote (PostVoted)
    downvotes: int = 0
    feature: str = ""  # community posts: "" | pinned | announcement
    media: tuple[Attachment, ...] = ()

    @property
    def publicly_visible(self) -> bool:
        """Anyone may see it: the hashtag and popular feeds only ever hold these."""
        return self.audience == "public" or (self.audience == "community" and not self.members_only)


@dataclass(frozen=True)
class FeedList:
    """One of the feed's lists of posts, newest first: a person's home feed or timeline, a
    community's posts, a hashtag's (publicly visible) posts."""

    kind: str  # home | timeline | community | hashtag
    owner: str  # the person, the community or the tag


@dataclass(frozen=True)
class AuthorSummary:
    user_id: str
    handle: str
    display_name: str


@dataclass(frozen=True)
class Viewer:
    """What the feed knows of the reader, read in the same pipeline as the page."""

    user_id: str
    following: frozenset[str] = frozenset()
    friends: frozenset[str] = frozenset()
    communities: frozenset[str] = frozenset()
    muted: frozenset[str] = frozenset()
    blocked: frozenset[str] = frozenset()  # either way
    affinity: dict[str, float] = field(default_factory=dict)  # author -> interactions with them
    muted_words: tuple[MutedWord, ...] = ()
    hides_warnings: bool = False  # posts with a content warning are left out of their reads
    followed_tags: frozenset[str] = frozenset()  # their public posts join the reader's home
    exclusive: frozenset[str] = frozenset()  # people on the reader's exclusive lists (home reads only)

    def wants(self, post: PostSummary, now_ms: int) -> bool:
        """Not hidden by the reader's filters (kith_platform.reading_filters): a read-time filter
        only, on top of the audience rules."""
        return not self.filters.hides(post.author_id, post.text, post.content_warning, now_ms)

    @cached_property
    def filters(self) -> ReadingFilters:
        return ReadingFilters(self.user_id, self.muted_words, self.hides_warnings)


def may_see(post: PostSummary, viewer: Viewer) -> bool:
    """The audience rule at read time (fan-out applies it at write time too): blocked and
    muted authors never appear; followers-only posts reach followers and friends, friends-only
    posts friends, members-only community posts members."""
    author = post.author_id
    if author == viewer.user_id:
        return True
    if author in viewer.blocked or author in viewer.muted:
        return False
    if post.audience == "public":
        return True
    if post.audience == "followers":
        return author in viewer.following or author in viewer.friends
    if post.audience == "friends":
        return author in viewer.friends
    if post.audience == "community":
        return not post.members_only or post.community_id in viewer.communities
    return False


def belongs_in_home(post: PostSummary, viewer: Viewer) -> bool:
    """A post belongs in a home feed when the reader may see it and it comes from them,
    someone they follow, a friend, or one of their communities, or is public with a hashtag
    they follow."""
    if not may_see(post, viewer):
        return False
    return (
        post.author_id == viewer.user_id
        or post.author_id in viewer.following
        or post.author_id in viewer.friends
        or bool(post.community_id and post.community_id in viewer.communities)
        or bool(followed_tags_of(post, viewer))
    )


def shown_in_home(post: PostSummary, viewer: Viewer, now_ms: int) -> bool:
    """What a home read shows: the posts that belong in the home feed and that the reader's filters
    let through, but for those of the people on the reader's exclusive lists (they show in those
    lists instead: domain.lists). A read-time rule only: the home feed keeps their posts, which are
    back once the list is no longer exclusive, loses them or is deleted."""
    if post.author_id != viewer.user_id and post.author_id in viewer.exclusive:
        return False
    return belongs_in_home(post, viewer) and viewer.wants(post, now_ms)


def followed_tags_of(post: PostSummary, viewer: Viewer) -> list[str]:
    """The hashtags of a public post that the reader follows (in alphabetical order)."""
    return sorted(viewer.followed_tags.intersection(post.hashtags)) if post.publicly_visible else []


def fan_out_audience(post: PostSummary) -> str:
    """Whose home feeds a new post goes to (its community's members get a community post
    besides): "followers" (the author's followers and friends), "friends", or "none". The same
    rule as `may_see`, read from the author's side; lua/fan_out.lua gets it as the post's mode."""
    if post.audience in ("public", "followers") or (post.audience == "community" and not post.members_only):
        return "followers"
    return "friends" if post.audience == "friends" else "none"


def hot_score(post: PostSummary) -> float:
    """The popular feed's order: log10 of the engagement plus the age, where 12.5 hours newer
    is worth ten times the engagement (reactions + 2 comments + 3 shares)."""
    engagement = max(1, post.reactions + 2 * post.comments + 3 * post.shares)
    return math.log10(engagement) + post.created_at_ms / 1000 / 45000


# Ranking (order RANKED). For a post of age h hours seen by viewer v:
#
#   engagement = ln(1 + reactions + 2 * comments + 3 * shares)
#   affinity   = ln(1 + interactions of v with the author)      (comments, replies, reactions, mentions)
#   community  = 0.5 when the post is in one of v's communities, else 0
#   score      = (1 + engagement + affinity + community) * 0.5 ** (h / 24)
#
# so a post loses half its weight per day, engagement and closeness count with diminishing
# returns, and a day-old post needs about e times the engagement to stay level with a new one.
HALF_LIFE_HOURS = 24.0


def rank(post: PostSummary, viewer: Viewer, now_ms: int) -> tuple[float, list[str]]:
    """The post's score for the viewer and the reasons it is shown."""
    reasons = reasons_for(post, viewer)
    engagement = math.log1p(post.reactions + 2 * post.comments + 3 * post.shares)
    affinity = math.log1p(viewer.affinity.get(post.author_id, 0.0))
    community = 0.5 if post.community_id and post.community_id in viewer.communities else 0.0
    age_hours = max(now_ms - post.created_at_ms, 0) / HOUR_MS
    score = (1 + engagement + affinity + community) * 0.5 ** (age_hours / HALF_LIFE_HOURS)
    if engagement >= math.log1p(10):
        reasons.append(f"popular: {post.reactions} reactions, {post.comments} comments, {post.shares} shares")
    if affinity > 0:
        reasons.append("you often interact with the author")
    return score, reasons


def reasons_for(post: PostSummary, viewer: Viewer) -> list[str]:
    reasons = []
    if post.author_id == viewer.user_id:
        reasons.append("your post")
    elif post.author_id in viewer.friends:
        reasons.append("from a friend")
    elif post.author_id in viewer.following:
        reasons.append("from someone you follow")
    if post.community_id and post.community_id in viewer.communities:
        reasons.append("in a community you are in")
    reasons += [f"#{tag}, which you follow" for tag in followed_tags_of(post, viewer)]
    return reasons


@dataclass
class ReaderVotes:
    """The reader's votes (post -> 1 up, -1 down) on the posts a read looks at, filled on the way
    by FeedStore.readable (in the same round trip as the posts)."""

    user_id: str
    votes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FeedEntry:
    post: PostSummary
    author: AuthorSummary | None
    reasons: tuple[str, ...] = ()
    score: float = 0.0
    viewer_vote: int = 0  # the reader's vote on the post: 1 up, -1 down, 0 none


@dataclass(frozen=True)
class Cursor:
    """A position in a feed: the last entry seen (score, then member, both descending). The
    score is a time (ms) in the newest-first lists, a community sort's score in the sorts."""

    score: int | float
    member: str

    def encode(self) -> str:
        return cursors.encode(self.score, self.member)

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        decoded = cursors.decode(value, int, str)
        return None if decoded is None else cls(*decoded)


@dataclass(frozen=True)
class RankedCursor:
    """A position in a ranked feed: the snapshot time (newer posts wait for the next refresh)
    and how many ranked entries were already served."""

    snapshot_ms: int
    offset: int

    def encode(self) -> str:
        return cursors.encode("r", self.snapshot_ms, self.offset)

    @classmethod
    def decode(cls, value: str) -> RankedCursor | None:
        decoded = cursors.decode(value, str, int, int)
        if decoded is None:
            return None
        if decoded[0] != "r" or decoded[2] < 0:
            from kith_platform.errors import InvalidArgument

            raise InvalidArgument("cursor", "is not a cursor returned by this API")
        return cls(decoded[1], decoded[2])


@dataclass(frozen=True)
class SortCursor:
    """A position in a community sort (other than NEW): the sort, and the last entry seen (its
    score in that sort, then its post id, both descending). A keyset, so votes that move posts
    meanwhile neither repeat nor skip the posts that did not move."""

    sort: str
    score: float
    member: str

    def encode(self) -> str:
        return cursors.encode("s", self.sort, self.score, self.member)

    @classmethod
    def decode(cls, value: str, sort: str) -> Cursor | None:
        """The position, for a cursor of this sort (INVALID_ARGUMENT naming `cursor` otherwise)."""
        decoded = cursors.decode(value, str, str, float, str)
        if decoded is None:
            return None
        if decoded[0] != "s" or decoded[1] != sort or not math.isfinite(decoded[2]):
            from kith_platform.errors import InvalidArgument

            raise InvalidArgument("cursor", "is not a cursor of this sort returned by this API")
        return Cursor(decoded[2], decoded[3])


# --- community sorts (docs/community-sorts.md) ------------------------------------------------
#
# Each score depends only on the post's votes and its creation time, never on the time of the
# read, so it is written once per vote into a Redis sorted set and read as a range.

HOT_EPOCH_S = 1134028003  # Reddit's: 2005-12-08 07:46:43 UTC
HOT_SECONDS_PER_DECADE = 45000  # 12.5 hours newer is worth ten times the net votes


def hot(upvotes: int, downvotes: int, created_at_ms: int) -> float:
    """Reddit's hot: sign(s) * log10(max(|s|, 1)) + (created - epoch) / 45000, s = ups - downs."""
    s = upvotes - downvotes
    sign = 1 if s > 0 else -1 if s < 0 else 0
    return sign * math.log10(max(abs(s), 1)) + (created_at_ms / 1000 - HOT_EPOCH_S) / HOT_SECONDS_PER_DECADE


def top(upvotes: int, downvotes: int) -> float:
    """Votes up less votes down."""
    return float(upvotes - downvotes)


def controversial(upvotes: int, downvotes: int) -> float:
    """Reddit's controversial: (ups + downs) ^ (min / max) when both are above 0, else 0: many
    votes, evenly split, first."""
    if upvotes <= 0 or downvotes <= 0:
        return 0.0
    return float((upvotes + downvotes) ** (min(upvotes, downvotes) / max(upvotes, downvotes)))


def sort_scores(upvotes: int, downvotes: int, created_at_ms: int) -> dict[str, float]:
    """A community post's score in each sorted set kept for it (NEW is its time)."""
    return {
        "hot": hot(upvotes, downvotes, created_at_ms),
        "top": top(upvotes, downvotes),
        "controversial": controversial(upvotes, downvotes),
    }


@dataclass(frozen=True)
class CommunitySort:
    """How GetCommunityFeed orders a community's posts: the list read (`new`, or one of
    `sort_scores`) and, for TOP_DAY and TOP_WEEK, how young its posts must be."""

    name: str
    list: str
    window_ms: int | None = None


COMMUNITY_SORTS = {
    s.name: s
    for s in (
        CommunitySort("new", "new"),
        CommunitySort("hot", "hot"),
        CommunitySort("top_day", "top", DAY_MS),
        CommunitySort("top_week", "top", 7 * DAY_MS),
        CommunitySort("top_all", "top"),
        CommunitySort("controversial", "controversial"),
    )
}

# Featured posts, in one sorted set per community: the announcement above the pins, each kind
# newest first (by when it was featured).
FEATURES = ("pinned", "announcement")
ANNOUNCEMENT_BOOST = 10**14  # above any time in ms until the year 5138


def feature_score(feature: str, featured_at_ms: int) -> float:
    return featured_at_ms + (ANNOUNCEMENT_BOOST if feature == "announcement" else 0)


def featured_order(entries: list[tuple[str, float]]) -> list[str]:
    """The featured posts to show, from (post id, feature_score), best first: the announcement
    (at most one: the newest, should a withdrawn one not be applied yet) then the pins."""
    announcements = [m for m, s in entries if s >= ANNOUNCEMENT_BOOST]
    return announcements[:1] + [m for m, s in entries if s < ANNOUNCEMENT_BOOST]


VOTE_CAP = 5000  # a reader's votes kept (their newest), for the `viewer_vote` of what they read


def vote_score(value: int, voted_at_ms: int) -> int:
    """A reader's vote and its time in one sorted set score (ZADD GT keeps the newest, and an
    older vote delivered late never replaces it): time * 4 + value + 1."""
    return voted_at_ms * 4 + value + 1


def vote_of(score: float | None) -> int:
    return 0 if score is None else int(score) % 4 - 1


def page_size(requested: int) -> int:
    return validation.page_size(requested, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE)

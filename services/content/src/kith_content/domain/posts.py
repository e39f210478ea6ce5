"""Content rules: text limits, audiences, media, mentions, hashtags, shares, threads, reactions."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from kith_content.domain.media import ALT_MAX as UPLOAD_ALT_MAX
from kith_content.domain.media import Processed, Variant
from kith_content.domain.polls import NewPoll, Poll, validate_poll
from kith_content.domain.review import ReviewState
from kith_platform import text as text_rules
from kith_platform.errors import FailedPrecondition, InvalidArgument
from kith_platform.ids import parse_uuid
from kith_platform.validation import HASHTAG_MAX, check_text

TEXT_MAX, EXCERPT_MAX = 5000, 280
MEDIA_MAX, URL_MAX, ALT_MAX = 10, 2000, 500
MENTIONS_MAX, HASHTAGS_MAX = 20, 30
MAX_DEPTH = 32  # a reply to a reply ... at most this deep
DELETED_TEXT = "[deleted]"
# The author of a comment whose author was erased (it keeps its place for its replies as deleted).
ERASED_AUTHOR = "00000000-0000-0000-0000-000000000000"


class Audience(enum.Enum):
    PUBLIC = "public"
    FOLLOWERS = "followers"
    FRIENDS = "friends"
    COMMUNITY = "community"


class MediaKind(enum.Enum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"


class ReactionKind(enum.Enum):
    LIKE = "like"
    LOVE = "love"
    INSIGHTFUL = "insightful"
    FUNNY = "funny"
    SUPPORT = "support"


@dataclass(frozen=True)
class Media:
    """A picture uploaded to Kith (media_id, its variants' keys in the bucket) or linked (url)."""

    kind: MediaKind
    url: str
    alt_text: str = ""
    media_id: str = ""
    width: int = 0
    height: int = 0
    blurhash: str = ""
    variants: tuple[Variant, ...] = ()


def uploaded_media(upload_id: str, alt_text: str, processed: Processed) -> Media:
    """A processed upload as a post's attachment (and as its uploader sees it)."""
    p = processed
    return Media(MediaKind.IMAGE, "", alt_text, upload_id, p.width, p.height, p.blurhash, p.variants)


@dataclass(frozen=True)
class NewPost:
    text: str
    audience: Audience | None = None
    community_id: str = ""
    media: tuple[tuple[MediaKind | None, str, str, str], ...] = ()  # (kind, url, alt text, media id)
    link: str = ""
    content_warning: str = ""  # the author's notice; empty: none
    poll: NewPoll | None = None


@dataclass(frozen=True)
class CheckedPost:
    """A new post's fields once checked (who may post where is checked when it is written)."""

    audience: Audience
    media: tuple[Media, ...]
    text: str
    link: str
    content_warning: str
    community_id: str | None
    poll: NewPoll | None


def check_new_post(new: NewPost, now: datetime, *, sharing: bool = False) -> CheckedPost:
    """What CreatePost (and a draft, when saved) must hold."""
    audience = resolve_audience(new.audience, new.community_id)
    media = validate_media(list(new.media))
    text = validate_text(new.text, required=not media and not sharing)
    link = validate_url(new.link, "link", schemes=("http", "https")) if new.link.strip() else ""
    content_warning = validate_content_warning(new.content_warning)
    community_id = parse_uuid(new.community_id, "community_id") if new.community_id else None
    poll = None
    if new.poll is not None:
        if sharing:
            raise InvalidArgument("poll", "a share takes no poll")
        poll = validate_poll(new.poll, now)
    return CheckedPost(audience, media, text, link, content_warning, community_id, poll)


class Feature(enum.Enum):
    """How a community post stands above the others (its moderators decide)."""

    PINNED = "pinned"
    ANNOUNCEMENT = "announcement"


FEATURED_MAX = {Feature.PINNED: 3, Feature.ANNOUNCEMENT: 1}  # per community
VOTES = (-1, 0, 1)  # down, none (taken back), up


def check_votable(post: Post) -> None:
    """Votes are on published community posts only."""
    if not post.community_id:
        raise FailedPrecondition("post_id: only community posts are voted on")
    require_published(post.review, "post_id")


def check_featurable(post: Post, feature: Feature | None, featured: dict[Feature, int]) -> None:
    """A published community post; within the community's limits (`featured`: how many of each
    kind it has, this post aside)."""
    if not post.community_id:
        raise FailedPrecondition("post_id: only community posts are featured")
    require_published(post.review, "post_id")
    if feature is not None and featured.get(feature, 0) >= FEATURED_MAX[feature]:
        what = "an announcement" if feature is Feature.ANNOUNCEMENT else f"{FEATURED_MAX[feature]} pinned posts"
        raise FailedPrecondition(f"feature: the community has {what} already; take one back first")


@dataclass(frozen=True)
class Post:
    post_id: str
    author_id: str
    text: str
    audience: Audience
    created_at: datetime
    community_id: str | None = None
    members_only: bool = False
    media: tuple[Media, ...] = ()
    link: str = ""
    hashtags: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    shared_post_id: str | None = None
    edited_at: datetime | None = None
    comment_count: int = 0
    share_count: int = 0
    # Link review (domain.review): None once published.
    review: ReviewState | None = None
    held_reason: str = ""
    review_note: str = ""
    content_warning: str = ""  # the author's notice; empty: none
    # Community posts: votes, and how the post stands above the others.
    upvotes: int = 0
    downvotes: int = 0
    feature: Feature | None = None
    has_poll: bool = False
    poll: Poll | None = None  # filled on reads (with its counts only when the viewer may see them)
    poll_results_visible: bool = False
    # Filled on reads for the viewer.
    reactions: dict[ReactionKind, int] = field(default_factory=dict)
    viewer_reaction: ReactionKind | None = None
    viewer_vote: int = 0  # 1 up, -1 down, 0 none
    viewer_choices: tuple[int, ...] = ()  # the viewer's answer to the poll
    shared_post: Post | None = None

    @property
    def excerpt(self) -> str:
        return excerpt(self.text)


@dataclass(frozen=True)
class Comment:
    comment_id: str
    post_id: str
    parent_id: str | None
    author_id: str
    text: str
    depth: int
    created_at: datetime
    deleted: bool = False
    reply_count: int = 0
    reaction_count: int = 0
    mention_ids: tuple[str, ...] = ()
    review: ReviewState | None = None
    held_reason: str = ""
    content_warning: str = ""
    review_note: str = ""
    edited_at: datetime | None = None
    reactions: dict[ReactionKind, int] = field(default_factory=dict)
    viewer_reaction: ReactionKind | None = None


def excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


CONTENT_WARNING_MAX = 100


def validate_content_warning(notice: str) -> str:
    """A content warning's notice: one short line (empty: no warning)."""
    notice = " ".join(notice.split())
    if len(notice) > CONTENT_WARNING_MAX:
        raise InvalidArgument("content_warning", f"must be at most {CONTENT_WARNING_MAX} characters")
    return check_text(notice, "content_warning", max_length=CONTENT_WARNING_MAX)


def validate_text(text: str, field_name: str = "text", *, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidArgument(field_name, "is required")
    if len(text) > TEXT_MAX:
        raise InvalidArgument(field_name, f"must be at most {TEXT_MAX} characters (got {len(text)})")
    return check_text(text, field_name, max_length=TEXT_MAX, multiline=True)


def validate_url(url: str, field_name: str, *, schemes: tuple[str, ...]) -> str:
    url = url.strip()
    check_text(url, field_name, max_length=URL_MAX)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidArgument(field_name, "is not a URL") from None
    if parts.scheme.lower() not in schemes or not parts.hostname or any(c.isspace() for c in url):
        raise InvalidArgument(field_name, f"must be an absolute {' or '.join(schemes)} URL")
    return url


def validate_media(media: list[tuple[MediaKind | None, str, str, str]]) -> tuple[Media, ...]:
    """Uploads by id (filled in from processing when the post is written) and links by URL."""
    if len(media) > MEDIA_MAX:
        raise InvalidArgument("media", f"at most {MEDIA_MAX} attachments")
    cleaned = []
    for kind, url, alt, media_id in media:
        if media_id:
            if url:
                raise InvalidArgument("media.url", "an upload (media_id) takes no url")
            alt = check_text(alt.strip(), "media.alt_text", max_length=UPLOAD_ALT_MAX)
            cleaned.append(Media(MediaKind.IMAGE, "", alt, parse_uuid(media_id, "media.media_id")))
            continue
        if kind is None:
            raise InvalidArgument("media.kind", "must be image, video or audio")
        cleaned.append(
            Media(
                kind,
                validate_url(url, "media.url", schemes=("https",)),
                check_text(alt.strip(), "media.alt_text", max_length=ALT_MAX),
            )
        )
    return tuple(cleaned)


_HASHTAG = re.compile(rf"(?<![\w#&@/])#(\w{{1,{HASHTAG_MAX}}})")


def mentioned_handles(text: str) -> list[str]:
    """The `@handle`s in the text, lower-cased, in order, without repeats."""
    return text_rules.mentioned_handles(text, MENTIONS_MAX)


def hashtags(text: str) -> tuple[str, ...]:
    """The `#tag`s in the text, normalised (NFKC, lower case), in order, without repeats;
    tags made only of digits (`#1`) are not hashtags."""
    tags = []
    for raw in _HASHTAG.findall(text):
        tag = unicodedata.normalize("NFKC", raw).casefold()
        if not tag.replace("_", "").isdigit() and tag.strip("_"):
            tags.append(tag)
    return tuple(dict.fromkeys(tags))[:HASHTAGS_MAX]


def resolve_audience(audience: Audience | None, community_id: str) -> Audience:
    if community_id:
        if audience not in (None, Audience.COMMUNITY):
            raise InvalidArgument("audience", "a community post's audience is the community")
        return Audience.COMMUNITY
    if audience is Audience.COMMUNITY:
        raise InvalidArgument("community_id", "is required for a community post")
    return audience or Audience.PUBLIC


def check_share(original: Post, audience: Audience, community_id: str) -> None:
    """A share may not widen the original's audience."""
    if original.audience in (Audience.FOLLOWERS, Audience.FRIENDS):
        raise FailedPrecondition(f"a {original.audience.value}-only post cannot be shared")
    if original.audience is Audience.COMMUNITY and original.members_only and community_id != original.community_id:
        raise FailedPrecondition("a post in a members-only community can only be shared inside that community")


def may_see(post: Post, viewer_id: str, *, follows: bool, friends: bool, member: bool, blocked: bool) -> bool:
    """The visibility rule (the SQL filter of every read says the same)."""
    if blocked:
        return False
    if post.author_id == viewer_id or post.audience is Audience.PUBLIC:
        return True
    if post.audience is Audience.COMMUNITY:
        return not post.members_only or member
    if post.audience is Audience.FOLLOWERS:
        return follows or friends
    return friends


def require_published(review: ReviewState | None, field_name: str, what: str = "post") -> None:
    """Held and rejected content takes no comments, replies, reactions, shares or edits."""
    if review is ReviewState.PENDING:
        raise FailedPrecondition(f"{field_name}: this {what} is waiting for a moderator's review")
    if review is ReviewState.REJECTED:
        raise FailedPrecondition(f"{field_name}: this {what} was not approved by the community's moderators")


def child_depth(parent_depth: int) -> int:
    if parent_depth >= MAX_DEPTH:
        raise FailedPrecondition(f"replies nest at most {MAX_DEPTH} deep; reply higher up the thread")
    return parent_depth + 1

"""The weekly digest by mail (docs/digest.md). The feed builds each person's digest once a week and
announces it (DigestReady: the person and the post ids); identity mails it, listing only what the
person may see when the mail is written (asked of the feed as that person, which applies the
feed's reading rules again), once per person and week, to the verified address of an active
account whose owner has not turned the mail off. An empty digest is not mailed."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kith_identity.domain.mail import Mail, MailTemplate

EXCERPT_CHARACTERS = 280


@dataclass(frozen=True)
class DigestPost:
    post_id: str
    author_handle: str
    author_name: str
    text: str
    content_warning: str = ""
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedDigest:
    """The person's latest digest as they may see it now, and whether they want it by mail."""

    week_start: datetime
    posts: tuple[DigestPost, ...]
    email: bool


@dataclass(frozen=True)
class DigestRecipient:
    user_id: str
    handle: str
    email: str


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """The text on one line, cut at a word within `limit` characters (with an ellipsis)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def digest_mail(
    recipient: DigestRecipient,
    digest: FeedDigest,
    week_start: datetime,
    post_link: Callable[[str], str],
    settings_link: str,
) -> Mail | None:
    """The mail of the digest of `week_start` (DigestReady's week), or None: the person turned the
    mail off, the feed's latest digest is of another week (the event is late), or no post of it is
    left that the person may see. A post with a content warning shows the warning, not its text
    (a mail cannot blur it)."""
    if not digest.email or digest.week_start != week_start or not digest.posts:
        return None
    posts = [
        {
            "author": p.author_name,  # may be empty: the handle then
            "handle": p.author_handle,
            "text": "" if p.content_warning else excerpt(p.text),
            "warning": p.content_warning,
            "reason": p.reasons[0] if p.reasons else "",
            "link": post_link(p.post_id),
        }
        for p in digest.posts
    ]
    params = {
        "handle": recipient.handle,
        "week": f"{week_start.day} {week_start:%B %Y}",
        "posts": posts,
        "settings_link": settings_link,
    }
    return Mail(MailTemplate.WEEKLY_DIGEST, recipient.email, params, recipient.user_id)


# --- ports (adapters: the feed's internal gRPC service, PostgreSQL) -------------------------------


class DigestSource(ABC):
    @abstractmethod
    async def digest(self, user_id: str) -> FeedDigest | None:
        """The person's latest digest as they may see it now (None: none was built)."""


class DigestMailStore(ABC):
    @abstractmethod
    async def recipient(self, user_id: str) -> DigestRecipient | None:
        """The person, when their account is active (not deactivated, suspended or being deleted)
        and their address verified; None otherwise."""

    @abstractmethod
    async def mailed(self, user_id: str, week_start: datetime) -> bool:
        """Whether the digest of that week was mailed to them already."""

    @abstractmethod
    async def queue_once(self, user_id: str, week_start: datetime, mail: Mail) -> bool:
        """Queue the mail and note the week in one transaction, unless that week's digest was
        queued already or the person is no longer a recipient; True when queued."""

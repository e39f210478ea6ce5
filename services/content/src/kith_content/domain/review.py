"""Link review: which posts and comments wait for a community moderator.

A community may hold links by members below a trust level (the feed worker's levels, 0 to 3,
mirrored here). A post has a link when its link field is set or its text has one; a comment
when its text has one (what counts as a link in text: kith_platform.text).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kith_platform.text import contains_link


class ReviewState(enum.Enum):
    PENDING = "pending"  # only the author and the community's moderators see it
    REJECTED = "rejected"  # only the author sees it; never published


MODERATOR_ROLES = frozenset({"moderator", "admin", "owner"})


@dataclass(frozen=True)
class Hold:
    """Why new content waits for review: its author's trust level is below the community's."""

    trust_level: int
    required: int

    @property
    def reason(self) -> str:
        return f"a link by a member at trust level {self.trust_level} (links are held below level {self.required})"


def may_hold(*, text: str, link: str = "", hold_links_below: int, role: str | None) -> bool:
    """Whether the author's trust level decides (a community that holds links, content with a
    link, an author below the moderators): only then is it worth looking up."""
    return hold_links_below > 0 and role not in MODERATOR_ROLES and bool(link.strip() or contains_link(text))


def hold_for(trust_level: int, hold_links_below: int) -> Hold | None:
    return Hold(trust_level, hold_links_below) if trust_level < hold_links_below else None

"""Link review: which posts and comments wait for a community moderator, and what counts as a link.

A community may hold links by members below a trust level (the feed worker's levels, 0 to 3,
mirrored here). A post has a link when its link field is set or its text has one; a comment
when its text has one. In text, a link is a URL with a scheme (`https://...`), a host name
starting with `www.`, or a host name ending in a commonly used top-level domain
(`example.com`, `bit.ly`, `shop.example.co.uk`). Not links: host names in e-mail addresses, mentions and hashtags,
names that only look like files (`README.md`, `setup.py`: top-level domains that are also common
file extensions are not in the list, nor short English words such as `in`, `it` or `to`), and a
capitalised word after a full stop without a space (`fine.Today`), which is a typo, not a host.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class ReviewState(enum.Enum):
    PENDING = "pending"  # only the author and the community's moderators see it
    REJECTED = "rejected"  # only the author sees it; never published


MODERATOR_ROLES = frozenset({"moderator", "admin", "owner"})

# Top-level domains seen in links people paste; not those that are also common file
# extensions (md, py, sh, rs, pl, ps, ai, cc) or short English words (at, in, is, it, no, so,
# to, us).
COMMON_TLDS = frozenset("""
com net org info biz io co app dev xyz online site shop store top club link live me tv ly gg
uk ca de fr es nl be ch se dk fi ie pt gr ru ua cn jp kr au nz br mx ar cl za ng ke eu asia
blog news tech cloud page space website fun life world today email
""".split())

_SCHEME_URL = re.compile(r"(?<![a-z0-9+.-])(?:https?|ftp)://[^\s/?#.,;:!)\]]", re.IGNORECASE)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A whole host name: not inside a word, an e-mail address, a mention, a hashtag or a path, nor
# part of a longer name on either side.
_HOST = re.compile(rf"(?<![\w@#.\-/])((?:{_LABEL}\.)+({_LABEL}))(?![\w-]|\.[a-z0-9])", re.IGNORECASE)


def contains_link(text: str) -> bool:
    """Whether the text has a link (see the module's docstring)."""
    if _SCHEME_URL.search(text):
        return True
    for match in _HOST.finditer(text):
        host, tld = match.group(1).lower(), match.group(2)
        if host.startswith("www."):
            return True
        if tld[:1].isupper() and tld[1:].islower():  # "fine.Today": a missing space, not a host
            continue
        if tld.lower() in COMMON_TLDS or tld.lower().startswith("xn--"):
            return True
    return False


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

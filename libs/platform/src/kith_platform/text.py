"""What people's text holds, one rule for every service that reads it (content's posts and
comments, messaging's messages): mentions and links.

A link is a URL with a scheme (`https://...`), a host name starting with `www.`, or a host name
ending in a commonly used top-level domain (`example.com`, `bit.ly`, `shop.example.co.uk`). Not
links: host names in e-mail addresses, mentions and hashtags, names that only look like files
(`README.md`, `setup.py`: top-level domains that are also common file extensions are not in the
list, nor short English words such as `in`, `it` or `to`), and a capitalised word after a full
stop without a space (`fine.Today`), which is a typo, not a host.
"""

from __future__ import annotations

import re

# Top-level domains seen in links people paste; not those that are also common file
# extensions (md, py, sh, rs, pl, ps, ai, cc) or short English words (at, in, is, it, no, so,
# to, us).
COMMON_TLDS = frozenset(
    """
com net org info biz io co app dev xyz online site shop store top club link live me tv ly gg
uk ca de fr es nl be ch se dk fi ie pt gr ru ua cn jp kr au nz br mx ar cl za ng ke eu asia
blog news tech cloud page space website fun life world today email
""".split()
)

_SCHEME_URL = re.compile(r"(?<![a-z0-9+.-])(?:https?|ftp)://[^\s/?#.,;:!)\]]", re.IGNORECASE)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A whole host name: not inside a word, an e-mail address, a mention, a hashtag or a path, nor
# part of a longer name on either side.
_HOST = re.compile(rf"(?<![\w@#.\-/])((?:{_LABEL}\.)+({_LABEL}))(?![\w-]|\.[a-z0-9])", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{3,30})\b")


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


def mentioned_handles(text: str, limit: int) -> list[str]:
    """The `@handle`s in the text, lower-cased, in order, without repeats; at most `limit`."""
    return list(dict.fromkeys(m.lower() for m in _MENTION.findall(text)))[:limit]

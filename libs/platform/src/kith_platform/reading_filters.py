"""A reader's filters: muted words and phrases whose posts they do not want to see, and whether they
hide posts with a content warning. The one rule of what a reader's filters leave out, applied by
the feed (every feed, notifications) and by content (search, hashtags); the feed keeps them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kith_platform.errors import InvalidArgument
from kith_platform.validation import check_text

PHRASE_MAX = 100
MUTED_WORDS_MAX = 200


@dataclass(frozen=True)
class MutedWord:
    phrase: str  # normalised: lower case, spaces collapsed
    whole_word: bool
    expires_at_ms: int  # 0: until unmuted
    muted_at_ms: int

    def active(self, now_ms: int) -> bool:
        return self.expires_at_ms == 0 or self.expires_at_ms > now_ms

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.phrase.split())
        return re.compile(rf"(?<!\w){words}(?!\w)" if self.whole_word else words)


def normalise_phrase(phrase: str, field: str = "phrase") -> str:
    phrase = " ".join(check_text(phrase, field, max_length=PHRASE_MAX * 2).split()).casefold()
    if not phrase:
        raise InvalidArgument(field, "is required")
    if len(phrase) > PHRASE_MAX:
        raise InvalidArgument(field, f"must be at most {PHRASE_MAX} characters")
    return phrase


def mutes(text: str, words: tuple[MutedWord, ...], now_ms: int) -> bool:
    """Whether `text` holds any of the active muted words (case-insensitively; a whole word only
    where it is not part of a longer word; a phrase across any run of spaces)."""
    if not words or not text:
        return False
    folded = text.casefold()
    return any(w.active(now_ms) and w.pattern.search(folded) for w in words)


@dataclass(frozen=True)
class ReadingFilters:
    user_id: str
    muted_words: tuple[MutedWord, ...] = ()
    hides_warnings: bool = False  # posts with a content warning are left out of their reads

    def hides(self, author_id: str, text: str, content_warning: str, now_ms: int) -> bool:
        """Whether the reader's filters leave this out (their own posts and comments never)."""
        if author_id == self.user_id:
            return False
        if self.hides_warnings and content_warning:
            return True
        return mutes(text, self.muted_words, now_ms)

"""Muted words: a person's words and phrases whose posts they do not want to see, and the one rule
of whether a text has one."""

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

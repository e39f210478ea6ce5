"""What a person filters out of what they read, and the hashtags they follow into it: muted words
(added, changed, removed, listed; the rule that hides posts is kith_platform.reading_filters), how
posts with a content warning are shown (Viewer.wants applies both on every feed read and the
notifications), and followed hashtags (their public posts join the home feed)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_feed.domain.ports import Stores
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.reading_filters import MUTED_WORDS_MAX, MutedWord, normalise_phrase
from kith_platform.validation import normalise_hashtag

LONGEST = timedelta(days=3650)
FOLLOWED_TAGS_MAX = 100
CONTENT_WARNING_DISPLAYS = ("show", "blur", "hide")
DEFAULT_DISPLAY = "blur"


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class ReadingFilters:
    store: Stores

    async def mute(self, user_id: str, phrase: str, whole_word: bool, expires_at: datetime | None) -> MutedWord:
        phrase = normalise_phrase(phrase)
        now = _now_ms()
        expires_ms = 0
        if expires_at is not None:
            expires_ms = int(expires_at.timestamp() * 1000)
            if expires_ms <= now:
                raise InvalidArgument("expires_at", "must be in the future")
            if expires_ms - now > LONGEST.total_seconds() * 1000:
                raise InvalidArgument("expires_at", "must be within ten years; leave it unset to mute until unmuted")
        words = await self.store.feeds.muted_words(user_id)
        current = [w for w in words if w.active(now)]
        earlier = next((w for w in words if w.phrase == phrase), None)
        if earlier is None and len(current) >= MUTED_WORDS_MAX:
            raise FailedPrecondition(f"at most {MUTED_WORDS_MAX} muted words; unmute one first")
        for gone in (w for w in words if not w.active(now)):
            await self.store.feeds.unmute_word(user_id, gone.phrase)  # tidy up the expired ones
        word = MutedWord(phrase, whole_word, expires_ms, earlier.muted_at_ms if earlier else now)
        await self.store.feeds.mute_word(user_id, word)
        return word

    async def unmute(self, user_id: str, phrase: str) -> None:
        if not await self.store.feeds.unmute_word(user_id, normalise_phrase(phrase)):
            raise NotFound("phrase: not muted")

    async def listed(self, user_id: str) -> list[MutedWord]:
        now = _now_ms()
        return [w for w in await self.store.feeds.muted_words(user_id) if w.active(now)]

    async def follow_tag(self, user_id: str, hashtag: str) -> str:
        tag = normalise_hashtag(hashtag)
        followed = await self.store.feeds.followed_tags(user_id)
        if tag not in followed and len(followed) >= FOLLOWED_TAGS_MAX:
            raise FailedPrecondition(f"at most {FOLLOWED_TAGS_MAX} followed hashtags; unfollow one first")
        await self.store.feeds.follow_tag(user_id, tag)
        return tag

    async def unfollow_tag(self, user_id: str, hashtag: str) -> None:
        if not await self.store.feeds.unfollow_tag(user_id, normalise_hashtag(hashtag)):
            raise NotFound("hashtag: not followed")

    async def followed_tags(self, user_id: str) -> list[str]:
        return sorted(await self.store.feeds.followed_tags(user_id))

    async def content_warnings(self, user_id: str) -> str:
        return await self.store.feeds.content_warnings(user_id) or DEFAULT_DISPLAY

    async def set_content_warnings(self, user_id: str, display: str | None) -> str:
        """`display` one of CONTENT_WARNING_DISPLAYS, or None to leave it as it is."""
        if display is not None:
            if display not in CONTENT_WARNING_DISPLAYS:
                raise InvalidArgument("content_warnings", "must be show, blur or hide")
            await self.store.feeds.set_content_warnings(user_id, display)
        return await self.content_warnings(user_id)

"""What a capped feed must hold after a fault run: home feeds and timelines keep the newest
`feed_cap` posts (kith_feed's FeedSettings, 800; older ones are trimmed), so a run that writes more
than that for one person is checked against the newest, not against every post."""

from __future__ import annotations

from collections.abc import Iterable

from kith_feed.config import FeedSettings

FEED_CAP = FeedSettings.model_fields["feed_cap"].default  # the platform runs with the default


def capped_feed_differences(
    kept: Iterable[str], created_ms: dict[str, int], cap: int = FEED_CAP
) -> tuple[set[str], set[str]]:
    """(missing, not expected) of a feed holding `kept`, whose posts should be the newest `cap` of
    `created_ms` (post id -> creation time in ms, the feed's score). Posts of the same millisecond
    as the cap-th newest may be cut either way (Redis breaks the tie by id): any of them will do
    as long as the feed is full."""
    kept = set(kept)
    extra = kept - created_ms.keys()
    newest_first = sorted(created_ms, key=created_ms.__getitem__, reverse=True)
    if len(newest_first) <= cap:
        return set(newest_first) - kept, extra
    boundary = created_ms[newest_first[cap - 1]]
    must = {p for p in newest_first if created_ms[p] > boundary}
    may = {p for p in newest_first if created_ms[p] == boundary}
    missing = must - kept
    if len(kept & (must | may)) < cap:  # not full: what it lacks is among the tied posts
        missing |= may - kept
    too_old = {p for p in kept & created_ms.keys() if created_ms[p] < boundary}
    return missing, extra | too_old

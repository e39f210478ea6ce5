"""Weekly digests (docs/digest.md): building one person's digest (the stream worker's weekly job,
and the feed API's internal BuildDigest), the job itself, the reads (GetDigest, and identity's
GetDigestForMail), and the schedule a new person joins."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.feed.v1 import digest_events_pb2
from kith_feed.domain.digest import Digest, DigestItem, digest_event_id, select_digest, shown_now
from kith_feed.domain.model import COMMUNITY_SORTS, FeedEntry, FeedList, ReaderVotes
from kith_feed.domain.ports import Stores
from kith_feed.service_layer import clock
from kith_platform.errors import NotFound
from kith_platform.events import FEED_DIGESTS, make_event

log = logging.getLogger("kith.feed.digests")

MAX_COMMUNITIES = 50  # of the reader's communities, the first this many (by id) are looked at
NEWEST_PER_LIST = 50  # the newest posts of the period read from each community and close tie
TOP_PER_COMMUNITY = 10  # and each community's top of the period (net votes: its TOP sort)
LEASE_MS = 600_000  # a person taken off the schedule is due again this long after, unless done


def _now_ms() -> int:
    return int(time.time() * 1000)


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


async def build_digest(store: Stores, user_id: str, now_ms: int) -> tuple[Digest | None, bool]:
    """The person's digest of the week `now_ms` is in, and whether this call built it: False when
    that week's was built already (it is returned as kept). (None, False) for someone the feed does
    not know, or who is away (deactivated, erased): nobody reads their digest."""
    if not await store.feeds.authors([user_id]) or await store.relationships.away([user_id]):
        return None, False
    rules = store.digest_rules
    week = rules.week_start(now_ms)
    latest = await store.digests.latest(user_id)
    if latest is not None and latest.week_start_ms >= week:
        return latest, False
    since = now_ms - rules.period_ms
    items = await _select(store, user_id, since, now_ms)
    digest = Digest(user_id, week, since, now_ms, tuple(items))
    if await store.digests.keep(digest, _envelope(digest) if items else None):
        return digest, True
    return await store.digests.latest(user_id), False  # another worker or call was first


async def _select(store: Stores, user_id: str, since: int, now_ms: int) -> list[DigestItem]:
    """The candidates: the period's newest and top posts of the reader's communities, and the
    newest of their close ties; then domain.digest's rule."""
    viewer = await store.feeds.viewer(user_id)
    affinity = await store.digests.close_ties(user_id)
    communities = sorted(viewer.communities)[:MAX_COMMUNITIES]
    lists = [FeedList("community", c) for c in communities] + [FeedList("timeline", a) for a in affinity]
    ranges = await store.feeds.ranges(lists, now_ms, NEWEST_PER_LIST) if lists else []
    top = COMMUNITY_SORTS["top_week"]
    tops = await asyncio.gather(
        *(store.feeds.sorted_after(c, top, None, TOP_PER_COMMUNITY, since) for c in communities)
    )
    ids = [post_id for entries in ranges for post_id, at in entries if at >= since]
    ids += [post_id for entries in tops for post_id, _ in entries]
    posts = await store.feeds.readable(list(dict.fromkeys(ids)))
    return select_digest(posts.values(), viewer, affinity, since, now_ms, store.digest_rules.size)


def _envelope(digest: Digest) -> bytes:
    event = make_event(
        topic=FEED_DIGESTS,
        aggregate_id=digest.user_id,
        producer="feed",
        payload=digest_events_pb2.DigestReady(
            user_id=digest.user_id,
            post_ids=[i.post_id for i in digest.items],
            week_start=_timestamp(digest.week_start_ms),
            built_at=_timestamp(digest.built_at_ms),
        ),
        occurred_at=_at(digest.built_at_ms),
        event_id=digest_event_id(digest.user_id, digest.week_start_ms),
    )
    assert event.value is not None  # only a tombstone has none
    return event.value


def _timestamp(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts


async def build_due_digests(store: Stores, now_ms: int, batch: int = 500) -> int:
    """The stream worker's job (every worker runs it): build the digest of each person due, up to
    `batch`, and put them down for the next week. Each person is taken by one worker (the schedule
    leases them), and a digest is kept once per week whoever builds it, so two workers, a retry or
    a BuildDigest call never make a second one. Returns how many digests were built."""
    rules = store.digest_rules
    await store.digests.seed(rules.next_week(now_ms))
    built = 0
    for user_id in await store.digests.take_due(now_ms, LEASE_MS, batch):
        _, new = await build_digest(store, user_id, now_ms)
        built += new
        await store.digests.reschedule(user_id, rules.next_week(now_ms))
    if built:
        log.info("built %d weekly digests", built)
    return built


async def person_registered(store: Stores, eid: str, event) -> None:
    """A new person's first digest is due at the start of next week (UserRegistered)."""
    await store.digests.schedule(event.user_id, store.digest_rules.next_week(clock.now_ms()))


@dataclass(frozen=True)
class DigestView:
    """A digest as its reader may see it now: the posts they may no longer see are left out."""

    digest: Digest
    entries: list[FeedEntry]


@dataclass
class DigestReads:
    store: Stores

    async def digest(self, user_id: str) -> DigestView | None:
        """GetDigest: the reader's latest digest, filtered now."""
        digest = await self.store.digests.latest(user_id)
        return None if digest is None else await self.view(digest)

    async def view(self, digest: Digest) -> DigestView:
        """The digest's posts the reader may see now (domain.digest.shown_now, after `readable`
        leaves out deleted and removed posts and away authors), in the digest's order."""
        store = self.store
        viewer = await store.feeds.viewer(digest.user_id)
        authors: dict = {}
        votes = ReaderVotes(digest.user_id)
        posts = await store.feeds.readable([i.post_id for i in digest.items], authors, votes)
        now = _now_ms()
        shown = [(i, posts[i.post_id]) for i in digest.items if i.post_id in posts]
        shown = [(i, p) for i, p in shown if shown_now(p, viewer, now)]
        extra = {p.post_id: (i.reasons, i.score) for i, p in shown}
        return DigestView(digest, await store.feeds.entries([p for _, p in shown], extra, authors, votes))

    async def build(self, user_id: str) -> tuple[DigestView, bool]:
        """BuildDigest: build the person's digest of this week now (once per week), filtered now."""
        digest, built = await build_digest(self.store, user_id, _now_ms())
        if digest is None:
            raise NotFound("user_id: no such user")
        return await self.view(digest), built

    async def for_mail(self, user_id: str) -> tuple[DigestView | None, bool]:
        """GetDigestForMail: the latest digest, filtered now, and whether they want it by email."""
        preferences = await self.store.notifications.preferences(user_id)
        return await self.digest(user_id), preferences.get("digest_email", True)

"""The feed service's stores (domain.ports.Stores), one per concern, built on one Redis client.
`FeedStores.build` (tests), `from_settings` (bootstrap, the stream worker) and `for_replay`
(`kith rebuild-read-model`) are the only places they are made."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kith_feed.adapters.community_metrics import RedisCommunityMetrics
from kith_feed.adapters.digests import RedisDigests, digest_outbox
from kith_feed.adapters.erasure import RedisErasure
from kith_feed.adapters.fan_out import RedisFanOut
from kith_feed.adapters.lists import RedisListStore, list_outbox
from kith_feed.adapters.live_items import LiveNotifications, RedisLiveItems
from kith_feed.adapters.mentorship import RedisMentorship
from kith_feed.adapters.notifications import RedisCommunityFacts, RedisNotifications
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.recognition import RedisRecognition
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.adapters.relationships import RedisRelationships
from kith_feed.adapters.replay import ReplayedLiveItems, SpentOutbox
from kith_feed.domain.digest import DIGEST_SIZE, WEEK_MS, DigestRules
from kith_feed.domain.model import DAY_MS
from kith_feed.domain.ports import Stores
from kith_platform.redis_client import AnyRedis


@dataclass
class FeedStores(Stores):
    """The Redis adapters of every port, and the client they share (for tests that look at Redis
    itself; the service layer never touches it)."""

    redis: AnyRedis

    @classmethod
    def build(
        cls,
        client: AnyRedis,
        *,
        cap: int = 800,
        backfill: int = 50,
        batch: int = 1000,
        big_author_followers: int = 10_000,
        big_community_members: int = 10_000,
        inactive_after_ms: int = 30 * DAY_MS,
        fanout_in_lua: bool = True,
        reminder_lead_ms: int = 3_600_000,
        digest_period_ms: int = WEEK_MS,
        digest_size: int = DIGEST_SIZE,
    ) -> FeedStores:
        feeds = RedisFeedStore(client, cap=cap, backfill=backfill, batch=batch)
        fan_out = RedisFanOut(
            client,
            cap=cap,
            batch=batch,
            big_author_followers=big_author_followers,
            big_community_members=big_community_members,
            inactive_after_ms=inactive_after_ms,
            in_lua=fanout_in_lua,
        )
        outbox = RedisOutbox(client)
        digests_outbox = digest_outbox(client)
        lists_outbox = list_outbox(client)
        return cls(
            feeds=feeds,
            fan_out=fan_out,
            relationships=RedisRelationships(feeds),
            notifications=LiveNotifications(client),  # each new one also reaches the live channel
            community_facts=RedisCommunityFacts(client, reminder_lead_ms),
            metrics=RedisCommunityMetrics(client),
            recognition=RedisRecognition(client),
            mentorship=RedisMentorship(client, outbox),
            outbox=outbox,
            erasure=RedisErasure(client),
            live=RedisLiveItems(client),
            inactive_after_ms=inactive_after_ms,
            digests=RedisDigests(client, digests_outbox),
            digest_outbox=digests_outbox,
            digest_rules=DigestRules(digest_period_ms, digest_size),
            lists=RedisListStore(client, feeds, lists_outbox),
            list_outbox=lists_outbox,
            redis=client,
        )

    @classmethod
    def from_settings(cls, client: AnyRedis, settings) -> FeedStores:
        return cls.build(
            client,
            cap=settings.feed_cap,
            backfill=settings.follow_backfill,
            batch=settings.fanout_batch,
            big_author_followers=settings.big_author_followers,
            big_community_members=settings.big_community_members,
            inactive_after_ms=int(settings.inactive_after_days * DAY_MS),
            fanout_in_lua=settings.fanout_in_lua,
            reminder_lead_ms=int(settings.event_reminder_lead_minutes * 60_000),
            digest_period_ms=int(settings.digest_interval_seconds * 1000),
            digest_size=settings.digest_size,
        )

    @classmethod
    def for_replay(cls, client: AnyRedis, settings) -> FeedStores:
        """The stream worker's stores as a replay of history uses them (adapters/replay.py):
        notifications without their live items, no hints, the feed's own announcements spent."""
        stores = cls.from_settings(client, settings)
        return replace(
            stores,
            notifications=RedisNotifications(client),
            live=ReplayedLiveItems(stores.live),
            outbox=SpentOutbox(client),
        )

"""The feed service's stores, one per concern, built on one Redis client: what the service
layer works with. `FeedStores.build` (tests) and `from_settings` (bootstrap, the stream worker)
are the only places they are made."""

from __future__ import annotations

from dataclasses import dataclass

from kith_feed.adapters.community_metrics import RedisCommunityMetrics
from kith_feed.adapters.erasure import RedisErasure
from kith_feed.adapters.fan_out import RedisFanOut
from kith_feed.adapters.live_items import LiveNotifications
from kith_feed.adapters.mentorship import RedisMentorship
from kith_feed.adapters.notifications import CommunityFacts
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.recognition import RedisRecognition
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.adapters.relationships import RedisRelationships
from kith_feed.domain.model import DAY_MS
from kith_platform.redis_client import AnyRedis


@dataclass
class FeedStores:
    redis: AnyRedis
    feeds: RedisFeedStore  # posts, lists, home feeds, the feed API's reads
    fan_out: RedisFanOut  # new posts into the feeds
    relationships: RedisRelationships  # follows, friends, blocks, mutes, memberships, deactivation
    notifications: LiveNotifications  # each new one also reaches the live channel
    community_facts: CommunityFacts  # moderators, events and reminders, for notifications
    metrics: RedisCommunityMetrics  # community health
    recognition: RedisRecognition  # points, badges, trust levels
    mentorship: RedisMentorship
    outbox: RedisOutbox  # the feed's own events (mentorship, badges, trust levels), relayed to Kafka
    erasure: RedisErasure
    inactive_after_ms: int  # a reader away longer is skipped by the fan-out, rebuilt on return

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
        return cls(
            redis=client,
            feeds=feeds,
            fan_out=fan_out,
            relationships=RedisRelationships(feeds),
            notifications=LiveNotifications(client),
            community_facts=CommunityFacts(client, reminder_lead_ms),
            metrics=RedisCommunityMetrics(client),
            recognition=RedisRecognition(client),
            mentorship=RedisMentorship(client, outbox),
            outbox=outbox,
            erasure=RedisErasure(client),
            inactive_after_ms=inactive_after_ms,
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
        )

"""Community health: the metrics each event feeds (the stream worker's `measure`, with the
sentiment of texts) and the health moderators read."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from kith_feed.domain import health as h
from kith_feed.domain.ports import Stores
from kith_feed.service_layer.outbox_relay import Publish
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid


@dataclass
class CommunityInsights:
    store: Stores

    async def health(self, user_id: str, community_id: str, days: int):
        community_id = parse_uuid(community_id, "community_id")
        days = days or 30
        if not 1 <= days <= 90:
            raise InvalidArgument("days", "must be between 1 and 90")
        visibility = await self.store.feeds.community_visibility(community_id)
        moderators = await self.store.community_facts.moderators(community_id)
        if visibility is None:
            raise NotFound("community_id: no such community")
        if user_id not in moderators:
            viewer = await self.store.feeds.viewer(user_id)
            if visibility == "hidden" and community_id not in viewer.communities:
                raise NotFound("community_id: no such community")
            raise PermissionDenied("only the community's moderators see its health")
        return await self.figures(community_id, days, int(time.time() * 1000))

    async def figures(self, community_id: str, days: int, now: int):
        """(daily series, summary, cohorts, health) of a community, for `days` up to today."""
        today = h.day_of(now)
        metrics = self.store.metrics
        series = await metrics.days(community_id, today - days + 1, today)
        members = await self.store.feeds.member_count(community_id)
        weekly = await metrics.active_over(community_id, today, 7)
        cohorts = await metrics.cohorts(community_id, h.week_of(now))
        summary = {
            "members": members,
            "daily": series[-1].active,
            "weekly": weekly,
            "monthly": await metrics.active_over(community_id, today, 30),
        }
        return series, summary, cohorts, h.health(members, weekly, series, cohorts)


async def publish_snapshots(store: Stores, publish: Publish, now_ms: int, limit: int = 200) -> int:
    """Publish a CommunityHealthSnapshot for each community with activity since its last one.
    A community whose snapshot could not be published goes back on the list. (A snapshot is
    worked out again from the metrics, so it needs no outbox: its event id is the community and
    the minute, so a retry within the minute is dropped by consumers.)"""
    from kith.feed.v1 import snapshots_pb2
    from kith_feed.domain.health import day_label
    from kith_platform.events import METRICS_COMMUNITY_HEALTH, make_event, timestamp

    insights = CommunityInsights(store)
    sent = 0
    for community_id in await store.metrics.take_dirty(limit):
        try:
            days, summary, _, health = await insights.figures(community_id, 30, now_ms)
            today = days[-1]
            taken = datetime.fromtimestamp(now_ms / 1000, UTC)
            snapshot = snapshots_pb2.CommunityHealthSnapshot(
                community_id=community_id,
                date=day_label(today.day),
                members=summary["members"],
                daily_active=summary["daily"],
                weekly_active=summary["weekly"],
                monthly_active=summary["monthly"],
                posts=today.posts,
                comments=today.comments,
                reactions=today.reactions,
                new_members=today.new_members,
                sentiment_mean=today.sentiment_mean,
                median_first_reply_seconds=today.median_first_reply,
                health=health.value,
                activity=health.activity,
                engagement=health.engagement,
                responsiveness=health.responsiveness,
                retention=health.retention,
                sentiment=health.sentiment,
                taken_at=timestamp(taken),
            )
            await publish(
                make_event(
                    topic=METRICS_COMMUNITY_HEALTH,
                    aggregate_id=community_id,
                    producer="feed",
                    payload=snapshot,
                    event_id=str(uuid.uuid5(SNAPSHOTS, f"{community_id}:{now_ms // 60_000}")),
                )
            )
            sent += 1
        except Exception:
            await store.metrics.mark_dirty(community_id)
            raise
    return sent


SNAPSHOTS = uuid.UUID("5d0e3c1a-7b24-4f6e-9a83-1c2b4d6e8f10")


_analyzer = None


def sentiment(text: str) -> float | None:
    """VADER's compound score (-1 to 1) of a text; None when there are no words."""
    global _analyzer
    if not text.strip():
        return None
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return round(_analyzer.polarity_scores(text)["compound"], 4)


async def post_published(store: Stores, eid: str, event) -> None:
    m = store.metrics
    if not event.community_id:
        return
    at = event.created_at.ToMilliseconds()
    await m.record(
        eid,
        event.community_id,
        "post",
        event.author_id,
        at,
        post_id=event.post_id,
        created_ms=at,
        sentiment=sentiment(event.text),
    )


async def comment_added(store: Stores, eid: str, event) -> None:
    m = store.metrics
    if not event.community_id:
        return
    await m.record(
        eid,
        event.community_id,
        "comment",
        event.author_id,
        event.created_at.ToMilliseconds(),
        post_id=event.post_id,
        depth=event.depth,
        sentiment=sentiment(event.excerpt),
    )


async def reaction_added(store: Stores, eid: str, event) -> None:
    m = store.metrics
    if not event.community_id or event.previous_kind:
        return
    await m.record(eid, event.community_id, "reaction", event.user_id, event.reacted_at.ToMilliseconds())


async def member_joined(store: Stores, eid: str, event) -> None:
    m = store.metrics
    await m.record(eid, event.community_id, "join", event.user_id, event.joined_at.ToMilliseconds())

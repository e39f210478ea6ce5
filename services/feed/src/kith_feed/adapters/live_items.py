"""What the feed adds to people's live channel (kith_platform.live): each new notification,
with the reader's unread count, and "new posts in your home feed" hints, coalesced.

Item keys come from the event, so a redelivered event adds no second item: a notification's is
the event id and kind (as the notification's own once-per-event check); a hint's the post id.
"""

from __future__ import annotations

import asyncio

from kith.live.v1 import live_pb2
from kith_feed.adapters.notifications import RedisNotifications, actors_key, notif_key
from kith_feed.domain.notifications import group_id
from kith_feed.domain.ports import LiveItems
from kith_platform import live
from kith_platform.redis_client import AnyRedis

# At most one home-feed hint per person in this many seconds.
HINT_EVERY_SECONDS = 3.0


class LiveNotifications(RedisNotifications):
    """Notifications that also reach the reader's live streams."""

    def __init__(self, client: AnyRedis, retention: live.Retention = live.DEFAULT_RETENTION) -> None:
        super().__init__(client)
        self.retention = retention

    async def notify(
        self,
        event_id: str,
        recipient: str,
        kind: str,
        target: str,
        actor: str,
        at_ms: int,
        community: str = "",
        detail: str = "",
    ) -> bool:
        applied = await super().notify(event_id, recipient, kind, target, actor, at_ms, community, detail)
        gid = group_id(kind, target, actor, at_ms)
        # Not applied: filtered out, or applied by an earlier delivery of this event that may
        # have stopped before its live item (this occurrence is then in the group, at its time).
        if applied or (recipient and recipient != actor and await self._holds(recipient, gid, actor, at_ms)):
            unread = await self.unread(recipient)
            payload = live_pb2.NotificationItem(
                notification_id=gid,
                notification_kind=kind,
                target_id=target,
                actor_id=actor,
                community_id=community,
                unread_count=unread,
            )
            await live.append(
                self.redis,
                [recipient],
                f"notification:{event_id}:{kind}",
                live.item(notification=payload),
                self.retention,
                names=[actor],
            )
        return applied

    async def _holds(self, recipient: str, gid: str, actor: str, at_ms: int) -> bool:
        if actor:
            score = await self.redis.zscore(actors_key(recipient, gid), actor)
        else:
            score = await self.redis.zscore(notif_key(recipient), gid)
        return score is not None and int(score) == at_ms


async def hint_home_feeds(
    redis: AnyRedis,
    reached: dict[str, str],
    authors: set[str],
    retention: live.Retention = live.DEFAULT_RETENTION,
    every_seconds: float = HINT_EVERY_SECONDS,
) -> int:
    """A hint to each person whose home feed got posts (`reached`: person -> newest post), but
    the posts' authors, unless they had one in the last `every_seconds`. Returns how many."""
    due = await live.due(redis, (u for u in reached if u not in authors), "home_feed", every_seconds)
    by_post: dict[str, list[str]] = {}
    for user in due:
        by_post.setdefault(reached[user], []).append(user)
    await asyncio.gather(
        *(
            live.append(
                redis,
                users,
                f"home_feed:{post_id}",
                live.item(home_feed=live_pb2.HomeFeedHint(post_id=post_id)),
                retention,
            )
            for post_id, users in by_post.items()
        )
    )
    return len(due)


class RedisLiveItems(LiveItems):
    def __init__(self, client: AnyRedis, retention: live.Retention = live.DEFAULT_RETENTION) -> None:
        self.redis = client
        self.retention = retention

    async def hint_home_feeds(self, reached: dict[str, str], authors: set[str]) -> int:
        return await hint_home_feeds(self.redis, reached, authors, self.retention)

    async def erase(self, user_id: str) -> int:
        return await live.erase(self.redis, user_id)

"""Redis adapter of notifications. Keys of a reader carry their id as a hash tag, so each
script touches one slot:
  feed:notif:{u}            zset  group id -> last update (ms), capped
  feed:notif-unread:{u}     zset  the unread groups
  feed:notif-group:{u}:<g>  hash  kind, target, community, detail, count
  feed:notif-actors:{u}:<g> zset  actor -> last time (the latest kept)
  feed:notif-prefs:{u}      hash  kind -> "0" when turned off
  feed:notif-closed:{u}     hash  "<kind>|<actor>" -> when that actor's request to the reader
                                  ended unanswered (ms): an older request arriving late is dropped
"""

from __future__ import annotations

from kith_feed.adapters.away import away_among
from kith_feed.adapters.keys import _s, blocks_key, mutes_key
from kith_feed.adapters.scripts import lua
from kith_feed.domain.notifications import ALWAYS, KINDS, CommunityFacts, Notification, Notifications, group_id
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.redis_client import AnyRedis

CAP, ACTORS_KEPT = 200, 50


def notif_key(u: str) -> str:
    return f"feed:notif:{{{u}}}"


def unread_key(u: str) -> str:
    return f"feed:notif-unread:{{{u}}}"


def group_key(u: str, gid: str) -> str:
    return f"feed:notif-group:{{{u}}}:{gid}"


def actors_key(u: str, gid: str) -> str:
    return f"feed:notif-actors:{{{u}}}:{gid}"


def prefs_key(u: str) -> str:
    return f"feed:notif-prefs:{{{u}}}"


def closed_key(u: str) -> str:
    return f"feed:notif-closed:{{{u}}}"


# Request notifications whose request can end unanswered (withdrawn, cancelled, declined).
REQUESTS = {"follow_request", "friend_request"}


class RedisNotifications(Notifications):
    def __init__(self, client: AnyRedis) -> None:
        self.redis = client
        self._notify = IdempotentRedisScript(client, "notifications", lua("notify"))
        self._close_request = IdempotentRedisScript(client, "notifications", lua("notify_close_request"))
        self._forget = client.register_script(lua("notify_forget"))

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
        if not recipient or recipient == actor or (not actor and kind not in ALWAYS):
            return False
        gid = group_id(kind, target, actor, at_ms)
        # notify.lua's KEY and ARG, in their order.
        keys = [
            notif_key(recipient),
            unread_key(recipient),
            group_key(recipient, gid),
            actors_key(recipient, gid),
            prefs_key(recipient),
            mutes_key(recipient),
            blocks_key(recipient),
            closed_key(recipient),
        ]
        args = [
            gid,
            kind,
            target,
            community,
            detail,
            actor,
            at_ms,
            CAP,
            "0" if kind in ALWAYS else "1",
            ACTORS_KEPT,
            f"{kind}|{actor}" if kind in REQUESTS else "",
        ]
        outcome = await self._notify(f"{event_id}:{kind}", keys, args, hash_tag=recipient)
        if isinstance(outcome, list):  # groups dropped over the cap
            dropped = [_s(g) for g in outcome[1:]]
            keys = [notif_key(recipient)]
            for old in dropped:
                keys += [group_key(recipient, old), actors_key(recipient, old)]
            await self._forget(keys=keys, args=dropped)
        return bool(outcome)

    async def close_request(
        self, event_id: str, recipient: str, kind: str, actor: str, requested_at_ms: int, ended_at_ms: int
    ) -> bool:
        if kind not in REQUESTS or not recipient or recipient == actor:
            return False
        gid = group_id(kind, "", actor, requested_at_ms)
        keys = [
            notif_key(recipient),
            unread_key(recipient),
            group_key(recipient, gid),
            actors_key(recipient, gid),
            closed_key(recipient),
        ]
        outcome = await self._close_request(
            f"{event_id}:close:{kind}", keys, [gid, actor, ended_at_ms, f"{kind}|{actor}"], hash_tag=recipient
        )
        return bool(outcome)

    async def page(
        self, user_id: str, top: float | str, skip_member: str | None, count: int, hidden_actors: frozenset[str]
    ) -> list[Notification]:
        raw = await self.redis.zrevrangebyscore(
            notif_key(user_id), top, "-inf", start=0, num=count + 1, withscores=True
        )
        rows = [(_s(m), int(s)) for m, s in raw]
        if skip_member is not None:
            rows = [(m, s) for m, s in rows if not (s == top and m >= skip_member)]
        rows = rows[:count]
        pipe = self.redis.pipeline(transaction=False)
        for gid, _ in rows:
            pipe.hgetall(group_key(user_id, gid))
            pipe.zrevrange(actors_key(user_id, gid), 0, ACTORS_KEPT - 1)
            pipe.zscore(unread_key(user_id), gid)
        replies = await pipe.execute()
        hidden_actors = hidden_actors | await away_among(self.redis, {_s(a) for r in replies[1::3] for a in r})
        found = []
        for i, (gid, at) in enumerate(rows):
            fields, actors, unread = replies[3 * i : 3 * i + 3]
            if not fields:
                continue
            f = {_s(k): _s(v) for k, v in fields.items()}
            kind = f.get("kind", "")
            visible = [_s(a) for a in actors if _s(a) not in hidden_actors or kind in ALWAYS]
            if actors and not visible:
                continue  # everyone in it is blocked or muted now
            hidden = len(actors) - len(visible)
            found.append(
                Notification(
                    gid,
                    kind,
                    f.get("target", ""),
                    f.get("community", ""),
                    tuple(visible[:3]),
                    max(int(f.get("count", 0)) - hidden, len(visible)),
                    unread is not None,
                    at,
                    f.get("detail", ""),
                )
            )
        return found

    async def unread(self, user_id: str) -> int:
        return await self.redis.zcard(unread_key(user_id))

    async def mark_read(self, user_id: str, gids: list[str]) -> None:
        if gids:
            await self.redis.zrem(unread_key(user_id), *gids)

    async def mark_all_read(self, user_id: str) -> None:
        await self.redis.delete(unread_key(user_id))

    async def preferences(self, user_id: str) -> dict[str, bool]:
        stored = {_s(k): _s(v) for k, v in (await self.redis.hgetall(prefs_key(user_id))).items()}
        return {kind: stored.get(kind) != "0" for kind in KINDS}

    async def set_preferences(self, user_id: str, changes: dict[str, bool]) -> dict[str, bool]:
        if changes:
            await self.redis.hset(prefs_key(user_id), mapping={k: "1" if v else "0" for k, v in changes.items()})
        return await self.preferences(user_id)


def moderators_key(c: str) -> str:
    return f"feed:moderators:{{{c}}}"


def pending_key(c: str) -> str:
    return f"feed:join-pending:{{{c}}}"


def attendees_key(event_id: str) -> str:
    return f"feed:event-attendees:{{{event_id}}}"


def unreminded_key(event_id: str) -> str:
    """Attendees who want no reminder (maybe, without asking for one); same slot as the attendees."""
    return f"feed:event-unreminded:{{{event_id}}}"


REMINDERS_KEY = "feed:event-reminders"


def event_key(event_id: str) -> str:
    return f"feed:event:{{{event_id}}}"


class RedisCommunityFacts(CommunityFacts):
    def __init__(self, client: AnyRedis, reminder_lead_ms: int = 3_600_000, reminders_key: str = REMINDERS_KEY) -> None:
        self.redis = client
        self.reminder_lead_ms = reminder_lead_ms
        self.reminders_key = reminders_key  # the schedule (tests use their own)

    async def schedule_reminder(self, event_id: str, community_id: str, starts_at_ms: int) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(event_key(event_id), mapping={"community_id": community_id, "starts_at": starts_at_ms})
        pipe.zadd(self.reminders_key, {event_id: starts_at_ms - self.reminder_lead_ms})
        await pipe.execute()

    async def cancel_reminder(self, event_id: str) -> None:
        await self.redis.zrem(self.reminders_key, event_id)

    async def take_due_reminders(self, now_ms: int, limit: int = 100) -> list[tuple[str, str]]:
        due = []
        for member in await self.redis.zrangebyscore(self.reminders_key, "-inf", now_ms, start=0, num=limit):
            event_id = _s(member)
            if await self.redis.zrem(self.reminders_key, event_id):
                community = await self.redis.hget(event_key(event_id), "community_id")
                due.append((event_id, _s(community) if community else ""))
        return due

    async def set_moderator(self, community_id: str, user_id: str, moderator: bool) -> None:
        if moderator:
            await self.redis.sadd(moderators_key(community_id), user_id)
        else:
            await self.redis.srem(moderators_key(community_id), user_id)

    async def moderators(self, community_id: str) -> list[str]:
        return sorted(_s(m) for m in await self.redis.smembers(moderators_key(community_id)))

    async def set_pending(self, community_id: str, user_id: str, pending: bool) -> bool:
        if pending:
            await self.redis.sadd(pending_key(community_id), user_id)
            return False
        return bool(await self.redis.srem(pending_key(community_id), user_id))

    async def set_attending(self, event_id: str, user_id: str, attending: bool, reminded: bool = True) -> None:
        pipe = self.redis.pipeline(transaction=False)
        (pipe.sadd if attending else pipe.srem)(attendees_key(event_id), user_id)
        (pipe.sadd if attending and not reminded else pipe.srem)(unreminded_key(event_id), user_id)
        await pipe.execute()

    async def attendees(self, event_id: str) -> list[str]:
        return sorted(_s(m) for m in await self.redis.smembers(attendees_key(event_id)))

    async def to_remind(self, event_id: str) -> list[str]:
        # Kept as attendees minus those who want none, so answers recorded before reminders
        # became optional still count.
        return sorted(_s(m) for m in await self.redis.sdiff([attendees_key(event_id), unreminded_key(event_id)]))

"""Erasing a person from the feed's Redis (issue 15): the tombstone list of erased users and the
steps that take every trace of them out, each one repeatable (a worker killed halfway and the
UserErased redelivered finishes the job).

  feed:erased-users  zset  erased user id -> when this read model erased them (ms): the only
                           place an erased id stays

Where their id is, and how it goes:
  their own keys (the id is in the name, as hash tag or suffix: home, timeline, followers,
    following, friends, mutes, mutedby, blocks, affinity, communities, user, facts, interests,
    notifications and preferences, feed:m:{c}:mc:<u> / badges:<u> / going:<u> / welcomed:<u>,
    dedupe keys)                                        deleted, last (some are indexes below)
  the other side of each relationship and membership (followers/following/friends/blocks/
    mutes/mutedby sets and feed:facts fields of the people and communities they related to)
                                                        found through their own facts hash and sets
  others' affinity zsets, notification groups and closed requests, moderators, pending joins,
    event attendees, community members, per-community recognition and metrics (points,
    trust, joined, active weeks, cohorts, welcomes), mentorship pools and matches
                                                        one SCAN of every master (erasure is rare)
  feed:activity, feed:big-authors, feed:trust-watch ("<c>|<u>")   removed by name
Their posts are tombstoned by the caller (RedisFeedStore.delete_post); counters of others'
posts move only with content's own ReactionRemoved / CommentDeleted events.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from kith_feed.adapters.keys import (
    ACTIVITY_KEY,
    BIG_AUTHORS,
    ERASED_USERS,
    _s,
    blocks_key,
    communities_key,
    facts_key,
    followers_key,
    following_key,
    friends_key,
    members_key,
    muted_by_key,
    mutes_key,
    timeline_key,
)
from kith_feed.adapters.metrics import MENTORSHIP_OUTBOX_DUE, TRUST_WATCH_KEY
from kith_feed.adapters.notifications import REQUESTS, actors_key, group_key, notif_key, unread_key
from kith_feed.domain.notifications import ALWAYS
from kith_platform.redis_client import AnyRedis

LUA = Path(__file__).parent / "lua"
SCAN_COUNT = 1000
PIPELINE = 500

# The other side of each fact in a person's facts hash (relate.lua): "<field>:<other>" there is
# "<mirror>:<person>" in the other's facts hash, and the person is a member of the other's set.
MIRRORED = {
    "follower": ("following", following_key),
    "following": ("follower", followers_key),
    "friend": ("friend", friends_key),
    "blocks": ("blockedby", blocks_key),
    "blockedby": ("blocks", blocks_key),
    "mutes": ("mutedby", muted_by_key),
    "mutedby": ("mutes", mutes_key),
    "community": ("member", members_key),
}
# The person's own sets, as a second index (a fact may be missing where a set is not).
OWN_SETS = {"follower": followers_key, "following": following_key, "friend": friends_key,
            "mutes": mutes_key, "mutedby": muted_by_key, "community": communities_key}

# Families of others' keys that may hold the person as a member or field (by the key's prefix,
# or its suffix after the community's hash tag for `feed:m:{c}:...`).
SET_FAMILIES = ("feed:moderators:", "feed:join-pending:", "feed:event-attendees:", "feed:event-unreminded:",
                "feed:members:")
METRIC_SETS = ("wactive:", "cohort:", "welcomed:")
METRIC_ZSETS = ("score:",)
METRIC_HASHES = ("trust", "trust-changes", "joined")
MENTORSHIP = ("mentor-of", "mentee-count", "mentors", "mentor-changes")
OWN_PREFIXES = ("feed:", "dedupe:")  # the feed's own keys (the Redis may be shared)


def _community_suffix(name: str) -> tuple[str, str] | None:
    """`feed:m:{c}:<suffix>` -> (c, suffix)."""
    if not name.startswith("feed:m:{"):
        return None
    end = name.find("}:", 8)
    if end == -1:
        return None
    return name[8:end], name[end + 2 :]


def _reader_and_group(name: str, prefix: str) -> tuple[str, str] | None:
    """`<prefix>{reader}:<group id>` -> (reader, group id)."""
    if not name.startswith(prefix + "{"):
        return None
    end = name.find("}:", len(prefix))
    if end == -1:
        return None
    return name[len(prefix) + 1 : end], name[end + 2 :]


class RedisErasure:
    def __init__(self, client: AnyRedis, outbox_due_key: str = MENTORSHIP_OUTBOX_DUE) -> None:
        self.redis = client
        self.outbox_due_key = outbox_due_key  # the mentorship outboxes to relay (RedisMentorship's)
        self._actor = client.register_script((LUA / "erase_actor.lua").read_text())
        self._mentorship = client.register_script((LUA / "erase_mentorship.lua").read_text())

    # --- the tombstone list -----------------------------------------------------------------

    async def record(self, user_id: str, at_ms: int | None = None) -> None:
        """Add the person to the tombstone list (kept at the first time they were erased)."""
        at_ms = int(time.time() * 1000) if at_ms is None else at_ms
        await self.redis.zadd(ERASED_USERS, {user_id: at_ms}, nx=True)

    async def erased_among(self, user_ids: Iterable[str]) -> frozenset[str]:
        ids = sorted(set(user_ids))
        if not ids:
            return frozenset()
        scores = await self.redis.zmscore(ERASED_USERS, ids)
        return frozenset(u for u, s in zip(ids, scores, strict=True) if s is not None)

    async def erased_since(self, since_ms: int) -> list[str]:
        return [_s(m) for m in await self.redis.zrangebyscore(ERASED_USERS, since_ms, "+inf")]

    # --- the steps ------------------------------------------------------------------------------

    async def posts(self, user_id: str) -> list[str]:
        return [_s(m) for m in await self.redis.zrange(timeline_key(user_id), 0, -1)]

    async def forget_relationships(self, user_id: str) -> None:
        """Take the person out of the other side of every relationship and membership they had,
        found through their own facts hash (ended ones included) and sets."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hkeys(facts_key(user_id))
        for key in OWN_SETS.values():
            pipe.smembers(key(user_id))
        pipe.smembers(blocks_key(user_id))
        fields, *own = await pipe.execute()
        others: set[tuple[str, str]] = set()
        for raw in fields:
            kind, _, other = _s(raw).partition(":")
            if other and kind in MIRRORED:
                others.add((kind, other))
        for kind, members in zip(OWN_SETS, own[:-1], strict=True):
            others.update((kind, _s(m)) for m in members)
        for m in own[-1]:  # a block either way: both fields may name them
            others.update({("blocks", _s(m)), ("blockedby", _s(m))})
        commands = []
        for kind, other in sorted(others):
            mirror, set_key = MIRRORED[kind]
            commands.append(("hdel", facts_key(other), f"{mirror}:{user_id}"))
            commands.append(("srem", set_key(other), user_id))
        await self._run(commands)

    async def forget_everywhere(self, user_id: str) -> bool:
        """One SCAN of every master: the person goes from others' keys (affinity, notifications,
        community facts, recognition, mentorship), then their own keys (every key of the feed
        whose name holds their id) are deleted. False while a mentorship outbox still holds an
        unsent event naming them (the relay publishes it, then removes it; look again later)."""
        needle = user_id.encode()
        commands: list[tuple] = [("zrem", ACTIVITY_KEY, user_id), ("srem", BIG_AUTHORS, user_id)]
        own: list[str] = []
        groups: set[tuple[str, str]] = set()  # (reader, group id) that may hold the person
        actor_keys: list[tuple[str, str, str]] = []  # (key, reader, group id) to look into
        mentorship: set[str] = set()
        outboxes: list[tuple[str, str]] = []  # (key, community)
        async for raw in self.redis.scan_iter(count=SCAN_COUNT):
            name = _s(raw)
            if not name.startswith(OWN_PREFIXES):
                continue
            if (rg := _reader_and_group(name, "feed:notif-actors:")) is not None:
                if rg[0] != user_id:
                    actor_keys.append((name, *rg))
                    if user_id in rg[1]:
                        groups.add(rg)
            elif (rg := _reader_and_group(name, "feed:notif-group:")) is not None:
                if rg[0] != user_id and user_id in rg[1]:
                    groups.add(rg)
            if user_id in name:
                own.append(name)
                continue
            if name.startswith("feed:affinity:"):
                commands.append(("zrem", name, user_id))
            elif name.startswith("feed:notif-closed:"):
                commands.append(("hdel", name, *(f"{kind}|{user_id}" for kind in sorted(REQUESTS))))
            elif name.startswith(SET_FAMILIES):
                commands.append(("srem", name, user_id))
            elif (cs := _community_suffix(name)) is not None:
                community, suffix = cs
                if suffix.startswith(METRIC_SETS):
                    commands.append(("srem", name, user_id))
                elif suffix.startswith(METRIC_ZSETS):
                    commands.append(("zrem", name, user_id))
                elif suffix in METRIC_HASHES:
                    commands.append(("hdel", name, user_id))
                elif suffix in MENTORSHIP:
                    mentorship.add(community)
                elif suffix == "outbox":
                    outboxes.append((name, community))
        await self._run(commands)

        # Notification groups: those whose actors hold the person, and those named after them.
        for start in range(0, len(actor_keys), PIPELINE):
            chunk = actor_keys[start : start + PIPELINE]
            pipe = self.redis.pipeline(transaction=False)
            for key, _, _ in chunk:
                pipe.zscore(key, user_id)
            for (_, reader, gid), score in zip(chunk, await pipe.execute(), strict=True):
                if score is not None:
                    groups.add((reader, gid))
        for reader, gid in sorted(groups):
            await self._leave_group(reader, gid, user_id)

        for community in sorted(mentorship):
            p = f"feed:m:{{{community}}}:"
            await self._mentorship(keys=[f"{p}{suffix}" for suffix in MENTORSHIP], args=[user_id])
        async for member, _ in self.redis.zscan_iter(TRUST_WATCH_KEY, match=f"*|{user_id}"):
            await self.redis.zrem(TRUST_WATCH_KEY, member)

        # Unsent mentorship events that name them are published first: the relay removes each
        # once Kafka has it; until then the erasure is not finished.
        waiting = False
        for key, community in outboxes:
            if any(needle in bytes(v) for v in await self.redis.lrange(key, 0, -1)):
                waiting = True
                await self.redis.sadd(self.outbox_due_key, community)

        for start in range(0, len(own), PIPELINE):
            pipe = self.redis.pipeline(transaction=False)
            for name in own[start : start + PIPELINE]:
                pipe.delete(name)
            await pipe.execute()
        return not waiting

    async def _leave_group(self, reader: str, gid: str, user_id: str) -> None:
        kind = gid.split(":", 1)[0]
        renamed = gid.replace(user_id, "") if user_id in gid else ""
        target = renamed or gid
        await self._actor(
            keys=[notif_key(reader), unread_key(reader), group_key(reader, gid), actors_key(reader, gid),
                  group_key(reader, target), actors_key(reader, target)],
            args=[gid, user_id, renamed, "1" if kind in ALWAYS else "0"])

    async def _run(self, commands: list[tuple]) -> None:
        """Single-key commands, in pipelines (split by node on a Redis Cluster)."""
        for start in range(0, len(commands), PIPELINE):
            pipe = self.redis.pipeline(transaction=False)
            for name, *args in commands[start : start + PIPELINE]:
                getattr(pipe, name)(*args)
            await pipe.execute()

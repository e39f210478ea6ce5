"""Erasing a person from the feed's Redis (issue 15): the tombstone list of erased users and the
steps that take every trace of them out, each one repeatable (a worker killed halfway and the
UserErased redelivered finishes the job).

  feed:erased-users  zset  erased user id -> when this read model erased them (ms): the only
                           place an erased id stays
  feed:erasure-rechecks  zset  erased user id -> when to erase them once more (ms); gone after

Where their id is, and how it goes:
  their own keys (the id is in the name, as hash tag or suffix: home, timeline, followers,
    following, friends, mutes, mutedby, readfilters, blocks, affinity, communities, user, facts, interests,
    notifications and preferences, feed:m:{c}:mc:<u> / badges:<u> / going:<u> / welcomed:<u>,
    digest and digest outbox, lists with their members and exclusive count, dedupe keys)
                                                        deleted, last (some are indexes below)
  the other side of each relationship and membership (followers/following/friends/blocks/
    mutes/mutedby sets and feed:facts fields of the people and communities they related to)
                                                        found through their own facts hash and sets
  others' affinity zsets, notification groups and closed requests, moderators, pending joins,
    event attendees, community members, per-community recognition and metrics (points,
    trust, joined, active weeks, cohorts, welcomes), mentorship pools and matches, others'
    lists and exclusive counts                          one SCAN of every master (erasure is rare)
  events not yet relayed that name them (communities' outboxes, list outboxes: their own and
    others')                                            relayed first; until then not finished
  feed:activity, feed:big-authors, feed:trust-watch ("<c>|<u>"), feed:digest-schedule,
    feed:digest-outbox-due                              removed by name
Their posts are tombstoned by the caller (RedisFeedStore.delete_post); counters of others'
posts move only with content's own ReactionRemoved / CommentDeleted events.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from kith_feed.adapters.digests import DIGEST_OUTBOX_DUE, DIGEST_SCHEDULE
from kith_feed.adapters.keys import (
    ACTIVITY_KEY,
    BIG_AUTHORS,
    ERASED_USERS,
    ERASURE_RECHECKS,
    LIST_MEMBER_FAMILIES,
    LIST_OUTBOX_DUE,
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
from kith_feed.adapters.notifications import REQUESTS, actors_key, group_key, notif_key, unread_key
from kith_feed.adapters.outbox import OUTBOX_DUE
from kith_feed.adapters.recognition import TRUST_WATCH_KEY
from kith_feed.adapters.scripts import lua
from kith_feed.domain.notifications import ALWAYS
from kith_feed.domain.ports import Erasure
from kith_platform.redis_client import AnyRedis

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
OWN_SETS = {
    "follower": followers_key,
    "following": following_key,
    "friend": friends_key,
    "mutes": mutes_key,
    "mutedby": muted_by_key,
    "community": communities_key,
}

# Families of others' keys that may hold the person as a member or field (by the key's prefix,
# or its suffix after the community's hash tag for `feed:m:{c}:...`).
SET_FAMILIES = (
    "feed:moderators:",
    "feed:join-pending:",
    "feed:event-attendees:",
    "feed:event-unreminded:",
    "feed:members:",
)
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


LIST_OUTBOX_PREFIX = "feed:list-outbox:{"  # adapters.keys.list_outbox_key


def _list_outbox_owner(name: str) -> str | None:
    """`feed:list-outbox:{owner}` -> owner (not its lock, nor the due set)."""
    if name.startswith(LIST_OUTBOX_PREFIX) and name.endswith("}"):
        return name[len(LIST_OUTBOX_PREFIX) : -1]
    return None


def _reader_and_group(name: str, prefix: str) -> tuple[str, str] | None:
    """`<prefix>{reader}:<group id>` -> (reader, group id)."""
    if not name.startswith(prefix + "{"):
        return None
    end = name.find("}:", len(prefix))
    if end == -1:
        return None
    return name[len(prefix) + 1 : end], name[end + 2 :]


@dataclass
class _Found:
    """What RedisErasure's scan found about the people being erased."""

    commands: list[tuple] = field(default_factory=list)  # removals from others' keys
    own: list[str] = field(default_factory=list)  # their own keys, deleted last
    groups: set[tuple[str, str, str]] = field(default_factory=set)  # (reader, group id, person)
    actor_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (key, reader, group id)
    mentorship: set[str] = field(default_factory=set)  # communities with mentorship keys
    outboxes: list[tuple[str, str]] = field(default_factory=list)  # (key, community)
    list_outboxes: list[tuple[str, str]] = field(default_factory=list)  # (key, owner)


class RedisErasure(Erasure):
    def __init__(
        self,
        client: AnyRedis,
        outbox_due_key: str = OUTBOX_DUE,
        rechecks_key: str = ERASURE_RECHECKS,
        list_outbox_due_key: str = LIST_OUTBOX_DUE,
    ) -> None:
        self.redis = client
        self.outbox_due_key = outbox_due_key  # the outboxes to relay (RedisOutbox's)
        self.list_outbox_due_key = list_outbox_due_key  # the list outboxes to relay
        self.rechecks_key = rechecks_key
        self._actor = client.register_script(lua("erase_actor"))
        self._mentorship = client.register_script(lua("erase_mentorship"))
        self._take_due = client.register_script(lua("take_due"))

    # --- the tombstone list -----------------------------------------------------------------

    async def record(self, user_id: str, at_ms: int | None = None) -> None:
        at_ms = int(time.time() * 1000) if at_ms is None else at_ms
        await self.redis.zadd(ERASED_USERS, {user_id: at_ms}, nx=True)

    async def erased_among(self, user_ids: Iterable[str]) -> frozenset[str]:
        ids = sorted(set(user_ids))
        if not ids:
            return frozenset()
        scores = await self.redis.zmscore(ERASED_USERS, ids)
        return frozenset(u for u, s in zip(ids, scores, strict=True) if s is not None)

    # --- the steps ------------------------------------------------------------------------------

    async def posts(self, user_id: str) -> list[str]:
        return [_s(m) for m in await self.redis.zrange(timeline_key(user_id), 0, -1)]

    async def forget_relationships(self, user_id: str) -> None:
        """The other sides are found through the person's own facts hash (ended ones included)
        and sets."""
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

    async def forget_everywhere(self, user_ids: Collection[str]) -> set[str]:
        """One SCAN of every master for all of them together; their own keys are every key of the
        feed whose name holds their id."""
        users = sorted(set(user_ids) - {""})
        if not users:
            return set()
        found = await self._scan(users)
        await self._run(found.commands)
        await self._leave_groups(users, found)
        for community in sorted(found.mentorship):
            p = f"feed:m:{{{community}}}:"
            for user_id in users:
                await self._mentorship(keys=[f"{p}{suffix}" for suffix in MENTORSHIP], args=[user_id])
        members = set(users)
        watched = [m async for m, _ in self.redis.zscan_iter(TRUST_WATCH_KEY) if _s(m).rpartition("|")[2] in members]
        if watched:
            await self.redis.zrem(TRUST_WATCH_KEY, *watched)
        waiting = await self._still_in_outboxes(users, found.outboxes, self.outbox_due_key)
        waiting |= await self._still_in_outboxes(users, found.list_outboxes, self.list_outbox_due_key)
        if relayed := [u for u in users if u not in waiting]:  # an erased owner's outbox is empty now
            await self.redis.srem(self.list_outbox_due_key, *relayed)
        for start in range(0, len(found.own), PIPELINE):
            pipe = self.redis.pipeline(transaction=False)
            for name in found.own[start : start + PIPELINE]:
                pipe.delete(name)
            await pipe.execute()
        return waiting

    async def _scan(self, users: list[str]) -> _Found:
        """What one SCAN finds about them: their own keys, the members to take out of others'
        keys (as commands), and the notification groups, mentorships and outboxes to look into."""
        members = set(users)
        named = re.compile("|".join(re.escape(u) for u in users))
        found = _Found(
            commands=[
                ("zrem", ACTIVITY_KEY, *users),
                ("srem", BIG_AUTHORS, *users),
                ("zrem", DIGEST_SCHEDULE, *users),
                ("srem", DIGEST_OUTBOX_DUE, *users),
            ]
        )
        async for raw in self.redis.scan_iter(count=SCAN_COUNT):
            name = _s(raw)
            if not name.startswith(OWN_PREFIXES):
                continue
            if (rg := _reader_and_group(name, "feed:notif-actors:")) is not None:
                if rg[0] not in members:
                    found.actor_keys.append((name, *rg))
                    found.groups.update((*rg, u) for u in named.findall(rg[1]))
            elif (rg := _reader_and_group(name, "feed:notif-group:")) is not None:
                if rg[0] not in members:
                    found.groups.update((*rg, u) for u in named.findall(rg[1]))
            if (owner := _list_outbox_owner(name)) is not None:
                # Never deleted here, an erased owner's included: it empties as it is relayed.
                found.list_outboxes.append((name, owner))
            elif named.search(name):
                found.own.append(name)
            else:
                self._others_key(name, users, found)
        return found

    @staticmethod
    def _others_key(name: str, users: list[str], found: _Found) -> None:
        if name.startswith("feed:affinity:"):
            found.commands.append(("zrem", name, *users))
        elif name.startswith("feed:notif-closed:"):
            found.commands.append(("hdel", name, *(f"{kind}|{u}" for kind in sorted(REQUESTS) for u in users)))
        elif name.startswith(SET_FAMILIES):
            found.commands.append(("srem", name, *users))
        elif name.startswith(LIST_MEMBER_FAMILIES):
            found.commands.append(("zrem", name, *users))
        elif (cs := _community_suffix(name)) is not None:
            community, suffix = cs
            if suffix.startswith(METRIC_SETS):
                found.commands.append(("srem", name, *users))
            elif suffix.startswith(METRIC_ZSETS):
                found.commands.append(("zrem", name, *users))
            elif suffix in METRIC_HASHES:
                found.commands.append(("hdel", name, *users))
            elif suffix in MENTORSHIP:
                found.mentorship.add(community)
            elif suffix == "outbox":
                found.outboxes.append((name, community))

    async def _leave_groups(self, users: list[str], found: _Found) -> None:
        """Notification groups: those whose actors hold a person, and those named after them."""
        groups = set(found.groups)
        for start in range(0, len(found.actor_keys), PIPELINE):
            chunk = found.actor_keys[start : start + PIPELINE]
            pipe = self.redis.pipeline(transaction=False)
            for key, _, _ in chunk:
                pipe.zmscore(key, users)
            for (_, reader, gid), scores in zip(chunk, await pipe.execute(), strict=True):
                groups.update((reader, gid, u) for u, score in zip(users, scores, strict=True) if score is not None)
        for reader, gid, user_id in sorted(groups):
            await self._leave_group(reader, gid, user_id)

    async def _still_in_outboxes(self, users: list[str], outboxes: list[tuple[str, str]], due_key: str) -> set[str]:
        """Unsent events that name them are published first: the relay removes each once Kafka
        has it; until then their erasure is not finished (those named are returned). Each outbox
        (key, owner: a community or a list owner) holding one is marked due in `due_key`."""
        in_bytes = re.compile(b"|".join(re.escape(u.encode()) for u in users))  # in serialized events
        waiting: set[str] = set()
        for key, owner in outboxes:
            named_here = {u.decode() for v in await self.redis.lrange(key, 0, -1) for u in in_bytes.findall(bytes(v))}
            if named_here:
                waiting |= named_here
                await self.redis.sadd(due_key, owner)
        return waiting

    # --- looking again later --------------------------------------------------------------------

    async def look_again_at(self, user_id: str, due_ms: int) -> None:
        await self.redis.zadd(self.rechecks_key, {user_id: due_ms})

    async def take_due(self, now_ms: int, lease_ms: int, limit: int = 50) -> list[str]:
        return [_s(m) for m in await self._take_due(keys=[self.rechecks_key], args=[now_ms, now_ms + lease_ms, limit])]

    async def done(self, user_ids: Collection[str]) -> None:
        if user_ids:
            await self.redis.zrem(self.rechecks_key, *user_ids)

    async def _leave_group(self, reader: str, gid: str, user_id: str) -> None:
        kind = gid.split(":", 1)[0]
        renamed = gid.replace(user_id, "") if user_id in gid else ""
        target = renamed or gid
        await self._actor(
            keys=[
                notif_key(reader),
                unread_key(reader),
                group_key(reader, gid),
                actors_key(reader, gid),
                group_key(reader, target),
                actors_key(reader, target),
            ],
            args=[gid, user_id, renamed, "1" if kind in ALWAYS else "0"],
        )

    async def _run(self, commands: list[tuple]) -> None:
        """Single-key commands, in pipelines (split by node on a Redis Cluster)."""
        for start in range(0, len(commands), PIPELINE):
            pipe = self.redis.pipeline(transaction=False)
            for name, *args in commands[start : start + PIPELINE]:
                getattr(pipe, name)(*args)
            await pipe.execute()

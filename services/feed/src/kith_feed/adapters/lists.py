"""Redis adapter of people's lists (domain.lists, docs/lists.md).

Keys (all of one owner's in their slot, so that one script changes a list, the exclusive count
and the outbox together):
  feed:lists:{u}               hash  list id -> settings (JSON: title, replies_policy, exclusive,
                                     created_at_ms)
  feed:list-members:{u}:<id>   zset  member -> when added (ms)
  feed:list-exclusive:{u}      zset  person -> how many of u's exclusive lists hold them
  feed:list-outbox:{u}         list  u's list events not yet relayed (RedisOutbox, per owner)
  feed:list-outbox-due         set   owners with list events waiting

Every change goes through lua/list_change.lua. Erasure deletes an erased owner's keys with their
others, takes an erased member out of others' lists and exclusive counts, and waits for the
outboxes that name them to be relayed first (adapters/erasure.py).
"""

from __future__ import annotations

import json
from collections.abc import Collection

from kith_feed.adapters.away import profiles_among
from kith_feed.adapters.keys import (
    LIST_OUTBOX_DUE,
    _s,
    list_exclusive_key,
    list_members_key,
    list_outbox_key,
    lists_key,
)
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.adapters.scripts import lua
from kith_feed.domain.lists import LISTS_MAX, MEMBERS_MAX, ListStore, PeopleList
from kith_feed.domain.model import Viewer
from kith_platform.redis_client import AnyRedis


def list_outbox(client: AnyRedis) -> RedisOutbox:
    """The owners' list outboxes, relayed like the communities' (service_layer/outbox_relay.py)."""
    return RedisOutbox(client, due_key=LIST_OUTBOX_DUE, key=list_outbox_key)


def _settings(people_list: PeopleList) -> str:
    """The settings as stored: the same list always gives the same text (the script compares it)."""
    return json.dumps(people_list.settings(), sort_keys=True, separators=(",", ":"))


def _list(list_id: str, raw, member_count: int) -> PeopleList:
    s = json.loads(_s(raw))
    return PeopleList(
        list_id, s["title"], s["replies_policy"], bool(s["exclusive"]), int(s["created_at_ms"]), member_count
    )


class RedisListStore(ListStore):
    def __init__(self, client: AnyRedis, feeds: RedisFeedStore, outbox: RedisOutbox) -> None:
        self.redis = client
        self.feeds = feeds  # the reader's side of a timeline (the same pipeline as the home's)
        self.outbox = outbox
        self._change = client.register_script(lua("list_change"))

    async def lists(self, owner_id: str) -> list[PeopleList]:
        raw = {_s(k): v for k, v in (await self.redis.hgetall(lists_key(owner_id))).items()}
        ids = sorted(raw)
        pipe = self.redis.pipeline(transaction=False)
        for list_id in ids:
            pipe.zcard(list_members_key(owner_id, list_id))
        counts = await pipe.execute() if ids else []
        found = [_list(i, raw[i], int(n)) for i, n in zip(ids, counts, strict=True)]
        return sorted(found, key=lambda p: (p.created_at_ms, p.list_id))

    async def get(self, owner_id: str, list_id: str) -> PeopleList | None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.hget(lists_key(owner_id), list_id)
        pipe.zcard(list_members_key(owner_id, list_id))
        raw, count = await pipe.execute()
        return None if raw is None else _list(list_id, raw, int(count))

    async def _run(self, owner_id: str, list_id: str, args: dict, envelope: bytes) -> int:
        await self.outbox.mark_due(owner_id)
        outcome = int(
            await self._change(
                keys=[
                    lists_key(owner_id),
                    list_members_key(owner_id, list_id),
                    list_exclusive_key(owner_id),
                    list_outbox_key(owner_id),
                ],
                args=[json.dumps({**args, "list_id": list_id}), envelope],
            )
        )
        if outcome == 1:  # a relay that took the owner between the two marks finds it next round
            await self.outbox.mark_due(owner_id)
        return outcome

    async def put(self, owner_id: str, before: PeopleList | None, after: PeopleList, envelope: bytes) -> int:
        args = {
            "op": "put",
            "before": "" if before is None else _settings(before),
            "after": _settings(after),
            "max_lists": LISTS_MAX,
        }
        return await self._run(owner_id, after.list_id, args, envelope)

    async def delete(self, owner_id: str, list_id: str, envelope: bytes) -> bool:
        return await self._run(owner_id, list_id, {"op": "delete"}, envelope) == 1

    async def members(self, owner_id: str, list_id: str) -> list[tuple[str, int]]:
        raw = await self.redis.zrevrange(list_members_key(owner_id, list_id), 0, -1, withscores=True)
        return [(_s(m), int(added)) for m, added in raw]

    async def change_members(
        self,
        owner_id: str,
        list_id: str,
        added: Collection[str],
        removed: Collection[str],
        count_before: int,
        now_ms: int,
        envelope: bytes,
    ) -> int:
        args = {
            "op": "members",
            "added": list(added),
            "removed": list(removed),
            "count_before": count_before,
            "max_members": MEMBERS_MAX,
            "now_ms": now_ms,
        }
        return await self._run(owner_id, list_id, args, envelope)

    async def people(self, user_ids: Collection[str]) -> frozenset[str]:
        profiles, away = await profiles_among(self.redis, user_ids)
        return frozenset(u for u, fields in profiles.items() if fields.get("handle") and u not in away)

    async def timeline_context(self, owner_id: str, list_id: str) -> tuple[Viewer, PeopleList | None, frozenset[str]]:
        pipe = self.redis.pipeline(transaction=False)
        n = self.feeds._ask_viewer(pipe, owner_id)
        pipe.hget(lists_key(owner_id), list_id)
        pipe.zrange(list_members_key(owner_id, list_id), 0, -1)
        replies = await pipe.execute()
        raw, members = replies[n:]
        viewer = self.feeds._viewer(owner_id, replies[:n])
        found = None if raw is None else _list(list_id, raw, len(members))
        return viewer, found, frozenset(_s(m) for m in members)

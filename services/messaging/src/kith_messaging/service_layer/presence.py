"""Presence use cases: GetPresence, and the live edge's PresenceChanged, which tells a person's
friends on their live streams (an ephemeral `presence` item) that the person came online or went
offline. Who may see whom is one rule (kith_messaging.domain.presence.visible); the facts come
from messaging's mirrors (friendships, blocks, deactivations, erasures) and settings, the
presence itself from what the live edges record in Redis."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from google.protobuf.timestamp_pb2 import Timestamp

from kith.live.v1 import live_pb2
from kith_messaging.domain import presence as rules
from kith_messaging.domain.ports import LiveChannel, MessagingRepository, PresenceStore
from kith_platform import live
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.messaging.presence")


@dataclass(frozen=True)
class Seen:
    user_id: str
    online: bool
    last_seen_ms: int | None  # None while online

    @classmethod
    def of(cls, user_id: str, online: bool, last_seen_ms: int | None) -> Seen:
        return cls(user_id, online, None if online else last_seen_ms)


def _ids(values: list[str]) -> list[str]:
    return list(dict.fromkeys(parse_uuid(v, "user_ids") for v in values))


@dataclass
class PresenceHandlers:
    repo: MessagingRepository
    store: PresenceStore
    live: LiveChannel | None = None

    async def visible_to(self, viewer_id: str, subjects: list[str]) -> list[str]:
        """Those of `subjects` whose presence the viewer may see, in order."""
        others = [s for s in subjects if s != viewer_id]
        if not others:
            return []
        friends = await self.repo.friends_among(viewer_id, others)
        if not friends:
            return []
        unreachable = await self.repo.unreachable_among(viewer_id, others)
        hidden = await self.repo.presence_hidden([viewer_id, *others])
        return [
            s
            for s in others
            if rules.visible(
                rules.Pair(
                    friends=s in friends,
                    reachable=s not in unreachable,
                    viewer_hides=viewer_id in hidden,
                    subject_hides=s in hidden,
                )
            )
        ]

    async def get(self, caller_id: str, user_ids: list[str]) -> list[Seen]:
        rules.check_asked(len(user_ids))
        asked = _ids(user_ids)
        rules.check_asked(len(asked))
        visible = await self.visible_to(caller_id, asked)
        if not visible:
            return []
        found = await self.store.presence(visible)
        return [Seen.of(u, *found[u]) for u in visible if u in found and rules.shown(*found[u])]

    async def audience(self, subject_id: str, friends: list[str], hidden: set[str]) -> list[str]:
        """The friends of `subject_id` who may see the subject's presence (the same rule, seen
        from each friend)."""
        # The subject among the others: unreachable_among then also says whether the subject
        # is away or erased (no block stands between a person and themselves).
        unreachable = await self.repo.unreachable_among(subject_id, [subject_id, *friends])
        if subject_id in unreachable:
            return []
        return [
            f
            for f in friends
            if rules.visible(
                rules.Pair(
                    friends=True,
                    reachable=f not in unreachable,
                    viewer_hides=f in hidden,
                    subject_hides=subject_id in hidden,
                )
            )
        ]

    async def changed(self, user_ids: list[str]) -> int:
        """Tell the friends of these people, who may see it, their presence as it is now (read
        again here, so that notices arriving late or out of order still send the truth).
        Ephemeral: to streams open now, never stored. Returns how many items went out."""
        if len(user_ids) > rules.CHANGED_MAX:
            raise InvalidArgument("user_ids", f"at most {rules.CHANGED_MAX} people at a time")
        people = _ids(user_ids)
        if not people or self.live is None:
            return 0
        friends = await self.repo.friends_of(people)
        if not friends:
            return 0
        hidden = await self.repo.presence_hidden([*friends, *(f for fs in friends.values() for f in fs)])
        audiences = {}
        for subject, theirs in friends.items():
            if subject not in hidden:
                audience = await self.audience(subject, theirs, hidden)
                if audience:
                    audiences[subject] = audience
        if not audiences:
            return 0
        now = await self.store.presence(list(audiences))
        sent = 0
        for subject, audience in audiences.items():
            seen = Seen.of(subject, *now.get(subject, (False, None)))
            item = live_pb2.Presence(user_id=subject, online=seen.online)
            if seen.last_seen_ms is not None:
                item.last_seen.CopyFrom(timestamp_ms(seen.last_seen_ms))
            await self.live.ephemeral(audience, live.item(presence=item))
            sent += len(audience)
        return sent


def timestamp_ms(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts

"""Lists (docs/lists.md): a person's lists made, changed, deleted and listed, people added and
taken off, and the members listed. Each change is announced on feed.lists.v1: the store writes the
event with the change, to the owner's list outbox, which the stream worker relays. The list's
timeline is read with the other feeds (reads.FeedReads.list_timeline)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kith.feed.v1 import list_events_pb2 as list_events
from kith.feed.v1 import lists_pb2
from kith_feed.domain.lists import (
    DEFAULT_REPLIES_POLICY,
    LISTS_MAX,
    MEMBERS_MAX,
    PeopleList,
    list_title,
    member_ids,
    members_page_size,
    replies_policy,
)
from kith_feed.domain.model import AuthorSummary, Cursor
from kith_feed.domain.ports import Stores
from kith_platform.errors import FailedPrecondition, NotFound
from kith_platform.events import FEED_LISTS, make_event, timestamp
from kith_platform.ids import parse_uuid

# The replies policy as the protos spell it (RPCs and events).
REPLIES_POLICIES = {
    "followed": lists_pb2.REPLIES_POLICY_FOLLOWED,
    "list": lists_pb2.REPLIES_POLICY_LIST,
    "none": lists_pb2.REPLIES_POLICY_NONE,
}
TRIES = 5  # a list changed elsewhere meanwhile: read it again, this many times at most
BUSY = "the list is being changed elsewhere; try again"


def _now_ms() -> int:
    return int(time.time() * 1000)


def _at(ms: int):
    return timestamp(datetime.fromtimestamp(ms / 1000, UTC))


def _envelope(owner_id: str, payload) -> bytes:
    event = make_event(topic=FEED_LISTS, aggregate_id=owner_id, producer="feed", payload=payload)
    assert event.value is not None  # only a tombstone has none
    return event.value


@dataclass(frozen=True)
class ListMember:
    user_id: str
    author: AuthorSummary | None
    added_at_ms: int


@dataclass
class Lists:
    store: Stores

    async def create(self, owner_id: str, title: str, policy: str | None, exclusive: bool) -> PeopleList:
        """`policy` None: the default (list)."""
        made = PeopleList(
            str(uuid.uuid4()),
            list_title(title),
            replies_policy(policy or DEFAULT_REPLIES_POLICY),
            exclusive,
            _now_ms(),
        )
        created = list_events.ListCreated(
            list_id=made.list_id,
            owner_id=owner_id,
            exclusive=made.exclusive,
            replies_policy=REPLIES_POLICIES[made.replies_policy],
            created_at=_at(made.created_at_ms),
        )
        outcome = await self.store.lists.put(owner_id, None, made, _envelope(owner_id, created))
        if outcome == -2:
            raise FailedPrecondition(f"at most {LISTS_MAX} lists; delete one first")
        if outcome == 0 and await self._made_already(owner_id, made):
            return made
        if outcome != 1:  # a new random id that exists already
            raise FailedPrecondition(BUSY)
        return made

    async def _made_already(self, owner_id: str, made: PeopleList) -> bool:
        """Whether the list under `made`'s new id is `made` itself: its create ran, the answer was
        lost on the way back and the Redis client sent the script again on a fresh connection
        (redis_client's retries), which then found it. It was made and announced once; answering
        FAILED_PRECONDITION would tell the caller it was not (seen under network faults,
        tests/faults/test_network_faults.py)."""
        found = await self.store.lists.get(owner_id, made.list_id)
        return found is not None and found.settings() == made.settings()

    async def get(self, owner_id: str, list_id: str) -> PeopleList:
        """One of the owner's lists; NOT_FOUND for anyone else's and for none at all alike."""
        found = await self.store.lists.get(owner_id, parse_uuid(list_id, "list_id"))
        if found is None:
            raise NotFound("list_id: no such list")
        return found

    async def lists(self, owner_id: str) -> list[PeopleList]:
        return await self.store.lists.lists(owner_id)

    async def update(
        self, owner_id: str, list_id: str, title: str | None, policy: str | None, exclusive: bool | None
    ) -> PeopleList:
        """Change what is given (None: as it is); an update that changes nothing announces nothing."""
        list_id = parse_uuid(list_id, "list_id")
        title = None if title is None else list_title(title)
        policy = None if policy is None else replies_policy(policy)
        for _ in range(TRIES):
            before = await self.get(owner_id, list_id)
            after = replace(
                before,
                title=before.title if title is None else title,
                replies_policy=before.replies_policy if policy is None else policy,
                exclusive=before.exclusive if exclusive is None else exclusive,
            )
            if after == before:
                return before
            updated = list_events.ListUpdated(
                list_id=list_id,
                owner_id=owner_id,
                exclusive=after.exclusive,
                replies_policy=REPLIES_POLICIES[after.replies_policy],
                title_changed=after.title != before.title,
                updated_at=_at(_now_ms()),
            )
            outcome = await self.store.lists.put(owner_id, before, after, _envelope(owner_id, updated))
            if outcome == 1:
                return after
            if outcome == 0:
                raise NotFound("list_id: no such list")
        raise FailedPrecondition(BUSY)

    async def delete(self, owner_id: str, list_id: str) -> None:
        list_id = parse_uuid(list_id, "list_id")
        deleted = list_events.ListDeleted(list_id=list_id, owner_id=owner_id, deleted_at=_at(_now_ms()))
        if not await self.store.lists.delete(owner_id, list_id, _envelope(owner_id, deleted)):
            raise NotFound("list_id: no such list")

    async def add(self, owner_id: str, list_id: str, user_ids: Iterable[str]) -> PeopleList:
        """Add people the owner may see (NOT_FOUND naming user_ids for anyone else, and then nobody
        is added); those already on the list stay as they were."""
        list_id = parse_uuid(list_id, "list_id")
        ids = member_ids(user_ids, owner_id, adding=True)
        for _ in range(TRIES):
            found = await self.get(owner_id, list_id)
            current = dict(await self.store.lists.members(owner_id, list_id))
            new = [u for u in ids if u not in current]
            if not new:
                return replace(found, member_count=len(current))
            if len(current) + len(new) > MEMBERS_MAX:
                raise FailedPrecondition(f"a list holds at most {MEMBERS_MAX} people")
            await self._may_add(owner_id, new)
            outcome = await self._change(owner_id, list_id, new, [], len(current))
            if outcome == 1:
                return replace(found, member_count=len(current) + len(new))
            if outcome == 0:
                raise NotFound("list_id: no such list")
            if outcome == -2:
                raise FailedPrecondition(f"a list holds at most {MEMBERS_MAX} people")
        raise FailedPrecondition(BUSY)

    async def remove(self, owner_id: str, list_id: str, user_ids: Iterable[str]) -> PeopleList:
        """Take people off (hidden ones too: a block, a deactivation); those not on it are ignored."""
        list_id = parse_uuid(list_id, "list_id")
        ids = member_ids(user_ids, owner_id, adding=False)
        for _ in range(TRIES):
            found = await self.get(owner_id, list_id)
            current = dict(await self.store.lists.members(owner_id, list_id))
            gone = [u for u in ids if u in current]
            if not gone:
                return replace(found, member_count=len(current))
            outcome = await self._change(owner_id, list_id, [], gone, len(current))
            if outcome == 1:
                return replace(found, member_count=len(current) - len(gone))
            if outcome == 0:
                raise NotFound("list_id: no such list")
        raise FailedPrecondition(BUSY)

    async def _may_add(self, owner_id: str, user_ids: list[str]) -> None:
        """Each must be someone the owner may see: known to the feed, not away (deactivated,
        erased), no block either way. Otherwise NOT_FOUND naming the first, as for no one at all."""
        people = await self.store.lists.people(user_ids)
        blocked = (await self.store.feeds.viewer(owner_id)).blocked
        for user_id in user_ids:
            if user_id not in people or user_id in blocked:
                raise NotFound(f"user_ids: no such user {user_id}")

    async def _change(self, owner_id: str, list_id: str, added: list[str], removed: list[str], count: int) -> int:
        now = _now_ms()
        changed = list_events.ListMembersChanged(
            list_id=list_id,
            owner_id=owner_id,
            added_user_ids=added,
            removed_user_ids=removed,
            member_count=count + len(added) - len(removed),
            changed_at=_at(now),
        )
        envelope = _envelope(owner_id, changed)
        return await self.store.lists.change_members(owner_id, list_id, added, removed, count, now, envelope)

    async def members(self, owner_id: str, list_id: str, requested: int, cursor: str) -> tuple[list[ListMember], str]:
        """A page of the list's members, the latest added first, leaving out those hidden from the
        owner for now (a block either way, a deactivated account): they are back when it ends."""
        size = members_page_size(requested)
        start = Cursor.decode(cursor)
        found = await self.get(owner_id, list_id)
        members = await self.store.lists.members(owner_id, found.list_id)
        hidden = (await self.store.feeds.viewer(owner_id)).blocked | await self.store.relationships.away(
            m for m, _ in members
        )
        shown = [
            (m, added)
            for m, added in members
            if m not in hidden and (start is None or (added, m) < (start.score, start.member))
        ]
        page = shown[:size]
        authors = await self.store.feeds.authors(m for m, _ in page)
        next_cursor = Cursor(page[-1][1], page[-1][0]).encode() if len(shown) > size else ""
        return [ListMember(m, authors.get(m), added) for m, added in page], next_cursor

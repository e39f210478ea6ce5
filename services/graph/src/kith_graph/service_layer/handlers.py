"""Graph use cases: follows, friendships, blocks, mutes, lists and the questions a network answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kith_graph.domain import ties
from kith_graph.domain.ports import GraphStore, ListPage
from kith_graph.domain.relationships import (
    CommunitySuggestion,
    ConnectionCare,
    FollowOutcome,
    ImportedFollow,
    PersonSuggestion,
    care_changes,
    may_see_lists,
)
from kith_graph.domain.ties import Tie
from kith_platform import cursors, validation
from kith_platform.errors import DomainError, InvalidArgument, NotFound
from kith_platform.ids import parse_uuid
from kith_platform.mirrors import MirrorPush

PUBLIC_LISTS = {"followers", "following", "friends"}
OWN_LISTS = {"friend_requests_received", "friend_requests_sent", "follow_requests_received", "blocked", "muted"}
DEFAULT_PAGE, MAX_PAGE = 50, 100
IMPORT_MAX = 1000  # pairs per ImportFollows call


def page_size(requested: int) -> int:
    return validation.page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)


def encode_cursor(at: int, user_id: str) -> str:
    return cursors.encode(at, user_id)


def decode_cursor(value: str) -> tuple[int, str] | None:
    return cursors.decode(value, int, lambda u: parse_uuid(u, "cursor"))


def _suggestion_limit(limit: int) -> int:
    return validation.page_size(limit, default=20, maximum=50, field="limit")


@dataclass(frozen=True)
class TieSettings:
    half_life_ms: int = int(30 * ties.DAY_MS)
    quiet_after_ms: int = int(21 * ties.DAY_MS)
    min_strength: float = 5.0

    @classmethod
    def of(cls, settings) -> TieSettings:
        return cls(
            int(settings.tie_half_life_days * ties.DAY_MS),
            int(settings.keep_in_touch_after_days * ties.DAY_MS),
            settings.keep_in_touch_min_strength,
        )


@dataclass
class GraphHandlers:
    store: GraphStore
    ties: TieSettings = field(default_factory=TieSettings)
    # Unfollow, unfriend, block and mute hold on every read path when they return: their
    # events are applied by the mirroring services before the call answers.
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))

    async def tie(self, caller_id: str, user_id: str) -> Tie:
        other = parse_uuid(user_id, "user_id")
        if other == caller_id:
            raise InvalidArgument("user_id", "must be someone else")
        found = await self.store.tie(caller_id, other, int(time.time() * 1000), self.ties.half_life_ms)
        return found or Tie(other, 0.0, 0.0, 0, None)

    async def announce_due(self) -> int:
        now = int(time.time() * 1000)
        return await self.store.announce_due(now, now - self.ties.quiet_after_ms, self.ties.min_strength)

    async def finish_erasures(self, window_ms: int) -> None:
        """Erase again the users erased in the last `window_ms` (for writes that raced the
        tombstone), and delete the outbox nodes that still mention erased users once Kafka has them."""
        await self.store.erase_recent_again(int(time.time() * 1000) - window_ms)
        await self.store.purge_erased_outbox()

    async def keep_in_touch(self, caller_id: str, limit: int) -> list[Tie]:
        limit = validation.page_size(limit, default=10, maximum=50, field="limit")
        now = int(time.time() * 1000)
        return await self.store.keep_in_touch(
            caller_id, now - self.ties.quiet_after_ms, self.ties.min_strength, now, self.ties.half_life_ms, limit
        )

    async def _other(self, caller_id: str, user_id: str, *, must_exist: bool = True) -> str:
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "must be someone other than you")
        # Who exists is the graph's own mirror of identity's users (entrypoints/identity_consumer.py),
        # not a call to identity: identity calls the graph (profile visibility, data exports), so
        # asking identity back would make a cycle of synchronous calls. The mirror is complete when
        # Register or ImportAccounts returns: identity hands the registrations to the graph's
        # MirrorService before answering (IdentityHandlers.registrations).
        if must_exist and not await self.store.has_user(target):
            raise NotFound(f"user_id: no user {user_id}")
        return target

    async def follow(self, caller_id: str, user_id: str) -> FollowOutcome:
        return await self.store.follow(caller_id, await self._other(caller_id, user_id))

    async def import_follows(self, pairs: list[tuple[str, str]]) -> list[ImportedFollow]:
        """`follow` by each pair's follower (an operator's import), with Follow's checks: ids,
        oneself, unknown or deactivated users (the follower too: Follow's caller is always an
        active account), then the pair rules under the users' locks. One result per pair."""
        if not pairs:
            raise InvalidArgument("follows", "at least one pair is required")
        if len(pairs) > IMPORT_MAX:
            raise InvalidArgument("follows", f"at most {IMPORT_MAX} pairs per call")
        results: dict[int, ImportedFollow] = {}
        parsed: dict[int, tuple[str, str]] = {}
        for i, (follower, followee) in enumerate(pairs):
            try:
                a, b = parse_uuid(follower, "follower_id"), parse_uuid(followee, "followee_id")
                if a == b:
                    raise InvalidArgument("followee_id", "must be someone other than the follower")
            except DomainError as exc:
                results[i] = ImportedFollow(error=exc)
                continue
            parsed[i] = (a, b)
        ids = sorted({user for pair in parsed.values() for user in pair})
        active = await self.store.active_users(ids) if ids else set()  # the mirror, as in `_other`
        todo: list[int] = []
        for i, (a, b) in parsed.items():
            if a not in active:
                results[i] = ImportedFollow(error=NotFound(f"follower_id: no user {a}"))
            elif b not in active:
                results[i] = ImportedFollow(error=NotFound(f"followee_id: no user {b}"))
            else:
                todo.append(i)
        if todo:
            for i, result in zip(todo, await self.store.import_follows([parsed[i] for i in todo]), strict=True):
                results[i] = result
        return [results[i] for i in range(len(pairs))]  # every pair has its answer by now

    async def unfollow(self, caller_id: str, user_id: str) -> bool:
        other = await self._other(caller_id, user_id, must_exist=False)
        async with self.mirrors.holding():
            return await self.store.unfollow(caller_id, other)

    async def answer_follow_request(self, caller_id: str, user_id: str, approve: bool) -> None:
        other = await self._other(caller_id, user_id, must_exist=False)
        async with self.mirrors.holding():
            await self.store.answer_follow_request(caller_id, other, approve)

    async def set_follow_approval(self, caller_id: str, required: bool) -> None:
        await self.store.set_follow_approval(caller_id, required)

    async def send_friend_request(self, caller_id: str, user_id: str) -> bool:
        return await self.store.send_friend_request(caller_id, await self._other(caller_id, user_id))

    async def accept_friend_request(self, caller_id: str, user_id: str) -> None:
        await self.store.accept_friend_request(caller_id, await self._other(caller_id, user_id))

    async def close_friend_request(self, caller_id: str, user_id: str, *, cancel: bool) -> None:
        other = await self._other(caller_id, user_id, must_exist=False)
        await self.store.close_friend_request(caller_id, other, cancel=cancel)

    async def unfriend(self, caller_id: str, user_id: str) -> bool:
        other = await self._other(caller_id, user_id, must_exist=False)
        async with self.mirrors.holding():
            return await self.store.unfriend(caller_id, other)

    async def block(self, caller_id: str, user_id: str) -> bool:
        other = await self._other(caller_id, user_id)
        async with self.mirrors.holding():
            return await self.store.block(caller_id, other)

    async def unblock(self, caller_id: str, user_id: str) -> bool:
        return await self.store.unblock(caller_id, await self._other(caller_id, user_id, must_exist=False))

    async def mute(self, caller_id: str, user_id: str, muted: bool) -> bool:
        other = await self._other(caller_id, user_id, must_exist=muted)
        async with self.mirrors.holding():
            return await self.store.mute(caller_id, other, muted)

    async def _visible_user(self, caller_id: str, user_id: str) -> str:
        """The user whose counts or mutual friends the caller asks for: themselves, or someone who
        has not blocked them (their lists: `_lists_owner`)."""
        if not user_id:
            return caller_id
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            return target
        if not await self.store.sees_user(caller_id, target):
            raise NotFound(f"user_id: no user {user_id}")
        return target

    async def _lists_owner(self, caller_id: str, user_id: str) -> str:
        """Whose followers, following or friends list the caller asks for: their own, or another
        person's that they may see (domain.relationships.may_see_lists: blocks, then privacy)."""
        if not user_id:
            return caller_id
        target = parse_uuid(user_id, "user_id")
        if target != caller_id:
            may_see_lists(await self.store.lists_viewer(caller_id, target), user_id)
        return target

    async def list_relationships(
        self, caller_id: str, kind: str, user_id: str, size: int, cursor: str
    ) -> tuple[ListPage, str]:
        if kind in OWN_LISTS:
            if user_id and parse_uuid(user_id, "user_id") != caller_id:
                raise InvalidArgument("user_id", "this list is only available for yourself")
            owner = caller_id
        elif kind in PUBLIC_LISTS:
            owner = await self._lists_owner(caller_id, user_id)
        else:
            raise InvalidArgument("list", "is required")
        size = page_size(size)
        viewer = caller_id if kind in PUBLIC_LISTS else ""
        rows = await self.store.list_page(kind, owner, size + 1, decode_cursor(cursor), viewer)
        page = rows[:size]
        return page, encode_cursor(page[-1][1], page[-1][0]) if len(rows) > size else ""

    async def counts(self, caller_id: str, user_id: str) -> tuple[int, int, int]:
        return await self.store.counts(await self._visible_user(caller_id, user_id))

    async def mutual_friends(self, caller_id: str, user_id: str, size: int) -> tuple[list[str], int]:
        other = await self._visible_user(caller_id, parse_uuid(user_id, "user_id"))
        if other == caller_id:
            raise InvalidArgument("user_id", "must be someone other than you")
        return await self.store.mutual_friends(caller_id, other, page_size(size))

    async def connection_path(self, caller_id: str, user_id: str) -> list[str]:
        other = parse_uuid(user_id, "user_id")
        if other == caller_id:
            return [caller_id]
        path = await self.store.connection_path(caller_id, other)  # who may see whom checked with it
        if path is None:
            raise NotFound(f"user_id: no user {user_id}")
        return path

    async def suggest_people(self, caller_id: str, limit: int) -> list[PersonSuggestion]:
        return await self.store.suggest_people(caller_id, _suggestion_limit(limit))

    async def suggest_communities(self, caller_id: str, limit: int) -> list[CommunitySuggestion]:
        return await self.store.suggest_communities(caller_id, _suggestion_limit(limit))

    async def dismiss(self, caller_id: str, user_id: str) -> None:
        await self.store.dismiss(caller_id, await self._other(caller_id, user_id))

    async def update_care(
        self, caller_id: str, user_id: str, note: str | None, every_days: int | None, *, interaction: bool = False
    ) -> ConnectionCare:
        other = await self._other(caller_id, user_id)
        if interaction:
            changes = {"last_interaction_at": int(time.time() * 1000)}
        else:
            changes = care_changes(note, every_days, int(time.time() * 1000))
        return await self.store.update_care(caller_id, other, changes)

    async def list_connections(
        self, caller_id: str, order: str, size: int, cursor: str
    ) -> tuple[list[ConnectionCare], str]:
        size = page_size(size)
        rows = await self.store.list_connections(caller_id, order, size + 1, decode_cursor(cursor))
        page = rows[:size]
        next_cursor = encode_cursor(page[-1][1], page[-1][0].user_id) if len(rows) > size else ""
        return [care for care, _ in page], next_cursor

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool, bool]:
        return await self.store.relationship(parse_uuid(user_id, "user_id"), parse_uuid(other_user_id, "other_user_id"))

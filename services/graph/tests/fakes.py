"""In-memory fakes of the graph service's ports, for the handlers' tests without servers.

FakeGraphStore keeps users and relationships in dicts and applies the domain rules as the Neo4j
store does; each change's events are `Recorded` in `events` and handed to
kith_platform.mirrors.collect as the outbox writers hand them, so RecordingMirrorPush (no
targets) sees what a change it holds would have pushed to the mirrors."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kith_graph.domain import relationships as rules
from kith_graph.domain.ports import GraphStore, ListPage
from kith_graph.domain.relationships import (
    ConnectionCare,
    FollowOutcome,
    FriendOutcome,
    ImportedFollow,
    ListsViewer,
    PairState,
)
from kith_graph.domain.ties import Tie
from kith_platform.errors import DomainError, NotFound
from kith_platform.mirrors import collect
from kith_platform.privacy import Reach
from kith_platform.testing import Recorded

DIRECTED = ("FOLLOWS", "FOLLOW_REQUESTED", "FRIEND_REQUESTED", "BLOCKS", "MUTES", "DISMISSED")
# List name -> (relationship type, True when the listed people are the other end's sources).
LISTS = {
    "followers": ("FOLLOWS", True),
    "following": ("FOLLOWS", False),
    "friend_requests_received": ("FRIEND_REQUESTED", True),
    "friend_requests_sent": ("FRIEND_REQUESTED", False),
    "follow_requests_received": ("FOLLOW_REQUESTED", True),
    "blocked": ("BLOCKS", False),
    "muted": ("MUTES", False),
}


def _recorded(name: str, answer: Any = None):
    """A method the handlers only pass arguments to: it keeps them in `calls` and answers `answer`."""

    async def method(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((name, *args, *kwargs.values()))
        return answer

    return method


@dataclass
class FakeGraphStore(GraphStore):
    users: set[str] = field(default_factory=set)
    deactivated: set[str] = field(default_factory=set)
    erased: set[str] = field(default_factory=set)
    edges: dict[str, dict[tuple[str, str], int]] = field(default_factory=lambda: {t: {} for t in DIRECTED})
    friends: dict[frozenset[str], int] = field(default_factory=dict)
    approval: set[str] = field(default_factory=set)
    care: dict[tuple[str, str], dict] = field(default_factory=dict)
    lists_reach: dict[str, tuple[Reach, int]] = field(default_factory=dict)  # relationship_lists, changed at (us)
    ties: dict[tuple[str, str], Tie] = field(default_factory=dict)
    events: list[Recorded] = field(default_factory=list)
    calls: list[tuple] = field(default_factory=list)  # what the store was asked that has no state here
    clock: Iterator[int] = field(default_factory=lambda: itertools.count(1_700_000_000_000))

    # --- helpers ---------------------------------------------------------------------------

    def _tick(self) -> int:
        return next(self.clock)

    def _announce(self, name: str, **fields: Any) -> None:
        event = Recorded(name, fields)
        self.events.append(event)
        collect([event])

    def _has(self, kind: str, a: str, b: str) -> bool:
        return (a, b) in self.edges[kind]

    def _lock(self, *ids: str) -> None:
        if self.erased & set(ids):
            raise NotFound("user_id: no such user")
        self.users |= set(ids)  # the lock MERGEs the user nodes, as LOCK_PAIR does

    def names(self) -> list[str]:
        return [e.name for e in self.events]

    # --- reads -----------------------------------------------------------------------------

    async def has_user(self, user_id: str) -> bool:
        return user_id in self.users and user_id not in self.deactivated

    async def active_users(self, user_ids: list[str]) -> set[str]:
        return {u for u in user_ids if await self.has_user(u)}

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool, bool]:
        friends = frozenset((user_id, other_user_id)) in self.friends
        return self._has("FOLLOWS", user_id, other_user_id), self._has("FOLLOWS", other_user_id, user_id), friends

    async def pair_state(self, a: str, b: str) -> PairState:
        return PairState(
            blocks=self._has("BLOCKS", a, b),
            blocked_by=self._has("BLOCKS", b, a),
            follows=self._has("FOLLOWS", a, b),
            followed_by=self._has("FOLLOWS", b, a),
            friends=frozenset((a, b)) in self.friends,
            a_requested_friendship=self._has("FRIEND_REQUESTED", a, b),
            b_requested_friendship=self._has("FRIEND_REQUESTED", b, a),
            a_requested_follow=self._has("FOLLOW_REQUESTED", a, b),
            b_requested_follow=self._has("FOLLOW_REQUESTED", b, a),
            b_requires_approval=b in self.approval,
            b_deactivated=b in self.deactivated,
        )

    def _in_block(self, a: str, b: str) -> bool:
        return self._has("BLOCKS", a, b) or self._has("BLOCKS", b, a)

    def _related(self, kind: str, user_id: str) -> list[tuple[str, int]]:
        if kind == "friends":
            return [(next(iter(p - {user_id})), at) for p, at in self.friends.items() if user_id in p]
        rel, incoming = LISTS[kind]
        if incoming:
            return [(a, at) for (a, b), at in self.edges[rel].items() if b == user_id]
        return [(b, at) for (a, b), at in self.edges[rel].items() if a == user_id]

    async def list_page(
        self, kind: str, user_id: str, limit: int, after: tuple[int, str] | None, viewer: str = ""
    ) -> ListPage:
        rows = [
            (other, at)
            for other, at in self._related(kind, user_id)
            if other not in self.deactivated and not (viewer and self._in_block(viewer, other))
        ]
        rows.sort(key=lambda r: (-r[1], r[0]))
        if after is not None:
            rows = [(o, at) for o, at in rows if at < after[0] or (at == after[0] and o > after[1])]
        return rows[:limit]

    async def counts(self, user_id: str) -> tuple[int, int, int]:
        followers, following, friends = (
            sum(1 for o, _ in self._related(kind, user_id) if o not in self.deactivated)
            for kind in ("followers", "following", "friends")
        )
        return followers, following, friends

    async def mutual_friends(self, a: str, b: str, limit: int) -> tuple[list[str], int]:
        mine = {o for o, _ in self._related("friends", a)}
        theirs = {o for o, _ in self._related("friends", b)}
        found = sorted(m for m in mine & theirs - {a, b} if m not in self.deactivated and not self._in_block(a, m))
        return found[:limit], len(found)

    async def sees_user(self, a: str, b: str) -> bool:
        return b in self.users and b not in self.deactivated and not self._has("BLOCKS", b, a)

    async def lists_viewer(self, viewer: str, user_id: str) -> ListsViewer:
        reach, _ = self.lists_reach.get(user_id, (Reach.EVERYONE, 0))
        return ListsViewer(
            visible=await self.sees_user(viewer, user_id),
            reach=reach,
            follows_caller=self._has("FOLLOWS", user_id, viewer),
            friends=frozenset((viewer, user_id)) in self.friends,
        )

    async def connection_path(self, a: str, b: str) -> list[str] | None:
        """The shortest chain of friendships and follows (either way) of up to 4 steps; [] for none."""
        if not await self.sees_user(a, b):
            return None
        links = [tuple(p) for p in self.friends] + list(self.edges["FOLLOWS"])
        paths, seen = deque([[a]]), {a}
        while paths and not self._has("BLOCKS", a, b):
            path = paths.popleft()
            if path[-1] == b:
                return path
            for x, y in (link for link in links + [(y, x) for x, y in links] if len(path) <= 4):
                if x == path[-1] and y not in seen | self.deactivated:
                    seen.add(y)
                    paths.append([*path, y])
        return []

    # --- pair changes ----------------------------------------------------------------------

    async def _state(self, a: str, b: str) -> PairState:
        self._lock(a, b)
        return await self.pair_state(a, b)

    async def follow(self, a: str, b: str) -> FollowOutcome:
        state = await self._state(a, b)
        outcome = rules.follow(state)
        if outcome is FollowOutcome.FOLLOW:
            self.edges["FOLLOW_REQUESTED"].pop((a, b), None)
            self.edges["FOLLOWS"][(a, b)] = self._tick()
            self._announce("UserFollowed", follower_id=a, followee_id=b)
        elif outcome is FollowOutcome.REQUEST and not state.a_requested_follow:
            self.edges["FOLLOW_REQUESTED"][(a, b)] = self._tick()
            self._announce("FollowRequested", follower_id=a, followee_id=b)
        return outcome

    async def import_follows(self, pairs: list[tuple[str, str]]) -> list[ImportedFollow]:
        self.calls.append(("import_follows", list(pairs)))
        results = []
        for a, b in pairs:
            try:
                results.append(ImportedFollow(outcome=await self.follow(a, b)))
            except DomainError as exc:
                results.append(ImportedFollow(error=exc))
        return results

    async def unfollow(self, a: str, b: str) -> bool:
        state = await self._state(a, b)
        if state.a_requested_follow:
            del self.edges["FOLLOW_REQUESTED"][(a, b)]
            self._announce("FollowRequestWithdrawn", follower_id=a, followee_id=b)
        if not state.follows:
            return False
        del self.edges["FOLLOWS"][(a, b)]
        self._announce("UserUnfollowed", follower_id=a, followee_id=b)
        return True

    async def answer_follow_request(self, a: str, b: str, approve: bool) -> None:
        state = await self._state(a, b)
        rules.require_request(state.b_requested_follow, "follow request from this user")
        del self.edges["FOLLOW_REQUESTED"][(b, a)]
        if not approve:
            self._announce("FollowRequestDeclined", follower_id=b, followee_id=a)
        elif not state.followed_by:
            self.edges["FOLLOWS"][(b, a)] = self._tick()
            self._announce("UserFollowed", follower_id=b, followee_id=a)

    async def set_follow_approval(self, user_id: str, required: bool) -> None:
        self._lock(user_id)
        before = user_id in self.approval
        (self.approval.add if required else self.approval.discard)(user_id)
        if before != required:
            self._announce("GraphSettingsChanged", user_id=user_id, requires_follow_approval=required)

    def _befriend(self, a: str, b: str, state: PairState) -> None:
        self.edges["FRIEND_REQUESTED"].pop((a, b), None)
        self.edges["FRIEND_REQUESTED"].pop((b, a), None)
        self.friends[frozenset((a, b))] = self._tick()
        self._announce("FriendshipStarted", user_id=a, friend_id=b)
        for follower, followee, exists in ((a, b, state.follows), (b, a, state.followed_by)):
            if not exists:
                self.edges["FOLLOW_REQUESTED"].pop((follower, followee), None)
                self.edges["FOLLOWS"][(follower, followee)] = self._tick()
                self._announce("UserFollowed", follower_id=follower, followee_id=followee)

    async def send_friend_request(self, a: str, b: str) -> bool:
        state = await self._state(a, b)
        outcome = rules.send_friend_request(state)
        if outcome is FriendOutcome.ACCEPT:
            self._befriend(a, b, state)
            return True
        if outcome is FriendOutcome.REQUEST:
            self.edges["FRIEND_REQUESTED"][(a, b)] = self._tick()
            self._announce("FriendRequestSent", sender_id=a, recipient_id=b)
        return False

    async def accept_friend_request(self, a: str, b: str) -> None:
        state = await self._state(a, b)
        rules.accept_friend_request(state)
        self._befriend(a, b, state)

    async def close_friend_request(self, a: str, b: str, *, cancel: bool) -> None:
        state = await self._state(a, b)
        sender, recipient = (a, b) if cancel else (b, a)
        rules.require_request(
            state.a_requested_friendship if cancel else state.b_requested_friendship, "pending friend request"
        )
        del self.edges["FRIEND_REQUESTED"][(sender, recipient)]
        self._announce("FriendRequestClosed", sender_id=sender, recipient_id=recipient, cancelled=cancel)

    def _end_friendship(self, a: str, b: str) -> None:
        del self.friends[frozenset((a, b))]
        for follower, followee in ((a, b), (b, a)):
            if self.edges["FOLLOWS"].pop((follower, followee), None) is not None:
                self._announce("UserUnfollowed", follower_id=follower, followee_id=followee)
        self._announce("FriendshipEnded", user_id=a, friend_id=b)

    async def unfriend(self, a: str, b: str) -> bool:
        if not (await self._state(a, b)).friends:
            return False
        self._end_friendship(a, b)
        return True

    async def block(self, a: str, b: str) -> bool:
        state = await self._state(a, b)
        if state.blocks:
            return False
        if state.friends:
            self._end_friendship(a, b)
        # What the block ends, each with its event: a's own requests withdrawn, b's declined.
        for x, y in ((a, b), (b, a)):
            if self.edges["FOLLOWS"].pop((x, y), None) is not None:
                self._announce("UserUnfollowed", follower_id=x, followee_id=y)
            if self.edges["FOLLOW_REQUESTED"].pop((x, y), None) is not None:
                withdrawn = "FollowRequestWithdrawn" if x == a else "FollowRequestDeclined"
                self._announce(withdrawn, follower_id=x, followee_id=y)
            if self.edges["FRIEND_REQUESTED"].pop((x, y), None) is not None:
                self._announce("FriendRequestClosed", sender_id=x, recipient_id=y, cancelled=x == a)
        self.edges["BLOCKS"][(a, b)] = self._tick()
        self._announce("UserBlocked", blocker_id=a, blocked_id=b)
        return True

    async def unblock(self, a: str, b: str) -> bool:
        if not (await self._state(a, b)).blocks:
            return False
        del self.edges["BLOCKS"][(a, b)]
        self._announce("UserUnblocked", blocker_id=a, blocked_id=b)
        return True

    async def mute(self, a: str, b: str, muted: bool) -> bool:
        self._lock(a, b)
        removed = self.edges["MUTES"].pop((a, b), None) is not None
        if muted:
            self.edges["MUTES"][(a, b)] = self._tick()
            if not removed:
                self._announce("UserMuted", muter_id=a, muted_id=b)
            return not removed
        if removed:
            self._announce("UserUnmuted", muter_id=a, muted_id=b)
        return removed

    async def dismiss(self, a: str, b: str) -> None:
        self._lock(a, b)
        if self.edges["DISMISSED"].get((a, b)) is None:
            self._announce("SuggestionDismissed", user_id=a, dismissed_user_id=b)
        self.edges["DISMISSED"][(a, b)] = self._tick()

    # --- care and ties -----------------------------------------------------------------------

    def _care_of(self, a: str, b: str) -> ConnectionCare:
        props = self.care.get((a, b), {})
        connected = frozenset((a, b)) in self.friends or self._has("FOLLOWS", a, b)
        every_days = props.get("every_days")
        since = props.get("last_interaction_at") or props.get("cadence_set_at")
        due = since + every_days * 86_400_000 if every_days else None
        return ConnectionCare(
            b, connected, props.get("note") or "", every_days or 0, props.get("last_interaction_at"), due
        )

    async def update_care(self, a: str, b: str, changes: dict) -> ConnectionCare:
        rules.visible(await self._state(a, b))
        before = dict(self.care.get((a, b), {}))
        after = {**before, **changes}
        self.care[(a, b)] = {k: v for k, v in after.items() if v is not None}
        change = rules.care_change(before, changes)
        care = self._care_of(a, b)
        if change.interaction:
            self._announce("InteractionLogged", user_id=a, other_user_id=b)
        if change.note or change.cadence:
            self._announce(
                "ConnectionCareUpdated",
                user_id=a,
                other_user_id=b,
                note_changed=change.note,
                cadence_changed=change.cadence,
                reach_out_every_days=care.every_days,
            )
        return care

    async def list_connections(
        self, user_id: str, order: str, limit: int, after: tuple[int, str] | None
    ) -> list[tuple[ConnectionCare, int]]:
        """Everyone the user follows or is friends with, by last interaction (0: never), then id."""
        others = {o for o, _ in self._related("friends", user_id) + self._related("following", user_id)}
        cares = [self._care_of(user_id, o) for o in others - self.deactivated]
        rows = sorted(((c, c.last_interaction_at or 0) for c in cares), key=lambda r: (r[1], r[0].user_id))
        return [r for r in rows if after is None or (r[1], r[0].user_id) > after][:limit]

    async def tie(self, me: str, other: str, now_ms: int, half_life_ms: int) -> Tie | None:
        self.calls.append(("tie", me, other, half_life_ms))
        return self.ties.get((me, other))

    async def keep_in_touch(
        self, me: str, quiet_since_ms: int, min_strength: float, now_ms: int, half_life_ms: int, limit: int
    ) -> list[Tie]:
        self.calls.append(("keep_in_touch", me, now_ms - quiet_since_ms, min_strength, half_life_ms, limit))
        return [t for (m, _), t in self.ties.items() if m == me][:limit]

    # --- mirrors and erasure (and what the handlers only pass on) ------------------------------

    async def upsert_users(self, user_ids: list[str]) -> None:
        self.calls.append(("upsert_users", list(user_ids)))
        self.users |= set(user_ids) - self.erased

    async def set_deactivated(self, user_id: str, deactivated: bool) -> None:
        self.calls.append(("set_deactivated", user_id, deactivated))
        (self.deactivated.add if deactivated else self.deactivated.discard)(user_id)

    async def set_relationship_lists(self, user_id: str, reach: Reach, changed_at_us: int) -> None:
        kept = self.lists_reach.get(user_id)
        if user_id not in self.erased and (kept is None or kept[1] <= changed_at_us):
            self.users.add(user_id)
            self.lists_reach[user_id] = (reach, changed_at_us)

    async def is_erased(self, user_id: str) -> bool:
        return user_id in self.erased

    async def erase_user(self, user_id: str, erased_at_ms: int) -> None:
        self.calls.append(("erase_user", user_id, erased_at_ms))
        self.erased.add(user_id)
        self.users.discard(user_id)
        self.lists_reach.pop(user_id, None)

    suggest_people = _recorded("suggest_people", [])
    suggest_communities = _recorded("suggest_communities", [])
    record_interaction = _recorded("record_interaction")
    announce_due = _recorded("announce_due", 0)
    set_interests = _recorded("set_interests")
    upsert_community = _recorded("upsert_community")
    set_community_archived = _recorded("set_community_archived")
    set_membership = _recorded("set_membership")
    erase_recent_again = _recorded("erase_recent_again", 0)
    purge_erased_outbox = _recorded("purge_erased_outbox", 0)

"""Recognition: points, badges and trust levels each event brings (the stream worker's
`recognize`, `settle_trust`) and the leaderboards and member standing for those who may see
the community."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from kith.communities.v1 import communities_pb2
from kith.feed.v1 import events_pb2 as feed_events
from kith_feed.domain import recognition as rules
from kith_feed.domain.health import day_of
from kith_feed.domain.ports import Stores
from kith_feed.service_layer import clock
from kith_feed.service_layer.reads import seeing_community
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.events import RECOGNITION_BADGES, make_event, timestamp
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.feed.recognition")
WINDOWS = {"7_days": 7, "30_days": 30, "all_time": None}


async def member_standing(
    store: Stores, community_id: str, user_id: str, now_ms: int | None = None
) -> tuple[rules.Standing, int]:
    """The member's standing and trust level now (points fade, so the level is worked out from
    the stored one whenever it is looked at; "now" is the event's time while the stream worker
    applies one: service_layer/clock.py). Only the stream worker stores a new level, after
    announcing it (TrustLevelChanged), so every change is announced exactly by whoever keeps it."""
    today = day_of(clock.now_ms() if now_ms is None else now_ms)
    standing = await store.recognition.standing(community_id, user_id, today)
    return standing, rules.trust_level(standing.trust, standing.month)


@dataclass
class RecognitionReads:
    store: Stores

    async def _may_see(self, user_id: str, community_id: str) -> str:
        return (await seeing_community(self.store, user_id, community_id, "leaderboards and badges"))[0]

    async def _hidden(self, user_id: str, others) -> set[str]:
        """Those of `others` who do not exist for the user: a block between them (either way)
        or a deactivated account."""
        others = set(others) - {user_id}
        if not others:
            return set()
        return (others & (await self.store.feeds.viewer(user_id)).blocked) | await self.store.relationships.away(others)

    async def leaderboard(self, user_id: str, community_id: str, window: str, limit: int):
        community_id = await self._may_see(user_id, community_id)
        limit = limit or 10
        if not 1 <= limit <= 100:
            raise InvalidArgument("limit", "must be between 1 and 100")
        today = day_of(int(time.time() * 1000))
        scores = (await self.store.recognition.scores(community_id, today, WINDOWS[window]))[:limit]
        # A hidden member keeps their place (the ranks of the others do not move), without who.
        hidden = await self._hidden(user_id, (member for member, _ in scores))
        return [
            ("" if member in hidden else member, score, rank, member in hidden)
            for rank, (member, score) in enumerate(scores, start=1)
        ]

    async def standing(self, user_id: str, community_id: str, member_id: str):
        community_id = await self._may_see(user_id, community_id)
        member_id = parse_uuid(member_id, "user_id")
        if await self._hidden(user_id, [member_id]):
            raise NotFound("user_id: no such member")
        standing, level = await member_standing(self.store, community_id, member_id)
        return (standing.week, standing.month, standing.ever), standing.badges, level

    async def set_mentor(self, user_id: str, community_id: str, available: bool, capacity: int) -> None:
        community_id = await self._may_see(user_id, community_id)
        capacity = capacity or 3
        if not 1 <= capacity <= 10:
            raise InvalidArgument("capacity", "must be between 1 and 10")
        if available:
            if community_id not in (await self.store.feeds.viewer(user_id)).communities:
                raise PermissionDenied("only members mentor in this community")
            _, level = await member_standing(self.store, community_id, user_id)
            if level < rules.MENTOR_TRUST:
                raise FailedPrecondition(f"mentors need trust level {rules.MENTOR_TRUST} (yours is {level})")
        m = self.store.mentorship
        for _ in range(10):  # a concurrent change of the same member moves the count: build again
            changes = await m.availability_changes(community_id, user_id)
            changed = feed_events.MentorAvailabilityChanged(
                community_id=community_id,
                user_id=user_id,
                available=available,
                capacity=capacity if available else 0,
                sequence=changes + 1,
                changed_at=timestamp(datetime.now(UTC)),
            )
            envelope = _envelope(
                community_id, changed, rules.mentor_availability_event_id(community_id, user_id, changes + 1)
            )
            if await m.set_available(community_id, user_id, capacity if available else None, changes, envelope) >= 0:
                return
        raise FailedPrecondition("your availability is being changed elsewhere; try again")

    async def request_mentor(self, user_id: str, community_id: str) -> tuple[str, list[str]]:
        community_id = await self._may_see(user_id, community_id)
        m = self.store.mentorship
        mine = await m.interests(user_id)
        current = await m.mentor_of(community_id, user_id)
        if current:
            return current, sorted(mine & await m.interests(current))
        if community_id not in (await self.store.feeds.viewer(user_id)).communities:
            raise PermissionDenied("join the community to ask for a mentor")
        candidates = []
        mentors = await m.mentors(community_id)
        hidden = await self._hidden(user_id, mentors)  # never matched with someone they cannot see
        for mentor, (capacity, mentees) in mentors.items():
            if mentor != user_id and mentor not in hidden and mentees < capacity:
                shared = mine & await m.interests(mentor)
                candidates.append((-len(shared), mentees - capacity, mentor, shared))
        for _, _, mentor, shared in sorted(candidates):
            matched = feed_events.MentorMatched(
                community_id=community_id, mentee_id=user_id, mentor_id=mentor, matched_at=timestamp(datetime.now(UTC))
            )
            envelope = _envelope(community_id, matched, rules.mentor_match_event_id(community_id, user_id, mentor))
            outcome, who = await m.match(community_id, user_id, mentor, envelope)
            if outcome == 0:  # matched meanwhile (a concurrent request)
                return who, sorted(mine & await m.interests(who))
            if outcome == 1:
                now = int(time.time() * 1000)
                event_id = f"mentor:{community_id}:{user_id}"
                await self.store.notifications.notify(
                    event_id, user_id, "mentor_matched", community_id, mentor, now, community_id, "mentee"
                )
                await self.store.notifications.notify(
                    event_id, mentor, "mentor_matched", community_id, user_id, now, community_id, "mentor"
                )
                return mentor, sorted(shared)
        raise FailedPrecondition("no mentor has room right now; try again later")


def _envelope(community_id: str, payload, event_id: str) -> bytes:
    event = make_event(
        topic=RECOGNITION_BADGES, aggregate_id=community_id, producer="feed", payload=payload, event_id=event_id
    )
    assert event.value is not None  # only a tombstone has none
    return event.value


POINTS = dict(rules.DEFAULT_POINTS)


async def post_published(store: Stores, eid: str, event) -> None:
    r = store.recognition
    if not event.community_id:
        return
    await r.credit(
        eid,
        event.community_id,
        event.created_at.ToMilliseconds(),
        actor=(event.author_id, POINTS["post"], "posts"),
    )
    await _settle(store, eid, [(event.community_id, event.author_id)])


async def comment_added(store: Stores, eid: str, event) -> None:
    r = store.recognition
    if not event.community_id:
        return
    at = event.created_at.ToMilliseconds()
    other = event.parent_author_id or event.post_author_id
    mark = ("", "", "", "")
    joined = await r.joined_at(event.community_id, event.post_author_id)
    if joined is not None and event.post_author_id != event.author_id and 0 <= at - joined <= rules.NEWCOMER_MS:
        mark = (f"welcomed:{event.author_id}", event.post_author_id, event.author_id, "welcomed")
    await r.credit(
        eid,
        event.community_id,
        at,
        actor=(event.author_id, POINTS["comment"], "comments"),
        other=(other if other != event.author_id else "", POINTS["reply_received"], ""),
        mark=mark,
    )
    # A reply received moves the other's points too (_settle skips a blank one).
    await _settle(store, eid, [(event.community_id, event.author_id), (event.community_id, other)])


async def reaction_added(store: Stores, eid: str, event) -> None:
    r = store.recognition
    if not event.community_id or event.previous_kind:
        return
    self_reaction = event.user_id == event.target_author_id
    mark = (
        ("reacted-comments", event.comment_id, event.target_author_id, "reacted_replies")
        if event.comment_id and not self_reaction
        else ("", "", "", "")
    )
    await r.credit(
        eid,
        event.community_id,
        event.reacted_at.ToMilliseconds(),
        actor=(event.user_id, POINTS["reaction_given"], ""),
        other=(
            "" if self_reaction else event.target_author_id,
            POINTS["reaction_received"],
            "reactions_received",
        ),
        mark=mark,
    )
    await _settle(store, eid, [(event.community_id, event.user_id), (event.community_id, event.target_author_id)])


async def rsvp_changed(store: Stores, eid: str, event) -> None:
    r = store.recognition
    if event.status != communities_pb2.RSVP_STATUS_GOING:
        return
    await r.credit(
        eid,
        event.community_id,
        event.changed_at.ToMilliseconds(),
        actor=(event.user_id, POINTS["event_going"], ""),
        mark=(f"going:{event.user_id}", event.event_id, event.user_id, "events_going"),
    )
    await _settle(store, eid, [(event.community_id, event.user_id)])


async def member_joined(store: Stores, eid: str, event) -> None:
    r = store.recognition
    await r.joined(event.community_id, event.user_id, event.joined_at.ToMilliseconds())


async def _settle(store: Stores, eid: str, moved: list[tuple[str, str]]) -> None:
    """Re-check the badges and trust level of each (community, member) an event moved."""
    for community_id, user_id in dict.fromkeys(moved):
        if user_id:  # blank: an erased person (domain.erasure)
            await _standing(store, eid, community_id, user_id)


async def _standing(store: Stores, eid: str, community_id: str, user_id: str) -> None:
    """Award the badges the member's counters now earn (announced before they are kept, with
    a derived event id, so a crash in between repeats the announcement, never loses it) and
    move their trust level."""
    standing, _ = await member_standing(store, community_id, user_id)
    for badge in rules.earned(standing.counters):
        if badge in standing.badges:
            continue
        award = feed_events.BadgeAwarded(
            community_id=community_id,
            user_id=user_id,
            badge=badge,
            earned_by_event_id=eid,
            awarded_at=timestamp(datetime.now(UTC)),
        )
        event_id = rules.award_event_id(community_id, user_id, badge)
        await store.outbox.add(community_id, _envelope(community_id, award, event_id))
        await store.recognition.keep_badge(community_id, user_id, badge, eid)
    await settle_trust(store, community_id, user_id, standing)


async def settle_trust(
    store: Stores,
    community_id: str,
    user_id: str,
    standing: rules.Standing | None = None,
    now_ms: int | None = None,
) -> int:
    """Keep the member's trust level where their points now put it, announcing each change
    (TrustLevelChanged) before keeping it. Workers that race on one member are serialised by
    the change count: the loser looks again, and announces the level kept if it had announced
    another under the same count, so the highest sequence consumers see is the level kept. A
    level kept before levels were announced (no change counted) is announced once too."""
    announced: tuple[int, int] | None = None  # (sequence, level) announced but not kept
    now = clock.now_ms() if now_ms is None else now_ms
    for _ in range(10):
        if standing is None:
            standing, _ = await member_standing(store, community_id, user_id, now)
        level = rules.trust_level(standing.trust, standing.month)
        contradicted = (
            announced is not None and announced[0] == standing.trust_changes and announced[1] != standing.trust
        )
        unannounced = standing.trust > 0 and standing.trust_changes == 0
        if level == standing.trust and not contradicted and not unannounced:
            return level
        sequence = standing.trust_changes + 1
        changed = feed_events.TrustLevelChanged(
            community_id=community_id,
            user_id=user_id,
            level=level,
            previous_level=standing.trust,
            changed_at=timestamp(datetime.now(UTC)),
            sequence=sequence,
        )
        event_id = rules.trust_change_event_id(community_id, user_id, sequence, level)
        await store.outbox.add(community_id, _envelope(community_id, changed, event_id))
        if await store.recognition.keep_trust(community_id, user_id, standing.trust_changes, level):
            # Points fade without events: a level above 0 is looked at again daily until it is 0.
            await store.recognition.watch_trust(community_id, user_id, now + rules.DAY_MS if level else None)
            return level
        announced, standing = (sequence, level), None
    raise RuntimeError(f"trust level of {user_id} in {community_id} kept changing under us")


async def settle_due_trust_levels(store: Stores, now_ms: int) -> int:
    """Look again at members whose level may have faded (due once a day); returns how many."""
    due = await store.recognition.take_due_trust(now_ms, now_ms + rules.DAY_MS)
    for community_id, user_id in due:
        if not await settle_trust(store, community_id, user_id, now_ms=now_ms):
            await store.recognition.watch_trust(community_id, user_id, None)
    return len(due)

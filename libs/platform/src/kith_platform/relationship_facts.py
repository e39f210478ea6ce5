"""What a graph relationship event states about a pair of people, read once for every service
that mirrors relationships (content and messaging keep follows, friendships and blocks; identity
and communities keep blocks). A friendship is stated both ways. Each mirror keeps the newest
fact per pair by `at`, so redelivery and reordering are harmless."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kith.graph.v1 import events_pb2 as graph_events


@dataclass(frozen=True)
class PairFact:
    kind: str  # follow | friend | block
    subject: str  # who follows, is a friend, blocks
    other: str
    holds: bool  # started (True) or ended
    at: datetime  # the event's own time (UTC)


def pair_facts(event) -> list[PairFact]:
    """The facts a graph.relationships.v1 event states; none for any other event."""
    match event:
        case graph_events.UserFollowed():
            return [PairFact("follow", event.follower_id, event.followee_id, True, _at(event.followed_at))]
        case graph_events.UserUnfollowed():
            return [PairFact("follow", event.follower_id, event.followee_id, False, _at(event.unfollowed_at))]
        case graph_events.FriendshipStarted() | graph_events.FriendshipEnded():
            started = isinstance(event, graph_events.FriendshipStarted)
            at = _at(event.started_at if started else event.ended_at)
            return [
                PairFact("friend", event.user_id, event.friend_id, started, at),
                PairFact("friend", event.friend_id, event.user_id, started, at),
            ]
        case graph_events.UserBlocked():
            return [PairFact("block", event.blocker_id, event.blocked_id, True, _at(event.blocked_at))]
        case graph_events.UserUnblocked():
            return [PairFact("block", event.blocker_id, event.blocked_id, False, _at(event.unblocked_at))]
    return []


def _at(ts) -> datetime:
    return ts.ToDatetime(tzinfo=UTC)

"""kith_platform.relationship_facts: what each graph event states about a pair."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_platform.relationship_facts import PairFact, pair_facts

AT = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)


def _ts() -> Timestamp:
    t = Timestamp()
    t.FromDatetime(AT)
    return t


def test_follows_and_blocks_are_one_directed_fact():
    assert pair_facts(graph_events.UserFollowed(follower_id="a", followee_id="b", followed_at=_ts())) == [
        PairFact("follow", "a", "b", True, AT)
    ]
    assert pair_facts(graph_events.UserUnfollowed(follower_id="a", followee_id="b", unfollowed_at=_ts())) == [
        PairFact("follow", "a", "b", False, AT)
    ]
    assert pair_facts(graph_events.UserBlocked(blocker_id="a", blocked_id="b", blocked_at=_ts())) == [
        PairFact("block", "a", "b", True, AT)
    ]
    assert pair_facts(graph_events.UserUnblocked(blocker_id="a", blocked_id="b", unblocked_at=_ts())) == [
        PairFact("block", "a", "b", False, AT)
    ]


def test_a_friendship_is_stated_both_ways():
    started = pair_facts(graph_events.FriendshipStarted(user_id="a", friend_id="b", started_at=_ts()))
    assert started == [PairFact("friend", "a", "b", True, AT), PairFact("friend", "b", "a", True, AT)]
    ended = pair_facts(graph_events.FriendshipEnded(user_id="a", friend_id="b", ended_at=_ts()))
    assert ended == [PairFact("friend", "a", "b", False, AT), PairFact("friend", "b", "a", False, AT)]


def test_other_events_state_nothing():
    assert pair_facts(graph_events.UserMuted(muter_id="a", muted_id="b")) == []
    assert pair_facts(identity_events.UserDeactivated(user_id="a")) == []

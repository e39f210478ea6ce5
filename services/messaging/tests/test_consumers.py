"""The mirrors without servers: graph and identity events reach the repository as facts per
pair (a friendship both ways), a malformed UserErased is skipped, and every mirror write
checks the tombstone list of erased people."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_messaging.adapters import sql_mirrors
from kith_messaging.entrypoints.consumers import graph_consumer, identity_consumer
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.messages import MessageHandlers

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
A, B = str(uuid.uuid4()), str(uuid.uuid4())


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


class FakeRepository:
    """Records what the consumers ask of the repository."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    async def mirror(self, kind, a, b, active, at):
        self.calls.append(("mirror", kind, a, b, active, at))

    async def mirror_user(self, user_id, deactivated, at):
        self.calls.append(("user", user_id, deactivated, at))

    async def erase_user(self, user_id, at):
        self.calls.append(("erase", user_id, at))
        return 0


def _handlers() -> tuple[MessagingHandlers, FakeRepository]:
    repo = FakeRepository()
    return MessagingHandlers(repo=repo, people=None), repo


async def test_graph_events_become_facts_per_pair():
    handlers, repo = _handlers()
    await graph_consumer("unused:9092", handlers).apply(
        [
            graph_events.UserFollowed(follower_id=A, followee_id=B, followed_at=_ts()),
            graph_events.UserUnfollowed(follower_id=A, followee_id=B, unfollowed_at=_ts()),
            graph_events.FriendshipStarted(user_id=A, friend_id=B, started_at=_ts()),
            graph_events.FriendshipEnded(user_id=B, friend_id=A, ended_at=_ts()),
            graph_events.UserBlocked(blocker_id=A, blocked_id=B, blocked_at=_ts()),
            graph_events.UserUnblocked(blocker_id=A, blocked_id=B, unblocked_at=_ts()),
            graph_events.UserMuted(),  # not a fact messaging keeps
        ]
    )
    assert repo.calls == [
        ("mirror", "follow", A, B, True, AT),
        ("mirror", "follow", A, B, False, AT),
        ("mirror", "friend", A, B, True, AT),
        ("mirror", "friend", B, A, True, AT),
        ("mirror", "friend", B, A, False, AT),
        ("mirror", "friend", A, B, False, AT),
        ("mirror", "block", A, B, True, AT),
        ("mirror", "block", A, B, False, AT),
    ]


async def test_identity_events_mark_people_away_and_erase_them():
    handlers, repo = _handlers()
    await identity_consumer("unused:9092", handlers, MessageHandlers(repo, None)).apply(
        [
            identity_events.UserDeactivated(user_id=A, deactivated_at=_ts()),
            identity_events.UserReactivated(user_id=A, reactivated_at=_ts()),
            identity_events.UserErased(user_id=B, erased_at=_ts()),
            identity_events.UserErased(user_id="not-an-id", erased_at=_ts()),  # skipped, not fatal
        ]
    )
    assert repo.calls == [("user", A, True, AT), ("user", A, False, AT), ("erase", B, AT)]


def test_every_mirror_write_checks_the_tombstone_list():
    for statement in (
        sql_mirrors.MIRROR_FOLLOW,
        sql_mirrors.MIRROR_FRIEND,
        sql_mirrors.MIRROR_BLOCK,
        sql_mirrors.MIRROR_USER,
    ):
        assert "erased_users" in statement
        assert "at <= EXCLUDED.at" in statement  # the newest fact wins

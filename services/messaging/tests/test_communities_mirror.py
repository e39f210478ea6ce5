"""The communities mirror without servers: visibility, memberships with roles, bans and mutes
become facts; events messaging does not keep change nothing; and the room access rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2 as C
from kith.communities.v1 import events_pb2 as E
from kith_messaging.domain.conversations import RoomAccess
from kith_messaging.entrypoints.consumers import communities_consumer
from kith_messaging.service_layer.handlers import MessagingHandlers

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
COMMUNITY, USER, OWNER = (str(uuid.uuid4()) for _ in range(3))


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


class FakeRepository:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    async def mirror_community(self, *args):
        self.calls.append(("community", *args))

    async def mirror_community_member(self, *args):
        self.calls.append(("member", *args))

    async def mirror_community_ban(self, *args):
        self.calls.append(("ban", *args))

    async def mirror_community_mute(self, *args):
        self.calls.append(("mute", *args))


async def test_communities_events_become_facts():
    repo = FakeRepository()
    await communities_consumer("unused:9092", MessagingHandlers(repo=repo, people=None)).apply(
        [
            E.CommunityCreated(
                community_id=COMMUNITY, visibility=C.VISIBILITY_PRIVATE, owner_id=OWNER, created_at=_ts()
            ),
            E.MemberJoined(community_id=COMMUNITY, user_id=USER, role=C.ROLE_MEMBER, joined_at=_ts()),
            E.MemberRoleChanged(community_id=COMMUNITY, user_id=USER, role=C.ROLE_MODERATOR, changed_at=_ts()),
            E.MemberBanned(community_id=COMMUNITY, user_id=USER, banned_at=_ts()),
            E.MemberUnbanned(community_id=COMMUNITY, user_id=USER, unbanned_at=_ts()),
            E.MemberMuted(community_id=COMMUNITY, user_id=USER, until=_ts()),
            E.MemberWarned(community_id=COMMUNITY, user_id=USER),  # not a fact messaging keeps
        ]
    )
    assert repo.calls == [
        ("community", COMMUNITY, "private", AT),
        ("member", COMMUNITY, OWNER, "owner", True, AT),
        ("member", COMMUNITY, USER, "member", True, AT),
        ("member", COMMUNITY, USER, "moderator", True, AT),
        ("member", COMMUNITY, USER, None, False, AT),
        ("ban", COMMUNITY, USER, True, None, AT),
        ("ban", COMMUNITY, USER, False, None, AT),
        ("mute", COMMUNITY, USER, AT),
    ]


def test_room_access_rules():
    assert RoomAccess(True, "member", False, False).may_write
    assert not RoomAccess(True, "", False, False).may_write  # a reader of a public community
    assert not RoomAccess(True, "member", False, True).may_write  # muted
    assert not RoomAccess(True, "moderator", True, False).may_open_rooms  # banned
    assert not RoomAccess(True, "member", False, False).may_open_rooms
    assert all(RoomAccess(True, role, False, False).may_open_rooms for role in ("moderator", "admin", "owner"))

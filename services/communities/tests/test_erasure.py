"""Erasure without servers: who inherits a community, how UserErased is routed, and that every
column naming a person is handled by the erasure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from google.protobuf.timestamp_pb2 import Timestamp

from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_communities.adapters import postgres_erasure
from kith_communities.domain import memberships as rules
from kith_communities.domain.communities import Role
from kith_communities.domain.memberships import SuccessorCandidate
from kith_communities.entrypoints.consumers import graph_consumer, identity_consumer
from kith_communities.service_layer.handlers import CommunityHandlers
from services.communities.tests.fakes import FakeCommunityStore, FakeErasure

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MIGRATIONS = Path(postgres_erasure.__file__).parents[1] / "migrations"


def candidate(user_id: str, role: Role, days: int, deactivated: bool = False) -> SuccessorCandidate:
    return SuccessorCandidate(user_id, role, T0 + timedelta(days=days), deactivated)


def test_the_longest_serving_admin_inherits_the_community():
    assert (
        rules.successor(
            [
                candidate("m", Role.MEMBER, 0),
                candidate("a2", Role.ADMIN, 5),
                candidate("mod", Role.MODERATOR, 1),
                candidate("a1", Role.ADMIN, 3),
            ]
        )
        == "a1"
    )


def test_without_admins_a_moderator_then_a_member_inherits():
    assert rules.successor([candidate("m", Role.MEMBER, 0), candidate("mod", Role.MODERATOR, 9)]) == "mod"
    assert rules.successor([candidate("m2", Role.MEMBER, 2), candidate("m1", Role.MEMBER, 1)]) == "m1"


def test_active_accounts_inherit_before_deactivated_ones():
    assert (
        rules.successor([candidate("away", Role.ADMIN, 0, deactivated=True), candidate("here", Role.MEMBER, 7)])
        == "here"
    )
    assert rules.successor([candidate("away", Role.ADMIN, 0, deactivated=True)]) == "away"


def test_a_community_with_nobody_else_has_no_successor():
    assert rules.successor([]) is None


def test_ties_in_seniority_are_broken_by_id_so_every_replay_picks_the_same_person():
    assert rules.successor([candidate("b", Role.ADMIN, 0), candidate("a", Role.ADMIN, 0)]) == "a"


def _ts(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at)
    return ts


async def test_user_erased_is_handed_to_the_erasure_with_its_time():
    erasure, people = FakeErasure(), FakeCommunityStore()
    consumer = identity_consumer("unused:9092", people, erasure, CommunityHandlers(people))
    await consumer.apply(
        [
            identity_events.UserDeactivated(user_id="u1", deactivated_at=_ts(T0)),
            identity_events.UserErased(user_id="u1", erased_at=_ts(T0 + timedelta(days=14))),
        ]
    )
    assert people.deactivated == {"u1"}
    assert erasure.erased == [("u1", T0 + timedelta(days=14))]


async def test_a_user_erased_without_a_time_is_erased_as_of_now():
    erasure = FakeErasure()
    store = FakeCommunityStore()
    await identity_consumer("unused:9092", store, erasure, CommunityHandlers(store)).apply(
        [identity_events.UserErased(user_id="u")]
    )
    assert erasure.erased[0][0] == "u" and erasure.erased[0][1] > T0


async def test_blocks_still_reach_the_mirror_whose_write_skips_erased_people():
    people = FakeCommunityStore()
    await graph_consumer("unused:9092", people).apply([graph_events.UserBlocked(blocker_id="a", blocked_id="b")])
    assert people.blocks == {("a", "b")}
    from kith_communities.adapters import sql

    for statement in (sql.MIRROR_BLOCK, sql.MIRROR_USER, sql.MIRROR_PRIVACY):
        assert "erased_users" in statement


def _uuid_columns() -> set[str]:
    """table.column of every UUID column the migrations create."""
    columns: set[str] = set()
    for path in sorted(MIGRATIONS.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text())
        for table, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", text, re.S):
            for column in re.findall(r"(?:^|,)\s*(\w+)\s+UUID\b", body, re.M):
                columns.add(f"{table}.{column}")
        for table, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+) UUID\b", text):
            columns.add(f"{table}.{column}")
    return columns


# UUID columns that hold ids of communities, events or messages, never of people.
NOT_PEOPLE = {
    "communities.id",
    "communities.parent_id",
    "communities.archived_with",
    "communities.archived_by_removal",
    "communities.closed_by_removal",
    "staff_closures.removal_id",
    "staff_closures.community_id",
    "memberships.community_id",
    "join_requests.community_id",
    "bans.community_id",
    "moderation_log.community_id",
    "invitations.community_id",
    "invite_links.community_id",
    "community_events.id",
    "community_events.community_id",
    "rsvps.event_id",
    "reports.community_id",
}
# Where each column naming a person is handled by postgres_erasure (a fragment of its SQL).
PERSON_COLUMNS = {
    "communities.owner_id": "SET owner_id",
    "memberships.user_id": "DELETE FROM memberships WHERE user_id",
    "join_requests.user_id": "DELETE FROM join_requests WHERE user_id",
    "bans.user_id": "DELETE FROM bans WHERE user_id",
    "bans.banned_by": "SET banned_by = NULL",
    "moderation_log.actor_id": "actor_id = NULLIF(actor_id",
    "moderation_log.target_user_id": "target_user_id = NULLIF(target_user_id",
    "invitations.user_id": "DELETE FROM invitations WHERE user_id",
    "invitations.invited_by": "OR invited_by = $1",
    "invite_links.created_by": "DELETE FROM invite_links WHERE created_by",
    "community_events.created_by": "SET created_by = c.owner_id",
    "rsvps.user_id": "DELETE FROM rsvps WHERE user_id",
    "reports.reporter_id": "DELETE FROM reports WHERE reporter_id",
    "reports.target_id": "target = 'member' AND target_id = $1",
    "reports.resolved_by": "SET resolved_by = NULL",
    "mirror_blocks.blocker_id": "DELETE FROM mirror_blocks WHERE blocker_id",
    "mirror_blocks.blocked_id": "OR blocked_id = $1",
    "mirror_users.user_id": "DELETE FROM mirror_users WHERE user_id",
    "mirror_privacy.user_id": "DELETE FROM mirror_privacy WHERE user_id",
    "erased_users.user_id": "INSERT INTO erased_users",  # the tombstone: the one place the id stays
}


def test_every_uuid_column_is_either_a_person_handled_by_erasure_or_not_a_person():
    columns = _uuid_columns()
    assert "memberships.user_id" in columns and "erased_users.user_id" in columns  # the parser works
    assert columns - NOT_PEOPLE == set(PERSON_COLUMNS), "a new column naming people needs its erasure step"
    source = Path(postgres_erasure.__file__).read_text()
    missing = {column for column, fragment in PERSON_COLUMNS.items() if fragment not in source}
    assert not missing

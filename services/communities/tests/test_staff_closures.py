"""Closures of communities by the platform's staff without servers (identity's ContentRemovedByStaff
and ContentRestoredByStaff through the identity consumer, as the mirror push and Kafka apply them):
the community and everything below it are archived as ArchiveCommunity archives them, announced
with the removal and the owner; nobody can undo it but the restore, which reopens exactly what the
closure archived; redeliveries, other targets and unknown ids change nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2 as T
from kith_communities.adapters import outbox_events
from kith_communities.domain.communities import Nesting
from kith_communities.entrypoints.consumers import identity_consumer
from kith_platform.errors import FailedPrecondition
from kith_platform.events import parse_envelope, unpack_payload
from services.communities.tests.fakes import FakeErasure, communities_service, new_id

OWNER, STAFF = new_id(), new_id()
AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
CLOSED = "closed by the platform's staff; appeal the removal"


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


def removed(removal_id: str, target_id: str, kind=T.REPORT_TARGET_KIND_COMMUNITY):
    return identity_events.ContentRemovedByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, removed_at=_ts()
    )


def restored(removal_id: str, target_id: str, kind=T.REPORT_TARGET_KIND_COMMUNITY):
    return identity_events.ContentRestoredByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, restored_at=_ts(), how="appeal"
    )


@pytest.fixture
def service():
    return communities_service()


@pytest.fixture
def apply(service):
    return identity_consumer("unused:9092", service.store, FakeErasure(), service.communities).apply


def _tree(service):
    """top > middle > leaf, owned by OWNER."""
    top = service.store.seed(OWNER)
    middle = service.store.seed(OWNER, parent_id=top.community_id, nesting=Nesting.PARTIAL)
    leaf = service.store.seed(OWNER, parent_id=middle.community_id, nesting=Nesting.PARTIAL)
    return top.community_id, middle.community_id, leaf.community_id


def _archived(service) -> set[str]:
    return {c for c, community in service.store.communities.items() if community.archived_at is not None}


def _events(service, name: str) -> list[tuple]:
    return [e[1:] for e in service.store.outbox if e[0] == name]


async def test_a_closure_archives_the_community_and_below_and_names_the_owner(service, apply):
    top, middle, leaf = _tree(service)
    await apply([removed(removal := str(uuid.uuid4()), middle)])
    assert _archived(service) == {middle, leaf}
    assert _events(service, "CommunityArchived") == [(middle, middle, OWNER, removal), (leaf, middle, OWNER, removal)]
    assert await service.communities.directory("chess", 10, "") == ([service.store.communities[top]], "")


async def test_nobody_undoes_a_closure_by_unarchiving_or_moving(service, apply):
    top, middle, leaf = _tree(service)
    await apply([removed(str(uuid.uuid4()), middle)])
    for community in (middle, leaf):
        with pytest.raises(FailedPrecondition, match=CLOSED):
            await service.communities.unarchive(OWNER, community)
    with pytest.raises(FailedPrecondition, match="archived"):
        await service.communities.move(OWNER, middle, "", None)
    assert await service.communities.archive(OWNER, middle) == []  # already archived: nothing changes
    with pytest.raises(FailedPrecondition, match=CLOSED):
        await service.communities.unarchive(OWNER, middle)


async def test_a_restore_reopens_what_the_closure_archived_and_not_what_the_owner_had(service, apply):
    top, middle, leaf = _tree(service)
    await service.communities.archive(OWNER, leaf)
    removal = str(uuid.uuid4())
    await apply([removed(removal, middle)])
    await apply([restored(str(uuid.uuid4()), middle)])  # another removal's: nothing
    assert _archived(service) == {middle, leaf}
    await apply([restored(removal, middle)])
    assert _archived(service) == {leaf}
    assert _events(service, "CommunityUnarchived") == [(middle, removal)]
    assert await service.communities.unarchive(OWNER, leaf) == [leaf]  # the owner's own archive again


async def test_closing_what_the_owner_archived_keeps_it_closed_when_they_unarchive_above(service, apply):
    top, middle, leaf = _tree(service)
    await service.communities.archive(OWNER, top)
    removal = str(uuid.uuid4())
    await apply([removed(removal, middle)])
    assert ("CommunityArchived", middle, middle, OWNER, removal) in service.store.outbox  # announced all the same
    assert await service.communities.unarchive(OWNER, top) == [top]
    assert _archived(service) == {middle, leaf}
    with pytest.raises(FailedPrecondition, match=CLOSED):
        await service.communities.unarchive(OWNER, middle)
    await apply([restored(removal, middle)])
    assert _archived(service) == set()


async def test_a_closure_ended_under_a_parent_archived_since_stays_in_that_archive(service, apply):
    top, middle, leaf = _tree(service)
    removal = str(uuid.uuid4())
    await apply([removed(removal, middle)])
    await service.communities.archive(OWNER, top)
    await apply([restored(removal, middle)])
    assert _archived(service) == {top, middle, leaf}
    assert sorted(await service.communities.unarchive(OWNER, top)) == sorted([top, middle, leaf])


@pytest.mark.parametrize("inner_first", [True, False])
async def test_nested_closures_each_hold_until_their_own_restore(service, apply, inner_first):
    top, middle, leaf = _tree(service)
    outer, inner = str(uuid.uuid4()), str(uuid.uuid4())
    closures = [removed(outer, top), removed(inner, middle)]
    await apply(closures[::-1] if inner_first else closures)
    await apply([restored(outer, top)])
    assert _archived(service) == {middle, leaf}
    with pytest.raises(FailedPrecondition, match=CLOSED):
        await service.communities.unarchive(OWNER, middle)
    await apply([restored(inner, middle)])
    assert _archived(service) == set()


async def test_the_inner_restore_first_leaves_everything_to_the_outer_closure(service, apply):
    top, middle, leaf = _tree(service)
    outer, inner = str(uuid.uuid4()), str(uuid.uuid4())
    await apply([removed(outer, top), removed(inner, middle), restored(inner, middle)])
    assert _archived(service) == {top, middle, leaf}
    with pytest.raises(FailedPrecondition, match=CLOSED):
        await service.communities.unarchive(OWNER, top)
    await apply([restored(outer, top)])
    assert _archived(service) == set()


async def test_redeliveries_other_targets_and_unknown_ids_change_nothing(service, apply):
    top, middle, leaf = _tree(service)
    removal = str(uuid.uuid4())
    await apply([removed(removal, middle), removed(removal, middle)])
    await apply([restored(removal, middle), restored(removal, middle), removed(removal, middle)])
    assert _archived(service) == set()
    assert len(_events(service, "CommunityArchived")) == 2 and len(_events(service, "CommunityUnarchived")) == 2
    early = str(uuid.uuid4())
    await apply(
        [
            restored(early, top),  # a restore ahead of its closure: the closure is then ignored
            removed(early, top),
            removed(str(uuid.uuid4()), top, T.REPORT_TARGET_KIND_MESSAGE),
            removed(str(uuid.uuid4()), str(uuid.uuid4())),
            removed("not-an-id", top),
            removed(str(uuid.uuid4()), "not-an-id"),
        ]
    )
    assert _archived(service) == set()


def test_archive_events_name_the_owner_and_the_removal():
    event = unpack_payload(parse_envelope(outbox_events.archived("c", "top", "", AT, OWNER, "r").value or b""))
    assert (event.archived_with, event.archived_by, event.owner_id, event.removal_id) == ("top", "", OWNER, "r")
    back = unpack_payload(parse_envelope(outbox_events.unarchived("c", "", AT, "r").value or b""))
    assert (back.community_id, back.unarchived_by, back.removal_id) == ("c", "", "r")

"""Who may invite a person to communities (PrivacySettings.community_invitations) without servers:
InviteUser for each reach and relationship as one table (the graph a fake, asked only when the
setting depends on it), and the mirror of the setting (identity's PrivacySettingsChanged, newest
wins, ignored and forgotten on erasure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import privacy_pb2
from kith_communities.adapters import postgres_erasure, sql
from kith_communities.domain.communities import Role, Visibility
from kith_communities.entrypoints.consumers import identity_consumer
from kith_platform.errors import FailedPrecondition, NotFound, PermissionDenied, Unavailable
from kith_platform.privacy import Reach
from services.communities.tests.fakes import FakeErasure, communities_service, new_id

OWNER, MOD, MEMBER, ANA = (new_id() for _ in range(4))
T0 = datetime(2026, 1, 1, tzinfo=UTC)

INVITED = "invited"
# (the invitee's setting, how the invitee stands to the inviting moderator, what the moderator gets)
CASES = [
    (None, "stranger", INVITED),  # never changed: everyone
    (Reach.EVERYONE, "stranger", INVITED),
    (Reach.PEOPLE_I_FOLLOW, "stranger", "only from people they follow"),
    (Reach.PEOPLE_I_FOLLOW, "inviter follows invitee", "only from people they follow"),  # the other way round
    (Reach.PEOPLE_I_FOLLOW, "invitee follows inviter", INVITED),
    (Reach.PEOPLE_I_FOLLOW, "friends", INVITED),
    (Reach.FRIENDS, "stranger", "only from their friends"),
    (Reach.FRIENDS, "invitee follows inviter", "only from their friends"),
    (Reach.FRIENDS, "friends", INVITED),
    (Reach.NOBODY, "stranger", "from nobody"),
    (Reach.NOBODY, "friends", "from nobody"),
]
# The graph is asked only when the answer depends on it.
ASKS_GRAPH = {Reach.PEOPLE_I_FOLLOW, Reach.FRIENDS}


def _service():
    service = communities_service()
    community = service.store.seed(OWNER, Visibility.PRIVATE)
    service.store.seed_member(community.community_id, MOD, Role.MODERATOR)
    service.store.seed_member(community.community_id, MEMBER)
    return service, community.community_id


def _stand(service, how: str) -> None:
    if how == "inviter follows invitee":
        service.graph.follows.add((MOD, ANA))
    elif how == "invitee follows inviter":
        service.graph.follows.add((ANA, MOD))
    elif how == "friends":
        service.graph.friends.add(frozenset((ANA, MOD)))


@pytest.mark.parametrize(("reach", "how", "expected"), CASES)
async def test_who_may_invite_a_person(reach, how, expected):
    service, community_id = _service()
    _stand(service, how)
    if reach is not None:
        await service.store.mirror_privacy(ANA, reach, T0)
    invite = service.invitations.invite(MOD, community_id, ANA)
    if expected == INVITED:
        assert await invite
        assert service.store.outbox == [("UserInvited", community_id, ANA)]
    else:
        with pytest.raises(PermissionDenied) as refused:
            await invite
        assert refused.value.message == f"user_id: this person takes community invitations {expected}"
        assert service.store.outbox == [] and service.store.invitations == {}
    assert service.graph.asked == ([(ANA, MOD)] if reach in ASKS_GRAPH else [])


async def test_blocks_deactivation_and_membership_are_checked_before_the_setting():
    service, community_id = _service()
    for user in (ANA, MEMBER):
        await service.store.mirror_privacy(user, Reach.NOBODY, T0)
    service.store.blocks.add((ANA, MOD))
    with pytest.raises(NotFound, match="no such user"):
        await service.invitations.invite(MOD, community_id, ANA)
    with pytest.raises(FailedPrecondition, match="already a member"):
        await service.invitations.invite(MOD, community_id, MEMBER)


async def test_an_invitation_that_needs_the_graph_is_unavailable_while_graph_cannot_answer():
    service, community_id = _service()
    await service.store.mirror_privacy(ANA, Reach.FRIENDS, T0)
    service.graph.down = True
    with pytest.raises(Unavailable):
        await service.invitations.invite(MOD, community_id, ANA)
    assert service.store.invitations == {}
    await service.store.mirror_privacy(ANA, Reach.EVERYONE, T0 + timedelta(seconds=1))
    assert await service.invitations.invite(MOD, community_id, ANA)  # no need to ask graph


def _changed(user_id: str, reach: int, at: datetime) -> identity_events.PrivacySettingsChanged:
    changed_at = Timestamp()
    changed_at.FromDatetime(at)
    return identity_events.PrivacySettingsChanged(
        user_id=user_id,
        settings=privacy_pb2.PrivacySettings(community_invitations=reach, mentions=privacy_pb2.REACH_NOBODY),
        changed_at=changed_at,
    )


async def test_the_newest_setting_wins_whatever_order_it_arrives_in():
    service, _ = _service()
    apply = identity_consumer("unused:9092", service.store, FakeErasure(), service.communities).apply
    await apply([_changed(ANA, privacy_pb2.REACH_FRIENDS, T0 + timedelta(seconds=2))])  # identity's push
    await apply([_changed(ANA, privacy_pb2.REACH_NOBODY, T0 + timedelta(seconds=1))])  # Kafka, later and older
    assert await service.store.community_invitations(ANA) is Reach.FRIENDS
    await apply([_changed(ANA, privacy_pb2.REACH_FRIENDS, T0 + timedelta(seconds=2))])  # redelivered
    await apply([_changed(ANA, privacy_pb2.REACH_UNSPECIFIED, T0 + timedelta(seconds=3))])  # skipped
    assert await service.store.community_invitations(ANA) is Reach.FRIENDS
    await apply([_changed(ANA, privacy_pb2.REACH_PEOPLE_I_FOLLOW, T0 + timedelta(seconds=4))])
    assert await service.store.community_invitations(ANA) is Reach.PEOPLE_I_FOLLOW
    assert await service.store.community_invitations(MEMBER) is Reach.EVERYONE  # never changed


async def test_a_setting_naming_an_erased_person_is_ignored_and_erasure_forgets_it():
    service, _ = _service()
    service.store.erased.add(ANA)
    await service.store.mirror_privacy(ANA, Reach.NOBODY, T0)
    assert service.store.privacy == {}
    assert "erased_users" in sql.MIRROR_PRIVACY
    assert "DELETE FROM mirror_privacy WHERE user_id = $1" in postgres_erasure.FORGET

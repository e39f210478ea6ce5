"""The community repository over PostgreSQL: one class put together from the adapter of each
concern (communities, memberships, invitations, moderation, people), sharing one pool."""

from __future__ import annotations

from kith_communities.adapters.postgres_communities import PostgresCommunities
from kith_communities.adapters.postgres_invitations import PostgresInvitations
from kith_communities.adapters.postgres_memberships import PostgresMemberships
from kith_communities.adapters.postgres_moderation import PostgresModeration
from kith_communities.adapters.postgres_people import PostgresPeople
from kith_communities.domain.ports import CommunityRepository


class PostgresCommunityRepository(
    PostgresCommunities,
    PostgresMemberships,
    PostgresInvitations,
    PostgresModeration,
    PostgresPeople,
    CommunityRepository,
):
    """Each change is stored with its events in the same transaction (the outbox)."""

"""What the communities adapters share: the pool they run on, and rows read back as domain objects."""

from __future__ import annotations

import uuid

import asyncpg

from kith_communities.domain.communities import Community, Nesting, PostingPolicy, Visibility


class PoolAdapter:
    """An adapter over the service's PostgreSQL pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool


def after_args(after: tuple | None) -> tuple:
    """A (key, id) page cursor as the two query arguments of the keyset (None, None for the first page)."""
    return (after[0], uuid.UUID(after[1])) if after else (None, None)


def community_from_row(row: asyncpg.Record) -> Community:
    return Community(
        community_id=str(row["id"]),
        slug=row["slug"],
        name=row["name"],
        description=row["description"],
        purpose=row["purpose"],
        topics=tuple(row["topics"]),
        visibility=Visibility(row["visibility"]),
        owner_id=str(row["owner_id"]) if row["owner_id"] else "",
        member_count=row["member_count"],
        created_at=row["created_at"],
        parent_id=str(row["parent_id"]) if row["parent_id"] else None,
        nesting=Nesting(row["nesting"]) if row["nesting"] else None,
        rules=tuple(row["rules"]),
        welcome_message=row["welcome_message"],
        posting_policy=PostingPolicy(row["posting_policy"]),
        archived_at=row["archived_at"],
        archived_with=str(row["archived_with"]) if row["archived_with"] else None,
        hold_links_below_trust_level=row["hold_links_below_trust_level"],
        membership_questions=tuple(row["membership_questions"]),
        comments_from_non_members=row["comments_from_non_members"],
        closed_by_removal=str(row["closed_by_removal"]) if row["closed_by_removal"] else None,
    )

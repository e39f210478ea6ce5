"""PostgreSQL adapter of the communities themselves: create (with the owner's membership),
read, change, nest and archive, each change with its events (outbox) and log entries."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg

from kith.communities.v1 import events_pb2
from kith_communities.adapters import outbox_events, sql
from kith_communities.adapters.outbox_events import community_event, nesting_to_proto
from kith_communities.adapters.postgres_log import write_log
from kith_communities.adapters.postgres_rows import PoolAdapter, after_args, community_from_row
from kith_communities.domain import communities as rules
from kith_communities.domain.communities import Community, Nesting, NewCommunity, PostingPolicy, Role, Visibility
from kith_communities.domain.ports import Communities, PostingState
from kith_platform.errors import AlreadyExists
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


async def _insert(conn, community_id: str, new: NewCommunity, owner_id: str, at: datetime) -> None:
    try:
        await conn.execute(
            sql.INSERT_COMMUNITY,
            uuid.UUID(community_id),
            new.slug,
            new.name,
            new.description,
            new.purpose,
            list(new.topics),
            new.visibility.value,
            uuid.UUID(owner_id),
            at,
            uuid.UUID(new.parent_id) if new.parent_id else None,
            new.nesting.value if new.nesting else None,
            list(new.rules),
            new.welcome_message,
            new.posting_policy.value,
        )
    except asyncpg.UniqueViolationError:
        raise AlreadyExists("slug: already taken") from None


class PostgresCommunities(PoolAdapter, Communities):
    async def create(self, new: NewCommunity, owner_id: str) -> Community:
        community_id, now = str(uuid.uuid4()), datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            await _insert(conn, community_id, new, owner_id, now)
            await conn.execute(
                sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(owner_id), Role.OWNER.value, now
            )
            await add_to_postgres_outbox(
                conn,
                [
                    outbox_events.created(community_id, new, owner_id, now),
                    outbox_events.joined(community_id, owner_id, Role.OWNER, now),
                ],
            )
        return Community(
            community_id,
            new.slug,
            new.name,
            new.description,
            new.purpose,
            new.topics,
            new.visibility,
            owner_id,
            1,
            now,
            new.parent_id,
            new.nesting,
            new.rules,
            new.welcome_message,
            new.posting_policy,
        )

    async def get(self, community_id: str | None, slug: str | None) -> Community | None:
        if community_id:
            row = await self.pool.fetchrow(sql.SELECT_BY_ID, uuid.UUID(community_id))
        else:
            row = await self.pool.fetchrow(sql.SELECT_BY_SLUG, slug)
        return None if row is None else community_from_row(row)

    async def update(self, community_id: str, changes: dict, by: str) -> Community | None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            # Locked and read again: concurrent updates apply one after the other, and their
            # events leave in that order.
            row = await conn.fetchrow(sql.SELECT_COMMUNITY_FOR_UPDATE, uuid.UUID(community_id))
            if row is None:
                return None
            before = community_from_row(row)
            after = replace(before, **changes)
            changed = rules.changed_fields(before, after)
            if not changed:
                return after
            await conn.execute(
                sql.UPDATE_COMMUNITY,
                uuid.UUID(community_id),
                after.name,
                after.description,
                after.purpose,
                after.welcome_message,
                list(after.rules),
                after.posting_policy.value,
                after.hold_links_below_trust_level,
                list(after.membership_questions),
                after.comments_from_non_members,
            )
            await add_to_postgres_outbox(conn, [outbox_events.updated(after, changed, by, now)])
            for action, details in rules.update_log_entries(changed, after):
                await write_log(conn, community_id, by, action, None, details=details)
        return after

    async def directory(self, topic: str, limit: int, after: tuple[int, str] | None) -> list[Community]:
        rows = await self.pool.fetch(sql.DIRECTORY, topic, *after_args(after), limit)
        return [community_from_row(r) for r in rows]

    async def search(self, query: str, limit: int, after: tuple[float, str] | None) -> list[tuple[Community, float]]:
        rows = await self.pool.fetch(sql.SEARCH, query, *after_args(after), limit)
        return [(community_from_row(r), r["rank"]) for r in rows]

    # Nesting and archives -------------------------------------------------------------------

    async def subcommunities(self, community_id: str) -> list[Community]:
        return [community_from_row(r) for r in await self.pool.fetch(sql.SUBCOMMUNITIES, uuid.UUID(community_id))]

    async def descendant_ids(self, community_id: str) -> set[str]:
        return {str(r["id"]) for r in await self.pool.fetch(sql.DESCENDANTS, uuid.UUID(community_id))}

    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.OWNS_FULL_DESCENDANT, uuid.UUID(community_id), uuid.UUID(user_id)))

    async def move(self, community: Community, parent_id: str | None, nesting: Nesting | None, by: str) -> int:
        """Move the community (with its event); when fully nested, refuse (returning how many)
        if members of the community are not members of the new parent."""
        now = datetime.now(UTC)
        ids = [uuid.UUID(community.community_id)] + ([uuid.UUID(parent_id)] if parent_id else [])
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_COMMUNITIES, ids)
            if nesting is Nesting.FULL:
                outsiders = await conn.fetchval(sql.COUNT_NOT_IN_PARENT, ids[0], ids[1])
                if outsiders:
                    return outsiders
            await conn.execute(
                sql.MOVE_COMMUNITY, ids[0], ids[1] if parent_id else None, nesting.value if nesting else None
            )
            moved = events_pb2.CommunityMoved(
                community_id=community.community_id,
                parent_id=parent_id or "",
                previous_parent_id=community.parent_id or "",
                nesting=nesting_to_proto(nesting),
                moved_by=by,
                moved_at=timestamp(now),
            )
            await add_to_postgres_outbox(conn, [community_event(community.community_id, moved, now)])
            await write_log(conn, community.community_id, by, "move", None, details=f"parent={parent_id or ''}")
        return 0

    async def archive(self, community_id: str, by: str, removal_id: str = "") -> list[str]:
        now, community = datetime.now(UTC), uuid.UUID(community_id)
        removal = uuid.UUID(removal_id) if removal_id else None
        async with self.pool.acquire() as conn, conn.transaction():
            # Locked: the owner named in the events is the owner as the archive happens.
            row = await conn.fetchrow(sql.LOCK_FOR_ARCHIVE, community)
            if row is None:
                return []
            owner_id = str(row["owner_id"]) if row["owner_id"] else ""
            if removal is not None and await conn.fetchval(sql.RECORD_CLOSURE, removal, community, now) is None:
                return []  # this closure was applied before (or reversed before it arrived)
            ids = [str(r["id"]) for r in await conn.fetch(sql.ARCHIVE_SUBTREE, community, now, removal)]
            if removal is not None:
                await conn.execute(sql.HOLD_SUBTREE, community, removal, row["closed_by_removal"])
                if community_id not in ids:  # archived before: the closure is still announced
                    ids.insert(0, community_id)
            await add_to_postgres_outbox(
                conn, [outbox_events.archived(c, community_id, by, now, owner_id, removal_id) for c in ids]
            )
            if ids:
                await write_log(conn, community_id, by or None, "archive", None, details=self._closure(removal_id))
        return ids

    @staticmethod
    def _closure(removal_id: str) -> str:
        """The moderation log's details of an entry by the platform's staff (who stay unnamed)."""
        return "by the platform's staff" if removal_id else ""

    async def unarchive(self, community_id: str, by: str) -> list[str]:
        now, community = datetime.now(UTC), uuid.UUID(community_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.HAND_OVER_TO_CLOSURES, community)
            ids = [str(r["id"]) for r in await conn.fetch(sql.UNARCHIVE, community)]
            await add_to_postgres_outbox(conn, [outbox_events.unarchived(c, by, now) for c in ids])
            if ids:
                await write_log(conn, community_id, by, "unarchive", None)
        return ids

    async def reopen_closed(self, removal_id: str, community_id: str) -> list[str]:
        now, removal = datetime.now(UTC), uuid.UUID(removal_id)
        async with self.pool.acquire() as conn, conn.transaction():
            ended = await conn.fetchrow(sql.END_CLOSURE, removal, uuid.UUID(community_id), now)
            if ended is None or ended["closed_at"] is None:
                return []  # reversed before, or never applied here
            closed = ended["community_id"]
            await conn.execute(sql.LOCK_FOR_ARCHIVE, closed)
            parent = await conn.fetchrow(sql.ARCHIVED_PARENT, closed)
            if parent is not None:  # archived since: what the closure archived stays, in its archive
                await conn.execute(
                    sql.HAND_OVER_TO_PARENT, removal, parent["archived_with"], parent["archived_by_removal"]
                )
                ids = []
            else:
                ids = [str(r["id"]) for r in await conn.fetch(sql.REOPEN_CLOSED, removal)]
            await conn.execute(sql.HAND_OVER_HOLD, removal, parent["closed_by_removal"] if parent else None)
            await add_to_postgres_outbox(conn, [outbox_events.unarchived(c, "", now, removal_id) for c in ids])
            if ids:
                await write_log(conn, str(closed), None, "unarchive", None, details=self._closure(removal_id))
        return ids

    async def posting_state(self, community_id: str, user_id: str) -> PostingState | None:
        row = await self.pool.fetchrow(sql.POSTING_STATE, uuid.UUID(community_id), uuid.UUID(user_id))
        if row is None:
            return None
        return PostingState(
            visibility=Visibility(row["visibility"]),
            policy=PostingPolicy(row["posting_policy"]),
            role=Role(row["role"]) if row["role"] else None,
            muted_until=row["muted_until"],
            banned=row["banned"],
            archived=row["archived_at"] is not None,
            hold_links_below=row["hold_links_below_trust_level"],
            comments_from_non_members=row["comments_from_non_members"],
        )

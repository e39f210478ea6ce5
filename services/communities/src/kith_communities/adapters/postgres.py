"""PostgreSQL adapter of the community repository (with the outbox)."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg

from kith.communities.v1 import communities_pb2, events_pb2
from kith_communities.adapters import sql
from kith_communities.domain import communities as rules
from kith_communities.domain.communities import (
    Community,
    Membership,
    ModerationEntry,
    Nesting,
    NewCommunity,
    PendingRequest,
    PostingPolicy,
    Role,
    Visibility,
)
from kith_communities.domain.ports import CommunityRepository, LinkJoin
from kith_platform.errors import AlreadyExists
from kith_platform.events import COMMUNITIES_COMMUNITIES, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox

PRODUCER = "communities"
VISIBILITY_TO_PROTO = {
    Visibility.PUBLIC: communities_pb2.VISIBILITY_PUBLIC,
    Visibility.PRIVATE: communities_pb2.VISIBILITY_PRIVATE,
    Visibility.HIDDEN: communities_pb2.VISIBILITY_HIDDEN,
}
ROLE_TO_PROTO = {
    Role.MEMBER: communities_pb2.ROLE_MEMBER,
    Role.MODERATOR: communities_pb2.ROLE_MODERATOR,
    Role.ADMIN: communities_pb2.ROLE_ADMIN,
    Role.OWNER: communities_pb2.ROLE_OWNER,
}


def _community(row: asyncpg.Record) -> Community:
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
    )


NESTING_TO_PROTO = {Nesting.FULL: communities_pb2.NESTING_FULL, Nesting.PARTIAL: communities_pb2.NESTING_PARTIAL}


async def _cascade_leave(conn, community_id: str, user_id: str, at: datetime) -> None:
    """End the user's memberships of fully nested communities below, with their events."""
    rows = await conn.fetch(sql.CASCADE_LEAVE, uuid.UUID(community_id), uuid.UUID(user_id))
    await add_to_postgres_outbox(
        conn,
        [
            community_event(
                str(r["id"]),
                events_pb2.MemberLeft(community_id=str(r["id"]), user_id=user_id, left_at=timestamp(at)),
                at,
            )
            for r in rows
        ],
    )


def community_event(community_id: str, payload, at: datetime):
    """An event on communities.communities.v1, keyed by the community."""
    return make_event(
        topic=COMMUNITIES_COMMUNITIES, aggregate_id=community_id, producer=PRODUCER, occurred_at=at, payload=payload
    )


POLICY_TO_PROTO = {
    PostingPolicy.ALL_MEMBERS: communities_pb2.POSTING_POLICY_ALL_MEMBERS,
    PostingPolicy.MODERATORS_ONLY: communities_pb2.POSTING_POLICY_MODERATORS_ONLY,
}


def _updated(c: Community, changed: list[str], by: str, at: datetime) -> events_pb2.CommunityUpdated:
    """The community's public description after an update (never join answers or moderation notes)."""
    return events_pb2.CommunityUpdated(
        community_id=c.community_id,
        changed=changed,
        slug=c.slug,
        name=c.name,
        description=c.description,
        purpose=c.purpose,
        topics=list(c.topics),
        visibility=VISIBILITY_TO_PROTO[c.visibility],
        rules=list(c.rules),
        welcome_message=c.welcome_message,
        posting_policy=POLICY_TO_PROTO[c.posting_policy],
        hold_links_below_trust_level=c.hold_links_below_trust_level,
        membership_questions=list(c.membership_questions),
        comments_from_non_members=c.comments_from_non_members,
        updated_by=by,
        updated_at=timestamp(at),
    )


def _joined(community_id: str, user_id: str, role: Role, at: datetime):
    return community_event(
        community_id,
        events_pb2.MemberJoined(
            community_id=community_id, user_id=user_id, role=ROLE_TO_PROTO[role], joined_at=timestamp(at)
        ),
        at,
    )


class PostgresCommunityRepository(CommunityRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(self, new: NewCommunity, owner_id: str) -> Community:
        community_id, now = str(uuid.uuid4()), datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
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
                    now,
                    uuid.UUID(new.parent_id) if new.parent_id else None,
                    new.nesting.value if new.nesting else None,
                    list(new.rules),
                    new.welcome_message,
                    new.posting_policy.value,
                )
            except asyncpg.UniqueViolationError:
                raise AlreadyExists("slug: already taken") from None
            await conn.execute(
                sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(owner_id), Role.OWNER.value, now
            )
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.CommunityCreated(
                            community_id=community_id,
                            slug=new.slug,
                            name=new.name,
                            topics=list(new.topics),
                            visibility=VISIBILITY_TO_PROTO[new.visibility],
                            owner_id=owner_id,
                            created_at=timestamp(now),
                            parent_id=new.parent_id or "",
                            nesting=NESTING_TO_PROTO[new.nesting]
                            if new.nesting
                            else communities_pb2.NESTING_UNSPECIFIED,
                        ),
                        now,
                    ),
                    _joined(community_id, owner_id, Role.OWNER, now),
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
        return None if row is None else _community(row)

    async def role_of(self, community_id: str, user_id: str) -> Role | None:
        role = await self.pool.fetchval(sql.SELECT_ROLE, uuid.UUID(community_id), uuid.UUID(user_id))
        return None if role is None else Role(role)

    async def join(self, community_id: str, user_id: str, role: Role) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            joined = await conn.fetchval(
                sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id), role.value, now
            )
            if joined is None:
                return False
            await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), 1)
            await add_to_postgres_outbox(conn, [_joined(community_id, user_id, role, now)])
        return True

    async def leave(self, community_id: str, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.MemberLeft(community_id=community_id, user_id=user_id, left_at=timestamp(now)),
                        now,
                    )
                ],
            )
            await _cascade_leave(conn, community_id, user_id, now)
        return True

    async def members(
        self, community_id: str, limit: int, after: tuple[datetime, str] | None, viewer_id: str
    ) -> list[Membership]:
        rows = await self.pool.fetch(
            sql.SELECT_MEMBERS,
            uuid.UUID(community_id),
            after[0] if after else None,
            uuid.UUID(after[1]) if after else None,
            limit,
            uuid.UUID(viewer_id),
        )
        return [Membership(str(r["user_id"]), Role(r["role"]), r["joined_at"]) for r in rows]

    async def add_join_request(
        self, community_id: str, user_id: str, answers: tuple[str, ...], questions: tuple[str, ...] = ()
    ) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            added = await conn.fetchval(
                sql.INSERT_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id), list(answers), list(questions)
            )
            if added is None:
                return False
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.JoinRequested(
                            community_id=community_id, user_id=user_id, requested_at=timestamp(now)
                        ),
                        now,
                    )
                ],
            )
        return True

    async def join_requests(self, community_id, limit, after, viewer_id: str) -> list[PendingRequest]:
        rows = await self.pool.fetch(
            sql.SELECT_JOIN_REQUESTS,
            uuid.UUID(community_id),
            after[0] if after else None,
            uuid.UUID(after[1]) if after else None,
            limit,
            uuid.UUID(viewer_id),
        )
        return [
            PendingRequest(str(r["user_id"]), tuple(r["answers"]), r["requested_at"], tuple(r["questions"]))
            for r in rows
        ]

    async def answer_join_request(self, community_id: str, user_id: str, approve: bool, by: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            if approve:
                added = await conn.fetchval(
                    sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id), Role.MEMBER.value, now
                )
                if added is not None:
                    await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), 1)
                    await add_to_postgres_outbox(conn, [_joined(community_id, user_id, Role.MEMBER, now)])
            else:
                await add_to_postgres_outbox(
                    conn,
                    [
                        community_event(
                            community_id,
                            events_pb2.JoinRequestDenied(
                                community_id=community_id, user_id=user_id, denied_by=by, denied_at=timestamp(now)
                            ),
                            now,
                        )
                    ],
                )
            await self.log(conn, community_id, by, "approve join request" if approve else "deny join request", user_id)
        return True

    @asynccontextmanager
    async def lock_roles(self, community_id: str, user_ids: list[str]):
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_COMMUNITY, uuid.UUID(community_id))
            rows = await conn.fetch(sql.SELECT_ROLES, uuid.UUID(community_id), [uuid.UUID(u) for u in user_ids])
            roles = {str(r["user_id"]): Role(r["role"]) for r in rows}
            yield conn, roles

    async def set_role(self, tx, community_id: str, user_id: str, role: Role, by: str) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.UPDATE_ROLE, uuid.UUID(community_id), uuid.UUID(user_id), role.value)
        if role is Role.OWNER:
            await tx.execute(sql.UPDATE_OWNER, uuid.UUID(community_id), uuid.UUID(user_id))
        await add_to_postgres_outbox(
            tx,
            [
                community_event(
                    community_id,
                    events_pb2.MemberRoleChanged(
                        community_id=community_id,
                        user_id=user_id,
                        role=ROLE_TO_PROTO[role],
                        changed_by=by,
                        changed_at=timestamp(now),
                    ),
                    now,
                )
            ],
        )
        await self.log(tx, community_id, by, "change role", user_id, details=f"role={role.value}")

    async def remove_member(self, tx, community_id: str, user_id: str, by: str) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
        await tx.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
        await add_to_postgres_outbox(
            tx,
            [
                community_event(
                    community_id,
                    events_pb2.MemberRemoved(
                        community_id=community_id, user_id=user_id, removed_by=by, removed_at=timestamp(now)
                    ),
                    now,
                )
            ],
        )
        await self.log(tx, community_id, by, "remove member", user_id)
        await _cascade_leave(tx, community_id, user_id, now)

    async def directory(self, topic: str, limit: int, after: tuple[int, str] | None) -> list[Community]:
        rows = await self.pool.fetch(
            sql.DIRECTORY, topic, after[0] if after else None, uuid.UUID(after[1]) if after else None, limit
        )
        return [_community(r) for r in rows]

    async def search(self, query: str, limit: int, after: tuple[float, str] | None) -> list[tuple[Community, float]]:
        rows = await self.pool.fetch(
            sql.SEARCH, query, after[0] if after else None, uuid.UUID(after[1]) if after else None, limit
        )
        return [(_community(r), r["rank"]) for r in rows]

    async def mine(self, user_id: str, limit: int, after: tuple[datetime, str] | None):
        rows = await self.pool.fetch(
            sql.MY_COMMUNITIES,
            uuid.UUID(user_id),
            after[0] if after else None,
            uuid.UUID(after[1]) if after else None,
            limit,
        )
        return [(_community(r), Role(r["role"]), r["joined_at"]) for r in rows]

    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        row = await self.pool.fetchrow(sql.SELECT_BAN, uuid.UUID(community_id), uuid.UUID(user_id))
        return (row is not None), (row["until"] if row else None)

    async def ban(self, tx, community_id, user_id, until, by, reason, was_member) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.UPSERT_BAN, uuid.UUID(community_id), uuid.UUID(user_id), until, uuid.UUID(by))
        await tx.execute(sql.DELETE_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id))
        if was_member:
            await tx.execute(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
            await tx.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
            await _cascade_leave(tx, community_id, user_id, now)
        banned = events_pb2.MemberBanned(
            community_id=community_id, user_id=user_id, banned_by=by, banned_at=timestamp(now)
        )
        if until is not None:
            banned.until.CopyFrom(timestamp(until))
        await add_to_postgres_outbox(tx, [community_event(community_id, banned, now)])
        await self.log(
            tx, community_id, by, "ban", user_id, reason, f"until={until.isoformat()}" if until else "until=lifted"
        )

    async def unban(self, tx, community_id, user_id, by) -> bool:
        now = datetime.now(UTC)
        if await tx.fetchval(sql.DELETE_BAN, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
            return False
        await add_to_postgres_outbox(
            tx,
            [
                community_event(
                    community_id,
                    events_pb2.MemberUnbanned(
                        community_id=community_id, user_id=user_id, unbanned_by=by, unbanned_at=timestamp(now)
                    ),
                    now,
                )
            ],
        )
        await self.log(tx, community_id, by, "unban", user_id)
        return True

    async def log(self, tx, community_id, actor, action, target, reason="", details="") -> None:
        await tx.execute(
            sql.INSERT_LOG,
            uuid.UUID(community_id),
            uuid.UUID(actor),
            action,
            uuid.UUID(target) if target else None,
            reason,
            details,
        )

    async def moderation_log(self, community_id: str, limit: int, before: int | None) -> list[ModerationEntry]:
        rows = await self.pool.fetch(sql.SELECT_LOG, uuid.UUID(community_id), before, limit)
        return [
            ModerationEntry(
                r["id"],
                str(r["actor_id"]) if r["actor_id"] else "",
                r["action"],
                str(r["target_user_id"]) if r["target_user_id"] else "",
                r["reason"],
                r["details"],
                r["at"],
            )
            for r in rows
        ]

    async def invite(self, community_id: str, user_id: str, by: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            added = await conn.fetchval(
                sql.INSERT_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id), uuid.UUID(by)
            )
            if added is None:
                return False
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.UserInvited(
                            community_id=community_id, user_id=user_id, invited_by=by, invited_at=timestamp(now)
                        ),
                        now,
                    )
                ],
            )
        return True

    async def is_invited(self, community_id: str, user_id: str) -> bool:
        return await self.pool.fetchval(sql.SELECT_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id)) is not None

    async def accept_invitation(self, community_id: str, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            joined = await conn.fetchval(
                sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id), Role.MEMBER.value, now
            )
            if joined is not None:
                await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), 1)
                await add_to_postgres_outbox(conn, [_joined(community_id, user_id, Role.MEMBER, now)])
        return True

    async def create_invite_link(self, community_id, token_hash, by, expires_at, max_uses) -> None:
        await self.pool.execute(
            sql.INSERT_INVITE_LINK, token_hash, uuid.UUID(community_id), uuid.UUID(by), expires_at, max_uses
        )

    @asynccontextmanager
    async def invite_link(self, token_hash: bytes, user_id: str):
        async with self.pool.acquire() as conn, conn.transaction():
            community_id = await conn.fetchval(sql.LOCK_INVITE_LINK, token_hash)
            if community_id is None:
                yield conn, None
                return
            # The community's row lock orders the join after a ban, archive or move in flight.
            community = _community(await conn.fetchrow(sql.SELECT_COMMUNITY_FOR_UPDATE, community_id))
            user = uuid.UUID(user_id)
            role = await conn.fetchval(sql.SELECT_ROLE, community_id, user)
            ban = await conn.fetchrow(sql.SELECT_BAN, community_id, user)
            parent_role = (
                await conn.fetchval(sql.SELECT_ROLE, uuid.UUID(community.parent_id), user)
                if community.parent_id
                else None
            )
            yield (
                conn,
                LinkJoin(
                    community,
                    Role(role) if role else None,
                    ban is not None,
                    ban["until"] if ban else None,
                    Role(parent_role) if parent_role else None,
                ),
            )

    async def join_by_link(self, tx, token_hash: bytes, community_id: str, user_id: str) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.SPEND_INVITE_LINK, token_hash)
        if (
            await tx.fetchval(
                sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id), Role.MEMBER.value, now
            )
            is not None
        ):
            await tx.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), 1)
            await add_to_postgres_outbox(tx, [_joined(community_id, user_id, Role.MEMBER, now)])

    async def subcommunities(self, community_id: str) -> list[Community]:
        return [_community(r) for r in await self.pool.fetch(sql.SUBCOMMUNITIES, uuid.UUID(community_id))]

    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.OWNS_FULL_DESCENDANT, uuid.UUID(community_id), uuid.UUID(user_id)))

    async def joined_at(self, community_id: str, user_id: str) -> datetime | None:
        row = await self.pool.fetchrow(sql.SELECT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
        return None if row is None else row["joined_at"]

    async def update(self, community_id: str, changes: dict, by: str) -> Community | None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            # Locked and read again: concurrent updates apply one after the other, and their
            # events leave in that order.
            row = await conn.fetchrow(sql.SELECT_COMMUNITY_FOR_UPDATE, uuid.UUID(community_id))
            if row is None:
                return None
            before = _community(row)
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
            await add_to_postgres_outbox(conn, [community_event(community_id, _updated(after, changed, by, now), now)])
            for action, details in rules.update_log_entries(changed, after):
                await self.log(conn, community_id, by, action, None, details=details)
        return after

    async def posting_state(self, community_id: str, user_id: str):
        """(visibility, posting policy, role or None, muted until or None, banned, archived,
        link review level, comments from non-members) or None."""
        row = await self.pool.fetchrow(sql.POSTING_STATE, uuid.UUID(community_id), uuid.UUID(user_id))
        if row is None:
            return None
        return (
            Visibility(row["visibility"]),
            PostingPolicy(row["posting_policy"]),
            Role(row["role"]) if row["role"] else None,
            row["muted_until"],
            row["banned"],
            row["archived_at"] is not None,
            row["hold_links_below_trust_level"],
            row["comments_from_non_members"],
        )

    async def roles_of(self, user_id: str, community_ids: list[str]) -> dict[str, Role]:
        rows = await self.pool.fetch(sql.ROLES_OF, uuid.UUID(user_id), [uuid.UUID(c) for c in community_ids])
        return {str(r["community_id"]): Role(r["role"]) for r in rows}

    async def descendant_ids(self, community_id: str) -> set[str]:
        return {str(r["id"]) for r in await self.pool.fetch(sql.DESCENDANTS, uuid.UUID(community_id))}

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
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community.community_id,
                        events_pb2.CommunityMoved(
                            community_id=community.community_id,
                            parent_id=parent_id or "",
                            previous_parent_id=community.parent_id or "",
                            nesting=NESTING_TO_PROTO[nesting] if nesting else communities_pb2.NESTING_UNSPECIFIED,
                            moved_by=by,
                            moved_at=timestamp(now),
                        ),
                        now,
                    )
                ],
            )
            await self.log(conn, community.community_id, by, "move", None, details=f"parent={parent_id or ''}")
        return 0

    async def archive(self, community_id: str, by: str) -> list[str]:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            ids = [str(r["id"]) for r in await conn.fetch(sql.ARCHIVE_SUBTREE, uuid.UUID(community_id), now)]
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        c,
                        events_pb2.CommunityArchived(
                            community_id=c, archived_with=community_id, archived_by=by, archived_at=timestamp(now)
                        ),
                        now,
                    )
                    for c in ids
                ],
            )
            if ids:
                await self.log(conn, community_id, by, "archive", None)
        return ids

    async def unarchive(self, community_id: str, by: str) -> list[str]:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            ids = [str(r["id"]) for r in await conn.fetch(sql.UNARCHIVE, uuid.UUID(community_id))]
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        c,
                        events_pb2.CommunityUnarchived(community_id=c, unarchived_by=by, unarchived_at=timestamp(now)),
                        now,
                    )
                    for c in ids
                ],
            )
            if ids:
                await self.log(conn, community_id, by, "unarchive", None)
        return ids

    # People, as other services' events tell ---------------------------------------------

    async def hidden_from(self, viewer_id: str, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.HIDDEN, uuid.UUID(viewer_id), uuid.UUID(user_id)))

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        people = [uuid.UUID(blocker_id), uuid.UUID(blocked_id)]
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, people)
            await conn.execute(sql.MIRROR_BLOCK, *people, active, at)

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [uuid.UUID(user_id)])
            await conn.execute(sql.MIRROR_USER, uuid.UUID(user_id), deactivated, at)

    async def is_erased(self, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.IS_ERASED, uuid.UUID(user_id)))

"""PostgreSQL adapter of the platform's trust and safety (TrustSafetyStore): each call one
transaction, with its audit entry and events (identity.users.v1) in it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith.identity.v1 import trust_safety_pb2 as T
from kith_identity.adapters import sql as account_sql
from kith_identity.adapters import sql_trust_safety as sql
from kith_identity.adapters.postgres import revoke_where
from kith_identity.adapters.postgres_rows import profile_from, user_event
from kith_identity.adapters.profile_topic import profile_snapshot, profile_tombstone
from kith_identity.adapters.security_writes import queue_mail
from kith_identity.domain.mail import Mail, MailTemplate
from kith_identity.domain.ports import TrustSafetyStore
from kith_identity.domain.trust_safety import (
    Action,
    Appeal,
    AppealStatus,
    NewRemoval,
    NewReport,
    Removal,
    RemovalStatus,
    Report,
    ReportReason,
    ReportStatus,
    StaffActionEntry,
    StaffMember,
    StaffRole,
    Suspension,
    TargetKind,
)
from kith_platform.errors import AlreadyExists, FailedPrecondition, NotFound
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox

ROLE_TO_PROTO = {
    None: T.STAFF_ROLE_UNSPECIFIED,
    StaffRole.ADMIN: T.STAFF_ROLE_ADMIN,
    StaffRole.MODERATOR: T.STAFF_ROLE_MODERATOR,
}
KIND_TO_PROTO = {
    TargetKind.POST: T.REPORT_TARGET_KIND_POST,
    TargetKind.COMMENT: T.REPORT_TARGET_KIND_COMMENT,
    TargetKind.MESSAGE: T.REPORT_TARGET_KIND_MESSAGE,
    TargetKind.PROFILE: T.REPORT_TARGET_KIND_PROFILE,
    TargetKind.COMMUNITY: T.REPORT_TARGET_KIND_COMMUNITY,
}
REASON_TO_PROTO = {r: T.ReportReason.Value(f"REPORT_REASON_{r.name}") for r in ReportReason}
RESOLUTION_TO_PROTO = {
    ReportStatus.DISMISSED: T.REPORT_RESOLUTION_DISMISSED,
    ReportStatus.ACTIONED: T.REPORT_RESOLUTION_ACTIONED,
}


def _text(value) -> str:
    return "" if value is None else str(value)


def _report(row: asyncpg.Record) -> Report:
    return Report(
        str(row["id"]),
        TargetKind(row["target_kind"]),
        row["target_id"],
        ReportReason(row["reason"]),
        row["details"],
        _text(row["reporter_id"]),
        ReportStatus(row["status"]),
        row["created_at"],
        row["resolved_at"],
        _text(row["resolved_by"]),
        row["resolution_note"],
    )


def _removal(row: asyncpg.Record) -> Removal:
    """A removal from REMOVAL_COLUMNS."""
    return Removal(
        str(row["id"]),
        TargetKind(row["target_kind"]),
        str(row["target_id"]),
        row["reason"],
        RemovalStatus(row["status"]),
        row["removed_at"],
        _text(row["owner_id"]),
        row["restored_at"],
        _text(row["appeal_id"]),
        None if row["appeal_status"] is None else AppealStatus(row["appeal_status"]),
    )


def _appeal(row: asyncpg.Record) -> Appeal:
    status = AppealStatus(row["status"])
    return Appeal(
        str(row["id"]),
        str(row["user_id"]),
        row["text"],
        status,
        row["suspension_reason"],
        row["created_at"],
        row["decided_at"],
        _text(row["decided_by"]),
        row["decision_note"],
        None if row["removal_id"] is None else _appealed_removal(row, status),
    )


def _appealed_removal(row: asyncpg.Record, appeal_status: AppealStatus) -> Removal:
    """The removal an appeal is against, from APPEAL_COLUMNS."""
    return Removal(
        str(row["removal_id"]),
        TargetKind(row["target_kind"]),
        str(row["target_id"]),
        row["removal_reason"],
        RemovalStatus(row["removal_status"]),
        row["removed_at"],
        _text(row["owner_id"]),
        row["restored_at"],
        str(row["id"]),
        appeal_status,
    )


async def _audit(
    conn: asyncpg.Connection, staff_id: str | None, action: Action, kind: str, target_id: str, reason: str = ""
) -> None:
    staff = uuid.UUID(staff_id) if staff_id else None
    await conn.execute(sql.AUDIT, staff, action.value, kind, target_id, reason)


async def _announce(conn: asyncpg.Connection, key: str, *payloads) -> None:
    now = datetime.now(UTC)
    await add_to_postgres_outbox(conn, [user_event(key, p, now) for p in payloads])


async def _lift(conn: asyncpg.Connection, staff_id: str | None, user_id: str, how: str, note: str) -> bool:
    """End the suspension in the caller's transaction (see TrustSafetyStore.lift)."""
    user = uuid.UUID(user_id)
    row = await conn.fetchrow(sql.LOCK_SUSPENSION, user)
    if row is None or row["suspended_at"] is None:
        return False
    await conn.execute(sql.LIFT, user)
    now = datetime.now(UTC)
    events = [
        user_event(user_id, events_pb2.AccountSuspensionLifted(user_id=user_id, lifted_at=timestamp(now), how=how), now)
    ]
    if row["suspension_deactivated"]:
        events.append(
            user_event(user_id, events_pb2.UserReactivated(user_id=user_id, reactivated_at=timestamp(now)), now)
        )
        profile = profile_from(await conn.fetchrow(account_sql.SELECT_PROFILE_FOR_UPDATE, user))
        events.append(profile_snapshot(profile, now))
    await add_to_postgres_outbox(conn, events)
    await _audit(conn, staff_id, Action.SUSPENSION_LIFTED, "user", user_id, note or how)
    return True


async def _restore(conn: asyncpg.Connection, staff_id: str, removal_id: str, how: str, note: str) -> None:
    """Reverse a removal in the caller's transaction and announce it (see TrustSafetyStore.restore)."""
    row = await conn.fetchrow(sql.RESTORE, uuid.UUID(removal_id), uuid.UUID(staff_id))
    if row is None:
        if await conn.fetchrow(sql.REMOVAL, uuid.UUID(removal_id)) is None:
            raise NotFound(f"removal_id: no removal {removal_id}")
        raise FailedPrecondition(f"removal {removal_id} is restored already")
    kind = TargetKind(row["target_kind"])
    await _announce(
        conn,
        staff_id,
        events_pb2.ContentRestoredByStaff(
            removal_id=removal_id,
            target_kind=KIND_TO_PROTO[kind],
            target_id=str(row["target_id"]),
            staff_id=staff_id,
            restored_at=timestamp(datetime.now(UTC)),
            how=how,
        ),
    )
    await _audit(conn, staff_id, Action.CONTENT_RESTORED, kind.value, str(row["target_id"]), note or how)


class PostgresTrustSafety(TrustSafetyStore):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def staff_role(self, user_id: str) -> StaffRole | None:
        return (await self.target_role(user_id))[1]

    async def user_by_handle(self, handle: str) -> str | None:
        found = await self.pool.fetchval(sql.USER_BY_HANDLE, handle)
        return None if found is None else str(found)

    async def target_role(self, user_id: str) -> tuple[bool, StaffRole | None]:
        row = await self.pool.fetchrow(sql.STAFF_ROLE, uuid.UUID(user_id))
        if row is None:
            return False, None
        return True, None if row["staff_role"] is None else StaffRole(row["staff_role"])

    async def set_role(self, actor_id: str | None, user_id: str, role: StaffRole | None) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            changed = await conn.fetchval(sql.SET_ROLE, uuid.UUID(user_id), None if role is None else role.value)
            if changed is None:
                if await conn.fetchrow(sql.STAFF_ROLE, uuid.UUID(user_id)) is None:
                    raise NotFound(f"user_id: no user {user_id}")
                return False
            await _audit(conn, actor_id, Action.ROLE_SET, "user", user_id, role.value if role else "none")
            await _announce(
                conn,
                user_id,
                events_pb2.StaffRoleChanged(
                    user_id=user_id, role=ROLE_TO_PROTO[role], changed_at=timestamp(datetime.now(UTC))
                ),
            )
            return True

    async def file_report(self, report: NewReport) -> str:
        reporter = uuid.UUID(report.reporter_id)
        args = (reporter, report.target_kind.value, report.target_id)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.FILE_REPORT, uuid.uuid4(), *args, report.reason.value, report.details)
            if row is None:  # the reporter's open report on this target
                row = await conn.fetchrow(sql.OPEN_REPORT_OF, *args)
                return str(row["id"])
            filed = _report(row)
            await _announce(
                conn,
                report.reporter_id,
                events_pb2.PlatformReportFiled(
                    report_id=filed.report_id,
                    reporter_id=report.reporter_id,
                    target_kind=KIND_TO_PROTO[filed.target_kind],
                    target_id=filed.target_id,
                    reason=REASON_TO_PROTO[filed.reason],
                    filed_at=timestamp(filed.created_at),
                ),
            )
            return filed.report_id

    async def reports(
        self,
        status: ReportStatus | None,
        kind: TargetKind | None,
        reason: ReportReason | None,
        limit: int,
        after: tuple[datetime, str] | None,
    ) -> list[Report]:
        rows = await self.pool.fetch(
            sql.REPORTS,
            status.value if status else None,
            kind.value if kind else None,
            reason.value if reason else None,
            after[0] if after else None,
            uuid.UUID(after[1]) if after else None,
            limit,
        )
        return [_report(r) for r in rows]

    async def _resolve(self, conn, staff_id: str, report_id: str, status: ReportStatus, note: str) -> Report:
        row = await conn.fetchrow(sql.RESOLVE_REPORT, uuid.UUID(report_id), status.value, uuid.UUID(staff_id), note)
        if row is None:
            if await conn.fetchval(sql.REPORT_EXISTS, uuid.UUID(report_id)):
                raise FailedPrecondition(f"report {report_id} is closed already")
            raise NotFound(f"report_id: no report {report_id}")
        report = _report(row)
        await _audit(
            conn, staff_id, Action.REPORT_RESOLVED, "report", report_id, f"{status.value}: {note}".rstrip(": ")
        )
        await _announce(
            conn,
            staff_id,
            events_pb2.PlatformReportResolved(
                report_id=report_id,
                staff_id=staff_id,
                resolution=RESOLUTION_TO_PROTO[status],
                resolved_at=timestamp(report.resolved_at or datetime.now(UTC)),
            ),
        )
        return report

    async def resolve_report(self, staff_id: str, report_id: str, status: ReportStatus, note: str) -> Report:
        async with self.pool.acquire() as conn, conn.transaction():
            return await self._resolve(conn, staff_id, report_id, status, note)

    async def suspend(
        self, staff_id: str, user_id: str, reason: str, until: datetime | None, report_id: str | None
    ) -> None:
        user = uuid.UUID(user_id)
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_SUSPENSION, user)
            if row is None:
                raise NotFound(f"user_id: no user {user_id}")
            await conn.execute(sql.SUSPEND, user, now, until, reason)
            events = []
            if row["deactivated_at"] is None:
                await revoke_where(conn, account_sql.REVOKE_USER_SESSIONS, user_id, None, "account suspended")
                events.append(
                    user_event(user_id, events_pb2.UserDeactivated(user_id=user_id, deactivated_at=timestamp(now)), now)
                )
                events.append(profile_tombstone(user_id))
            suspended = events_pb2.AccountSuspended(
                user_id=user_id,
                suspended_at=timestamp(row["suspended_at"] or now),
                until=timestamp(until) if until else None,
            )
            events.append(user_event(user_id, suspended, now))
            await add_to_postgres_outbox(conn, events)
            await _audit(conn, staff_id, Action.ACCOUNT_SUSPENDED, "user", user_id, reason)
            if report_id:
                await self._resolve(conn, staff_id, report_id, ReportStatus.ACTIONED, "account suspended")

    async def lift(self, staff_id: str | None, user_id: str, how: str, note: str) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            return await _lift(conn, staff_id, user_id, how, note)

    async def suspension(self, user_id: str) -> Suspension | None:
        row = await self.pool.fetchrow(sql.SUSPENSION, uuid.UUID(user_id))
        if row is None or row["suspended_at"] is None:
            return None
        return Suspension(row["suspended_at"], row["suspended_until"], row["suspension_reason"])

    async def file_appeal(self, user_id: str, text: str) -> str:
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_SUSPENSION, user)
            if row is None or row["suspended_at"] is None:
                raise FailedPrecondition("the account is not suspended")
            appeal_id = await conn.fetchval(
                sql.FILE_APPEAL, uuid.uuid4(), user, row["suspended_at"], row["suspension_reason"], text
            )
            if appeal_id is None:
                raise AlreadyExists("this suspension has been appealed already; staff will answer")
            now = datetime.now(UTC)
            await _announce(
                conn,
                user_id,
                events_pb2.AppealFiled(appeal_id=str(appeal_id), user_id=user_id, filed_at=timestamp(now)),
            )
            return str(appeal_id)

    async def appeals(
        self, status: AppealStatus | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[Appeal]:
        rows = await self.pool.fetch(
            sql.APPEALS,
            status.value if status else None,
            after[0] if after else None,
            uuid.UUID(after[1]) if after else None,
            limit,
        )
        return [_appeal(r) for r in rows]

    async def decide_appeal(self, staff_id: str, appeal_id: str, overturn: bool, note: str) -> Appeal:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_APPEAL, uuid.UUID(appeal_id))
            if row is None:
                raise NotFound(f"appeal_id: no appeal {appeal_id}")
            if row["status"] != AppealStatus.OPEN.value:
                raise FailedPrecondition(f"appeal {appeal_id} is decided already")
            status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
            await conn.execute(sql.DECIDE_APPEAL, uuid.UUID(appeal_id), status.value, uuid.UUID(staff_id), note)
            user_id = str(row["user_id"])
            if overturn and row["removal_id"] is not None:
                await _restore(conn, staff_id, str(row["removal_id"]), "appeal", note)
            elif overturn:
                current = await conn.fetchrow(sql.LOCK_SUSPENSION, row["user_id"])
                if current is not None and current["suspended_at"] == row["suspended_at"]:
                    await _lift(conn, staff_id, user_id, "appeal", note)
            await _audit(
                conn, staff_id, Action.APPEAL_DECIDED, "appeal", appeal_id, f"{status.value}: {note}".rstrip(": ")
            )
            await _announce(
                conn,
                user_id,
                events_pb2.AppealDecided(
                    appeal_id=appeal_id, user_id=user_id, overturned=overturn, decided_at=timestamp(datetime.now(UTC))
                ),
            )
            return _appeal(await conn.fetchrow(sql.APPEAL, uuid.UUID(appeal_id)))

    async def remove(self, staff_id: str, removal: NewRemoval, report_id: str | None) -> Removal:
        kind, target = removal.target_kind.value, uuid.UUID(removal.target_id)
        async with self.pool.acquire() as conn, conn.transaction():
            removal_id = await conn.fetchval(
                sql.REMOVE, uuid.uuid4(), kind, target, removal.reason, uuid.UUID(staff_id)
            )
            if removal_id is None:  # removed already: that removal stands
                return _removal(await conn.fetchrow(sql.REMOVAL_IN_FORCE, kind, target))
            now = datetime.now(UTC)
            await _announce(
                conn,
                staff_id,
                events_pb2.ContentRemovedByStaff(
                    removal_id=str(removal_id),
                    target_kind=KIND_TO_PROTO[removal.target_kind],
                    target_id=removal.target_id,
                    staff_id=staff_id,
                    removed_at=timestamp(now),
                ),
            )
            await _audit(conn, staff_id, Action.CONTENT_REMOVED, kind, removal.target_id, removal.reason)
            if report_id:
                await self._resolve(conn, staff_id, report_id, ReportStatus.ACTIONED, f"{kind} removed")
            return _removal(await conn.fetchrow(sql.REMOVAL, removal_id))

    async def restore(self, staff_id: str, removal_id: str, note: str) -> Removal:
        async with self.pool.acquire() as conn, conn.transaction():
            await _restore(conn, staff_id, removal_id, "staff", note)
            return _removal(await conn.fetchrow(sql.REMOVAL, uuid.UUID(removal_id)))

    async def name_owner(self, removal_id: str, owner_id: str) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.NAME_OWNER, uuid.UUID(removal_id), uuid.UUID(owner_id))
            if row is None:
                return False
            params = {"handle": row["handle"], "kind": row["target_kind"], "reason": row["reason"]}
            notice = Mail(MailTemplate.CONTENT_REMOVED, row["email"], {**params, "removal_id": removal_id}, owner_id)
            await queue_mail(conn, notice)
            return True

    async def file_removal_appeal(self, user_id: str, removal_id: str, text: str) -> str:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REMOVAL, uuid.UUID(removal_id))
            if row is None or _text(row["owner_id"]) != user_id:
                raise NotFound(f"removal_id: no removal {removal_id} of yours")
            if row["status"] != RemovalStatus.REMOVED.value:
                raise FailedPrecondition("it is restored already")
            appeal_id = await conn.fetchval(
                sql.FILE_REMOVAL_APPEAL, uuid.uuid4(), uuid.UUID(user_id), uuid.UUID(removal_id), text
            )
            if appeal_id is None:
                raise AlreadyExists("this removal has been appealed already")
            await _announce(
                conn,
                user_id,
                events_pb2.AppealFiled(
                    appeal_id=str(appeal_id), user_id=user_id, filed_at=timestamp(datetime.now(UTC))
                ),
            )
            return str(appeal_id)

    async def owned_removals(self, owner_id: str, limit: int, before: tuple[datetime, str] | None) -> list[Removal]:
        rows = await self.pool.fetch(
            sql.MY_REMOVALS,
            uuid.UUID(owner_id),
            before[0] if before else None,
            uuid.UUID(before[1]) if before else None,
            limit,
        )
        return [_removal(r) for r in rows]

    async def actions(
        self, staff_id: str | None, target_id: str | None, limit: int, before: int | None
    ) -> list[StaffActionEntry]:
        rows = await self.pool.fetch(sql.ACTIONS, uuid.UUID(staff_id) if staff_id else None, target_id, before, limit)
        return [
            StaffActionEntry(
                str(r["id"]),
                _text(r["staff_id"]),
                Action(r["action"]),
                r["target_kind"],
                r["target_id"],
                r["reason"],
                r["at"],
            )
            for r in rows
        ]

    async def staff(self) -> list[StaffMember]:
        return [
            StaffMember(str(r["id"]), r["handle"], StaffRole(r["staff_role"])) for r in await self.pool.fetch(sql.STAFF)
        ]

    async def suspensions_over(self, now: datetime, limit: int) -> list[str]:
        return [str(r["id"]) for r in await self.pool.fetch(sql.SUSPENSIONS_OVER, now, limit)]

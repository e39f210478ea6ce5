"""PostgreSQL adapter of reports and their resolution (with the outbox and the moderation log)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.communities.v1 import communities_pb2, events_pb2
from kith_communities.adapters.outbox_events import community_event
from kith_communities.adapters.postgres_log import write_log
from kith_communities.domain.moderation import Report
from kith_communities.domain.ports import ReportRepository
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox

TARGET_TO_PROTO = {
    "post": communities_pb2.REPORT_TARGET_POST,
    "comment": communities_pb2.REPORT_TARGET_COMMENT,
    "member": communities_pb2.REPORT_TARGET_MEMBER,
}
ACTION_TO_PROTO = {
    "dismiss": communities_pb2.REPORT_ACTION_DISMISS,
    "remove content": communities_pb2.REPORT_ACTION_REMOVE_CONTENT,
    "warn": communities_pb2.REPORT_ACTION_WARN,
    "mute": communities_pb2.REPORT_ACTION_MUTE,
    "ban": communities_pb2.REPORT_ACTION_BAN,
}

INSERT_REPORT = """
INSERT INTO reports (community_id, reporter_id, target, target_id, reason) VALUES ($1, $2, $3, $4, $5)
RETURNING id, reported_at
"""
OPEN_REPORTS = """
SELECT id, reporter_id, target, target_id, reason, reported_at FROM reports
WHERE community_id = $1 AND resolved_at IS NULL AND ($2::bigint IS NULL OR id > $2)
ORDER BY id LIMIT $3
"""
LOCK_OPEN_REPORT = """
SELECT id, target, target_id FROM reports
WHERE id = $1 AND community_id = $2 AND resolved_at IS NULL FOR UPDATE
"""
RESOLVE = "UPDATE reports SET resolved_at = now(), resolved_by = $2, action = $3 WHERE id = $1"
MUTE_MEMBER = """
UPDATE memberships SET muted_until = $3 WHERE community_id = $1 AND user_id = $2 RETURNING user_id
"""


def _action_events(
    community_id: str,
    action: str,
    target: str,
    target_id: str,
    subject: str | None,
    mute_until: datetime | None,
    by: str,
    at: datetime,
) -> list:
    """What a resolution does besides closing the report (bans go through BanMember first)."""
    if action == "remove content":
        return [
            events_pb2.ContentRemoved(
                community_id=community_id,
                target=TARGET_TO_PROTO[target],
                target_id=target_id,
                removed_by=by,
                removed_at=timestamp(at),
            )
        ]
    if action == "warn":
        return [
            events_pb2.MemberWarned(community_id=community_id, user_id=subject, warned_by=by, warned_at=timestamp(at))
        ]
    if action == "mute":
        return [
            events_pb2.MemberMuted(community_id=community_id, user_id=subject, muted_by=by, until=timestamp(mute_until))
        ]
    return []


class PostgresReportRepository(ReportRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def add(self, community_id: str, reporter_id: str, target: str, target_id: str, reason: str) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(
                INSERT_REPORT, uuid.UUID(community_id), uuid.UUID(reporter_id), target, uuid.UUID(target_id), reason
            )
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.ReportFiled(
                            community_id=community_id,
                            report_id=row["id"],
                            target=TARGET_TO_PROTO[target],
                            reported_at=timestamp(row["reported_at"]),
                        ),
                        row["reported_at"],
                    )
                ],
            )
        return row["id"]

    async def open_reports(self, community_id: str, limit: int, after: int | None) -> list[Report]:
        rows = await self.pool.fetch(OPEN_REPORTS, uuid.UUID(community_id), after, limit)
        return [
            Report(r["id"], str(r["reporter_id"]), r["target"], str(r["target_id"]), r["reason"], r["reported_at"])
            for r in rows
        ]

    async def resolve(
        self,
        community_id: str,
        report_id: int,
        by: str,
        action: str,
        subject: str | None,
        mute_until: datetime | None,
        note: str,
    ) -> str | None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            report = await conn.fetchrow(LOCK_OPEN_REPORT, report_id, uuid.UUID(community_id))
            if report is None:
                return None
            target, target_id = report["target"], str(report["target_id"])
            if action == "mute":
                if await conn.fetchval(MUTE_MEMBER, uuid.UUID(community_id), uuid.UUID(subject), mute_until) is None:
                    return "not a member"
            resolved = events_pb2.ReportResolved(
                community_id=community_id,
                report_id=report_id,
                target=TARGET_TO_PROTO[target],
                action=ACTION_TO_PROTO[action],
                resolved_by=by,
                resolved_at=timestamp(now),
            )
            events = [resolved, *_action_events(community_id, action, target, target_id, subject, mute_until, by, now)]
            await conn.execute(RESOLVE, report_id, uuid.UUID(by), action)
            details = f"report={report_id} target={target}:{target_id}"
            await write_log(conn, community_id, by, f"resolve report: {action}", subject, note, details)
            await add_to_postgres_outbox(conn, [community_event(community_id, e, now) for e in events])
            return target

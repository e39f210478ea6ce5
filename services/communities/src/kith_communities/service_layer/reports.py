"""Reports and the moderators' queue: flag, list, resolve with an action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain import moderation
from kith_communities.domain.communities import Role
from kith_communities.domain.moderation import Report
from kith_communities.domain.ports import ReportRepository
from kith_communities.service_layer.handlers import CommunityHandlers, page_size_of
from kith_communities.service_layer.moderation import ModerationHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text

TARGETS = {"post", "comment", "member"}
ACTIONS = {"dismiss", "remove content", "warn", "mute", "ban"}
ON_A_PERSON = {"warn", "mute", "ban"}
MUTE_MIN, MUTE_MAX = 60, 365 * 86400


def _mute_until(duration_seconds: float | None) -> datetime:
    if duration_seconds is None or not MUTE_MIN <= duration_seconds <= MUTE_MAX:
        raise InvalidArgument("duration", "a mute lasts 1 minute to 1 year")
    return datetime.now(UTC) + timedelta(seconds=duration_seconds)


@dataclass
class ReportHandlers:
    communities: CommunityHandlers
    moderation: ModerationHandlers  # a ban goes through BanMember's rules
    reports: ReportRepository

    async def report(self, caller_id: str, community_id: str, target: str, target_id: str, reason: str) -> int:
        community, _ = await self.communities.visible(caller_id, community_id)
        if target not in TARGETS:
            raise InvalidArgument("target", "is required")
        target_id = parse_uuid(target_id, "target_id")
        if target == "member":
            await self.communities.refuse_erased(target_id)
        reason = check_text(reason.strip(), "reason", max_length=1000, multiline=True)
        if len(reason) < 3:
            raise InvalidArgument("reason", "say what is wrong (3 to 1000 characters)")
        return await self.reports.add(community.community_id, caller_id, target, target_id, reason)

    async def queue(self, caller_id: str, community_id: str, page_size: int, cursor: str) -> tuple[list[Report], str]:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "see reports")
        size = page_size_of(page_size)
        try:
            after = int(cursor) if cursor else None
        except ValueError:
            raise InvalidArgument("cursor", "is not a cursor returned by this API") from None
        rows = await self.reports.open_reports(community.community_id, size + 1, after)
        page = rows[:size]
        return page, str(page[-1].report_id) if len(rows) > size else ""

    async def _open_report(self, community_id: str, report_id: int) -> Report:
        open_reports = {r.report_id: r for r in await self.reports.open_reports(community_id, 1, report_id - 1)}
        report = open_reports.get(report_id)
        if report is None:
            raise NotFound("report_id: no open report with this id")
        return report

    async def resolve(
        self,
        caller_id: str,
        community_id: str,
        report_id: int,
        action: str,
        user_id: str,
        duration_seconds: float | None,
        note: str,
    ) -> None:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "resolve reports")
        if action not in ACTIONS:
            raise InvalidArgument("action", "is required")
        note = check_text(note.strip(), "note", max_length=moderation.REASON_MAX, multiline=True)
        report = await self._open_report(community.community_id, report_id)
        subject = None
        if action in ON_A_PERSON:
            subject = report.target_id if report.target == "member" else parse_uuid(user_id, "user_id")
            await self.communities.refuse_erased(subject)
        if action == "remove content" and report.target == "member":
            raise InvalidArgument("action", "a member report has no content to remove")
        mute_until = _mute_until(duration_seconds) if action == "mute" else None
        if action == "ban" and subject is not None:  # a ban always has its subject
            # Through the same rules as BanMember (its own transaction, logged there too); a
            # failure to close the report afterwards leaves it open to resolve again.
            await self.moderation.ban(caller_id, community.community_id, subject, note, duration_seconds or 0)
        outcome = await self.reports.resolve(
            community.community_id, report_id, caller_id, action, subject, mute_until, note
        )
        if outcome is None:
            raise NotFound("report_id: no open report with this id")
        if outcome == "not a member":
            raise FailedPrecondition("user_id: only members can be muted")

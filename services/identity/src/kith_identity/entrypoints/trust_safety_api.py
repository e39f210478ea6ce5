"""gRPC servicer of TrustAndSafetyService: messages to the trust and safety use cases and back."""

from __future__ import annotations

from kith.identity.v1 import trust_safety_pb2 as T
from kith.identity.v1 import trust_safety_pb2_grpc
from kith_identity.domain.trust_safety import (
    Appeal,
    AppealStatus,
    Removal,
    RemovalStatus,
    Report,
    ReportReason,
    ReportStatus,
    StaffRole,
    TargetKind,
)
from kith_identity.service_layer.handlers import IdentityHandlers
from kith_identity.service_layer.trust_safety import TrustSafetyHandlers
from kith_platform.auth import caller_id, revocation_trailer
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp
from kith_platform.validation import optional_time

ROLES = {
    T.STAFF_ROLE_UNSPECIFIED: None,
    T.STAFF_ROLE_ADMIN: StaffRole.ADMIN,
    T.STAFF_ROLE_MODERATOR: StaffRole.MODERATOR,
}
ROLES_TO_PROTO = {v: k for k, v in ROLES.items()}
KINDS = {getattr(T, f"REPORT_TARGET_KIND_{k.name}"): k for k in TargetKind}
KINDS_TO_PROTO = {v: k for k, v in KINDS.items()}
REASONS = {getattr(T, f"REPORT_REASON_{r.name}"): r for r in ReportReason}
REASONS_TO_PROTO = {v: k for k, v in REASONS.items()}
STATUSES = {getattr(T, f"REPORT_STATUS_{s.name}"): s for s in ReportStatus}
STATUSES_TO_PROTO = {v: k for k, v in STATUSES.items()}
APPEAL_STATUSES = {getattr(T, f"APPEAL_STATUS_{s.name}"): s for s in AppealStatus}
APPEAL_STATUSES_TO_PROTO = {v: k for k, v in APPEAL_STATUSES.items()}
RESOLUTIONS = {
    T.REPORT_RESOLUTION_DISMISSED: ReportStatus.DISMISSED,
    T.REPORT_RESOLUTION_ACTIONED: ReportStatus.ACTIONED,
}


def _enum(value: int, known: dict, field: str, *, required: bool = False):
    """The enum member of a request field; None for an unset optional one."""
    if value == 0 and not required:
        return None
    if value not in known or (required and known[value] is None):
        raise InvalidArgument(field, "is required" if value == 0 else f"unsupported value {value}")
    return known[value]


def _time(ts):
    return timestamp(ts) if ts is not None else None


def report_message(report: Report) -> T.PlatformReport:
    return T.PlatformReport(
        report_id=report.report_id,
        target_kind=KINDS_TO_PROTO[report.target_kind],
        target_id=report.target_id,
        reason=REASONS_TO_PROTO[report.reason],
        details=report.details,
        reporter_id=report.reporter_id,
        status=STATUSES_TO_PROTO[report.status],
        created_at=timestamp(report.created_at),
        resolved_at=_time(report.resolved_at),
        resolved_by=report.resolved_by,
        resolution_note=report.resolution_note,
    )


REMOVAL_STATUSES_TO_PROTO = {s: getattr(T, f"REMOVAL_STATUS_{s.name}") for s in RemovalStatus}


def removal_message(removal: Removal) -> T.Removal:
    return T.Removal(
        removal_id=removal.removal_id,
        target_kind=KINDS_TO_PROTO[removal.target_kind],
        target_id=removal.target_id,
        reason=removal.reason,
        status=REMOVAL_STATUSES_TO_PROTO[removal.status],
        removed_at=timestamp(removal.removed_at),
        owner_id=removal.owner_id,
        restored_at=_time(removal.restored_at),
        appeal_id=removal.appeal_id,
        appeal_status=APPEAL_STATUSES_TO_PROTO[removal.appeal_status] if removal.appeal_status else 0,
    )


def appeal_message(appeal: Appeal) -> T.Appeal:
    return T.Appeal(
        appeal_id=appeal.appeal_id,
        user_id=appeal.user_id,
        text=appeal.text,
        status=APPEAL_STATUSES_TO_PROTO[appeal.status],
        suspension_reason=appeal.suspension_reason,
        created_at=timestamp(appeal.created_at),
        decided_at=_time(appeal.decided_at),
        decided_by=appeal.decided_by,
        decision_note=appeal.decision_note,
        removal=removal_message(appeal.removal) if appeal.removal else None,
    )


class TrustAndSafetyServicer(trust_safety_pb2_grpc.TrustAndSafetyServiceServicer):
    def __init__(self, safety: TrustSafetyHandlers, accounts: IdentityHandlers) -> None:
        self.safety = safety
        self.accounts = accounts

    async def ReportToPlatform(self, request, context):
        report_id = await self.safety.report(
            caller_id(context),
            _enum(request.target_kind, KINDS, "target_kind", required=True),
            request.target_id,
            _enum(request.reason, REASONS, "reason", required=True),
            request.details,
        )
        return T.ReportToPlatformResponse(report_id=report_id)

    async def AppealSuspension(self, request, context):
        stored = await self.accounts.authenticate(request.login, request.password)
        return T.AppealSuspensionResponse(appeal_id=await self.safety.appeal(stored, request.text))

    async def AppealRemoval(self, request, context):
        appeal_id = await self.safety.appeal_removal(caller_id(context), request.removal_id, request.text)
        return T.AppealRemovalResponse(appeal_id=appeal_id)

    async def ListMyRemovals(self, request, context):
        removals, cursor = await self.safety.my_removals(caller_id(context), request.page_size, request.cursor)
        return T.ListMyRemovalsResponse(removals=[removal_message(r) for r in removals], next_cursor=cursor)

    async def ListPlatformReports(self, request, context):
        reports, cursor = await self.safety.reports(
            caller_id(context),
            _enum(request.status, STATUSES, "status"),
            _enum(request.target_kind, KINDS, "target_kind"),
            _enum(request.reason, REASONS, "reason"),
            request.page_size,
            request.cursor,
        )
        return T.ListPlatformReportsResponse(reports=[report_message(r) for r in reports], next_cursor=cursor)

    async def ResolvePlatformReport(self, request, context):
        report = await self.safety.resolve(
            caller_id(context),
            request.report_id,
            _enum(request.resolution, RESOLUTIONS, "resolution", required=True),
            request.note,
        )
        return T.ResolvePlatformReportResponse(report=report_message(report))

    @revocation_trailer
    async def SuspendAccount(self, request, context):
        until = optional_time(request, "until")
        await self.safety.suspend(caller_id(context), request.user_id, request.reason, until, request.report_id)
        return T.SuspendAccountResponse()

    async def LiftSuspension(self, request, context):
        await self.safety.lift(caller_id(context), request.user_id, request.note)
        return T.LiftSuspensionResponse()

    async def RemoveContent(self, request, context):
        removal = await self.safety.remove(
            caller_id(context),
            _enum(request.target_kind, KINDS, "target_kind", required=True),
            request.target_id,
            request.reason,
            request.report_id,
        )
        return T.RemoveContentResponse(removal=removal_message(removal))

    async def RestoreContent(self, request, context):
        removal = await self.safety.restore(caller_id(context), request.removal_id, request.note)
        return T.RestoreContentResponse(removal=removal_message(removal))

    async def ListAppeals(self, request, context):
        appeals, cursor = await self.safety.appeals(
            caller_id(context), _enum(request.status, APPEAL_STATUSES, "status"), request.page_size, request.cursor
        )
        return T.ListAppealsResponse(appeals=[appeal_message(a) for a in appeals], next_cursor=cursor)

    async def DecideAppeal(self, request, context):
        appeal = await self.safety.decide(caller_id(context), request.appeal_id, request.overturn, request.note)
        return T.DecideAppealResponse(appeal=appeal_message(appeal))

    async def ListStaffActions(self, request, context):
        actions, cursor = await self.safety.audit_log(
            caller_id(context), request.staff_id, request.target_id, request.page_size, request.cursor
        )
        return T.ListStaffActionsResponse(
            actions=[
                T.StaffAction(
                    action_id=a.action_id,
                    staff_id=a.staff_id,
                    action=a.action.value,
                    target_kind=a.target_kind,
                    target_id=a.target_id,
                    reason=a.reason,
                    at=timestamp(a.at),
                )
                for a in actions
            ],
            next_cursor=cursor,
        )

    async def SetStaffRole(self, request, context):
        if request.role not in ROLES:
            raise InvalidArgument("role", f"unsupported value {request.role}")
        await self.safety.set_role(caller_id(context), request.user_id, ROLES[request.role])
        return T.SetStaffRoleResponse()

    async def ListStaff(self, request, context):
        members = await self.safety.staff(caller_id(context))
        return T.ListStaffResponse(
            staff=[T.StaffMember(user_id=m.user_id, handle=m.handle, role=ROLES_TO_PROTO[m.role]) for m in members]
        )

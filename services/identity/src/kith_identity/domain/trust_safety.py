"""The platform's trust and safety rules: staff roles and who may act on whom, what a report, a
suspension and an appeal must hold."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_platform.errors import InvalidArgument, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text

REPORT_DETAILS_MAX = 1000
NOTE_MAX = 1000
SUSPENSION_REASON_MAX = 500
APPEAL_MAX = 2000
TARGET_ID_MAX = 100
SUSPENSION_MAX = timedelta(days=3650)


class StaffRole(enum.Enum):
    ADMIN = "admin"
    MODERATOR = "moderator"


class TargetKind(enum.Enum):
    POST = "post"
    COMMENT = "comment"
    MESSAGE = "message"
    PROFILE = "profile"
    COMMUNITY = "community"


class ReportReason(enum.Enum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    VIOLENCE = "violence"
    SEXUAL_CONTENT = "sexual_content"
    SELF_HARM = "self_harm"
    MISINFORMATION = "misinformation"
    ILLEGAL = "illegal"
    IMPERSONATION = "impersonation"
    OTHER = "other"


class ReportStatus(enum.Enum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


class AppealStatus(enum.Enum):
    OPEN = "open"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Action(enum.Enum):
    """What the audit log records."""

    REPORT_RESOLVED = "report resolved"
    ACCOUNT_SUSPENDED = "account suspended"
    SUSPENSION_LIFTED = "suspension lifted"
    APPEAL_DECIDED = "appeal decided"
    ROLE_SET = "role set"
    CONTENT_REMOVED = "content removed"
    CONTENT_RESTORED = "content restored"


class RemovalStatus(enum.Enum):
    REMOVED = "removed"
    RESTORED = "restored"


# What staff remove (a community is closed); a profile is acted on with a suspension.
REMOVABLE = (TargetKind.POST, TargetKind.COMMENT, TargetKind.MESSAGE, TargetKind.COMMUNITY)


def require_staff(role: StaffRole | None, *, admin: bool = False) -> StaffRole:
    """The caller's role when it allows the call; PERMISSION_DENIED otherwise."""
    if role is None or (admin and role is not StaffRole.ADMIN):
        raise PermissionDenied("platform " + ("admins" if admin else "staff") + " only")
    return role


def may_act_on(actor_id: str, actor_role: StaffRole, target_id: str, target_role: StaffRole | None) -> None:
    """Staff act on others, never on themselves; only admins act on staff."""
    if actor_id == target_id:
        raise PermissionDenied("staff cannot act on their own account")
    if target_role is not None and actor_role is not StaffRole.ADMIN:
        raise PermissionDenied("only platform admins act on staff")


@dataclass(frozen=True)
class NewReport:
    reporter_id: str
    target_kind: TargetKind
    target_id: str
    reason: ReportReason
    details: str


def validate_report(
    reporter_id: str, kind: TargetKind | None, target_id: str, reason: ReportReason | None, details: str
) -> NewReport:
    if kind is None:
        raise InvalidArgument("target_kind", "is required")
    target_id = target_id.strip()
    if not target_id:
        raise InvalidArgument("target_id", "is required")
    if len(target_id) > TARGET_ID_MAX:
        raise InvalidArgument("target_id", f"must be at most {TARGET_ID_MAX} characters")
    check_text(target_id, "target_id", max_length=TARGET_ID_MAX)
    if reason is None:
        raise InvalidArgument("reason", "is required")
    details = check_text(details.strip(), "details", max_length=REPORT_DETAILS_MAX, multiline=True)
    return NewReport(reporter_id, kind, target_id, reason, details)


def validate_note(note: str, field: str = "note") -> str:
    return check_text(note.strip(), field, max_length=NOTE_MAX, multiline=True)


def validate_suspension(reason: str, until: datetime | None, now: datetime) -> tuple[str, datetime | None]:
    reason = check_text(reason.strip(), "reason", max_length=SUSPENSION_REASON_MAX, multiline=True)
    if not reason:
        raise InvalidArgument("reason", "is required: the person is told why")
    if until is not None:
        if until <= now:
            raise InvalidArgument("until", "must be in the future")
        if until - now > SUSPENSION_MAX:
            raise InvalidArgument("until", "must be within ten years; leave it unset for a suspension until lifted")
    return reason, until


@dataclass(frozen=True)
class NewRemoval:
    target_kind: TargetKind
    target_id: str
    reason: str


def validate_removal(kind: TargetKind | None, target_id: str, reason: str) -> NewRemoval:
    if kind is None:
        raise InvalidArgument("target_kind", "is required")
    if kind not in REMOVABLE:
        raise InvalidArgument("target_kind", "a profile is not removed: suspend the account (SuspendAccount)")
    target_id = parse_uuid(target_id, "target_id")
    reason = check_text(reason.strip(), "reason", max_length=SUSPENSION_REASON_MAX, multiline=True)
    if not reason:
        raise InvalidArgument("reason", "is required: the owner is told why")
    return NewRemoval(kind, target_id, reason)


def validate_appeal(text: str) -> str:
    text = check_text(text.strip(), "text", max_length=APPEAL_MAX, multiline=True)
    if not text:
        raise InvalidArgument("text", "is required")
    return text


@dataclass(frozen=True)
class Suspension:
    since: datetime
    until: datetime | None
    reason: str

    def refusal(self) -> str:
        until = f" until {self.until:%Y-%m-%d %H:%M} UTC" if self.until else ""
        return f"account is suspended{until}: {self.reason}; you may appeal (AppealSuspension)"


@dataclass(frozen=True)
class Report:
    report_id: str
    target_kind: TargetKind
    target_id: str
    reason: ReportReason
    details: str
    reporter_id: str
    status: ReportStatus
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str
    resolution_note: str


@dataclass(frozen=True)
class Removal:
    removal_id: str
    target_kind: TargetKind
    target_id: str
    reason: str
    status: RemovalStatus
    removed_at: datetime
    owner_id: str  # empty until the service holding the target names them
    restored_at: datetime | None
    appeal_id: str = ""
    appeal_status: AppealStatus | None = None


@dataclass(frozen=True)
class Appeal:
    appeal_id: str
    user_id: str
    text: str
    status: AppealStatus
    suspension_reason: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str
    decision_note: str
    removal: Removal | None = None  # set for an appeal against a removal


@dataclass(frozen=True)
class StaffActionEntry:
    action_id: str
    staff_id: str
    action: Action
    target_kind: str
    target_id: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class StaffMember:
    user_id: str
    handle: str
    role: StaffRole

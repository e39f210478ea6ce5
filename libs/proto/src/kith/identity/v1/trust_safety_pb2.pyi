import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StaffRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STAFF_ROLE_UNSPECIFIED: _ClassVar[StaffRole]
    STAFF_ROLE_ADMIN: _ClassVar[StaffRole]
    STAFF_ROLE_MODERATOR: _ClassVar[StaffRole]

class ReportTargetKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_TARGET_KIND_UNSPECIFIED: _ClassVar[ReportTargetKind]
    REPORT_TARGET_KIND_POST: _ClassVar[ReportTargetKind]
    REPORT_TARGET_KIND_COMMENT: _ClassVar[ReportTargetKind]
    REPORT_TARGET_KIND_MESSAGE: _ClassVar[ReportTargetKind]
    REPORT_TARGET_KIND_PROFILE: _ClassVar[ReportTargetKind]
    REPORT_TARGET_KIND_COMMUNITY: _ClassVar[ReportTargetKind]

class ReportReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_REASON_UNSPECIFIED: _ClassVar[ReportReason]
    REPORT_REASON_SPAM: _ClassVar[ReportReason]
    REPORT_REASON_HARASSMENT: _ClassVar[ReportReason]
    REPORT_REASON_HATE: _ClassVar[ReportReason]
    REPORT_REASON_VIOLENCE: _ClassVar[ReportReason]
    REPORT_REASON_SEXUAL_CONTENT: _ClassVar[ReportReason]
    REPORT_REASON_SELF_HARM: _ClassVar[ReportReason]
    REPORT_REASON_MISINFORMATION: _ClassVar[ReportReason]
    REPORT_REASON_ILLEGAL: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATION: _ClassVar[ReportReason]
    REPORT_REASON_OTHER: _ClassVar[ReportReason]

class ReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_STATUS_UNSPECIFIED: _ClassVar[ReportStatus]
    REPORT_STATUS_OPEN: _ClassVar[ReportStatus]
    REPORT_STATUS_DISMISSED: _ClassVar[ReportStatus]
    REPORT_STATUS_ACTIONED: _ClassVar[ReportStatus]

class AppealStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPEAL_STATUS_UNSPECIFIED: _ClassVar[AppealStatus]
    APPEAL_STATUS_OPEN: _ClassVar[AppealStatus]
    APPEAL_STATUS_UPHELD: _ClassVar[AppealStatus]
    APPEAL_STATUS_OVERTURNED: _ClassVar[AppealStatus]

class ReportResolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_RESOLUTION_UNSPECIFIED: _ClassVar[ReportResolution]
    REPORT_RESOLUTION_DISMISSED: _ClassVar[ReportResolution]
    REPORT_RESOLUTION_ACTIONED: _ClassVar[ReportResolution]

class RemovalStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REMOVAL_STATUS_UNSPECIFIED: _ClassVar[RemovalStatus]
    REMOVAL_STATUS_REMOVED: _ClassVar[RemovalStatus]
    REMOVAL_STATUS_RESTORED: _ClassVar[RemovalStatus]
STAFF_ROLE_UNSPECIFIED: StaffRole
STAFF_ROLE_ADMIN: StaffRole
STAFF_ROLE_MODERATOR: StaffRole
REPORT_TARGET_KIND_UNSPECIFIED: ReportTargetKind
REPORT_TARGET_KIND_POST: ReportTargetKind
REPORT_TARGET_KIND_COMMENT: ReportTargetKind
REPORT_TARGET_KIND_MESSAGE: ReportTargetKind
REPORT_TARGET_KIND_PROFILE: ReportTargetKind
REPORT_TARGET_KIND_COMMUNITY: ReportTargetKind
REPORT_REASON_UNSPECIFIED: ReportReason
REPORT_REASON_SPAM: ReportReason
REPORT_REASON_HARASSMENT: ReportReason
REPORT_REASON_HATE: ReportReason
REPORT_REASON_VIOLENCE: ReportReason
REPORT_REASON_SEXUAL_CONTENT: ReportReason
REPORT_REASON_SELF_HARM: ReportReason
REPORT_REASON_MISINFORMATION: ReportReason
REPORT_REASON_ILLEGAL: ReportReason
REPORT_REASON_IMPERSONATION: ReportReason
REPORT_REASON_OTHER: ReportReason
REPORT_STATUS_UNSPECIFIED: ReportStatus
REPORT_STATUS_OPEN: ReportStatus
REPORT_STATUS_DISMISSED: ReportStatus
REPORT_STATUS_ACTIONED: ReportStatus
APPEAL_STATUS_UNSPECIFIED: AppealStatus
APPEAL_STATUS_OPEN: AppealStatus
APPEAL_STATUS_UPHELD: AppealStatus
APPEAL_STATUS_OVERTURNED: AppealStatus
REPORT_RESOLUTION_UNSPECIFIED: ReportResolution
REPORT_RESOLUTION_DISMISSED: ReportResolution
REPORT_RESOLUTION_ACTIONED: ReportResolution
REMOVAL_STATUS_UNSPECIFIED: RemovalStatus
REMOVAL_STATUS_REMOVED: RemovalStatus
REMOVAL_STATUS_RESTORED: RemovalStatus

class PlatformReport(_message.Message):
    __slots__ = ("report_id", "target_kind", "target_id", "reason", "details", "reporter_id", "status", "created_at", "resolved_at", "resolved_by", "resolution_note")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_NOTE_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    target_kind: ReportTargetKind
    target_id: str
    reason: ReportReason
    details: str
    reporter_id: str
    status: ReportStatus
    created_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    resolved_by: str
    resolution_note: str
    def __init__(self, report_id: _Optional[str] = ..., target_kind: _Optional[_Union[ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[_Union[ReportReason, str]] = ..., details: _Optional[str] = ..., reporter_id: _Optional[str] = ..., status: _Optional[_Union[ReportStatus, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_by: _Optional[str] = ..., resolution_note: _Optional[str] = ...) -> None: ...

class ReportToPlatformRequest(_message.Message):
    __slots__ = ("target_kind", "target_id", "reason", "details")
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    target_kind: ReportTargetKind
    target_id: str
    reason: ReportReason
    details: str
    def __init__(self, target_kind: _Optional[_Union[ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[_Union[ReportReason, str]] = ..., details: _Optional[str] = ...) -> None: ...

class ReportToPlatformResponse(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class ListPlatformReportsRequest(_message.Message):
    __slots__ = ("status", "target_kind", "reason", "page_size", "cursor")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    status: ReportStatus
    target_kind: ReportTargetKind
    reason: ReportReason
    page_size: int
    cursor: str
    def __init__(self, status: _Optional[_Union[ReportStatus, str]] = ..., target_kind: _Optional[_Union[ReportTargetKind, str]] = ..., reason: _Optional[_Union[ReportReason, str]] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListPlatformReportsResponse(_message.Message):
    __slots__ = ("reports", "next_cursor")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[PlatformReport]
    next_cursor: str
    def __init__(self, reports: _Optional[_Iterable[_Union[PlatformReport, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ResolvePlatformReportRequest(_message.Message):
    __slots__ = ("report_id", "resolution", "note")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    resolution: ReportResolution
    note: str
    def __init__(self, report_id: _Optional[str] = ..., resolution: _Optional[_Union[ReportResolution, str]] = ..., note: _Optional[str] = ...) -> None: ...

class ResolvePlatformReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: PlatformReport
    def __init__(self, report: _Optional[_Union[PlatformReport, _Mapping]] = ...) -> None: ...

class SuspendAccountRequest(_message.Message):
    __slots__ = ("user_id", "reason", "until", "report_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reason: str
    until: _timestamp_pb2.Timestamp
    report_id: str
    def __init__(self, user_id: _Optional[str] = ..., reason: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_id: _Optional[str] = ...) -> None: ...

class SuspendAccountResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LiftSuspensionRequest(_message.Message):
    __slots__ = ("user_id", "note")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    note: str
    def __init__(self, user_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class LiftSuspensionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AppealSuspensionRequest(_message.Message):
    __slots__ = ("login", "password", "text")
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    login: str
    password: str
    text: str
    def __init__(self, login: _Optional[str] = ..., password: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class AppealSuspensionResponse(_message.Message):
    __slots__ = ("appeal_id",)
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    def __init__(self, appeal_id: _Optional[str] = ...) -> None: ...

class Appeal(_message.Message):
    __slots__ = ("appeal_id", "user_id", "text", "status", "suspension_reason", "created_at", "decided_at", "decided_by", "decision_note", "removal")
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    user_id: str
    text: str
    status: AppealStatus
    suspension_reason: str
    created_at: _timestamp_pb2.Timestamp
    decided_at: _timestamp_pb2.Timestamp
    decided_by: str
    decision_note: str
    removal: Removal
    def __init__(self, appeal_id: _Optional[str] = ..., user_id: _Optional[str] = ..., text: _Optional[str] = ..., status: _Optional[_Union[AppealStatus, str]] = ..., suspension_reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., decision_note: _Optional[str] = ..., removal: _Optional[_Union[Removal, _Mapping]] = ...) -> None: ...

class Removal(_message.Message):
    __slots__ = ("removal_id", "target_kind", "target_id", "reason", "status", "removed_at", "owner_id", "restored_at", "appeal_id", "appeal_status")
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTORED_AT_FIELD_NUMBER: _ClassVar[int]
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    APPEAL_STATUS_FIELD_NUMBER: _ClassVar[int]
    removal_id: str
    target_kind: ReportTargetKind
    target_id: str
    reason: str
    status: RemovalStatus
    removed_at: _timestamp_pb2.Timestamp
    owner_id: str
    restored_at: _timestamp_pb2.Timestamp
    appeal_id: str
    appeal_status: AppealStatus
    def __init__(self, removal_id: _Optional[str] = ..., target_kind: _Optional[_Union[ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ..., status: _Optional[_Union[RemovalStatus, str]] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner_id: _Optional[str] = ..., restored_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., appeal_id: _Optional[str] = ..., appeal_status: _Optional[_Union[AppealStatus, str]] = ...) -> None: ...

class RemoveContentRequest(_message.Message):
    __slots__ = ("target_kind", "target_id", "reason", "report_id")
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    target_kind: ReportTargetKind
    target_id: str
    reason: str
    report_id: str
    def __init__(self, target_kind: _Optional[_Union[ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ..., report_id: _Optional[str] = ...) -> None: ...

class RemoveContentResponse(_message.Message):
    __slots__ = ("removal",)
    REMOVAL_FIELD_NUMBER: _ClassVar[int]
    removal: Removal
    def __init__(self, removal: _Optional[_Union[Removal, _Mapping]] = ...) -> None: ...

class RestoreContentRequest(_message.Message):
    __slots__ = ("removal_id", "note")
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    removal_id: str
    note: str
    def __init__(self, removal_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RestoreContentResponse(_message.Message):
    __slots__ = ("removal",)
    REMOVAL_FIELD_NUMBER: _ClassVar[int]
    removal: Removal
    def __init__(self, removal: _Optional[_Union[Removal, _Mapping]] = ...) -> None: ...

class AppealRemovalRequest(_message.Message):
    __slots__ = ("removal_id", "text")
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    removal_id: str
    text: str
    def __init__(self, removal_id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class AppealRemovalResponse(_message.Message):
    __slots__ = ("appeal_id",)
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    def __init__(self, appeal_id: _Optional[str] = ...) -> None: ...

class ListMyRemovalsRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListMyRemovalsResponse(_message.Message):
    __slots__ = ("removals", "next_cursor")
    REMOVALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    removals: _containers.RepeatedCompositeFieldContainer[Removal]
    next_cursor: str
    def __init__(self, removals: _Optional[_Iterable[_Union[Removal, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListAppealsRequest(_message.Message):
    __slots__ = ("status", "page_size", "cursor")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    status: AppealStatus
    page_size: int
    cursor: str
    def __init__(self, status: _Optional[_Union[AppealStatus, str]] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListAppealsResponse(_message.Message):
    __slots__ = ("appeals", "next_cursor")
    APPEALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    appeals: _containers.RepeatedCompositeFieldContainer[Appeal]
    next_cursor: str
    def __init__(self, appeals: _Optional[_Iterable[_Union[Appeal, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DecideAppealRequest(_message.Message):
    __slots__ = ("appeal_id", "overturn", "note")
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    OVERTURN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    overturn: bool
    note: str
    def __init__(self, appeal_id: _Optional[str] = ..., overturn: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class DecideAppealResponse(_message.Message):
    __slots__ = ("appeal",)
    APPEAL_FIELD_NUMBER: _ClassVar[int]
    appeal: Appeal
    def __init__(self, appeal: _Optional[_Union[Appeal, _Mapping]] = ...) -> None: ...

class StaffAction(_message.Message):
    __slots__ = ("action_id", "staff_id", "action", "target_kind", "target_id", "reason", "at")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    staff_id: str
    action: str
    target_kind: str
    target_id: str
    reason: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, action_id: _Optional[str] = ..., staff_id: _Optional[str] = ..., action: _Optional[str] = ..., target_kind: _Optional[str] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListStaffActionsRequest(_message.Message):
    __slots__ = ("staff_id", "target_id", "page_size", "cursor")
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    target_id: str
    page_size: int
    cursor: str
    def __init__(self, staff_id: _Optional[str] = ..., target_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListStaffActionsResponse(_message.Message):
    __slots__ = ("actions", "next_cursor")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[StaffAction]
    next_cursor: str
    def __init__(self, actions: _Optional[_Iterable[_Union[StaffAction, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class SetStaffRoleRequest(_message.Message):
    __slots__ = ("user_id", "role")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: StaffRole
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[_Union[StaffRole, str]] = ...) -> None: ...

class SetStaffRoleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListStaffRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StaffMember(_message.Message):
    __slots__ = ("user_id", "handle", "role")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    role: StaffRole
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., role: _Optional[_Union[StaffRole, str]] = ...) -> None: ...

class ListStaffResponse(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: _containers.RepeatedCompositeFieldContainer[StaffMember]
    def __init__(self, staff: _Optional[_Iterable[_Union[StaffMember, _Mapping]]] = ...) -> None: ...

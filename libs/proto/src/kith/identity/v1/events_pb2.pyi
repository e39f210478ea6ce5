import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.identity.v1 import identity_pb2 as _identity_pb2
from kith.identity.v1 import privacy_pb2 as _privacy_pb2
from kith.identity.v1 import trust_safety_pb2 as _trust_safety_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SecondFactorChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SECOND_FACTOR_CHANGE_UNSPECIFIED: _ClassVar[SecondFactorChange]
    SECOND_FACTOR_CHANGE_ENABLED: _ClassVar[SecondFactorChange]
    SECOND_FACTOR_CHANGE_DISABLED: _ClassVar[SecondFactorChange]
    SECOND_FACTOR_CHANGE_RECOVERY_CODES_REGENERATED: _ClassVar[SecondFactorChange]
    SECOND_FACTOR_CHANGE_RECOVERY_CODE_USED: _ClassVar[SecondFactorChange]
SECOND_FACTOR_CHANGE_UNSPECIFIED: SecondFactorChange
SECOND_FACTOR_CHANGE_ENABLED: SecondFactorChange
SECOND_FACTOR_CHANGE_DISABLED: SecondFactorChange
SECOND_FACTOR_CHANGE_RECOVERY_CODES_REGENERATED: SecondFactorChange
SECOND_FACTOR_CHANGE_RECOVERY_CODE_USED: SecondFactorChange

class UserRegistered(_message.Message):
    __slots__ = ("user_id", "handle", "display_name", "registered_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    display_name: str
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserDeactivated(_message.Message):
    __slots__ = ("user_id", "deactivated_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DEACTIVATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    deactivated_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., deactivated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserReactivated(_message.Message):
    __slots__ = ("user_id", "reactivated_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REACTIVATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reactivated_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., reactivated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProfileUpdated(_message.Message):
    __slots__ = ("user_id", "handle", "display_name", "avatar_url", "visibility", "bio", "location", "language", "updated_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    display_name: str
    avatar_url: str
    visibility: _identity_pb2.ProfileVisibility
    bio: str
    location: str
    language: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., avatar_url: _Optional[str] = ..., visibility: _Optional[_Union[_identity_pb2.ProfileVisibility, str]] = ..., bio: _Optional[str] = ..., location: _Optional[str] = ..., language: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InterestsChanged(_message.Message):
    __slots__ = ("user_id", "interests", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    interests: _containers.RepeatedScalarFieldContainer[str]
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., interests: _Optional[_Iterable[str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SessionsRevoked(_message.Message):
    __slots__ = ("user_id", "session_ids", "reason", "revoked_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_IDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    session_ids: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., session_ids: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccountDeletionScheduled(_message.Message):
    __slots__ = ("user_id", "requested_at", "erase_after")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    ERASE_AFTER_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    requested_at: _timestamp_pb2.Timestamp
    erase_after: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., erase_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccountDeletionCancelled(_message.Message):
    __slots__ = ("user_id", "cancelled_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    cancelled_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserErased(_message.Message):
    __slots__ = ("user_id", "erased_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EmailVerified(_message.Message):
    __slots__ = ("user_id", "verified_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    verified_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EmailChanged(_message.Message):
    __slots__ = ("user_id", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PasswordChanged(_message.Message):
    __slots__ = ("user_id", "how", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HOW_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    how: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., how: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SecondFactorChanged(_message.Message):
    __slots__ = ("user_id", "change", "changed_at", "recovery_codes_left")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_LEFT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    change: SecondFactorChange
    changed_at: _timestamp_pb2.Timestamp
    recovery_codes_left: int
    def __init__(self, user_id: _Optional[str] = ..., change: _Optional[_Union[SecondFactorChange, str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recovery_codes_left: _Optional[int] = ...) -> None: ...

class AccountSuspended(_message.Message):
    __slots__ = ("user_id", "suspended_at", "until")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_AT_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    suspended_at: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., suspended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccountSuspensionLifted(_message.Message):
    __slots__ = ("user_id", "lifted_at", "how")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LIFTED_AT_FIELD_NUMBER: _ClassVar[int]
    HOW_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    lifted_at: _timestamp_pb2.Timestamp
    how: str
    def __init__(self, user_id: _Optional[str] = ..., lifted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., how: _Optional[str] = ...) -> None: ...

class StaffRoleChanged(_message.Message):
    __slots__ = ("user_id", "role", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: _trust_safety_pb2.StaffRole
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[_Union[_trust_safety_pb2.StaffRole, str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PlatformReportFiled(_message.Message):
    __slots__ = ("report_id", "reporter_id", "target_kind", "target_id", "reason", "filed_at")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    FILED_AT_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    reporter_id: str
    target_kind: _trust_safety_pb2.ReportTargetKind
    target_id: str
    reason: _trust_safety_pb2.ReportReason
    filed_at: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[str] = ..., reporter_id: _Optional[str] = ..., target_kind: _Optional[_Union[_trust_safety_pb2.ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[_Union[_trust_safety_pb2.ReportReason, str]] = ..., filed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PlatformReportResolved(_message.Message):
    __slots__ = ("report_id", "staff_id", "resolution", "resolved_at")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    staff_id: str
    resolution: _trust_safety_pb2.ReportResolution
    resolved_at: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[str] = ..., staff_id: _Optional[str] = ..., resolution: _Optional[_Union[_trust_safety_pb2.ReportResolution, str]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AppealFiled(_message.Message):
    __slots__ = ("appeal_id", "user_id", "filed_at")
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FILED_AT_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    user_id: str
    filed_at: _timestamp_pb2.Timestamp
    def __init__(self, appeal_id: _Optional[str] = ..., user_id: _Optional[str] = ..., filed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AppealDecided(_message.Message):
    __slots__ = ("appeal_id", "user_id", "overturned", "decided_at")
    APPEAL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OVERTURNED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    appeal_id: str
    user_id: str
    overturned: bool
    decided_at: _timestamp_pb2.Timestamp
    def __init__(self, appeal_id: _Optional[str] = ..., user_id: _Optional[str] = ..., overturned: _Optional[bool] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContentRemovedByStaff(_message.Message):
    __slots__ = ("removal_id", "target_kind", "target_id", "staff_id", "removed_at")
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    removal_id: str
    target_kind: _trust_safety_pb2.ReportTargetKind
    target_id: str
    staff_id: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, removal_id: _Optional[str] = ..., target_kind: _Optional[_Union[_trust_safety_pb2.ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., staff_id: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContentRestoredByStaff(_message.Message):
    __slots__ = ("removal_id", "target_kind", "target_id", "staff_id", "restored_at", "how")
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    RESTORED_AT_FIELD_NUMBER: _ClassVar[int]
    HOW_FIELD_NUMBER: _ClassVar[int]
    removal_id: str
    target_kind: _trust_safety_pb2.ReportTargetKind
    target_id: str
    staff_id: str
    restored_at: _timestamp_pb2.Timestamp
    how: str
    def __init__(self, removal_id: _Optional[str] = ..., target_kind: _Optional[_Union[_trust_safety_pb2.ReportTargetKind, str]] = ..., target_id: _Optional[str] = ..., staff_id: _Optional[str] = ..., restored_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., how: _Optional[str] = ...) -> None: ...

class PrivacySettingsChanged(_message.Message):
    __slots__ = ("user_id", "settings", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    settings: _privacy_pb2.PrivacySettings
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., settings: _Optional[_Union[_privacy_pb2.PrivacySettings, _Mapping]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.identity.v1 import privacy_pb2 as _privacy_pb2
from kith.identity.v1 import trust_safety_pb2 as _trust_safety_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImportAccountOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMPORT_ACCOUNT_OUTCOME_UNSPECIFIED: _ClassVar[ImportAccountOutcome]
    IMPORT_ACCOUNT_OUTCOME_CREATED: _ClassVar[ImportAccountOutcome]
    IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED: _ClassVar[ImportAccountOutcome]
    IMPORT_ACCOUNT_OUTCOME_INVALID: _ClassVar[ImportAccountOutcome]

class ProfileVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROFILE_VISIBILITY_UNSPECIFIED: _ClassVar[ProfileVisibility]
    PROFILE_VISIBILITY_PUBLIC: _ClassVar[ProfileVisibility]
    PROFILE_VISIBILITY_CONNECTIONS: _ClassVar[ProfileVisibility]

class DataExportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATA_EXPORT_STATUS_UNSPECIFIED: _ClassVar[DataExportStatus]
    DATA_EXPORT_STATUS_PENDING: _ClassVar[DataExportStatus]
    DATA_EXPORT_STATUS_BUILDING: _ClassVar[DataExportStatus]
    DATA_EXPORT_STATUS_READY: _ClassVar[DataExportStatus]
    DATA_EXPORT_STATUS_FAILED: _ClassVar[DataExportStatus]

class EmailConfirmation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EMAIL_CONFIRMATION_UNSPECIFIED: _ClassVar[EmailConfirmation]
    EMAIL_CONFIRMATION_VERIFIED: _ClassVar[EmailConfirmation]
    EMAIL_CONFIRMATION_CHANGE_WAITING: _ClassVar[EmailConfirmation]
    EMAIL_CONFIRMATION_CHANGED: _ClassVar[EmailConfirmation]
IMPORT_ACCOUNT_OUTCOME_UNSPECIFIED: ImportAccountOutcome
IMPORT_ACCOUNT_OUTCOME_CREATED: ImportAccountOutcome
IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED: ImportAccountOutcome
IMPORT_ACCOUNT_OUTCOME_INVALID: ImportAccountOutcome
PROFILE_VISIBILITY_UNSPECIFIED: ProfileVisibility
PROFILE_VISIBILITY_PUBLIC: ProfileVisibility
PROFILE_VISIBILITY_CONNECTIONS: ProfileVisibility
DATA_EXPORT_STATUS_UNSPECIFIED: DataExportStatus
DATA_EXPORT_STATUS_PENDING: DataExportStatus
DATA_EXPORT_STATUS_BUILDING: DataExportStatus
DATA_EXPORT_STATUS_READY: DataExportStatus
DATA_EXPORT_STATUS_FAILED: DataExportStatus
EMAIL_CONFIRMATION_UNSPECIFIED: EmailConfirmation
EMAIL_CONFIRMATION_VERIFIED: EmailConfirmation
EMAIL_CONFIRMATION_CHANGE_WAITING: EmailConfirmation
EMAIL_CONFIRMATION_CHANGED: EmailConfirmation

class GrantStaffRoleRequest(_message.Message):
    __slots__ = ("handle", "role")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    handle: str
    role: _trust_safety_pb2.StaffRole
    def __init__(self, handle: _Optional[str] = ..., role: _Optional[_Union[_trust_safety_pb2.StaffRole, str]] = ...) -> None: ...

class GrantStaffRoleResponse(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ImportAccountsRequest(_message.Message):
    __slots__ = ("accounts",)
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[ImportedAccount]
    def __init__(self, accounts: _Optional[_Iterable[_Union[ImportedAccount, _Mapping]]] = ...) -> None: ...

class ImportedAccount(_message.Message):
    __slots__ = ("handle", "email", "display_name", "password_hash")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_HASH_FIELD_NUMBER: _ClassVar[int]
    handle: str
    email: str
    display_name: str
    password_hash: str
    def __init__(self, handle: _Optional[str] = ..., email: _Optional[str] = ..., display_name: _Optional[str] = ..., password_hash: _Optional[str] = ...) -> None: ...

class ImportAccountResult(_message.Message):
    __slots__ = ("outcome", "user_id", "reason", "same_password_hash")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SAME_PASSWORD_HASH_FIELD_NUMBER: _ClassVar[int]
    outcome: ImportAccountOutcome
    user_id: str
    reason: str
    same_password_hash: bool
    def __init__(self, outcome: _Optional[_Union[ImportAccountOutcome, str]] = ..., user_id: _Optional[str] = ..., reason: _Optional[str] = ..., same_password_hash: _Optional[bool] = ...) -> None: ...

class ImportAccountsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ImportAccountResult]
    def __init__(self, results: _Optional[_Iterable[_Union[ImportAccountResult, _Mapping]]] = ...) -> None: ...

class DeleteAccountRequest(_message.Message):
    __slots__ = ("password",)
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class DeleteAccountResponse(_message.Message):
    __slots__ = ("erase_after",)
    ERASE_AFTER_FIELD_NUMBER: _ClassVar[int]
    erase_after: _timestamp_pb2.Timestamp
    def __init__(self, erase_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EraseAccountNowRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class EraseAccountNowResponse(_message.Message):
    __slots__ = ("erased",)
    ERASED_FIELD_NUMBER: _ClassVar[int]
    erased: bool
    def __init__(self, erased: _Optional[bool] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ("handle", "email", "password", "display_name")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    handle: str
    email: str
    password: str
    display_name: str
    def __init__(self, handle: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class RegisterResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("login", "password")
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    login: str
    password: str
    def __init__(self, login: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ("access_token", "access_token_expires_at", "refresh_token", "user", "second_factor_required", "challenge_token", "challenge_expires_at")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    SECOND_FACTOR_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_token_expires_at: _timestamp_pb2.Timestamp
    refresh_token: str
    user: User
    second_factor_required: bool
    challenge_token: str
    challenge_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, access_token: _Optional[str] = ..., access_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ..., user: _Optional[_Union[User, _Mapping]] = ..., second_factor_required: _Optional[bool] = ..., challenge_token: _Optional[str] = ..., challenge_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RefreshRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class RefreshResponse(_message.Message):
    __slots__ = ("access_token", "access_token_expires_at", "refresh_token")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_token_expires_at: _timestamp_pb2.Timestamp
    refresh_token: str
    def __init__(self, access_token: _Optional[str] = ..., access_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogoutEverywhereRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogoutEverywhereResponse(_message.Message):
    __slots__ = ("sessions_ended",)
    SESSIONS_ENDED_FIELD_NUMBER: _ClassVar[int]
    sessions_ended: int
    def __init__(self, sessions_ended: _Optional[int] = ...) -> None: ...

class ChangePasswordRequest(_message.Message):
    __slots__ = ("current_password", "new_password")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    new_password: str
    def __init__(self, current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ChangePasswordResponse(_message.Message):
    __slots__ = ("other_sessions_ended",)
    OTHER_SESSIONS_ENDED_FIELD_NUMBER: _ClassVar[int]
    other_sessions_ended: int
    def __init__(self, other_sessions_ended: _Optional[int] = ...) -> None: ...

class DeactivateAccountRequest(_message.Message):
    __slots__ = ("password",)
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class DeactivateAccountResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReactivateAccountRequest(_message.Message):
    __slots__ = ("login", "password", "second_factor_code")
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    SECOND_FACTOR_CODE_FIELD_NUMBER: _ClassVar[int]
    login: str
    password: str
    second_factor_code: str
    def __init__(self, login: _Optional[str] = ..., password: _Optional[str] = ..., second_factor_code: _Optional[str] = ...) -> None: ...

class ReactivateAccountResponse(_message.Message):
    __slots__ = ("access_token", "access_token_expires_at", "refresh_token", "user")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_token_expires_at: _timestamp_pb2.Timestamp
    refresh_token: str
    user: User
    def __init__(self, access_token: _Optional[str] = ..., access_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("user_id", "handle", "display_name", "created_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    display_name: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetPublicKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPublicKeysResponse(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[PublicKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[PublicKey, _Mapping]]] = ...) -> None: ...

class PublicKey(_message.Message):
    __slots__ = ("key_id", "algorithm", "public_key_pem")
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_PEM_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    algorithm: str
    public_key_pem: str
    def __init__(self, key_id: _Optional[str] = ..., algorithm: _Optional[str] = ..., public_key_pem: _Optional[str] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("user_id", "handle", "display_name", "avatar_url", "bio", "location", "language", "interests", "visibility", "restricted", "created_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    RESTRICTED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    display_name: str
    avatar_url: str
    bio: str
    location: str
    language: str
    interests: _containers.RepeatedScalarFieldContainer[str]
    visibility: ProfileVisibility
    restricted: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., avatar_url: _Optional[str] = ..., bio: _Optional[str] = ..., location: _Optional[str] = ..., language: _Optional[str] = ..., interests: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[ProfileVisibility, str]] = ..., restricted: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetProfileRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetProfileResponse(_message.Message):
    __slots__ = ("profile",)
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    profile: Profile
    def __init__(self, profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class Interests(_message.Message):
    __slots__ = ("topics",)
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topics: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateProfileRequest(_message.Message):
    __slots__ = ("display_name", "bio", "avatar_url", "location", "language", "interests", "visibility")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    INTERESTS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    bio: str
    avatar_url: str
    location: str
    language: str
    interests: Interests
    visibility: ProfileVisibility
    def __init__(self, display_name: _Optional[str] = ..., bio: _Optional[str] = ..., avatar_url: _Optional[str] = ..., location: _Optional[str] = ..., language: _Optional[str] = ..., interests: _Optional[_Union[Interests, _Mapping]] = ..., visibility: _Optional[_Union[ProfileVisibility, str]] = ...) -> None: ...

class UpdateProfileResponse(_message.Message):
    __slots__ = ("profile",)
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    profile: Profile
    def __init__(self, profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class SearchPeopleRequest(_message.Message):
    __slots__ = ("query", "page_size", "cursor")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    query: str
    page_size: int
    cursor: str
    def __init__(self, query: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class SearchPeopleResponse(_message.Message):
    __slots__ = ("people", "next_cursor")
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[Profile]
    next_cursor: str
    def __init__(self, people: _Optional[_Iterable[_Union[Profile, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class BatchGetProfilesRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetProfilesResponse(_message.Message):
    __slots__ = ("profiles",)
    PROFILES_FIELD_NUMBER: _ClassVar[int]
    profiles: _containers.RepeatedCompositeFieldContainer[Profile]
    def __init__(self, profiles: _Optional[_Iterable[_Union[Profile, _Mapping]]] = ...) -> None: ...

class ResolveHandlesRequest(_message.Message):
    __slots__ = ("handles", "viewer_id", "mentioned_by")
    HANDLES_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_BY_FIELD_NUMBER: _ClassVar[int]
    handles: _containers.RepeatedScalarFieldContainer[str]
    viewer_id: str
    mentioned_by: str
    def __init__(self, handles: _Optional[_Iterable[str]] = ..., viewer_id: _Optional[str] = ..., mentioned_by: _Optional[str] = ...) -> None: ...

class ResolveHandlesResponse(_message.Message):
    __slots__ = ("user_ids",)
    class UserIdsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.ScalarMap[str, str]
    def __init__(self, user_ids: _Optional[_Mapping[str, str]] = ...) -> None: ...

class DataExport(_message.Message):
    __slots__ = ("export_id", "status", "requested_at", "ready_at", "expires_at", "size_bytes", "sha256", "next_request_allowed_at")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    READY_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    NEXT_REQUEST_ALLOWED_AT_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    status: DataExportStatus
    requested_at: _timestamp_pb2.Timestamp
    ready_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    size_bytes: int
    sha256: str
    next_request_allowed_at: _timestamp_pb2.Timestamp
    def __init__(self, export_id: _Optional[str] = ..., status: _Optional[_Union[DataExportStatus, str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ready_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., next_request_allowed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RequestDataExportRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestDataExportResponse(_message.Message):
    __slots__ = ("data_export",)
    DATA_EXPORT_FIELD_NUMBER: _ClassVar[int]
    data_export: DataExport
    def __init__(self, data_export: _Optional[_Union[DataExport, _Mapping]] = ...) -> None: ...

class GetDataExportRequest(_message.Message):
    __slots__ = ("export_id",)
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    def __init__(self, export_id: _Optional[str] = ...) -> None: ...

class GetDataExportResponse(_message.Message):
    __slots__ = ("data_export",)
    DATA_EXPORT_FIELD_NUMBER: _ClassVar[int]
    data_export: DataExport
    def __init__(self, data_export: _Optional[_Union[DataExport, _Mapping]] = ...) -> None: ...

class DownloadDataExportRequest(_message.Message):
    __slots__ = ("export_id",)
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    def __init__(self, export_id: _Optional[str] = ...) -> None: ...

class DownloadDataExportResponse(_message.Message):
    __slots__ = ("chunk", "offset", "size_bytes")
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    offset: int
    size_bytes: int
    def __init__(self, chunk: _Optional[bytes] = ..., offset: _Optional[int] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class ConfirmEmailRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class ConfirmEmailResponse(_message.Message):
    __slots__ = ("outcome",)
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    outcome: EmailConfirmation
    def __init__(self, outcome: _Optional[_Union[EmailConfirmation, str]] = ...) -> None: ...

class ResendEmailVerificationRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResendEmailVerificationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestPasswordResetRequest(_message.Message):
    __slots__ = ("email",)
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    email: str
    def __init__(self, email: _Optional[str] = ...) -> None: ...

class RequestPasswordResetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResetPasswordRequest(_message.Message):
    __slots__ = ("token", "new_password", "second_factor_code")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    SECOND_FACTOR_CODE_FIELD_NUMBER: _ClassVar[int]
    token: str
    new_password: str
    second_factor_code: str
    def __init__(self, token: _Optional[str] = ..., new_password: _Optional[str] = ..., second_factor_code: _Optional[str] = ...) -> None: ...

class ResetPasswordResponse(_message.Message):
    __slots__ = ("sessions_ended",)
    SESSIONS_ENDED_FIELD_NUMBER: _ClassVar[int]
    sessions_ended: int
    def __init__(self, sessions_ended: _Optional[int] = ...) -> None: ...

class RequestEmailChangeRequest(_message.Message):
    __slots__ = ("new_email", "password")
    NEW_EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    new_email: str
    password: str
    def __init__(self, new_email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class RequestEmailChangeResponse(_message.Message):
    __slots__ = ("expires_at",)
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetAccountSecurityRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAccountSecurityResponse(_message.Message):
    __slots__ = ("email", "email_verified", "pending_email", "second_factor_enabled", "recovery_codes_left")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    PENDING_EMAIL_FIELD_NUMBER: _ClassVar[int]
    SECOND_FACTOR_ENABLED_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_LEFT_FIELD_NUMBER: _ClassVar[int]
    email: str
    email_verified: bool
    pending_email: str
    second_factor_enabled: bool
    recovery_codes_left: int
    def __init__(self, email: _Optional[str] = ..., email_verified: _Optional[bool] = ..., pending_email: _Optional[str] = ..., second_factor_enabled: _Optional[bool] = ..., recovery_codes_left: _Optional[int] = ...) -> None: ...

class BeginTotpEnrollmentRequest(_message.Message):
    __slots__ = ("password",)
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class BeginTotpEnrollmentResponse(_message.Message):
    __slots__ = ("secret", "otpauth_uri")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    secret: str
    otpauth_uri: str
    def __init__(self, secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentResponse(_message.Message):
    __slots__ = ("recovery_codes",)
    RECOVERY_CODES_FIELD_NUMBER: _ClassVar[int]
    recovery_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, recovery_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class DisableTotpRequest(_message.Message):
    __slots__ = ("password", "code")
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    password: str
    code: str
    def __init__(self, password: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class DisableTotpResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RegenerateRecoveryCodesRequest(_message.Message):
    __slots__ = ("password", "code")
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    password: str
    code: str
    def __init__(self, password: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class RegenerateRecoveryCodesResponse(_message.Message):
    __slots__ = ("recovery_codes",)
    RECOVERY_CODES_FIELD_NUMBER: _ClassVar[int]
    recovery_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, recovery_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class CompleteLoginRequest(_message.Message):
    __slots__ = ("challenge_token", "code")
    CHALLENGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    challenge_token: str
    code: str
    def __init__(self, challenge_token: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class CompleteLoginResponse(_message.Message):
    __slots__ = ("access_token", "access_token_expires_at", "refresh_token", "user")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_token_expires_at: _timestamp_pb2.Timestamp
    refresh_token: str
    user: User
    def __init__(self, access_token: _Optional[str] = ..., access_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AccountSession(_message.Message):
    __slots__ = ("session_id", "device", "ip_address", "place", "created_at", "last_used_at", "current")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    device: str
    ip_address: str
    place: str
    created_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    current: bool
    def __init__(self, session_id: _Optional[str] = ..., device: _Optional[str] = ..., ip_address: _Optional[str] = ..., place: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., current: _Optional[bool] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[AccountSession]
    def __init__(self, sessions: _Optional[_Iterable[_Union[AccountSession, _Mapping]]] = ...) -> None: ...

class RevokeSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class RevokeSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RevokeOtherSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RevokeOtherSessionsResponse(_message.Message):
    __slots__ = ("sessions_ended",)
    SESSIONS_ENDED_FIELD_NUMBER: _ClassVar[int]
    sessions_ended: int
    def __init__(self, sessions_ended: _Optional[int] = ...) -> None: ...

class GetPrivacySettingsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPrivacySettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: _privacy_pb2.PrivacySettings
    def __init__(self, settings: _Optional[_Union[_privacy_pb2.PrivacySettings, _Mapping]] = ...) -> None: ...

class UpdatePrivacySettingsRequest(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: _privacy_pb2.PrivacySettings
    def __init__(self, settings: _Optional[_Union[_privacy_pb2.PrivacySettings, _Mapping]] = ...) -> None: ...

class UpdatePrivacySettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: _privacy_pb2.PrivacySettings
    def __init__(self, settings: _Optional[_Union[_privacy_pb2.PrivacySettings, _Mapping]] = ...) -> None: ...

class FindPeopleByEmailRequest(_message.Message):
    __slots__ = ("emails",)
    EMAILS_FIELD_NUMBER: _ClassVar[int]
    emails: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, emails: _Optional[_Iterable[str]] = ...) -> None: ...

class FoundPerson(_message.Message):
    __slots__ = ("email", "profile")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    email: str
    profile: Profile
    def __init__(self, email: _Optional[str] = ..., profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class FindPeopleByEmailResponse(_message.Message):
    __slots__ = ("people",)
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[FoundPerson]
    def __init__(self, people: _Optional[_Iterable[_Union[FoundPerson, _Mapping]]] = ...) -> None: ...

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.communities.v1 import communities_pb2 as _communities_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CommunityCreated(_message.Message):
    __slots__ = ("community_id", "slug", "name", "topics", "visibility", "owner_id", "created_at", "parent_id", "nesting")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    NESTING_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    slug: str
    name: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    visibility: _communities_pb2.Visibility
    owner_id: str
    created_at: _timestamp_pb2.Timestamp
    parent_id: str
    nesting: _communities_pb2.Nesting
    def __init__(self, community_id: _Optional[str] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[_communities_pb2.Visibility, str]] = ..., owner_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., parent_id: _Optional[str] = ..., nesting: _Optional[_Union[_communities_pb2.Nesting, str]] = ...) -> None: ...

class CommunityUpdated(_message.Message):
    __slots__ = ("community_id", "changed", "slug", "name", "description", "purpose", "topics", "visibility", "rules", "welcome_message", "posting_policy", "hold_links_below_trust_level", "membership_questions", "comments_from_non_members", "updated_by", "updated_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    WELCOME_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    HOLD_LINKS_BELOW_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FROM_NON_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    changed: _containers.RepeatedScalarFieldContainer[str]
    slug: str
    name: str
    description: str
    purpose: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    visibility: _communities_pb2.Visibility
    rules: _containers.RepeatedScalarFieldContainer[str]
    welcome_message: str
    posting_policy: _communities_pb2.PostingPolicy
    hold_links_below_trust_level: int
    membership_questions: _containers.RepeatedScalarFieldContainer[str]
    comments_from_non_members: bool
    updated_by: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., changed: _Optional[_Iterable[str]] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., purpose: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[_communities_pb2.Visibility, str]] = ..., rules: _Optional[_Iterable[str]] = ..., welcome_message: _Optional[str] = ..., posting_policy: _Optional[_Union[_communities_pb2.PostingPolicy, str]] = ..., hold_links_below_trust_level: _Optional[int] = ..., membership_questions: _Optional[_Iterable[str]] = ..., comments_from_non_members: _Optional[bool] = ..., updated_by: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberJoined(_message.Message):
    __slots__ = ("community_id", "user_id", "role", "joined_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    role: _communities_pb2.Role
    joined_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[_communities_pb2.Role, str]] = ..., joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberLeft(_message.Message):
    __slots__ = ("community_id", "user_id", "left_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEFT_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    left_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., left_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JoinRequested(_message.Message):
    __slots__ = ("community_id", "user_id", "requested_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JoinRequestDenied(_message.Message):
    __slots__ = ("community_id", "user_id", "denied_by", "denied_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DENIED_BY_FIELD_NUMBER: _ClassVar[int]
    DENIED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    denied_by: str
    denied_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., denied_by: _Optional[str] = ..., denied_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberRoleChanged(_message.Message):
    __slots__ = ("community_id", "user_id", "role", "changed_by", "changed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    role: _communities_pb2.Role
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[_communities_pb2.Role, str]] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberRemoved(_message.Message):
    __slots__ = ("community_id", "user_id", "removed_by", "removed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    removed_by: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed_by: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberBanned(_message.Message):
    __slots__ = ("community_id", "user_id", "banned_by", "until", "banned_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BANNED_BY_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    BANNED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    banned_by: str
    until: _timestamp_pb2.Timestamp
    banned_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., banned_by: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., banned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberUnbanned(_message.Message):
    __slots__ = ("community_id", "user_id", "unbanned_by", "unbanned_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNBANNED_BY_FIELD_NUMBER: _ClassVar[int]
    UNBANNED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    unbanned_by: str
    unbanned_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., unbanned_by: _Optional[str] = ..., unbanned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserInvited(_message.Message):
    __slots__ = ("community_id", "user_id", "invited_by", "invited_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITED_BY_FIELD_NUMBER: _ClassVar[int]
    INVITED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    invited_by: str
    invited_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., invited_by: _Optional[str] = ..., invited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EventScheduled(_message.Message):
    __slots__ = ("community_id", "event_id", "title", "starts_at", "ends_at", "created_by")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    event_id: str
    title: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    created_by: str
    def __init__(self, community_id: _Optional[str] = ..., event_id: _Optional[str] = ..., title: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ...) -> None: ...

class EventChanged(_message.Message):
    __slots__ = ("community_id", "event_id", "cancelled", "changed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    event_id: str
    cancelled: bool
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., event_id: _Optional[str] = ..., cancelled: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RsvpChanged(_message.Message):
    __slots__ = ("community_id", "event_id", "user_id", "status", "promoted", "changed_at", "remind_me")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    REMIND_ME_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    event_id: str
    user_id: str
    status: _communities_pb2.RsvpStatus
    promoted: bool
    changed_at: _timestamp_pb2.Timestamp
    remind_me: bool
    def __init__(self, community_id: _Optional[str] = ..., event_id: _Optional[str] = ..., user_id: _Optional[str] = ..., status: _Optional[_Union[_communities_pb2.RsvpStatus, str]] = ..., promoted: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., remind_me: _Optional[bool] = ...) -> None: ...

class ContentRemoved(_message.Message):
    __slots__ = ("community_id", "target", "target_id", "removed_by", "removed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    target: _communities_pb2.ReportTarget
    target_id: str
    removed_by: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., target: _Optional[_Union[_communities_pb2.ReportTarget, str]] = ..., target_id: _Optional[str] = ..., removed_by: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportFiled(_message.Message):
    __slots__ = ("community_id", "report_id", "target", "reported_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    report_id: int
    target: _communities_pb2.ReportTarget
    reported_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., report_id: _Optional[int] = ..., target: _Optional[_Union[_communities_pb2.ReportTarget, str]] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportResolved(_message.Message):
    __slots__ = ("community_id", "report_id", "target", "action", "resolved_by", "resolved_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    report_id: int
    target: _communities_pb2.ReportTarget
    action: _communities_pb2.ReportAction
    resolved_by: str
    resolved_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., report_id: _Optional[int] = ..., target: _Optional[_Union[_communities_pb2.ReportTarget, str]] = ..., action: _Optional[_Union[_communities_pb2.ReportAction, str]] = ..., resolved_by: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberWarned(_message.Message):
    __slots__ = ("community_id", "user_id", "warned_by", "warned_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    WARNED_BY_FIELD_NUMBER: _ClassVar[int]
    WARNED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    warned_by: str
    warned_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., warned_by: _Optional[str] = ..., warned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MemberMuted(_message.Message):
    __slots__ = ("community_id", "user_id", "muted_by", "until")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MUTED_BY_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    muted_by: str
    until: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., muted_by: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityMoved(_message.Message):
    __slots__ = ("community_id", "parent_id", "previous_parent_id", "nesting", "moved_by", "moved_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    NESTING_FIELD_NUMBER: _ClassVar[int]
    MOVED_BY_FIELD_NUMBER: _ClassVar[int]
    MOVED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    parent_id: str
    previous_parent_id: str
    nesting: _communities_pb2.Nesting
    moved_by: str
    moved_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., previous_parent_id: _Optional[str] = ..., nesting: _Optional[_Union[_communities_pb2.Nesting, str]] = ..., moved_by: _Optional[str] = ..., moved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommunityArchived(_message.Message):
    __slots__ = ("community_id", "archived_with", "archived_by", "archived_at", "removal_id", "owner_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_WITH_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_BY_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_AT_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    archived_with: str
    archived_by: str
    archived_at: _timestamp_pb2.Timestamp
    removal_id: str
    owner_id: str
    def __init__(self, community_id: _Optional[str] = ..., archived_with: _Optional[str] = ..., archived_by: _Optional[str] = ..., archived_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., removal_id: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class CommunityUnarchived(_message.Message):
    __slots__ = ("community_id", "unarchived_by", "unarchived_at", "removal_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNARCHIVED_BY_FIELD_NUMBER: _ClassVar[int]
    UNARCHIVED_AT_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    unarchived_by: str
    unarchived_at: _timestamp_pb2.Timestamp
    removal_id: str
    def __init__(self, community_id: _Optional[str] = ..., unarchived_by: _Optional[str] = ..., unarchived_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., removal_id: _Optional[str] = ...) -> None: ...

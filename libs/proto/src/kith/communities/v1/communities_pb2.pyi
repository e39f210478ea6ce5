import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Visibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VISIBILITY_UNSPECIFIED: _ClassVar[Visibility]
    VISIBILITY_PUBLIC: _ClassVar[Visibility]
    VISIBILITY_PRIVATE: _ClassVar[Visibility]
    VISIBILITY_HIDDEN: _ClassVar[Visibility]

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_MEMBER: _ClassVar[Role]
    ROLE_MODERATOR: _ClassVar[Role]
    ROLE_ADMIN: _ClassVar[Role]
    ROLE_OWNER: _ClassVar[Role]

class Nesting(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NESTING_UNSPECIFIED: _ClassVar[Nesting]
    NESTING_FULL: _ClassVar[Nesting]
    NESTING_PARTIAL: _ClassVar[Nesting]

class PostingPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POSTING_POLICY_UNSPECIFIED: _ClassVar[PostingPolicy]
    POSTING_POLICY_ALL_MEMBERS: _ClassVar[PostingPolicy]
    POSTING_POLICY_MODERATORS_ONLY: _ClassVar[PostingPolicy]

class RsvpStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RSVP_STATUS_UNSPECIFIED: _ClassVar[RsvpStatus]
    RSVP_STATUS_GOING: _ClassVar[RsvpStatus]
    RSVP_STATUS_MAYBE: _ClassVar[RsvpStatus]
    RSVP_STATUS_NOT_GOING: _ClassVar[RsvpStatus]
    RSVP_STATUS_WAITLISTED: _ClassVar[RsvpStatus]

class ReportTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_TARGET_UNSPECIFIED: _ClassVar[ReportTarget]
    REPORT_TARGET_POST: _ClassVar[ReportTarget]
    REPORT_TARGET_COMMENT: _ClassVar[ReportTarget]
    REPORT_TARGET_MEMBER: _ClassVar[ReportTarget]

class ReportAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_ACTION_UNSPECIFIED: _ClassVar[ReportAction]
    REPORT_ACTION_DISMISS: _ClassVar[ReportAction]
    REPORT_ACTION_REMOVE_CONTENT: _ClassVar[ReportAction]
    REPORT_ACTION_WARN: _ClassVar[ReportAction]
    REPORT_ACTION_MUTE: _ClassVar[ReportAction]
    REPORT_ACTION_BAN: _ClassVar[ReportAction]
VISIBILITY_UNSPECIFIED: Visibility
VISIBILITY_PUBLIC: Visibility
VISIBILITY_PRIVATE: Visibility
VISIBILITY_HIDDEN: Visibility
ROLE_UNSPECIFIED: Role
ROLE_MEMBER: Role
ROLE_MODERATOR: Role
ROLE_ADMIN: Role
ROLE_OWNER: Role
NESTING_UNSPECIFIED: Nesting
NESTING_FULL: Nesting
NESTING_PARTIAL: Nesting
POSTING_POLICY_UNSPECIFIED: PostingPolicy
POSTING_POLICY_ALL_MEMBERS: PostingPolicy
POSTING_POLICY_MODERATORS_ONLY: PostingPolicy
RSVP_STATUS_UNSPECIFIED: RsvpStatus
RSVP_STATUS_GOING: RsvpStatus
RSVP_STATUS_MAYBE: RsvpStatus
RSVP_STATUS_NOT_GOING: RsvpStatus
RSVP_STATUS_WAITLISTED: RsvpStatus
REPORT_TARGET_UNSPECIFIED: ReportTarget
REPORT_TARGET_POST: ReportTarget
REPORT_TARGET_COMMENT: ReportTarget
REPORT_TARGET_MEMBER: ReportTarget
REPORT_ACTION_UNSPECIFIED: ReportAction
REPORT_ACTION_DISMISS: ReportAction
REPORT_ACTION_REMOVE_CONTENT: ReportAction
REPORT_ACTION_WARN: ReportAction
REPORT_ACTION_MUTE: ReportAction
REPORT_ACTION_BAN: ReportAction

class CheckPostingRightsRequest(_message.Message):
    __slots__ = ("community_id", "user_id", "commenting")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENTING_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    commenting: bool
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., commenting: _Optional[bool] = ...) -> None: ...

class CheckPostingRightsResponse(_message.Message):
    __slots__ = ("allowed", "reason", "visibility", "hold_links_below_trust_level", "role")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    HOLD_LINKS_BELOW_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    reason: str
    visibility: Visibility
    hold_links_below_trust_level: int
    role: Role
    def __init__(self, allowed: _Optional[bool] = ..., reason: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., hold_links_below_trust_level: _Optional[int] = ..., role: _Optional[_Union[Role, str]] = ...) -> None: ...

class Community(_message.Message):
    __slots__ = ("community_id", "slug", "name", "description", "purpose", "topics", "visibility", "member_count", "created_at", "viewer_role", "parent_id", "nesting", "rules", "welcome_message", "posting_policy", "viewer_is_newcomer", "archived_at", "hold_links_below_trust_level", "membership_questions", "comments_from_non_members")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ROLE_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    NESTING_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    WELCOME_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    VIEWER_IS_NEWCOMER_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_AT_FIELD_NUMBER: _ClassVar[int]
    HOLD_LINKS_BELOW_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FROM_NON_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    slug: str
    name: str
    description: str
    purpose: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    visibility: Visibility
    member_count: int
    created_at: _timestamp_pb2.Timestamp
    viewer_role: Role
    parent_id: str
    nesting: Nesting
    rules: _containers.RepeatedScalarFieldContainer[str]
    welcome_message: str
    posting_policy: PostingPolicy
    viewer_is_newcomer: bool
    archived_at: _timestamp_pb2.Timestamp
    hold_links_below_trust_level: int
    membership_questions: _containers.RepeatedScalarFieldContainer[str]
    comments_from_non_members: bool
    def __init__(self, community_id: _Optional[str] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., purpose: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., member_count: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., viewer_role: _Optional[_Union[Role, str]] = ..., parent_id: _Optional[str] = ..., nesting: _Optional[_Union[Nesting, str]] = ..., rules: _Optional[_Iterable[str]] = ..., welcome_message: _Optional[str] = ..., posting_policy: _Optional[_Union[PostingPolicy, str]] = ..., viewer_is_newcomer: _Optional[bool] = ..., archived_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hold_links_below_trust_level: _Optional[int] = ..., membership_questions: _Optional[_Iterable[str]] = ..., comments_from_non_members: _Optional[bool] = ...) -> None: ...

class Rules(_message.Message):
    __slots__ = ("rules",)
    RULES_FIELD_NUMBER: _ClassVar[int]
    rules: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, rules: _Optional[_Iterable[str]] = ...) -> None: ...

class MembershipQuestions(_message.Message):
    __slots__ = ("questions",)
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    questions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, questions: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateCommunityRequest(_message.Message):
    __slots__ = ("slug", "name", "description", "purpose", "topics", "visibility", "parent_id", "nesting", "rules", "welcome_message", "posting_policy")
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    NESTING_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    WELCOME_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    slug: str
    name: str
    description: str
    purpose: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    visibility: Visibility
    parent_id: str
    nesting: Nesting
    rules: _containers.RepeatedScalarFieldContainer[str]
    welcome_message: str
    posting_policy: PostingPolicy
    def __init__(self, slug: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., purpose: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., parent_id: _Optional[str] = ..., nesting: _Optional[_Union[Nesting, str]] = ..., rules: _Optional[_Iterable[str]] = ..., welcome_message: _Optional[str] = ..., posting_policy: _Optional[_Union[PostingPolicy, str]] = ...) -> None: ...

class CreateCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class GetCommunityRequest(_message.Message):
    __slots__ = ("community_id", "slug")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    slug: str
    def __init__(self, community_id: _Optional[str] = ..., slug: _Optional[str] = ...) -> None: ...

class GetCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class JoinCommunityRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class JoinCommunityResponse(_message.Message):
    __slots__ = ("joined",)
    JOINED_FIELD_NUMBER: _ClassVar[int]
    joined: bool
    def __init__(self, joined: _Optional[bool] = ...) -> None: ...

class LeaveCommunityRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class LeaveCommunityResponse(_message.Message):
    __slots__ = ("left",)
    LEFT_FIELD_NUMBER: _ClassVar[int]
    left: bool
    def __init__(self, left: _Optional[bool] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class Member(_message.Message):
    __slots__ = ("user_id", "role", "joined_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: Role
    joined_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMembersResponse(_message.Message):
    __slots__ = ("members", "next_cursor")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[Member]
    next_cursor: str
    def __init__(self, members: _Optional[_Iterable[_Union[Member, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class RequestToJoinRequest(_message.Message):
    __slots__ = ("community_id", "answers")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    answers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, community_id: _Optional[str] = ..., answers: _Optional[_Iterable[str]] = ...) -> None: ...

class RequestToJoinResponse(_message.Message):
    __slots__ = ("requested",)
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    requested: bool
    def __init__(self, requested: _Optional[bool] = ...) -> None: ...

class JoinRequest(_message.Message):
    __slots__ = ("user_id", "answers", "requested_at", "answered")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    answers: _containers.RepeatedScalarFieldContainer[str]
    requested_at: _timestamp_pb2.Timestamp
    answered: _containers.RepeatedCompositeFieldContainer[AnsweredQuestion]
    def __init__(self, user_id: _Optional[str] = ..., answers: _Optional[_Iterable[str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered: _Optional[_Iterable[_Union[AnsweredQuestion, _Mapping]]] = ...) -> None: ...

class AnsweredQuestion(_message.Message):
    __slots__ = ("question", "answer")
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    question: str
    answer: str
    def __init__(self, question: _Optional[str] = ..., answer: _Optional[str] = ...) -> None: ...

class ListJoinRequestsRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListJoinRequestsResponse(_message.Message):
    __slots__ = ("requests", "next_cursor")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[JoinRequest]
    next_cursor: str
    def __init__(self, requests: _Optional[_Iterable[_Union[JoinRequest, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ApproveJoinRequestRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApproveJoinRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DenyJoinRequestRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class DenyJoinRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ChangeMemberRoleRequest(_message.Message):
    __slots__ = ("community_id", "user_id", "role")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    role: Role
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ...) -> None: ...

class ChangeMemberRoleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TransferOwnershipRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class TransferOwnershipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RemoveMemberRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class RemoveMemberResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCommunitiesRequest(_message.Message):
    __slots__ = ("topic", "page_size", "cursor")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    topic: str
    page_size: int
    cursor: str
    def __init__(self, topic: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_cursor")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_cursor: str
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class SearchCommunitiesRequest(_message.Message):
    __slots__ = ("query", "page_size", "cursor")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    query: str
    page_size: int
    cursor: str
    def __init__(self, query: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class SearchCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_cursor")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_cursor: str
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListMyCommunitiesRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListMyCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_cursor")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_cursor: str
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class BanMemberRequest(_message.Message):
    __slots__ = ("community_id", "user_id", "reason", "duration")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    reason: str
    duration: _duration_pb2.Duration
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., reason: _Optional[str] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class BanMemberResponse(_message.Message):
    __slots__ = ("until",)
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    until: _timestamp_pb2.Timestamp
    def __init__(self, until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UnbanMemberRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class UnbanMemberResponse(_message.Message):
    __slots__ = ("lifted",)
    LIFTED_FIELD_NUMBER: _ClassVar[int]
    lifted: bool
    def __init__(self, lifted: _Optional[bool] = ...) -> None: ...

class ModerationEntry(_message.Message):
    __slots__ = ("entry_id", "actor_id", "action", "target_user_id", "reason", "details", "at")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    entry_id: int
    actor_id: str
    action: str
    target_user_id: str
    reason: str
    details: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, entry_id: _Optional[int] = ..., actor_id: _Optional[str] = ..., action: _Optional[str] = ..., target_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., details: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListModerationLogRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListModerationLogResponse(_message.Message):
    __slots__ = ("entries", "next_cursor")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ModerationEntry]
    next_cursor: str
    def __init__(self, entries: _Optional[_Iterable[_Union[ModerationEntry, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class InviteUserRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class InviteUserResponse(_message.Message):
    __slots__ = ("invited",)
    INVITED_FIELD_NUMBER: _ClassVar[int]
    invited: bool
    def __init__(self, invited: _Optional[bool] = ...) -> None: ...

class AcceptInvitationRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class AcceptInvitationResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class CreateInviteLinkRequest(_message.Message):
    __slots__ = ("community_id", "expires_in", "max_uses")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    MAX_USES_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    expires_in: _duration_pb2.Duration
    max_uses: int
    def __init__(self, community_id: _Optional[str] = ..., expires_in: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_uses: _Optional[int] = ...) -> None: ...

class CreateInviteLinkResponse(_message.Message):
    __slots__ = ("token", "expires_at", "max_uses")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_USES_FIELD_NUMBER: _ClassVar[int]
    token: str
    expires_at: _timestamp_pb2.Timestamp
    max_uses: int
    def __init__(self, token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_uses: _Optional[int] = ...) -> None: ...

class JoinByInviteLinkRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class JoinByInviteLinkResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class ListSubcommunitiesRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class ListSubcommunitiesResponse(_message.Message):
    __slots__ = ("communities",)
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ...) -> None: ...

class UpdateCommunityRequest(_message.Message):
    __slots__ = ("community_id", "name", "description", "purpose", "welcome_message", "rules", "posting_policy", "hold_links_below_trust_level", "membership_questions", "comments_from_non_members")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    WELCOME_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    HOLD_LINKS_BELOW_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FROM_NON_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    name: str
    description: str
    purpose: str
    welcome_message: str
    rules: Rules
    posting_policy: PostingPolicy
    hold_links_below_trust_level: int
    membership_questions: MembershipQuestions
    comments_from_non_members: bool
    def __init__(self, community_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., purpose: _Optional[str] = ..., welcome_message: _Optional[str] = ..., rules: _Optional[_Union[Rules, _Mapping]] = ..., posting_policy: _Optional[_Union[PostingPolicy, str]] = ..., hold_links_below_trust_level: _Optional[int] = ..., membership_questions: _Optional[_Union[MembershipQuestions, _Mapping]] = ..., comments_from_non_members: _Optional[bool] = ...) -> None: ...

class UpdateCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("event_id", "community_id", "title", "description", "starts_at", "ends_at", "time_zone", "online_url", "place", "capacity", "cancelled", "going", "maybe", "waitlisted", "viewer_status")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    ONLINE_URL_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    GOING_FIELD_NUMBER: _ClassVar[int]
    MAYBE_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    VIEWER_STATUS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    community_id: str
    title: str
    description: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    time_zone: str
    online_url: str
    place: str
    capacity: int
    cancelled: bool
    going: int
    maybe: int
    waitlisted: int
    viewer_status: RsvpStatus
    def __init__(self, event_id: _Optional[str] = ..., community_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_zone: _Optional[str] = ..., online_url: _Optional[str] = ..., place: _Optional[str] = ..., capacity: _Optional[int] = ..., cancelled: _Optional[bool] = ..., going: _Optional[int] = ..., maybe: _Optional[int] = ..., waitlisted: _Optional[int] = ..., viewer_status: _Optional[_Union[RsvpStatus, str]] = ...) -> None: ...

class CreateEventRequest(_message.Message):
    __slots__ = ("community_id", "title", "description", "starts_at", "ends_at", "time_zone", "online_url", "place", "capacity")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    ONLINE_URL_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    title: str
    description: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    time_zone: str
    online_url: str
    place: str
    capacity: int
    def __init__(self, community_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_zone: _Optional[str] = ..., online_url: _Optional[str] = ..., place: _Optional[str] = ..., capacity: _Optional[int] = ...) -> None: ...

class CreateEventResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class UpdateEventRequest(_message.Message):
    __slots__ = ("event_id", "title", "description", "capacity")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    title: str
    description: str
    capacity: int
    def __init__(self, event_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., capacity: _Optional[int] = ...) -> None: ...

class UpdateEventResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class CancelEventRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    def __init__(self, event_id: _Optional[str] = ...) -> None: ...

class CancelEventResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class GetEventRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    def __init__(self, event_id: _Optional[str] = ...) -> None: ...

class GetEventResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class ListEventsRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ...) -> None: ...

class RsvpRequest(_message.Message):
    __slots__ = ("event_id", "status", "remind_me")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REMIND_ME_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    status: RsvpStatus
    remind_me: bool
    def __init__(self, event_id: _Optional[str] = ..., status: _Optional[_Union[RsvpStatus, str]] = ..., remind_me: _Optional[bool] = ...) -> None: ...

class RsvpResponse(_message.Message):
    __slots__ = ("status", "waitlist_position")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_POSITION_FIELD_NUMBER: _ClassVar[int]
    status: RsvpStatus
    waitlist_position: int
    def __init__(self, status: _Optional[_Union[RsvpStatus, str]] = ..., waitlist_position: _Optional[int] = ...) -> None: ...

class ReportRequest(_message.Message):
    __slots__ = ("community_id", "target", "target_id", "reason")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    target: ReportTarget
    target_id: str
    reason: str
    def __init__(self, community_id: _Optional[str] = ..., target: _Optional[_Union[ReportTarget, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReportResponse(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: int
    def __init__(self, report_id: _Optional[int] = ...) -> None: ...

class ModerationReport(_message.Message):
    __slots__ = ("report_id", "reporter_id", "target", "target_id", "reason", "reported_at")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    report_id: int
    reporter_id: str
    target: ReportTarget
    target_id: str
    reason: str
    reported_at: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[int] = ..., reporter_id: _Optional[str] = ..., target: _Optional[_Union[ReportTarget, str]] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("reports", "next_cursor")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[ModerationReport]
    next_cursor: str
    def __init__(self, reports: _Optional[_Iterable[_Union[ModerationReport, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ResolveReportRequest(_message.Message):
    __slots__ = ("community_id", "report_id", "action", "user_id", "duration", "note")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    report_id: int
    action: ReportAction
    user_id: str
    duration: _duration_pb2.Duration
    note: str
    def __init__(self, community_id: _Optional[str] = ..., report_id: _Optional[int] = ..., action: _Optional[_Union[ReportAction, str]] = ..., user_id: _Optional[str] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., note: _Optional[str] = ...) -> None: ...

class ResolveReportResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MoveCommunityRequest(_message.Message):
    __slots__ = ("community_id", "parent_id", "nesting")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    NESTING_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    parent_id: str
    nesting: Nesting
    def __init__(self, community_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., nesting: _Optional[_Union[Nesting, str]] = ...) -> None: ...

class MoveCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class ArchiveCommunityRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class ArchiveCommunityResponse(_message.Message):
    __slots__ = ("archived_ids",)
    ARCHIVED_IDS_FIELD_NUMBER: _ClassVar[int]
    archived_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, archived_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UnarchiveCommunityRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class UnarchiveCommunityResponse(_message.Message):
    __slots__ = ("unarchived_ids",)
    UNARCHIVED_IDS_FIELD_NUMBER: _ClassVar[int]
    unarchived_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, unarchived_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ExportUserDataRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ExportUserDataResponse(_message.Message):
    __slots__ = ("memberships_json", "events_json")
    MEMBERSHIPS_JSON_FIELD_NUMBER: _ClassVar[int]
    EVENTS_JSON_FIELD_NUMBER: _ClassVar[int]
    memberships_json: bytes
    events_json: bytes
    def __init__(self, memberships_json: _Optional[bytes] = ..., events_json: _Optional[bytes] = ...) -> None: ...

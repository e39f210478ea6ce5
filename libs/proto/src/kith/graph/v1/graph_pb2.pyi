import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImportFollowOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMPORT_FOLLOW_OUTCOME_UNSPECIFIED: _ClassVar[ImportFollowOutcome]
    IMPORT_FOLLOW_OUTCOME_FOLLOWED: _ClassVar[ImportFollowOutcome]
    IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING: _ClassVar[ImportFollowOutcome]
    IMPORT_FOLLOW_OUTCOME_REQUESTED: _ClassVar[ImportFollowOutcome]
    IMPORT_FOLLOW_OUTCOME_REFUSED: _ClassVar[ImportFollowOutcome]

class RelationshipList(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATIONSHIP_LIST_UNSPECIFIED: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FOLLOWERS: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FOLLOWING: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FRIENDS: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FRIEND_REQUESTS_SENT: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_FOLLOW_REQUESTS_RECEIVED: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_BLOCKED: _ClassVar[RelationshipList]
    RELATIONSHIP_LIST_MUTED: _ClassVar[RelationshipList]

class ConnectionsOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONNECTIONS_ORDER_UNSPECIFIED: _ClassVar[ConnectionsOrder]
    CONNECTIONS_ORDER_LAST_INTERACTION: _ClassVar[ConnectionsOrder]
    CONNECTIONS_ORDER_REACH_OUT_DUE: _ClassVar[ConnectionsOrder]
IMPORT_FOLLOW_OUTCOME_UNSPECIFIED: ImportFollowOutcome
IMPORT_FOLLOW_OUTCOME_FOLLOWED: ImportFollowOutcome
IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING: ImportFollowOutcome
IMPORT_FOLLOW_OUTCOME_REQUESTED: ImportFollowOutcome
IMPORT_FOLLOW_OUTCOME_REFUSED: ImportFollowOutcome
RELATIONSHIP_LIST_UNSPECIFIED: RelationshipList
RELATIONSHIP_LIST_FOLLOWERS: RelationshipList
RELATIONSHIP_LIST_FOLLOWING: RelationshipList
RELATIONSHIP_LIST_FRIENDS: RelationshipList
RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED: RelationshipList
RELATIONSHIP_LIST_FRIEND_REQUESTS_SENT: RelationshipList
RELATIONSHIP_LIST_FOLLOW_REQUESTS_RECEIVED: RelationshipList
RELATIONSHIP_LIST_BLOCKED: RelationshipList
RELATIONSHIP_LIST_MUTED: RelationshipList
CONNECTIONS_ORDER_UNSPECIFIED: ConnectionsOrder
CONNECTIONS_ORDER_LAST_INTERACTION: ConnectionsOrder
CONNECTIONS_ORDER_REACH_OUT_DUE: ConnectionsOrder

class ImportFollowsRequest(_message.Message):
    __slots__ = ("follows",)
    FOLLOWS_FIELD_NUMBER: _ClassVar[int]
    follows: _containers.RepeatedCompositeFieldContainer[FollowPair]
    def __init__(self, follows: _Optional[_Iterable[_Union[FollowPair, _Mapping]]] = ...) -> None: ...

class FollowPair(_message.Message):
    __slots__ = ("follower_id", "followee_id")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ...) -> None: ...

class ImportFollowResult(_message.Message):
    __slots__ = ("outcome", "code", "reason")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    outcome: ImportFollowOutcome
    code: str
    reason: str
    def __init__(self, outcome: _Optional[_Union[ImportFollowOutcome, str]] = ..., code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ImportFollowsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ImportFollowResult]
    def __init__(self, results: _Optional[_Iterable[_Union[ImportFollowResult, _Mapping]]] = ...) -> None: ...

class GetRelationshipRequest(_message.Message):
    __slots__ = ("user_id", "other_user_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    other_user_id: str
    def __init__(self, user_id: _Optional[str] = ..., other_user_id: _Optional[str] = ...) -> None: ...

class GetRelationshipResponse(_message.Message):
    __slots__ = ("follows", "followed_by", "connected", "friends")
    FOLLOWS_FIELD_NUMBER: _ClassVar[int]
    FOLLOWED_BY_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    FRIENDS_FIELD_NUMBER: _ClassVar[int]
    follows: bool
    followed_by: bool
    connected: bool
    friends: bool
    def __init__(self, follows: _Optional[bool] = ..., followed_by: _Optional[bool] = ..., connected: _Optional[bool] = ..., friends: _Optional[bool] = ...) -> None: ...

class FollowRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class FollowResponse(_message.Message):
    __slots__ = ("created", "requested")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    created: bool
    requested: bool
    def __init__(self, created: _Optional[bool] = ..., requested: _Optional[bool] = ...) -> None: ...

class UnfollowRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnfollowResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...

class ApproveFollowRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApproveFollowRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeclineFollowRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class DeclineFollowRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateGraphSettingsRequest(_message.Message):
    __slots__ = ("requires_follow_approval",)
    REQUIRES_FOLLOW_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    requires_follow_approval: bool
    def __init__(self, requires_follow_approval: _Optional[bool] = ...) -> None: ...

class UpdateGraphSettingsResponse(_message.Message):
    __slots__ = ("requires_follow_approval",)
    REQUIRES_FOLLOW_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    requires_follow_approval: bool
    def __init__(self, requires_follow_approval: _Optional[bool] = ...) -> None: ...

class SendFriendRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class SendFriendRequestResponse(_message.Message):
    __slots__ = ("friends",)
    FRIENDS_FIELD_NUMBER: _ClassVar[int]
    friends: bool
    def __init__(self, friends: _Optional[bool] = ...) -> None: ...

class AcceptFriendRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class AcceptFriendRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeclineFriendRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class DeclineFriendRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CancelFriendRequestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class CancelFriendRequestResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UnfriendRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnfriendResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...

class BlockRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class BlockResponse(_message.Message):
    __slots__ = ("created",)
    CREATED_FIELD_NUMBER: _ClassVar[int]
    created: bool
    def __init__(self, created: _Optional[bool] = ...) -> None: ...

class UnblockRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnblockResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...

class MuteRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class MuteResponse(_message.Message):
    __slots__ = ("created",)
    CREATED_FIELD_NUMBER: _ClassVar[int]
    created: bool
    def __init__(self, created: _Optional[bool] = ...) -> None: ...

class UnmuteRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnmuteResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...

class ListRelationshipsRequest(_message.Message):
    __slots__ = ("list", "user_id", "page_size", "cursor")
    LIST_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    list: RelationshipList
    user_id: str
    page_size: int
    cursor: str
    def __init__(self, list: _Optional[_Union[RelationshipList, str]] = ..., user_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class RelatedUser(_message.Message):
    __slots__ = ("user_id", "since")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    since: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRelationshipsResponse(_message.Message):
    __slots__ = ("users", "next_cursor")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[RelatedUser]
    next_cursor: str
    def __init__(self, users: _Optional[_Iterable[_Union[RelatedUser, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetCountsRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetCountsResponse(_message.Message):
    __slots__ = ("followers", "following", "friends")
    FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    FOLLOWING_FIELD_NUMBER: _ClassVar[int]
    FRIENDS_FIELD_NUMBER: _ClassVar[int]
    followers: int
    following: int
    friends: int
    def __init__(self, followers: _Optional[int] = ..., following: _Optional[int] = ..., friends: _Optional[int] = ...) -> None: ...

class ListMutualFriendsRequest(_message.Message):
    __slots__ = ("user_id", "page_size")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page_size: int
    def __init__(self, user_id: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListMutualFriendsResponse(_message.Message):
    __slots__ = ("user_ids", "total")
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    total: int
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ..., total: _Optional[int] = ...) -> None: ...

class GetConnectionPathRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetConnectionPathResponse(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class SuggestPeopleRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class PersonSuggestion(_message.Message):
    __slots__ = ("user_id", "score", "mutual_connections", "shared_interests", "reasons", "shared_communities")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MUTUAL_CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    SHARED_INTERESTS_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    SHARED_COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    score: float
    mutual_connections: int
    shared_interests: _containers.RepeatedScalarFieldContainer[str]
    reasons: _containers.RepeatedScalarFieldContainer[str]
    shared_communities: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id: _Optional[str] = ..., score: _Optional[float] = ..., mutual_connections: _Optional[int] = ..., shared_interests: _Optional[_Iterable[str]] = ..., reasons: _Optional[_Iterable[str]] = ..., shared_communities: _Optional[_Iterable[str]] = ...) -> None: ...

class SuggestPeopleResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[PersonSuggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[PersonSuggestion, _Mapping]]] = ...) -> None: ...

class DismissSuggestionRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class DismissSuggestionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateConnectionCareRequest(_message.Message):
    __slots__ = ("user_id", "note", "reach_out_every_days")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REACH_OUT_EVERY_DAYS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    note: str
    reach_out_every_days: int
    def __init__(self, user_id: _Optional[str] = ..., note: _Optional[str] = ..., reach_out_every_days: _Optional[int] = ...) -> None: ...

class ConnectionCare(_message.Message):
    __slots__ = ("user_id", "note", "reach_out_every_days", "last_interaction_at", "next_reach_out_at", "connected")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REACH_OUT_EVERY_DAYS_FIELD_NUMBER: _ClassVar[int]
    LAST_INTERACTION_AT_FIELD_NUMBER: _ClassVar[int]
    NEXT_REACH_OUT_AT_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    note: str
    reach_out_every_days: int
    last_interaction_at: _timestamp_pb2.Timestamp
    next_reach_out_at: _timestamp_pb2.Timestamp
    connected: bool
    def __init__(self, user_id: _Optional[str] = ..., note: _Optional[str] = ..., reach_out_every_days: _Optional[int] = ..., last_interaction_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_reach_out_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., connected: _Optional[bool] = ...) -> None: ...

class UpdateConnectionCareResponse(_message.Message):
    __slots__ = ("care",)
    CARE_FIELD_NUMBER: _ClassVar[int]
    care: ConnectionCare
    def __init__(self, care: _Optional[_Union[ConnectionCare, _Mapping]] = ...) -> None: ...

class LogInteractionRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class LogInteractionResponse(_message.Message):
    __slots__ = ("care",)
    CARE_FIELD_NUMBER: _ClassVar[int]
    care: ConnectionCare
    def __init__(self, care: _Optional[_Union[ConnectionCare, _Mapping]] = ...) -> None: ...

class ListConnectionsRequest(_message.Message):
    __slots__ = ("order", "page_size", "cursor")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    order: ConnectionsOrder
    page_size: int
    cursor: str
    def __init__(self, order: _Optional[_Union[ConnectionsOrder, str]] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListConnectionsResponse(_message.Message):
    __slots__ = ("connections", "next_cursor")
    CONNECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    connections: _containers.RepeatedCompositeFieldContainer[ConnectionCare]
    next_cursor: str
    def __init__(self, connections: _Optional[_Iterable[_Union[ConnectionCare, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class SuggestCommunitiesRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class CommunitySuggestion(_message.Message):
    __slots__ = ("community_id", "name", "score", "people_you_follow", "matching_interests", "reasons")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_YOU_FOLLOW_FIELD_NUMBER: _ClassVar[int]
    MATCHING_INTERESTS_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    name: str
    score: float
    people_you_follow: int
    matching_interests: _containers.RepeatedScalarFieldContainer[str]
    reasons: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, community_id: _Optional[str] = ..., name: _Optional[str] = ..., score: _Optional[float] = ..., people_you_follow: _Optional[int] = ..., matching_interests: _Optional[_Iterable[str]] = ..., reasons: _Optional[_Iterable[str]] = ...) -> None: ...

class SuggestCommunitiesResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[CommunitySuggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[CommunitySuggestion, _Mapping]]] = ...) -> None: ...

class GetTieStrengthRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class Tie(_message.Message):
    __slots__ = ("user_id", "strength", "strength_at_last_interaction", "interactions", "last_interaction_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STRENGTH_FIELD_NUMBER: _ClassVar[int]
    STRENGTH_AT_LAST_INTERACTION_FIELD_NUMBER: _ClassVar[int]
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    LAST_INTERACTION_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    strength: float
    strength_at_last_interaction: float
    interactions: int
    last_interaction_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., strength: _Optional[float] = ..., strength_at_last_interaction: _Optional[float] = ..., interactions: _Optional[int] = ..., last_interaction_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetTieStrengthResponse(_message.Message):
    __slots__ = ("tie",)
    TIE_FIELD_NUMBER: _ClassVar[int]
    tie: Tie
    def __init__(self, tie: _Optional[_Union[Tie, _Mapping]] = ...) -> None: ...

class ListKeepInTouchRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class KeepInTouchSuggestion(_message.Message):
    __slots__ = ("tie", "reason")
    TIE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tie: Tie
    reason: str
    def __init__(self, tie: _Optional[_Union[Tie, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ListKeepInTouchResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[KeepInTouchSuggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[KeepInTouchSuggestion, _Mapping]]] = ...) -> None: ...

class ExportUserDataRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ExportUserDataResponse(_message.Message):
    __slots__ = ("connections_json",)
    CONNECTIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    connections_json: bytes
    def __init__(self, connections_json: _Optional[bytes] = ...) -> None: ...

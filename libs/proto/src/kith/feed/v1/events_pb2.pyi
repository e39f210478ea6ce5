import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BadgeAwarded(_message.Message):
    __slots__ = ("community_id", "user_id", "badge", "earned_by_event_id", "awarded_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BADGE_FIELD_NUMBER: _ClassVar[int]
    EARNED_BY_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    AWARDED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    badge: str
    earned_by_event_id: str
    awarded_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., badge: _Optional[str] = ..., earned_by_event_id: _Optional[str] = ..., awarded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrustLevelChanged(_message.Message):
    __slots__ = ("community_id", "user_id", "level", "previous_level", "changed_at", "sequence")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    level: int
    previous_level: int
    changed_at: _timestamp_pb2.Timestamp
    sequence: int
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., level: _Optional[int] = ..., previous_level: _Optional[int] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sequence: _Optional[int] = ...) -> None: ...

class MentorMatched(_message.Message):
    __slots__ = ("community_id", "mentee_id", "mentor_id", "matched_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MENTEE_ID_FIELD_NUMBER: _ClassVar[int]
    MENTOR_ID_FIELD_NUMBER: _ClassVar[int]
    MATCHED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    mentee_id: str
    mentor_id: str
    matched_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., mentee_id: _Optional[str] = ..., mentor_id: _Optional[str] = ..., matched_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MentorAvailabilityChanged(_message.Message):
    __slots__ = ("community_id", "user_id", "available", "capacity", "sequence", "changed_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    available: bool
    capacity: int
    sequence: int
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ..., available: _Optional[bool] = ..., capacity: _Optional[int] = ..., sequence: _Optional[int] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

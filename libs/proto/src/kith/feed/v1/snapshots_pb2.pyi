import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CommunityHealthSnapshot(_message.Message):
    __slots__ = ("community_id", "date", "members", "daily_active", "weekly_active", "monthly_active", "posts", "comments", "reactions", "new_members", "sentiment_mean", "median_first_reply_seconds", "health", "activity", "engagement", "responsiveness", "retention", "sentiment", "taken_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    DAILY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEW_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_MEAN_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_FIRST_REPLY_SECONDS_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    RESPONSIVENESS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    TAKEN_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    date: str
    members: int
    daily_active: int
    weekly_active: int
    monthly_active: int
    posts: int
    comments: int
    reactions: int
    new_members: int
    sentiment_mean: float
    median_first_reply_seconds: float
    health: float
    activity: float
    engagement: float
    responsiveness: float
    retention: float
    sentiment: float
    taken_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., date: _Optional[str] = ..., members: _Optional[int] = ..., daily_active: _Optional[int] = ..., weekly_active: _Optional[int] = ..., monthly_active: _Optional[int] = ..., posts: _Optional[int] = ..., comments: _Optional[int] = ..., reactions: _Optional[int] = ..., new_members: _Optional[int] = ..., sentiment_mean: _Optional[float] = ..., median_first_reply_seconds: _Optional[float] = ..., health: _Optional[float] = ..., activity: _Optional[float] = ..., engagement: _Optional[float] = ..., responsiveness: _Optional[float] = ..., retention: _Optional[float] = ..., sentiment: _Optional[float] = ..., taken_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

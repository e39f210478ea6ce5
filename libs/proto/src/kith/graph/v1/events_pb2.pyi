import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserFollowed(_message.Message):
    __slots__ = ("follower_id", "followee_id", "followed_at")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWED_AT_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    followed_at: _timestamp_pb2.Timestamp
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ..., followed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserUnfollowed(_message.Message):
    __slots__ = ("follower_id", "followee_id", "unfollowed_at")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    UNFOLLOWED_AT_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    unfollowed_at: _timestamp_pb2.Timestamp
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ..., unfollowed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

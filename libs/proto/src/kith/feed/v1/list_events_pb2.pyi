import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.feed.v1 import lists_pb2 as _lists_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListCreated(_message.Message):
    __slots__ = ("list_id", "owner_id", "exclusive", "replies_policy", "created_at")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    REPLIES_POLICY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    owner_id: str
    exclusive: bool
    replies_policy: _lists_pb2.RepliesPolicy
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., exclusive: _Optional[bool] = ..., replies_policy: _Optional[_Union[_lists_pb2.RepliesPolicy, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListUpdated(_message.Message):
    __slots__ = ("list_id", "owner_id", "exclusive", "replies_policy", "title_changed", "updated_at")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    REPLIES_POLICY_FIELD_NUMBER: _ClassVar[int]
    TITLE_CHANGED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    owner_id: str
    exclusive: bool
    replies_policy: _lists_pb2.RepliesPolicy
    title_changed: bool
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., exclusive: _Optional[bool] = ..., replies_policy: _Optional[_Union[_lists_pb2.RepliesPolicy, str]] = ..., title_changed: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDeleted(_message.Message):
    __slots__ = ("list_id", "owner_id", "deleted_at")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    owner_id: str
    deleted_at: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMembersChanged(_message.Message):
    __slots__ = ("list_id", "owner_id", "added_user_ids", "removed_user_ids", "member_count", "changed_at")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REMOVED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    owner_id: str
    added_user_ids: _containers.RepeatedScalarFieldContainer[str]
    removed_user_ids: _containers.RepeatedScalarFieldContainer[str]
    member_count: int
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., added_user_ids: _Optional[_Iterable[str]] = ..., removed_user_ids: _Optional[_Iterable[str]] = ..., member_count: _Optional[int] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

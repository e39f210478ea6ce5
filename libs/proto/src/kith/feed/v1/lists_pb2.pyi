import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.feed.v1 import feed_pb2 as _feed_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RepliesPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPLIES_POLICY_UNSPECIFIED: _ClassVar[RepliesPolicy]
    REPLIES_POLICY_FOLLOWED: _ClassVar[RepliesPolicy]
    REPLIES_POLICY_LIST: _ClassVar[RepliesPolicy]
    REPLIES_POLICY_NONE: _ClassVar[RepliesPolicy]
REPLIES_POLICY_UNSPECIFIED: RepliesPolicy
REPLIES_POLICY_FOLLOWED: RepliesPolicy
REPLIES_POLICY_LIST: RepliesPolicy
REPLIES_POLICY_NONE: RepliesPolicy

class List(_message.Message):
    __slots__ = ("list_id", "title", "replies_policy", "exclusive", "member_count", "created_at")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    REPLIES_POLICY_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    title: str
    replies_policy: RepliesPolicy
    exclusive: bool
    member_count: int
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[str] = ..., title: _Optional[str] = ..., replies_policy: _Optional[_Union[RepliesPolicy, str]] = ..., exclusive: _Optional[bool] = ..., member_count: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateListRequest(_message.Message):
    __slots__ = ("title", "replies_policy", "exclusive")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    REPLIES_POLICY_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    title: str
    replies_policy: RepliesPolicy
    exclusive: bool
    def __init__(self, title: _Optional[str] = ..., replies_policy: _Optional[_Union[RepliesPolicy, str]] = ..., exclusive: _Optional[bool] = ...) -> None: ...

class CreateListResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: List
    def __init__(self, list: _Optional[_Union[List, _Mapping]] = ...) -> None: ...

class UpdateListRequest(_message.Message):
    __slots__ = ("list_id", "title", "replies_policy", "exclusive")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    REPLIES_POLICY_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    title: str
    replies_policy: RepliesPolicy
    exclusive: bool
    def __init__(self, list_id: _Optional[str] = ..., title: _Optional[str] = ..., replies_policy: _Optional[_Union[RepliesPolicy, str]] = ..., exclusive: _Optional[bool] = ...) -> None: ...

class UpdateListResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: List
    def __init__(self, list: _Optional[_Union[List, _Mapping]] = ...) -> None: ...

class DeleteListRequest(_message.Message):
    __slots__ = ("list_id",)
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    def __init__(self, list_id: _Optional[str] = ...) -> None: ...

class DeleteListResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetListRequest(_message.Message):
    __slots__ = ("list_id",)
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    def __init__(self, list_id: _Optional[str] = ...) -> None: ...

class GetListResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: List
    def __init__(self, list: _Optional[_Union[List, _Mapping]] = ...) -> None: ...

class ListListsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListListsResponse(_message.Message):
    __slots__ = ("lists",)
    LISTS_FIELD_NUMBER: _ClassVar[int]
    lists: _containers.RepeatedCompositeFieldContainer[List]
    def __init__(self, lists: _Optional[_Iterable[_Union[List, _Mapping]]] = ...) -> None: ...

class AddListMembersRequest(_message.Message):
    __slots__ = ("list_id", "user_ids")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, list_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class AddListMembersResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: List
    def __init__(self, list: _Optional[_Union[List, _Mapping]] = ...) -> None: ...

class RemoveListMembersRequest(_message.Message):
    __slots__ = ("list_id", "user_ids")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, list_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RemoveListMembersResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: List
    def __init__(self, list: _Optional[_Union[List, _Mapping]] = ...) -> None: ...

class ListListMembersRequest(_message.Message):
    __slots__ = ("list_id", "page_size", "cursor")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    page_size: int
    cursor: str
    def __init__(self, list_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListMember(_message.Message):
    __slots__ = ("user_id", "handle", "display_name", "added_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    handle: str
    display_name: str
    added_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListListMembersResponse(_message.Message):
    __slots__ = ("members", "next_cursor")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[ListMember]
    next_cursor: str
    def __init__(self, members: _Optional[_Iterable[_Union[ListMember, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetListTimelineRequest(_message.Message):
    __slots__ = ("list_id", "page_size", "cursor")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    page_size: int
    cursor: str
    def __init__(self, list_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class GetListTimelineResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[_feed_pb2.FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[_feed_pb2.FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

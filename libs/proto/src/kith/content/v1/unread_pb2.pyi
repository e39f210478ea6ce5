import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.content.v1 import content_pb2 as _content_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MarkCommunityVisitedRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class MarkCommunityVisitedResponse(_message.Message):
    __slots__ = ("previous_visited_at", "visited_at")
    PREVIOUS_VISITED_AT_FIELD_NUMBER: _ClassVar[int]
    VISITED_AT_FIELD_NUMBER: _ClassVar[int]
    previous_visited_at: _timestamp_pb2.Timestamp
    visited_at: _timestamp_pb2.Timestamp
    def __init__(self, previous_visited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., visited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCommunityUnreadRequest(_message.Message):
    __slots__ = ("community_ids",)
    COMMUNITY_IDS_FIELD_NUMBER: _ClassVar[int]
    community_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, community_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetCommunityUnreadResponse(_message.Message):
    __slots__ = ("communities",)
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[CommunityUnread]
    def __init__(self, communities: _Optional[_Iterable[_Union[CommunityUnread, _Mapping]]] = ...) -> None: ...

class CommunityUnread(_message.Message):
    __slots__ = ("community_id", "new_post_count", "first_new_post_id", "last_visited_at")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_POST_COUNT_FIELD_NUMBER: _ClassVar[int]
    FIRST_NEW_POST_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_VISITED_AT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    new_post_count: int
    first_new_post_id: str
    last_visited_at: _timestamp_pb2.Timestamp
    def __init__(self, community_id: _Optional[str] = ..., new_post_count: _Optional[int] = ..., first_new_post_id: _Optional[str] = ..., last_visited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListUnreadThreadsRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListUnreadThreadsResponse(_message.Message):
    __slots__ = ("threads", "next_cursor")
    THREADS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    threads: _containers.RepeatedCompositeFieldContainer[ThreadUnread]
    next_cursor: str
    def __init__(self, threads: _Optional[_Iterable[_Union[ThreadUnread, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ThreadUnread(_message.Message):
    __slots__ = ("post_id", "unread_count", "first_unread_comment_id", "read_up_to", "last_unread_at", "post")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    FIRST_UNREAD_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    READ_UP_TO_FIELD_NUMBER: _ClassVar[int]
    LAST_UNREAD_AT_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    unread_count: int
    first_unread_comment_id: str
    read_up_to: _timestamp_pb2.Timestamp
    last_unread_at: _timestamp_pb2.Timestamp
    post: _content_pb2.Post
    def __init__(self, post_id: _Optional[str] = ..., unread_count: _Optional[int] = ..., first_unread_comment_id: _Optional[str] = ..., read_up_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_unread_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., post: _Optional[_Union[_content_pb2.Post, _Mapping]] = ...) -> None: ...

class GetThreadUnreadRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class GetThreadUnreadResponse(_message.Message):
    __slots__ = ("thread",)
    THREAD_FIELD_NUMBER: _ClassVar[int]
    thread: ThreadUnread
    def __init__(self, thread: _Optional[_Union[ThreadUnread, _Mapping]] = ...) -> None: ...

class MarkThreadReadRequest(_message.Message):
    __slots__ = ("post_id", "up_to_comment_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    UP_TO_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    up_to_comment_id: str
    def __init__(self, post_id: _Optional[str] = ..., up_to_comment_id: _Optional[str] = ...) -> None: ...

class MarkThreadReadResponse(_message.Message):
    __slots__ = ("thread",)
    THREAD_FIELD_NUMBER: _ClassVar[int]
    thread: ThreadUnread
    def __init__(self, thread: _Optional[_Union[ThreadUnread, _Mapping]] = ...) -> None: ...

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Audience(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUDIENCE_UNSPECIFIED: _ClassVar[Audience]
    AUDIENCE_PUBLIC: _ClassVar[Audience]
AUDIENCE_UNSPECIFIED: Audience
AUDIENCE_PUBLIC: Audience

class CreatePostRequest(_message.Message):
    __slots__ = ("text", "audience")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    text: str
    audience: Audience
    def __init__(self, text: _Optional[str] = ..., audience: _Optional[_Union[Audience, str]] = ...) -> None: ...

class CreatePostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("post_id", "author_id", "text", "audience", "created_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    text: str
    audience: Audience
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., audience: _Optional[_Union[Audience, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

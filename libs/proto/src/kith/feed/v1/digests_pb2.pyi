import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.feed.v1 import feed_pb2 as _feed_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetDigestRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDigestResponse(_message.Message):
    __slots__ = ("digest",)
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ...) -> None: ...

class Digest(_message.Message):
    __slots__ = ("week_start", "since", "built_at", "items")
    WEEK_START_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    BUILT_AT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    week_start: _timestamp_pb2.Timestamp
    since: _timestamp_pb2.Timestamp
    built_at: _timestamp_pb2.Timestamp
    items: _containers.RepeatedCompositeFieldContainer[_feed_pb2.FeedItem]
    def __init__(self, week_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., built_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., items: _Optional[_Iterable[_Union[_feed_pb2.FeedItem, _Mapping]]] = ...) -> None: ...

class BuildDigestRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class BuildDigestResponse(_message.Message):
    __slots__ = ("digest", "built")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    BUILT_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    built: bool
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ..., built: _Optional[bool] = ...) -> None: ...

class GetDigestForMailRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetDigestForMailResponse(_message.Message):
    __slots__ = ("digest", "email")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    email: bool
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ..., email: _Optional[bool] = ...) -> None: ...

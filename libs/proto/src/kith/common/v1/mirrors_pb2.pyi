from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MirroredEvent(_message.Message):
    __slots__ = ("topic", "envelope")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    ENVELOPE_FIELD_NUMBER: _ClassVar[int]
    topic: str
    envelope: bytes
    def __init__(self, topic: _Optional[str] = ..., envelope: _Optional[bytes] = ...) -> None: ...

class ApplyEventsRequest(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[MirroredEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[MirroredEvent, _Mapping]]] = ...) -> None: ...

class ApplyEventsResponse(_message.Message):
    __slots__ = ("applied",)
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    applied: int
    def __init__(self, applied: _Optional[int] = ...) -> None: ...

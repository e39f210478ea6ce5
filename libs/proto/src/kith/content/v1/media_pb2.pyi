import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.content.v1 import content_pb2 as _content_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UploadStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UPLOAD_STATUS_UNSPECIFIED: _ClassVar[UploadStatus]
    UPLOAD_STATUS_RECEIVING: _ClassVar[UploadStatus]
    UPLOAD_STATUS_PROCESSING: _ClassVar[UploadStatus]
    UPLOAD_STATUS_READY: _ClassVar[UploadStatus]
    UPLOAD_STATUS_FAILED: _ClassVar[UploadStatus]
    UPLOAD_STATUS_ATTACHED: _ClassVar[UploadStatus]
UPLOAD_STATUS_UNSPECIFIED: UploadStatus
UPLOAD_STATUS_RECEIVING: UploadStatus
UPLOAD_STATUS_PROCESSING: UploadStatus
UPLOAD_STATUS_READY: UploadStatus
UPLOAD_STATUS_FAILED: UploadStatus
UPLOAD_STATUS_ATTACHED: UploadStatus

class Upload(_message.Message):
    __slots__ = ("upload_id", "status", "size_bytes", "received_bytes", "alt_text", "failure", "created_at", "expires_at", "media", "post_id")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    status: UploadStatus
    size_bytes: int
    received_bytes: int
    alt_text: str
    failure: str
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    media: _content_pb2.Media
    post_id: str
    def __init__(self, upload_id: _Optional[str] = ..., status: _Optional[_Union[UploadStatus, str]] = ..., size_bytes: _Optional[int] = ..., received_bytes: _Optional[int] = ..., alt_text: _Optional[str] = ..., failure: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., media: _Optional[_Union[_content_pb2.Media, _Mapping]] = ..., post_id: _Optional[str] = ...) -> None: ...

class BeginUploadRequest(_message.Message):
    __slots__ = ("size_bytes", "alt_text", "sha256")
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    size_bytes: int
    alt_text: str
    sha256: str
    def __init__(self, size_bytes: _Optional[int] = ..., alt_text: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

class BeginUploadResponse(_message.Message):
    __slots__ = ("upload",)
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    upload: Upload
    def __init__(self, upload: _Optional[_Union[Upload, _Mapping]] = ...) -> None: ...

class UploadChunkRequest(_message.Message):
    __slots__ = ("upload_id", "offset", "data")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    offset: int
    data: bytes
    def __init__(self, upload_id: _Optional[str] = ..., offset: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class UploadChunkResponse(_message.Message):
    __slots__ = ("received_bytes",)
    RECEIVED_BYTES_FIELD_NUMBER: _ClassVar[int]
    received_bytes: int
    def __init__(self, received_bytes: _Optional[int] = ...) -> None: ...

class CompleteUploadRequest(_message.Message):
    __slots__ = ("upload_id",)
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    def __init__(self, upload_id: _Optional[str] = ...) -> None: ...

class CompleteUploadResponse(_message.Message):
    __slots__ = ("upload",)
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    upload: Upload
    def __init__(self, upload: _Optional[_Union[Upload, _Mapping]] = ...) -> None: ...

class GetUploadRequest(_message.Message):
    __slots__ = ("upload_id",)
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    def __init__(self, upload_id: _Optional[str] = ...) -> None: ...

class GetUploadResponse(_message.Message):
    __slots__ = ("upload",)
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    upload: Upload
    def __init__(self, upload: _Optional[_Union[Upload, _Mapping]] = ...) -> None: ...

class UpdateUploadRequest(_message.Message):
    __slots__ = ("upload_id", "alt_text")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    alt_text: str
    def __init__(self, upload_id: _Optional[str] = ..., alt_text: _Optional[str] = ...) -> None: ...

class UpdateUploadResponse(_message.Message):
    __slots__ = ("upload",)
    UPLOAD_FIELD_NUMBER: _ClassVar[int]
    upload: Upload
    def __init__(self, upload: _Optional[_Union[Upload, _Mapping]] = ...) -> None: ...

class DeleteUploadRequest(_message.Message):
    __slots__ = ("upload_id",)
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    def __init__(self, upload_id: _Optional[str] = ...) -> None: ...

class DeleteUploadResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.messaging.v1 import messaging_pb2 as _messaging_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConversationCreated(_message.Message):
    __slots__ = ("conversation_id", "kind", "created_by", "member_ids", "created_at")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    kind: _messaging_pb2.ConversationKind
    created_by: str
    member_ids: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, conversation_id: _Optional[str] = ..., kind: _Optional[_Union[_messaging_pb2.ConversationKind, str]] = ..., created_by: _Optional[str] = ..., member_ids: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MembersAdded(_message.Message):
    __slots__ = ("conversation_id", "added_by", "user_ids", "added_at", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    added_by: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    added_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., added_by: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ConversationRenamed(_message.Message):
    __slots__ = ("conversation_id", "renamed_by", "renamed_at", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    RENAMED_BY_FIELD_NUMBER: _ClassVar[int]
    RENAMED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    renamed_by: str
    renamed_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., renamed_by: _Optional[str] = ..., renamed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MemberLeft(_message.Message):
    __slots__ = ("conversation_id", "user_id", "removed_by", "left_at", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    LEFT_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    removed_by: str
    left_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed_by: _Optional[str] = ..., left_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MessageSent(_message.Message):
    __slots__ = ("conversation_id", "message_id", "sender_id", "seq", "sent_at", "length", "has_link", "reply_to_message_id", "mention_ids", "kind", "recipient_ids", "request")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    HAS_LINK_FIELD_NUMBER: _ClassVar[int]
    REPLY_TO_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    sender_id: str
    seq: int
    sent_at: _timestamp_pb2.Timestamp
    length: int
    has_link: bool
    reply_to_message_id: str
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    kind: _messaging_pb2.ConversationKind
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    request: bool
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., sender_id: _Optional[str] = ..., seq: _Optional[int] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., length: _Optional[int] = ..., has_link: _Optional[bool] = ..., reply_to_message_id: _Optional[str] = ..., mention_ids: _Optional[_Iterable[str]] = ..., kind: _Optional[_Union[_messaging_pb2.ConversationKind, str]] = ..., recipient_ids: _Optional[_Iterable[str]] = ..., request: _Optional[bool] = ...) -> None: ...

class MessageEdited(_message.Message):
    __slots__ = ("conversation_id", "message_id", "sender_id", "seq", "edited_at", "length", "has_link", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    HAS_LINK_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    sender_id: str
    seq: int
    edited_at: _timestamp_pb2.Timestamp
    length: int
    has_link: bool
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., sender_id: _Optional[str] = ..., seq: _Optional[int] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., length: _Optional[int] = ..., has_link: _Optional[bool] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MessageDeleted(_message.Message):
    __slots__ = ("conversation_id", "message_id", "seq", "deleted_by", "deleted_at", "recipient_ids", "sender_id", "removal_id")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    seq: int
    deleted_by: str
    deleted_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    sender_id: str
    removal_id: str
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., seq: _Optional[int] = ..., deleted_by: _Optional[str] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ..., sender_id: _Optional[str] = ..., removal_id: _Optional[str] = ...) -> None: ...

class MessageRestored(_message.Message):
    __slots__ = ("conversation_id", "message_id", "seq", "sender_id", "removal_id", "restored_at", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    RESTORED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    seq: int
    sender_id: str
    removal_id: str
    restored_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., seq: _Optional[int] = ..., sender_id: _Optional[str] = ..., removal_id: _Optional[str] = ..., restored_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ReactionChanged(_message.Message):
    __slots__ = ("conversation_id", "message_id", "user_id", "removed", "changed_at", "recipient_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    user_id: str
    removed: bool
    changed_at: _timestamp_pb2.Timestamp
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recipient_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ConversationRead(_message.Message):
    __slots__ = ("conversation_id", "user_id", "seq", "read_at", "receipt_visible")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_VISIBLE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    seq: int
    read_at: _timestamp_pb2.Timestamp
    receipt_visible: bool
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., seq: _Optional[int] = ..., read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., receipt_visible: _Optional[bool] = ...) -> None: ...

class MessageRequestAnswered(_message.Message):
    __slots__ = ("conversation_id", "user_id", "accepted", "answered_at")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    accepted: bool
    answered_at: _timestamp_pb2.Timestamp
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., accepted: _Optional[bool] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

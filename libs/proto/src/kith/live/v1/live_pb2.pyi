import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConversationItemKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONVERSATION_ITEM_KIND_UNSPECIFIED: _ClassVar[ConversationItemKind]
    CONVERSATION_ITEM_KIND_NEW: _ClassVar[ConversationItemKind]
    CONVERSATION_ITEM_KIND_EDITED: _ClassVar[ConversationItemKind]
    CONVERSATION_ITEM_KIND_DELETED: _ClassVar[ConversationItemKind]
CONVERSATION_ITEM_KIND_UNSPECIFIED: ConversationItemKind
CONVERSATION_ITEM_KIND_NEW: ConversationItemKind
CONVERSATION_ITEM_KIND_EDITED: ConversationItemKind
CONVERSATION_ITEM_KIND_DELETED: ConversationItemKind

class SubscribeRequest(_message.Message):
    __slots__ = ("resume_from",)
    RESUME_FROM_FIELD_NUMBER: _ClassVar[int]
    resume_from: str
    def __init__(self, resume_from: _Optional[str] = ...) -> None: ...

class LiveItem(_message.Message):
    __slots__ = ("cursor", "kind", "at", "ready", "resync", "conversation", "typing", "read_receipt", "presence", "notification", "home_feed", "conversation_list")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    READY_FIELD_NUMBER: _ClassVar[int]
    RESYNC_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    READ_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    HOME_FEED_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_LIST_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    kind: str
    at: _timestamp_pb2.Timestamp
    ready: Ready
    resync: Resync
    conversation: ConversationItem
    typing: Typing
    read_receipt: ReadReceipt
    presence: Presence
    notification: NotificationItem
    home_feed: HomeFeedHint
    conversation_list: ConversationListChange
    def __init__(self, cursor: _Optional[str] = ..., kind: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ready: _Optional[_Union[Ready, _Mapping]] = ..., resync: _Optional[_Union[Resync, _Mapping]] = ..., conversation: _Optional[_Union[ConversationItem, _Mapping]] = ..., typing: _Optional[_Union[Typing, _Mapping]] = ..., read_receipt: _Optional[_Union[ReadReceipt, _Mapping]] = ..., presence: _Optional[_Union[Presence, _Mapping]] = ..., notification: _Optional[_Union[NotificationItem, _Mapping]] = ..., home_feed: _Optional[_Union[HomeFeedHint, _Mapping]] = ..., conversation_list: _Optional[_Union[ConversationListChange, _Mapping]] = ...) -> None: ...

class Ready(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Resync(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class ConversationItem(_message.Message):
    __slots__ = ("conversation_id", "message_id", "seq", "kind", "message")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    seq: int
    kind: ConversationItemKind
    message: bytes
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., seq: _Optional[int] = ..., kind: _Optional[_Union[ConversationItemKind, str]] = ..., message: _Optional[bytes] = ...) -> None: ...

class Typing(_message.Message):
    __slots__ = ("conversation_id", "user_id", "typing")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    typing: bool
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., typing: _Optional[bool] = ...) -> None: ...

class ReadReceipt(_message.Message):
    __slots__ = ("conversation_id", "user_id", "message_id", "seq")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    user_id: str
    message_id: str
    seq: int
    def __init__(self, conversation_id: _Optional[str] = ..., user_id: _Optional[str] = ..., message_id: _Optional[str] = ..., seq: _Optional[int] = ...) -> None: ...

class Presence(_message.Message):
    __slots__ = ("user_id", "online", "last_seen")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    online: bool
    last_seen: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., online: _Optional[bool] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NotificationItem(_message.Message):
    __slots__ = ("notification_id", "notification_kind", "target_id", "actor_id", "community_id", "unread_count")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    notification_kind: str
    target_id: str
    actor_id: str
    community_id: str
    unread_count: int
    def __init__(self, notification_id: _Optional[str] = ..., notification_kind: _Optional[str] = ..., target_id: _Optional[str] = ..., actor_id: _Optional[str] = ..., community_id: _Optional[str] = ..., unread_count: _Optional[int] = ...) -> None: ...

class HomeFeedHint(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class ConversationListChange(_message.Message):
    __slots__ = ("conversation_id", "change")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    change: str
    def __init__(self, conversation_id: _Optional[str] = ..., change: _Optional[str] = ...) -> None: ...

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

class FollowRequested(_message.Message):
    __slots__ = ("follower_id", "followee_id", "requested_at")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    requested_at: _timestamp_pb2.Timestamp
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FollowRequestWithdrawn(_message.Message):
    __slots__ = ("follower_id", "followee_id", "requested_at", "withdrawn_at")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    requested_at: _timestamp_pb2.Timestamp
    withdrawn_at: _timestamp_pb2.Timestamp
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FollowRequestDeclined(_message.Message):
    __slots__ = ("follower_id", "followee_id", "requested_at", "declined_at")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DECLINED_AT_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_id: str
    requested_at: _timestamp_pb2.Timestamp
    declined_at: _timestamp_pb2.Timestamp
    def __init__(self, follower_id: _Optional[str] = ..., followee_id: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., declined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GraphSettingsChanged(_message.Message):
    __slots__ = ("user_id", "requires_follow_approval", "changed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_FOLLOW_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    requires_follow_approval: bool
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., requires_follow_approval: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SuggestionDismissed(_message.Message):
    __slots__ = ("user_id", "dismissed_user_id", "dismissed_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISMISSED_USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISMISSED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    dismissed_user_id: str
    dismissed_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., dismissed_user_id: _Optional[str] = ..., dismissed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConnectionCareUpdated(_message.Message):
    __slots__ = ("user_id", "other_user_id", "note_changed", "cadence_changed", "reach_out_every_days", "updated_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_CHANGED_FIELD_NUMBER: _ClassVar[int]
    CADENCE_CHANGED_FIELD_NUMBER: _ClassVar[int]
    REACH_OUT_EVERY_DAYS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    other_user_id: str
    note_changed: bool
    cadence_changed: bool
    reach_out_every_days: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., other_user_id: _Optional[str] = ..., note_changed: _Optional[bool] = ..., cadence_changed: _Optional[bool] = ..., reach_out_every_days: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InteractionLogged(_message.Message):
    __slots__ = ("user_id", "other_user_id", "logged_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LOGGED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    other_user_id: str
    logged_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., other_user_id: _Optional[str] = ..., logged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FriendRequestSent(_message.Message):
    __slots__ = ("sender_id", "recipient_id", "sent_at")
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_ID_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    sender_id: str
    recipient_id: str
    sent_at: _timestamp_pb2.Timestamp
    def __init__(self, sender_id: _Optional[str] = ..., recipient_id: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FriendRequestClosed(_message.Message):
    __slots__ = ("sender_id", "recipient_id", "cancelled", "closed_at")
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    sender_id: str
    recipient_id: str
    cancelled: bool
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, sender_id: _Optional[str] = ..., recipient_id: _Optional[str] = ..., cancelled: _Optional[bool] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FriendshipStarted(_message.Message):
    __slots__ = ("user_id", "friend_id", "started_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FRIEND_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    friend_id: str
    started_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., friend_id: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FriendshipEnded(_message.Message):
    __slots__ = ("user_id", "friend_id", "ended_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FRIEND_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    friend_id: str
    ended_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., friend_id: _Optional[str] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserBlocked(_message.Message):
    __slots__ = ("blocker_id", "blocked_id", "blocked_at")
    BLOCKER_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    blocker_id: str
    blocked_id: str
    blocked_at: _timestamp_pb2.Timestamp
    def __init__(self, blocker_id: _Optional[str] = ..., blocked_id: _Optional[str] = ..., blocked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserUnblocked(_message.Message):
    __slots__ = ("blocker_id", "blocked_id", "unblocked_at")
    BLOCKER_ID_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_ID_FIELD_NUMBER: _ClassVar[int]
    UNBLOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    blocker_id: str
    blocked_id: str
    unblocked_at: _timestamp_pb2.Timestamp
    def __init__(self, blocker_id: _Optional[str] = ..., blocked_id: _Optional[str] = ..., unblocked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserMuted(_message.Message):
    __slots__ = ("muter_id", "muted_id", "muted_at")
    MUTER_ID_FIELD_NUMBER: _ClassVar[int]
    MUTED_ID_FIELD_NUMBER: _ClassVar[int]
    MUTED_AT_FIELD_NUMBER: _ClassVar[int]
    muter_id: str
    muted_id: str
    muted_at: _timestamp_pb2.Timestamp
    def __init__(self, muter_id: _Optional[str] = ..., muted_id: _Optional[str] = ..., muted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserUnmuted(_message.Message):
    __slots__ = ("muter_id", "muted_id", "unmuted_at")
    MUTER_ID_FIELD_NUMBER: _ClassVar[int]
    MUTED_ID_FIELD_NUMBER: _ClassVar[int]
    UNMUTED_AT_FIELD_NUMBER: _ClassVar[int]
    muter_id: str
    muted_id: str
    unmuted_at: _timestamp_pb2.Timestamp
    def __init__(self, muter_id: _Optional[str] = ..., muted_id: _Optional[str] = ..., unmuted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReachOutDue(_message.Message):
    __slots__ = ("user_id", "other_user_id", "every_days", "due_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVERY_DAYS_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    other_user_id: str
    every_days: int
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., other_user_id: _Optional[str] = ..., every_days: _Optional[int] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class KeepInTouchSuggested(_message.Message):
    __slots__ = ("user_id", "other_user_id", "last_interaction_at", "strength_at_last_interaction")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_INTERACTION_AT_FIELD_NUMBER: _ClassVar[int]
    STRENGTH_AT_LAST_INTERACTION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    other_user_id: str
    last_interaction_at: _timestamp_pb2.Timestamp
    strength_at_last_interaction: float
    def __init__(self, user_id: _Optional[str] = ..., other_user_id: _Optional[str] = ..., last_interaction_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., strength_at_last_interaction: _Optional[float] = ...) -> None: ...

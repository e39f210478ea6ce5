from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Reach(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REACH_UNSPECIFIED: _ClassVar[Reach]
    REACH_EVERYONE: _ClassVar[Reach]
    REACH_PEOPLE_I_FOLLOW: _ClassVar[Reach]
    REACH_FRIENDS: _ClassVar[Reach]
    REACH_NOBODY: _ClassVar[Reach]
REACH_UNSPECIFIED: Reach
REACH_EVERYONE: Reach
REACH_PEOPLE_I_FOLLOW: Reach
REACH_FRIENDS: Reach
REACH_NOBODY: Reach

class PrivacySettings(_message.Message):
    __slots__ = ("find_by_email", "mentions", "relationship_lists", "community_invitations")
    FIND_BY_EMAIL_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    RELATIONSHIP_LISTS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    find_by_email: Reach
    mentions: Reach
    relationship_lists: Reach
    community_invitations: Reach
    def __init__(self, find_by_email: _Optional[_Union[Reach, str]] = ..., mentions: _Optional[_Union[Reach, str]] = ..., relationship_lists: _Optional[_Union[Reach, str]] = ..., community_invitations: _Optional[_Union[Reach, str]] = ...) -> None: ...

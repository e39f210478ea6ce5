import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.content.v1 import content_pb2 as _content_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PostPublished(_message.Message):
    __slots__ = ("post_id", "author_id", "text", "audience", "created_at", "community_id", "community_members_only", "mention_ids", "hashtags", "excerpt", "shared_post_id", "has_media", "content_warning", "media")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MEMBERS_ONLY_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    EXCERPT_FIELD_NUMBER: _ClassVar[int]
    SHARED_POST_ID_FIELD_NUMBER: _ClassVar[int]
    HAS_MEDIA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    text: str
    audience: _content_pb2.Audience
    created_at: _timestamp_pb2.Timestamp
    community_id: str
    community_members_only: bool
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    excerpt: str
    shared_post_id: str
    has_media: bool
    content_warning: str
    media: _containers.RepeatedCompositeFieldContainer[PublishedMedia]
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., audience: _Optional[_Union[_content_pb2.Audience, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ..., community_members_only: _Optional[bool] = ..., mention_ids: _Optional[_Iterable[str]] = ..., hashtags: _Optional[_Iterable[str]] = ..., excerpt: _Optional[str] = ..., shared_post_id: _Optional[str] = ..., has_media: _Optional[bool] = ..., content_warning: _Optional[str] = ..., media: _Optional[_Iterable[_Union[PublishedMedia, _Mapping]]] = ...) -> None: ...

class PublishedMedia(_message.Message):
    __slots__ = ("kind", "url", "alt_text", "media_id", "width", "height", "blurhash", "variants")
    KIND_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    BLURHASH_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    kind: _content_pb2.MediaKind
    url: str
    alt_text: str
    media_id: str
    width: int
    height: int
    blurhash: str
    variants: _containers.RepeatedCompositeFieldContainer[PublishedVariant]
    def __init__(self, kind: _Optional[_Union[_content_pb2.MediaKind, str]] = ..., url: _Optional[str] = ..., alt_text: _Optional[str] = ..., media_id: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., blurhash: _Optional[str] = ..., variants: _Optional[_Iterable[_Union[PublishedVariant, _Mapping]]] = ...) -> None: ...

class PublishedVariant(_message.Message):
    __slots__ = ("name", "key", "width", "height")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    name: str
    key: str
    width: int
    height: int
    def __init__(self, name: _Optional[str] = ..., key: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class PostEdited(_message.Message):
    __slots__ = ("post_id", "author_id", "text", "excerpt", "hashtags", "new_mention_ids", "edited_at", "audience", "community_id", "community_members_only")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    EXCERPT_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    NEW_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MEMBERS_ONLY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    text: str
    excerpt: str
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    new_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    edited_at: _timestamp_pb2.Timestamp
    audience: _content_pb2.Audience
    community_id: str
    community_members_only: bool
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., excerpt: _Optional[str] = ..., hashtags: _Optional[_Iterable[str]] = ..., new_mention_ids: _Optional[_Iterable[str]] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audience: _Optional[_Union[_content_pb2.Audience, str]] = ..., community_id: _Optional[str] = ..., community_members_only: _Optional[bool] = ...) -> None: ...

class PostDeleted(_message.Message):
    __slots__ = ("post_id", "author_id", "community_id", "hashtags", "deleted_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    community_id: str
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    deleted_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., hashtags: _Optional[_Iterable[str]] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PostRemoved(_message.Message):
    __slots__ = ("post_id", "author_id", "community_id", "removed_by", "hashtags", "removed_at", "removal_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    community_id: str
    removed_by: str
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    removed_at: _timestamp_pb2.Timestamp
    removal_id: str
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., removed_by: _Optional[str] = ..., hashtags: _Optional[_Iterable[str]] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., removal_id: _Optional[str] = ...) -> None: ...

class PostRestored(_message.Message):
    __slots__ = ("post", "removal_id", "restored_at")
    POST_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    RESTORED_AT_FIELD_NUMBER: _ClassVar[int]
    post: PostPublished
    removal_id: str
    restored_at: _timestamp_pb2.Timestamp
    def __init__(self, post: _Optional[_Union[PostPublished, _Mapping]] = ..., removal_id: _Optional[str] = ..., restored_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommentAdded(_message.Message):
    __slots__ = ("comment_id", "post_id", "post_author_id", "parent_comment_id", "parent_author_id", "author_id", "excerpt", "depth", "mention_ids", "created_at", "audience", "community_id", "community_members_only", "content_warning")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    EXCERPT_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MEMBERS_ONLY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    post_id: str
    post_author_id: str
    parent_comment_id: str
    parent_author_id: str
    author_id: str
    excerpt: str
    depth: int
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    audience: _content_pb2.Audience
    community_id: str
    community_members_only: bool
    content_warning: str
    def __init__(self, comment_id: _Optional[str] = ..., post_id: _Optional[str] = ..., post_author_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., parent_author_id: _Optional[str] = ..., author_id: _Optional[str] = ..., excerpt: _Optional[str] = ..., depth: _Optional[int] = ..., mention_ids: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audience: _Optional[_Union[_content_pb2.Audience, str]] = ..., community_id: _Optional[str] = ..., community_members_only: _Optional[bool] = ..., content_warning: _Optional[str] = ...) -> None: ...

class CommentDeleted(_message.Message):
    __slots__ = ("comment_id", "post_id", "author_id", "removed", "deleted_by", "deleted_at", "community_id", "removal_id")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    post_id: str
    author_id: str
    removed: bool
    deleted_by: str
    deleted_at: _timestamp_pb2.Timestamp
    community_id: str
    removal_id: str
    def __init__(self, comment_id: _Optional[str] = ..., post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., removed: _Optional[bool] = ..., deleted_by: _Optional[str] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ..., removal_id: _Optional[str] = ...) -> None: ...

class CommentRestored(_message.Message):
    __slots__ = ("comment_id", "post_id", "author_id", "community_id", "removal_id", "restored_at")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVAL_ID_FIELD_NUMBER: _ClassVar[int]
    RESTORED_AT_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    post_id: str
    author_id: str
    community_id: str
    removal_id: str
    restored_at: _timestamp_pb2.Timestamp
    def __init__(self, comment_id: _Optional[str] = ..., post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., removal_id: _Optional[str] = ..., restored_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReactionAdded(_message.Message):
    __slots__ = ("post_id", "comment_id", "target_author_id", "user_id", "kind", "previous_kind", "reacted_at", "community_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_KIND_FIELD_NUMBER: _ClassVar[int]
    REACTED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    target_author_id: str
    user_id: str
    kind: _content_pb2.ReactionKind
    previous_kind: _content_pb2.ReactionKind
    reacted_at: _timestamp_pb2.Timestamp
    community_id: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., target_author_id: _Optional[str] = ..., user_id: _Optional[str] = ..., kind: _Optional[_Union[_content_pb2.ReactionKind, str]] = ..., previous_kind: _Optional[_Union[_content_pb2.ReactionKind, str]] = ..., reacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ...) -> None: ...

class ReactionRemoved(_message.Message):
    __slots__ = ("post_id", "comment_id", "target_author_id", "user_id", "kind", "removed_at", "community_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    target_author_id: str
    user_id: str
    kind: _content_pb2.ReactionKind
    removed_at: _timestamp_pb2.Timestamp
    community_id: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., target_author_id: _Optional[str] = ..., user_id: _Optional[str] = ..., kind: _Optional[_Union[_content_pb2.ReactionKind, str]] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ...) -> None: ...

class PostShared(_message.Message):
    __slots__ = ("original_post_id", "original_author_id", "share_post_id", "user_id", "shared_at", "community_id")
    ORIGINAL_POST_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    SHARE_POST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SHARED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    original_post_id: str
    original_author_id: str
    share_post_id: str
    user_id: str
    shared_at: _timestamp_pb2.Timestamp
    community_id: str
    def __init__(self, original_post_id: _Optional[str] = ..., original_author_id: _Optional[str] = ..., share_post_id: _Optional[str] = ..., user_id: _Optional[str] = ..., shared_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ...) -> None: ...

class ContentHeld(_message.Message):
    __slots__ = ("post_id", "comment_id", "author_id", "community_id", "author_trust_level", "required_trust_level", "held_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    author_id: str
    community_id: str
    author_trust_level: int
    required_trust_level: int
    held_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., author_trust_level: _Optional[int] = ..., required_trust_level: _Optional[int] = ..., held_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContentReviewed(_message.Message):
    __slots__ = ("post_id", "comment_id", "author_id", "community_id", "approved", "reviewed_by", "note", "reviewed_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    author_id: str
    community_id: str
    approved: bool
    reviewed_by: str
    note: str
    reviewed_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., approved: _Optional[bool] = ..., reviewed_by: _Optional[str] = ..., note: _Optional[str] = ..., reviewed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PostVoted(_message.Message):
    __slots__ = ("post_id", "community_id", "author_id", "user_id", "value", "previous", "upvotes", "downvotes", "post_created_at", "voted_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_FIELD_NUMBER: _ClassVar[int]
    UPVOTES_FIELD_NUMBER: _ClassVar[int]
    DOWNVOTES_FIELD_NUMBER: _ClassVar[int]
    POST_CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    VOTED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    community_id: str
    author_id: str
    user_id: str
    value: int
    previous: int
    upvotes: int
    downvotes: int
    post_created_at: _timestamp_pb2.Timestamp
    voted_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., community_id: _Optional[str] = ..., author_id: _Optional[str] = ..., user_id: _Optional[str] = ..., value: _Optional[int] = ..., previous: _Optional[int] = ..., upvotes: _Optional[int] = ..., downvotes: _Optional[int] = ..., post_created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., voted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PostFeatured(_message.Message):
    __slots__ = ("post_id", "community_id", "feature", "featured_by", "featured_at", "post_created_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    FEATURED_BY_FIELD_NUMBER: _ClassVar[int]
    FEATURED_AT_FIELD_NUMBER: _ClassVar[int]
    POST_CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    community_id: str
    feature: _content_pb2.Feature
    featured_by: str
    featured_at: _timestamp_pb2.Timestamp
    post_created_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., community_id: _Optional[str] = ..., feature: _Optional[_Union[_content_pb2.Feature, str]] = ..., featured_by: _Optional[str] = ..., featured_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., post_created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PollVoted(_message.Message):
    __slots__ = ("post_id", "community_id", "author_id", "user_id", "choices", "voted_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHOICES_FIELD_NUMBER: _ClassVar[int]
    VOTED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    community_id: str
    author_id: str
    user_id: str
    choices: _containers.RepeatedScalarFieldContainer[int]
    voted_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., community_id: _Optional[str] = ..., author_id: _Optional[str] = ..., user_id: _Optional[str] = ..., choices: _Optional[_Iterable[int]] = ..., voted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PostBookmarked(_message.Message):
    __slots__ = ("post_id", "user_id", "saved_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SAVED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    user_id: str
    saved_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., user_id: _Optional[str] = ..., saved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BookmarkRemoved(_message.Message):
    __slots__ = ("post_id", "user_id", "removed_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    user_id: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommentEdited(_message.Message):
    __slots__ = ("comment_id", "post_id", "author_id", "community_id", "new_mention_ids", "edited_at")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    post_id: str
    author_id: str
    community_id: str
    new_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    edited_at: _timestamp_pb2.Timestamp
    def __init__(self, comment_id: _Optional[str] = ..., post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., community_id: _Optional[str] = ..., new_mention_ids: _Optional[_Iterable[str]] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaUploaded(_message.Message):
    __slots__ = ("media_id", "owner_id", "size_bytes", "uploaded_at")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_AT_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    owner_id: str
    size_bytes: int
    uploaded_at: _timestamp_pb2.Timestamp
    def __init__(self, media_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., size_bytes: _Optional[int] = ..., uploaded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaProcessed(_message.Message):
    __slots__ = ("media_id", "owner_id", "format", "width", "height", "variants", "processed_at")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    PROCESSED_AT_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    owner_id: str
    format: str
    width: int
    height: int
    variants: _containers.RepeatedScalarFieldContainer[str]
    processed_at: _timestamp_pb2.Timestamp
    def __init__(self, media_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., format: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., variants: _Optional[_Iterable[str]] = ..., processed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaRejected(_message.Message):
    __slots__ = ("media_id", "owner_id", "reason", "rejected_at")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REJECTED_AT_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    owner_id: str
    reason: str
    rejected_at: _timestamp_pb2.Timestamp
    def __init__(self, media_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., rejected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaAttached(_message.Message):
    __slots__ = ("media_id", "owner_id", "post_id", "attached_at")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHED_AT_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    owner_id: str
    post_id: str
    attached_at: _timestamp_pb2.Timestamp
    def __init__(self, media_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., post_id: _Optional[str] = ..., attached_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaDeleted(_message.Message):
    __slots__ = ("media_id", "owner_id", "reason", "deleted_at")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    owner_id: str
    reason: str
    deleted_at: _timestamp_pb2.Timestamp
    def __init__(self, media_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

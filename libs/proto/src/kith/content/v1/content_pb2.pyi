import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Audience(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUDIENCE_UNSPECIFIED: _ClassVar[Audience]
    AUDIENCE_PUBLIC: _ClassVar[Audience]
    AUDIENCE_FOLLOWERS: _ClassVar[Audience]
    AUDIENCE_FRIENDS: _ClassVar[Audience]
    AUDIENCE_COMMUNITY: _ClassVar[Audience]

class Vote(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOTE_UNSPECIFIED: _ClassVar[Vote]
    VOTE_UP: _ClassVar[Vote]
    VOTE_DOWN: _ClassVar[Vote]

class Feature(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FEATURE_UNSPECIFIED: _ClassVar[Feature]
    FEATURE_PINNED: _ClassVar[Feature]
    FEATURE_ANNOUNCEMENT: _ClassVar[Feature]

class ReactionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REACTION_KIND_UNSPECIFIED: _ClassVar[ReactionKind]
    REACTION_KIND_LIKE: _ClassVar[ReactionKind]
    REACTION_KIND_LOVE: _ClassVar[ReactionKind]
    REACTION_KIND_INSIGHTFUL: _ClassVar[ReactionKind]
    REACTION_KIND_FUNNY: _ClassVar[ReactionKind]
    REACTION_KIND_SUPPORT: _ClassVar[ReactionKind]

class MediaKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_KIND_UNSPECIFIED: _ClassVar[MediaKind]
    MEDIA_KIND_IMAGE: _ClassVar[MediaKind]
    MEDIA_KIND_VIDEO: _ClassVar[MediaKind]
    MEDIA_KIND_AUDIO: _ClassVar[MediaKind]

class ReviewState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_STATE_UNSPECIFIED: _ClassVar[ReviewState]
    REVIEW_STATE_PENDING: _ClassVar[ReviewState]
    REVIEW_STATE_REJECTED: _ClassVar[ReviewState]

class CommentOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMENT_ORDER_UNSPECIFIED: _ClassVar[CommentOrder]
    COMMENT_ORDER_NEWEST: _ClassVar[CommentOrder]
    COMMENT_ORDER_OLDEST: _ClassVar[CommentOrder]
    COMMENT_ORDER_MOST_REACTED: _ClassVar[CommentOrder]
AUDIENCE_UNSPECIFIED: Audience
AUDIENCE_PUBLIC: Audience
AUDIENCE_FOLLOWERS: Audience
AUDIENCE_FRIENDS: Audience
AUDIENCE_COMMUNITY: Audience
VOTE_UNSPECIFIED: Vote
VOTE_UP: Vote
VOTE_DOWN: Vote
FEATURE_UNSPECIFIED: Feature
FEATURE_PINNED: Feature
FEATURE_ANNOUNCEMENT: Feature
REACTION_KIND_UNSPECIFIED: ReactionKind
REACTION_KIND_LIKE: ReactionKind
REACTION_KIND_LOVE: ReactionKind
REACTION_KIND_INSIGHTFUL: ReactionKind
REACTION_KIND_FUNNY: ReactionKind
REACTION_KIND_SUPPORT: ReactionKind
MEDIA_KIND_UNSPECIFIED: MediaKind
MEDIA_KIND_IMAGE: MediaKind
MEDIA_KIND_VIDEO: MediaKind
MEDIA_KIND_AUDIO: MediaKind
REVIEW_STATE_UNSPECIFIED: ReviewState
REVIEW_STATE_PENDING: ReviewState
REVIEW_STATE_REJECTED: ReviewState
COMMENT_ORDER_UNSPECIFIED: CommentOrder
COMMENT_ORDER_NEWEST: CommentOrder
COMMENT_ORDER_OLDEST: CommentOrder
COMMENT_ORDER_MOST_REACTED: CommentOrder

class Media(_message.Message):
    __slots__ = ("kind", "url", "alt_text", "media_id", "width", "height", "blurhash", "variants", "url_expires_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    BLURHASH_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    URL_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    kind: MediaKind
    url: str
    alt_text: str
    media_id: str
    width: int
    height: int
    blurhash: str
    variants: _containers.RepeatedCompositeFieldContainer[MediaVariant]
    url_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[_Union[MediaKind, str]] = ..., url: _Optional[str] = ..., alt_text: _Optional[str] = ..., media_id: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., blurhash: _Optional[str] = ..., variants: _Optional[_Iterable[_Union[MediaVariant, _Mapping]]] = ..., url_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MediaVariant(_message.Message):
    __slots__ = ("name", "url", "width", "height")
    NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    name: str
    url: str
    width: int
    height: int
    def __init__(self, name: _Optional[str] = ..., url: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class ReactionCount(_message.Message):
    __slots__ = ("kind", "count")
    KIND_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    kind: ReactionKind
    count: int
    def __init__(self, kind: _Optional[_Union[ReactionKind, str]] = ..., count: _Optional[int] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("post_id", "author_id", "text", "audience", "created_at", "community_id", "media", "link", "edited", "edited_at", "hashtags", "mention_ids", "reactions", "viewer_reaction", "comment_count", "share_count", "shared_post_id", "shared_post", "review_state", "review_note", "content_warning", "upvotes", "downvotes", "viewer_vote", "feature", "poll")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    EDITED_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_REACTION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHARE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHARED_POST_ID_FIELD_NUMBER: _ClassVar[int]
    SHARED_POST_FIELD_NUMBER: _ClassVar[int]
    REVIEW_STATE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_NOTE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    UPVOTES_FIELD_NUMBER: _ClassVar[int]
    DOWNVOTES_FIELD_NUMBER: _ClassVar[int]
    VIEWER_VOTE_FIELD_NUMBER: _ClassVar[int]
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    text: str
    audience: Audience
    created_at: _timestamp_pb2.Timestamp
    community_id: str
    media: _containers.RepeatedCompositeFieldContainer[Media]
    link: str
    edited: bool
    edited_at: _timestamp_pb2.Timestamp
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    viewer_reaction: ReactionKind
    comment_count: int
    share_count: int
    shared_post_id: str
    shared_post: Post
    review_state: ReviewState
    review_note: str
    content_warning: str
    upvotes: int
    downvotes: int
    viewer_vote: Vote
    feature: Feature
    poll: Poll
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., audience: _Optional[_Union[Audience, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., community_id: _Optional[str] = ..., media: _Optional[_Iterable[_Union[Media, _Mapping]]] = ..., link: _Optional[str] = ..., edited: _Optional[bool] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hashtags: _Optional[_Iterable[str]] = ..., mention_ids: _Optional[_Iterable[str]] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ..., viewer_reaction: _Optional[_Union[ReactionKind, str]] = ..., comment_count: _Optional[int] = ..., share_count: _Optional[int] = ..., shared_post_id: _Optional[str] = ..., shared_post: _Optional[_Union[Post, _Mapping]] = ..., review_state: _Optional[_Union[ReviewState, str]] = ..., review_note: _Optional[str] = ..., content_warning: _Optional[str] = ..., upvotes: _Optional[int] = ..., downvotes: _Optional[int] = ..., viewer_vote: _Optional[_Union[Vote, str]] = ..., feature: _Optional[_Union[Feature, str]] = ..., poll: _Optional[_Union[Poll, _Mapping]] = ...) -> None: ...

class Poll(_message.Message):
    __slots__ = ("options", "multiple_choice", "closes_at", "closed", "results_visible", "voters", "viewer_choices")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MULTIPLE_CHOICE_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    RESULTS_VISIBLE_FIELD_NUMBER: _ClassVar[int]
    VOTERS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_CHOICES_FIELD_NUMBER: _ClassVar[int]
    options: _containers.RepeatedCompositeFieldContainer[PollOption]
    multiple_choice: bool
    closes_at: _timestamp_pb2.Timestamp
    closed: bool
    results_visible: bool
    voters: int
    viewer_choices: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, options: _Optional[_Iterable[_Union[PollOption, _Mapping]]] = ..., multiple_choice: _Optional[bool] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed: _Optional[bool] = ..., results_visible: _Optional[bool] = ..., voters: _Optional[int] = ..., viewer_choices: _Optional[_Iterable[int]] = ...) -> None: ...

class PollOption(_message.Message):
    __slots__ = ("text", "votes")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VOTES_FIELD_NUMBER: _ClassVar[int]
    text: str
    votes: int
    def __init__(self, text: _Optional[str] = ..., votes: _Optional[int] = ...) -> None: ...

class NewPoll(_message.Message):
    __slots__ = ("options", "multiple_choice", "closes_at")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MULTIPLE_CHOICE_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    options: _containers.RepeatedScalarFieldContainer[str]
    multiple_choice: bool
    closes_at: _timestamp_pb2.Timestamp
    def __init__(self, options: _Optional[_Iterable[str]] = ..., multiple_choice: _Optional[bool] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreatePostRequest(_message.Message):
    __slots__ = ("text", "audience", "community_id", "media", "link", "content_warning", "poll", "idempotency_key")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    text: str
    audience: Audience
    community_id: str
    media: _containers.RepeatedCompositeFieldContainer[Media]
    link: str
    content_warning: str
    poll: NewPoll
    idempotency_key: str
    def __init__(self, text: _Optional[str] = ..., audience: _Optional[_Union[Audience, str]] = ..., community_id: _Optional[str] = ..., media: _Optional[_Iterable[_Union[Media, _Mapping]]] = ..., link: _Optional[str] = ..., content_warning: _Optional[str] = ..., poll: _Optional[_Union[NewPoll, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class CreatePostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class GetPostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class GetPostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class EditPostRequest(_message.Message):
    __slots__ = ("post_id", "text")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    text: str
    def __init__(self, post_id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class EditPostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class ListPostEditsRequest(_message.Message):
    __slots__ = ("post_id", "page_size", "cursor")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    page_size: int
    cursor: str
    def __init__(self, post_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class PostEdit(_message.Message):
    __slots__ = ("text", "replaced_at")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REPLACED_AT_FIELD_NUMBER: _ClassVar[int]
    text: str
    replaced_at: _timestamp_pb2.Timestamp
    def __init__(self, text: _Optional[str] = ..., replaced_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPostEditsResponse(_message.Message):
    __slots__ = ("edits", "next_cursor")
    EDITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    edits: _containers.RepeatedCompositeFieldContainer[PostEdit]
    next_cursor: str
    def __init__(self, edits: _Optional[_Iterable[_Union[PostEdit, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DeletePostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class DeletePostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SharePostRequest(_message.Message):
    __slots__ = ("post_id", "text", "audience", "community_id", "idempotency_key")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    text: str
    audience: Audience
    community_id: str
    idempotency_key: str
    def __init__(self, post_id: _Optional[str] = ..., text: _Optional[str] = ..., audience: _Optional[_Union[Audience, str]] = ..., community_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SharePostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class ListUserPostsRequest(_message.Message):
    __slots__ = ("user_id", "page_size", "cursor")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page_size: int
    cursor: str
    def __init__(self, user_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListUserPostsResponse(_message.Message):
    __slots__ = ("posts", "next_cursor")
    POSTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    next_cursor: str
    def __init__(self, posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListPostsByHashtagRequest(_message.Message):
    __slots__ = ("hashtag", "page_size", "cursor")
    HASHTAG_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    hashtag: str
    page_size: int
    cursor: str
    def __init__(self, hashtag: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListPostsByHashtagResponse(_message.Message):
    __slots__ = ("posts", "next_cursor")
    POSTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    next_cursor: str
    def __init__(self, posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class SearchPostsRequest(_message.Message):
    __slots__ = ("query", "page_size", "cursor")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    query: str
    page_size: int
    cursor: str
    def __init__(self, query: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class SearchPostsResponse(_message.Message):
    __slots__ = ("posts", "next_cursor")
    POSTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    next_cursor: str
    def __init__(self, posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("comment_id", "post_id", "parent_comment_id", "author_id", "text", "created_at", "depth", "reply_count", "reactions", "viewer_reaction", "deleted", "mention_ids", "review_state", "review_note", "content_warning", "edited", "edited_at")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    REPLY_COUNT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_REACTION_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_STATE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_NOTE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    EDITED_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    post_id: str
    parent_comment_id: str
    author_id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    depth: int
    reply_count: int
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    viewer_reaction: ReactionKind
    deleted: bool
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    review_state: ReviewState
    review_note: str
    content_warning: str
    edited: bool
    edited_at: _timestamp_pb2.Timestamp
    def __init__(self, comment_id: _Optional[str] = ..., post_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., depth: _Optional[int] = ..., reply_count: _Optional[int] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ..., viewer_reaction: _Optional[_Union[ReactionKind, str]] = ..., deleted: _Optional[bool] = ..., mention_ids: _Optional[_Iterable[str]] = ..., review_state: _Optional[_Union[ReviewState, str]] = ..., review_note: _Optional[str] = ..., content_warning: _Optional[str] = ..., edited: _Optional[bool] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AddCommentRequest(_message.Message):
    __slots__ = ("post_id", "parent_comment_id", "text", "content_warning", "idempotency_key")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    parent_comment_id: str
    text: str
    content_warning: str
    idempotency_key: str
    def __init__(self, post_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., text: _Optional[str] = ..., content_warning: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class AddCommentResponse(_message.Message):
    __slots__ = ("comment",)
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    comment: Comment
    def __init__(self, comment: _Optional[_Union[Comment, _Mapping]] = ...) -> None: ...

class DeleteCommentRequest(_message.Message):
    __slots__ = ("comment_id",)
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    def __init__(self, comment_id: _Optional[str] = ...) -> None: ...

class DeleteCommentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCommentsRequest(_message.Message):
    __slots__ = ("post_id", "parent_comment_id", "order", "page_size", "cursor", "start_at_comment_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    START_AT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    parent_comment_id: str
    order: CommentOrder
    page_size: int
    cursor: str
    start_at_comment_id: str
    def __init__(self, post_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., order: _Optional[_Union[CommentOrder, str]] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ..., start_at_comment_id: _Optional[str] = ...) -> None: ...

class ListCommentsResponse(_message.Message):
    __slots__ = ("comments", "next_cursor", "ancestors", "previous_cursor")
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    ANCESTORS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_CURSOR_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[Comment]
    next_cursor: str
    ancestors: _containers.RepeatedCompositeFieldContainer[Comment]
    previous_cursor: str
    def __init__(self, comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., ancestors: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ..., previous_cursor: _Optional[str] = ...) -> None: ...

class ReactRequest(_message.Message):
    __slots__ = ("post_id", "comment_id", "kind")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    kind: ReactionKind
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., kind: _Optional[_Union[ReactionKind, str]] = ...) -> None: ...

class ReactResponse(_message.Message):
    __slots__ = ("changed", "reactions")
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    changed: bool
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    def __init__(self, changed: _Optional[bool] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ...) -> None: ...

class UnreactRequest(_message.Message):
    __slots__ = ("post_id", "comment_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class UnreactResponse(_message.Message):
    __slots__ = ("removed", "reactions")
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    def __init__(self, removed: _Optional[bool] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ...) -> None: ...

class BatchGetPostsRequest(_message.Message):
    __slots__ = ("viewer_id", "post_ids")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_IDS_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    post_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, viewer_id: _Optional[str] = ..., post_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetPostsResponse(_message.Message):
    __slots__ = ("posts",)
    POSTS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    def __init__(self, posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ...) -> None: ...

class ListHeldContentRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class HeldContent(_message.Message):
    __slots__ = ("post", "comment", "held_at", "reason")
    POST_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    post: Post
    comment: Comment
    held_at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ..., comment: _Optional[_Union[Comment, _Mapping]] = ..., held_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ListHeldContentResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[HeldContent]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[HeldContent, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ApproveHeldContentRequest(_message.Message):
    __slots__ = ("post_id", "comment_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class ApproveHeldContentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RejectHeldContentRequest(_message.Message):
    __slots__ = ("post_id", "comment_id", "note")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    note: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RejectHeldContentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportUserDataRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ExportUserDataResponse(_message.Message):
    __slots__ = ("posts_json", "comments_json", "reactions_json", "votes_json", "bookmarks_json", "drafts_json", "read_positions_json", "media_json")
    POSTS_JSON_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_JSON_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    VOTES_JSON_FIELD_NUMBER: _ClassVar[int]
    BOOKMARKS_JSON_FIELD_NUMBER: _ClassVar[int]
    DRAFTS_JSON_FIELD_NUMBER: _ClassVar[int]
    READ_POSITIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    MEDIA_JSON_FIELD_NUMBER: _ClassVar[int]
    posts_json: bytes
    comments_json: bytes
    reactions_json: bytes
    votes_json: bytes
    bookmarks_json: bytes
    drafts_json: bytes
    read_positions_json: bytes
    media_json: bytes
    def __init__(self, posts_json: _Optional[bytes] = ..., comments_json: _Optional[bytes] = ..., reactions_json: _Optional[bytes] = ..., votes_json: _Optional[bytes] = ..., bookmarks_json: _Optional[bytes] = ..., drafts_json: _Optional[bytes] = ..., read_positions_json: _Optional[bytes] = ..., media_json: _Optional[bytes] = ...) -> None: ...

class VotePostRequest(_message.Message):
    __slots__ = ("post_id", "vote")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    vote: Vote
    def __init__(self, post_id: _Optional[str] = ..., vote: _Optional[_Union[Vote, str]] = ...) -> None: ...

class VotePostResponse(_message.Message):
    __slots__ = ("upvotes", "downvotes", "viewer_vote")
    UPVOTES_FIELD_NUMBER: _ClassVar[int]
    DOWNVOTES_FIELD_NUMBER: _ClassVar[int]
    VIEWER_VOTE_FIELD_NUMBER: _ClassVar[int]
    upvotes: int
    downvotes: int
    viewer_vote: Vote
    def __init__(self, upvotes: _Optional[int] = ..., downvotes: _Optional[int] = ..., viewer_vote: _Optional[_Union[Vote, str]] = ...) -> None: ...

class FeaturePostRequest(_message.Message):
    __slots__ = ("post_id", "feature")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    feature: Feature
    def __init__(self, post_id: _Optional[str] = ..., feature: _Optional[_Union[Feature, str]] = ...) -> None: ...

class FeaturePostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VotePollRequest(_message.Message):
    __slots__ = ("post_id", "choices")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    CHOICES_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    choices: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, post_id: _Optional[str] = ..., choices: _Optional[_Iterable[int]] = ...) -> None: ...

class VotePollResponse(_message.Message):
    __slots__ = ("poll",)
    POLL_FIELD_NUMBER: _ClassVar[int]
    poll: Poll
    def __init__(self, poll: _Optional[_Union[Poll, _Mapping]] = ...) -> None: ...

class BookmarkPostRequest(_message.Message):
    __slots__ = ("post_id", "folder")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    folder: str
    def __init__(self, post_id: _Optional[str] = ..., folder: _Optional[str] = ...) -> None: ...

class BookmarkPostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UnbookmarkPostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class UnbookmarkPostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListBookmarksRequest(_message.Message):
    __slots__ = ("folder", "page_size", "cursor")
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    folder: str
    page_size: int
    cursor: str
    def __init__(self, folder: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class Bookmark(_message.Message):
    __slots__ = ("post", "folder", "saved_at")
    POST_FIELD_NUMBER: _ClassVar[int]
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    SAVED_AT_FIELD_NUMBER: _ClassVar[int]
    post: Post
    folder: str
    saved_at: _timestamp_pb2.Timestamp
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ..., folder: _Optional[str] = ..., saved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListBookmarksResponse(_message.Message):
    __slots__ = ("bookmarks", "next_cursor")
    BOOKMARKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    bookmarks: _containers.RepeatedCompositeFieldContainer[Bookmark]
    next_cursor: str
    def __init__(self, bookmarks: _Optional[_Iterable[_Union[Bookmark, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListBookmarkFoldersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BookmarkFolder(_message.Message):
    __slots__ = ("name", "count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    count: int
    def __init__(self, name: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class ListBookmarkFoldersResponse(_message.Message):
    __slots__ = ("folders",)
    FOLDERS_FIELD_NUMBER: _ClassVar[int]
    folders: _containers.RepeatedCompositeFieldContainer[BookmarkFolder]
    def __init__(self, folders: _Optional[_Iterable[_Union[BookmarkFolder, _Mapping]]] = ...) -> None: ...

class EditCommentRequest(_message.Message):
    __slots__ = ("comment_id", "text")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    text: str
    def __init__(self, comment_id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class EditCommentResponse(_message.Message):
    __slots__ = ("comment",)
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    comment: Comment
    def __init__(self, comment: _Optional[_Union[Comment, _Mapping]] = ...) -> None: ...

class ListCommentEditsRequest(_message.Message):
    __slots__ = ("comment_id", "page_size", "cursor")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    page_size: int
    cursor: str
    def __init__(self, comment_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListCommentEditsResponse(_message.Message):
    __slots__ = ("edits", "next_cursor")
    EDITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    edits: _containers.RepeatedCompositeFieldContainer[PostEdit]
    next_cursor: str
    def __init__(self, edits: _Optional[_Iterable[_Union[PostEdit, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class Draft(_message.Message):
    __slots__ = ("draft_id", "post", "publish_at", "created_at", "updated_at", "failure")
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    draft_id: str
    post: CreatePostRequest
    publish_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    failure: str
    def __init__(self, draft_id: _Optional[str] = ..., post: _Optional[_Union[CreatePostRequest, _Mapping]] = ..., publish_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure: _Optional[str] = ...) -> None: ...

class SaveDraftRequest(_message.Message):
    __slots__ = ("draft_id", "post", "publish_at")
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_AT_FIELD_NUMBER: _ClassVar[int]
    draft_id: str
    post: CreatePostRequest
    publish_at: _timestamp_pb2.Timestamp
    def __init__(self, draft_id: _Optional[str] = ..., post: _Optional[_Union[CreatePostRequest, _Mapping]] = ..., publish_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SaveDraftResponse(_message.Message):
    __slots__ = ("draft",)
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    draft: Draft
    def __init__(self, draft: _Optional[_Union[Draft, _Mapping]] = ...) -> None: ...

class ListDraftsRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListDraftsResponse(_message.Message):
    __slots__ = ("drafts", "next_cursor")
    DRAFTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    drafts: _containers.RepeatedCompositeFieldContainer[Draft]
    next_cursor: str
    def __init__(self, drafts: _Optional[_Iterable[_Union[Draft, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DeleteDraftRequest(_message.Message):
    __slots__ = ("draft_id",)
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    draft_id: str
    def __init__(self, draft_id: _Optional[str] = ...) -> None: ...

class DeleteDraftResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublishDraftRequest(_message.Message):
    __slots__ = ("draft_id",)
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    draft_id: str
    def __init__(self, draft_id: _Optional[str] = ...) -> None: ...

class PublishDraftResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from kith.content.v1 import content_pb2 as _content_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FeedOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FEED_ORDER_UNSPECIFIED: _ClassVar[FeedOrder]
    FEED_ORDER_LATEST: _ClassVar[FeedOrder]
    FEED_ORDER_RANKED: _ClassVar[FeedOrder]

class CommunitySort(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMUNITY_SORT_UNSPECIFIED: _ClassVar[CommunitySort]
    COMMUNITY_SORT_NEW: _ClassVar[CommunitySort]
    COMMUNITY_SORT_HOT: _ClassVar[CommunitySort]
    COMMUNITY_SORT_TOP_DAY: _ClassVar[CommunitySort]
    COMMUNITY_SORT_TOP_WEEK: _ClassVar[CommunitySort]
    COMMUNITY_SORT_TOP_ALL: _ClassVar[CommunitySort]
    COMMUNITY_SORT_CONTROVERSIAL: _ClassVar[CommunitySort]

class NotificationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_KIND_UNSPECIFIED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_NEW_FOLLOWER: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_FOLLOW_REQUEST: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_FRIEND_REQUEST: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_FRIEND_ACCEPTED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_MENTION: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_REPLY: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_REACTION: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_SHARE: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_JOIN_REQUEST: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_JOIN_APPROVED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_INVITATION: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_EVENT_UPDATE: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_MODERATION: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_EVENT_REMINDER: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_REACH_OUT: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_KEEP_IN_TOUCH: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_MENTOR_MATCHED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_DIGEST_EMAIL: _ClassVar[NotificationKind]

class LeaderboardWindow(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEADERBOARD_WINDOW_UNSPECIFIED: _ClassVar[LeaderboardWindow]
    LEADERBOARD_WINDOW_7_DAYS: _ClassVar[LeaderboardWindow]
    LEADERBOARD_WINDOW_30_DAYS: _ClassVar[LeaderboardWindow]
    LEADERBOARD_WINDOW_ALL_TIME: _ClassVar[LeaderboardWindow]

class ContentWarningDisplay(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_WARNING_DISPLAY_UNSPECIFIED: _ClassVar[ContentWarningDisplay]
    CONTENT_WARNING_DISPLAY_SHOW: _ClassVar[ContentWarningDisplay]
    CONTENT_WARNING_DISPLAY_BLUR: _ClassVar[ContentWarningDisplay]
    CONTENT_WARNING_DISPLAY_HIDE: _ClassVar[ContentWarningDisplay]
FEED_ORDER_UNSPECIFIED: FeedOrder
FEED_ORDER_LATEST: FeedOrder
FEED_ORDER_RANKED: FeedOrder
COMMUNITY_SORT_UNSPECIFIED: CommunitySort
COMMUNITY_SORT_NEW: CommunitySort
COMMUNITY_SORT_HOT: CommunitySort
COMMUNITY_SORT_TOP_DAY: CommunitySort
COMMUNITY_SORT_TOP_WEEK: CommunitySort
COMMUNITY_SORT_TOP_ALL: CommunitySort
COMMUNITY_SORT_CONTROVERSIAL: CommunitySort
NOTIFICATION_KIND_UNSPECIFIED: NotificationKind
NOTIFICATION_KIND_NEW_FOLLOWER: NotificationKind
NOTIFICATION_KIND_FOLLOW_REQUEST: NotificationKind
NOTIFICATION_KIND_FRIEND_REQUEST: NotificationKind
NOTIFICATION_KIND_FRIEND_ACCEPTED: NotificationKind
NOTIFICATION_KIND_MENTION: NotificationKind
NOTIFICATION_KIND_REPLY: NotificationKind
NOTIFICATION_KIND_REACTION: NotificationKind
NOTIFICATION_KIND_SHARE: NotificationKind
NOTIFICATION_KIND_JOIN_REQUEST: NotificationKind
NOTIFICATION_KIND_JOIN_APPROVED: NotificationKind
NOTIFICATION_KIND_INVITATION: NotificationKind
NOTIFICATION_KIND_EVENT_UPDATE: NotificationKind
NOTIFICATION_KIND_MODERATION: NotificationKind
NOTIFICATION_KIND_EVENT_REMINDER: NotificationKind
NOTIFICATION_KIND_REACH_OUT: NotificationKind
NOTIFICATION_KIND_KEEP_IN_TOUCH: NotificationKind
NOTIFICATION_KIND_MENTOR_MATCHED: NotificationKind
NOTIFICATION_KIND_DIGEST_EMAIL: NotificationKind
LEADERBOARD_WINDOW_UNSPECIFIED: LeaderboardWindow
LEADERBOARD_WINDOW_7_DAYS: LeaderboardWindow
LEADERBOARD_WINDOW_30_DAYS: LeaderboardWindow
LEADERBOARD_WINDOW_ALL_TIME: LeaderboardWindow
CONTENT_WARNING_DISPLAY_UNSPECIFIED: ContentWarningDisplay
CONTENT_WARNING_DISPLAY_SHOW: ContentWarningDisplay
CONTENT_WARNING_DISPLAY_BLUR: ContentWarningDisplay
CONTENT_WARNING_DISPLAY_HIDE: ContentWarningDisplay

class GetHomeFeedRequest(_message.Message):
    __slots__ = ("page_size", "cursor", "order")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    order: FeedOrder
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ..., order: _Optional[_Union[FeedOrder, str]] = ...) -> None: ...

class GetHomeFeedResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class FeedItem(_message.Message):
    __slots__ = ("post_id", "author_id", "author_handle", "author_display_name", "text", "created_at", "audience", "community_id", "hashtags", "reactions", "comments", "shares", "reasons", "score", "shared_post_id", "reactions_by_kind", "content_warning", "upvotes", "downvotes", "viewer_vote", "feature", "media")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_HANDLE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SHARED_POST_ID_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_BY_KIND_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNING_FIELD_NUMBER: _ClassVar[int]
    UPVOTES_FIELD_NUMBER: _ClassVar[int]
    DOWNVOTES_FIELD_NUMBER: _ClassVar[int]
    VIEWER_VOTE_FIELD_NUMBER: _ClassVar[int]
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    author_handle: str
    author_display_name: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    audience: str
    community_id: str
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    reactions: int
    comments: int
    shares: int
    reasons: _containers.RepeatedScalarFieldContainer[str]
    score: float
    shared_post_id: str
    reactions_by_kind: _containers.RepeatedCompositeFieldContainer[_content_pb2.ReactionCount]
    content_warning: str
    upvotes: int
    downvotes: int
    viewer_vote: _content_pb2.Vote
    feature: _content_pb2.Feature
    media: _containers.RepeatedCompositeFieldContainer[_content_pb2.Media]
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., author_handle: _Optional[str] = ..., author_display_name: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audience: _Optional[str] = ..., community_id: _Optional[str] = ..., hashtags: _Optional[_Iterable[str]] = ..., reactions: _Optional[int] = ..., comments: _Optional[int] = ..., shares: _Optional[int] = ..., reasons: _Optional[_Iterable[str]] = ..., score: _Optional[float] = ..., shared_post_id: _Optional[str] = ..., reactions_by_kind: _Optional[_Iterable[_Union[_content_pb2.ReactionCount, _Mapping]]] = ..., content_warning: _Optional[str] = ..., upvotes: _Optional[int] = ..., downvotes: _Optional[int] = ..., viewer_vote: _Optional[_Union[_content_pb2.Vote, str]] = ..., feature: _Optional[_Union[_content_pb2.Feature, str]] = ..., media: _Optional[_Iterable[_Union[_content_pb2.Media, _Mapping]]] = ...) -> None: ...

class GetCommunityFeedRequest(_message.Message):
    __slots__ = ("community_id", "page_size", "cursor", "sort")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    page_size: int
    cursor: str
    sort: CommunitySort
    def __init__(self, community_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ..., sort: _Optional[_Union[CommunitySort, str]] = ...) -> None: ...

class GetCommunityFeedResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetUserTimelineRequest(_message.Message):
    __slots__ = ("user_id", "page_size", "cursor")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page_size: int
    cursor: str
    def __init__(self, user_id: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class GetUserTimelineResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetHashtagFeedRequest(_message.Message):
    __slots__ = ("hashtag", "page_size", "cursor")
    HASHTAG_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    hashtag: str
    page_size: int
    cursor: str
    def __init__(self, hashtag: _Optional[str] = ..., page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class GetHashtagFeedResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetPopularFeedRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class GetPopularFeedResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("notification_id", "kind", "target_id", "community_id", "actor_ids", "actor_count", "summary", "unread", "updated_at", "detail")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    UNREAD_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    kind: NotificationKind
    target_id: str
    community_id: str
    actor_ids: _containers.RepeatedScalarFieldContainer[str]
    actor_count: int
    summary: str
    unread: bool
    updated_at: _timestamp_pb2.Timestamp
    detail: str
    def __init__(self, notification_id: _Optional[str] = ..., kind: _Optional[_Union[NotificationKind, str]] = ..., target_id: _Optional[str] = ..., community_id: _Optional[str] = ..., actor_ids: _Optional[_Iterable[str]] = ..., actor_count: _Optional[int] = ..., summary: _Optional[str] = ..., unread: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detail: _Optional[str] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("page_size", "cursor")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    cursor: str
    def __init__(self, page_size: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListNotificationsResponse(_message.Message):
    __slots__ = ("notifications", "next_cursor")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    next_cursor: str
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GetUnreadCountRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetUnreadCountResponse(_message.Message):
    __slots__ = ("unread",)
    UNREAD_FIELD_NUMBER: _ClassVar[int]
    unread: int
    def __init__(self, unread: _Optional[int] = ...) -> None: ...

class MarkNotificationsReadRequest(_message.Message):
    __slots__ = ("notification_ids",)
    NOTIFICATION_IDS_FIELD_NUMBER: _ClassVar[int]
    notification_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, notification_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MarkNotificationsReadResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MarkAllNotificationsReadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MarkAllNotificationsReadResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class NotificationPreference(_message.Message):
    __slots__ = ("kind", "enabled")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    kind: NotificationKind
    enabled: bool
    def __init__(self, kind: _Optional[_Union[NotificationKind, str]] = ..., enabled: _Optional[bool] = ...) -> None: ...

class GetNotificationPreferencesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetNotificationPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _containers.RepeatedCompositeFieldContainer[NotificationPreference]
    def __init__(self, preferences: _Optional[_Iterable[_Union[NotificationPreference, _Mapping]]] = ...) -> None: ...

class UpdateNotificationPreferencesRequest(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _containers.RepeatedCompositeFieldContainer[NotificationPreference]
    def __init__(self, preferences: _Optional[_Iterable[_Union[NotificationPreference, _Mapping]]] = ...) -> None: ...

class UpdateNotificationPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _containers.RepeatedCompositeFieldContainer[NotificationPreference]
    def __init__(self, preferences: _Optional[_Iterable[_Union[NotificationPreference, _Mapping]]] = ...) -> None: ...

class GetCommunityHealthRequest(_message.Message):
    __slots__ = ("community_id", "days")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    days: int
    def __init__(self, community_id: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class CommunityDay(_message.Message):
    __slots__ = ("date", "active_members", "new_members", "posts", "comments", "reactions", "comments_per_post", "mean_reply_depth", "replied_share", "median_first_reply_seconds", "sentiment_mean", "sentiment_positive", "sentiment_neutral", "sentiment_negative")
    DATE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEW_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_PER_POST_FIELD_NUMBER: _ClassVar[int]
    MEAN_REPLY_DEPTH_FIELD_NUMBER: _ClassVar[int]
    REPLIED_SHARE_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_FIRST_REPLY_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_MEAN_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_POSITIVE_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_NEUTRAL_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_NEGATIVE_FIELD_NUMBER: _ClassVar[int]
    date: str
    active_members: int
    new_members: int
    posts: int
    comments: int
    reactions: int
    comments_per_post: float
    mean_reply_depth: float
    replied_share: float
    median_first_reply_seconds: float
    sentiment_mean: float
    sentiment_positive: int
    sentiment_neutral: int
    sentiment_negative: int
    def __init__(self, date: _Optional[str] = ..., active_members: _Optional[int] = ..., new_members: _Optional[int] = ..., posts: _Optional[int] = ..., comments: _Optional[int] = ..., reactions: _Optional[int] = ..., comments_per_post: _Optional[float] = ..., mean_reply_depth: _Optional[float] = ..., replied_share: _Optional[float] = ..., median_first_reply_seconds: _Optional[float] = ..., sentiment_mean: _Optional[float] = ..., sentiment_positive: _Optional[int] = ..., sentiment_neutral: _Optional[int] = ..., sentiment_negative: _Optional[int] = ...) -> None: ...

class Cohort(_message.Message):
    __slots__ = ("week", "size", "active_by_week")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_BY_WEEK_FIELD_NUMBER: _ClassVar[int]
    week: str
    size: int
    active_by_week: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, week: _Optional[str] = ..., size: _Optional[int] = ..., active_by_week: _Optional[_Iterable[int]] = ...) -> None: ...

class HealthIndex(_message.Message):
    __slots__ = ("value", "activity", "engagement", "responsiveness", "retention", "sentiment")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    RESPONSIVENESS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    value: float
    activity: float
    engagement: float
    responsiveness: float
    retention: float
    sentiment: float
    def __init__(self, value: _Optional[float] = ..., activity: _Optional[float] = ..., engagement: _Optional[float] = ..., responsiveness: _Optional[float] = ..., retention: _Optional[float] = ..., sentiment: _Optional[float] = ...) -> None: ...

class GetCommunityHealthResponse(_message.Message):
    __slots__ = ("days", "members", "daily_active", "weekly_active", "monthly_active", "cohorts", "health", "posts", "comments", "reactions")
    DAYS_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    DAILY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COHORTS_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[CommunityDay]
    members: int
    daily_active: int
    weekly_active: int
    monthly_active: int
    cohorts: _containers.RepeatedCompositeFieldContainer[Cohort]
    health: HealthIndex
    posts: int
    comments: int
    reactions: int
    def __init__(self, days: _Optional[_Iterable[_Union[CommunityDay, _Mapping]]] = ..., members: _Optional[int] = ..., daily_active: _Optional[int] = ..., weekly_active: _Optional[int] = ..., monthly_active: _Optional[int] = ..., cohorts: _Optional[_Iterable[_Union[Cohort, _Mapping]]] = ..., health: _Optional[_Union[HealthIndex, _Mapping]] = ..., posts: _Optional[int] = ..., comments: _Optional[int] = ..., reactions: _Optional[int] = ...) -> None: ...

class GetLeaderboardRequest(_message.Message):
    __slots__ = ("community_id", "window", "limit")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    window: LeaderboardWindow
    limit: int
    def __init__(self, community_id: _Optional[str] = ..., window: _Optional[_Union[LeaderboardWindow, str]] = ..., limit: _Optional[int] = ...) -> None: ...

class LeaderboardEntry(_message.Message):
    __slots__ = ("user_id", "score", "rank", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    score: float
    rank: int
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., score: _Optional[float] = ..., rank: _Optional[int] = ..., hidden: _Optional[bool] = ...) -> None: ...

class GetLeaderboardResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LeaderboardEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[LeaderboardEntry, _Mapping]]] = ...) -> None: ...

class GetMemberStandingRequest(_message.Message):
    __slots__ = ("community_id", "user_id")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    user_id: str
    def __init__(self, community_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class Badge(_message.Message):
    __slots__ = ("badge", "earned_by_event_id")
    BADGE_FIELD_NUMBER: _ClassVar[int]
    EARNED_BY_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    badge: str
    earned_by_event_id: str
    def __init__(self, badge: _Optional[str] = ..., earned_by_event_id: _Optional[str] = ...) -> None: ...

class GetMemberStandingResponse(_message.Message):
    __slots__ = ("score_7_days", "score_30_days", "score_all_time", "badges", "trust_level")
    SCORE_7_DAYS_FIELD_NUMBER: _ClassVar[int]
    SCORE_30_DAYS_FIELD_NUMBER: _ClassVar[int]
    SCORE_ALL_TIME_FIELD_NUMBER: _ClassVar[int]
    BADGES_FIELD_NUMBER: _ClassVar[int]
    TRUST_LEVEL_FIELD_NUMBER: _ClassVar[int]
    score_7_days: float
    score_30_days: float
    score_all_time: float
    badges: _containers.RepeatedCompositeFieldContainer[Badge]
    trust_level: int
    def __init__(self, score_7_days: _Optional[float] = ..., score_30_days: _Optional[float] = ..., score_all_time: _Optional[float] = ..., badges: _Optional[_Iterable[_Union[Badge, _Mapping]]] = ..., trust_level: _Optional[int] = ...) -> None: ...

class SetMentorAvailabilityRequest(_message.Message):
    __slots__ = ("community_id", "available", "capacity")
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    available: bool
    capacity: int
    def __init__(self, community_id: _Optional[str] = ..., available: _Optional[bool] = ..., capacity: _Optional[int] = ...) -> None: ...

class SetMentorAvailabilityResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestMentorRequest(_message.Message):
    __slots__ = ("community_id",)
    COMMUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    community_id: str
    def __init__(self, community_id: _Optional[str] = ...) -> None: ...

class RequestMentorResponse(_message.Message):
    __slots__ = ("mentor_id", "shared_interests")
    MENTOR_ID_FIELD_NUMBER: _ClassVar[int]
    SHARED_INTERESTS_FIELD_NUMBER: _ClassVar[int]
    mentor_id: str
    shared_interests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, mentor_id: _Optional[str] = ..., shared_interests: _Optional[_Iterable[str]] = ...) -> None: ...

class GetReadingFiltersRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetReadingFiltersResponse(_message.Message):
    __slots__ = ("muted_words", "content_warnings")
    MUTED_WORDS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_WARNINGS_FIELD_NUMBER: _ClassVar[int]
    muted_words: _containers.RepeatedCompositeFieldContainer[MutedWord]
    content_warnings: ContentWarningDisplay
    def __init__(self, muted_words: _Optional[_Iterable[_Union[MutedWord, _Mapping]]] = ..., content_warnings: _Optional[_Union[ContentWarningDisplay, str]] = ...) -> None: ...

class ExportUserDataRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ExportUserDataResponse(_message.Message):
    __slots__ = ("notification_preferences_json", "recognition_json", "lists_json")
    NOTIFICATION_PREFERENCES_JSON_FIELD_NUMBER: _ClassVar[int]
    RECOGNITION_JSON_FIELD_NUMBER: _ClassVar[int]
    LISTS_JSON_FIELD_NUMBER: _ClassVar[int]
    notification_preferences_json: bytes
    recognition_json: bytes
    lists_json: bytes
    def __init__(self, notification_preferences_json: _Optional[bytes] = ..., recognition_json: _Optional[bytes] = ..., lists_json: _Optional[bytes] = ...) -> None: ...

class FollowHashtagRequest(_message.Message):
    __slots__ = ("hashtag",)
    HASHTAG_FIELD_NUMBER: _ClassVar[int]
    hashtag: str
    def __init__(self, hashtag: _Optional[str] = ...) -> None: ...

class FollowHashtagResponse(_message.Message):
    __slots__ = ("hashtag",)
    HASHTAG_FIELD_NUMBER: _ClassVar[int]
    hashtag: str
    def __init__(self, hashtag: _Optional[str] = ...) -> None: ...

class UnfollowHashtagRequest(_message.Message):
    __slots__ = ("hashtag",)
    HASHTAG_FIELD_NUMBER: _ClassVar[int]
    hashtag: str
    def __init__(self, hashtag: _Optional[str] = ...) -> None: ...

class UnfollowHashtagResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFollowedHashtagsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFollowedHashtagsResponse(_message.Message):
    __slots__ = ("hashtags",)
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    hashtags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, hashtags: _Optional[_Iterable[str]] = ...) -> None: ...

class GetReadingPreferencesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetReadingPreferencesResponse(_message.Message):
    __slots__ = ("content_warnings",)
    CONTENT_WARNINGS_FIELD_NUMBER: _ClassVar[int]
    content_warnings: ContentWarningDisplay
    def __init__(self, content_warnings: _Optional[_Union[ContentWarningDisplay, str]] = ...) -> None: ...

class SetReadingPreferencesRequest(_message.Message):
    __slots__ = ("content_warnings",)
    CONTENT_WARNINGS_FIELD_NUMBER: _ClassVar[int]
    content_warnings: ContentWarningDisplay
    def __init__(self, content_warnings: _Optional[_Union[ContentWarningDisplay, str]] = ...) -> None: ...

class SetReadingPreferencesResponse(_message.Message):
    __slots__ = ("content_warnings",)
    CONTENT_WARNINGS_FIELD_NUMBER: _ClassVar[int]
    content_warnings: ContentWarningDisplay
    def __init__(self, content_warnings: _Optional[_Union[ContentWarningDisplay, str]] = ...) -> None: ...

class MutedWord(_message.Message):
    __slots__ = ("phrase", "whole_word", "expires_at", "muted_at")
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    WHOLE_WORD_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MUTED_AT_FIELD_NUMBER: _ClassVar[int]
    phrase: str
    whole_word: bool
    expires_at: _timestamp_pb2.Timestamp
    muted_at: _timestamp_pb2.Timestamp
    def __init__(self, phrase: _Optional[str] = ..., whole_word: _Optional[bool] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., muted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MuteWordRequest(_message.Message):
    __slots__ = ("phrase", "whole_word", "expires_at")
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    WHOLE_WORD_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    phrase: str
    whole_word: bool
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, phrase: _Optional[str] = ..., whole_word: _Optional[bool] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MuteWordResponse(_message.Message):
    __slots__ = ("muted_word",)
    MUTED_WORD_FIELD_NUMBER: _ClassVar[int]
    muted_word: MutedWord
    def __init__(self, muted_word: _Optional[_Union[MutedWord, _Mapping]] = ...) -> None: ...

class UnmuteWordRequest(_message.Message):
    __slots__ = ("phrase",)
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    phrase: str
    def __init__(self, phrase: _Optional[str] = ...) -> None: ...

class UnmuteWordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMutedWordsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMutedWordsResponse(_message.Message):
    __slots__ = ("muted_words",)
    MUTED_WORDS_FIELD_NUMBER: _ClassVar[int]
    muted_words: _containers.RepeatedCompositeFieldContainer[MutedWord]
    def __init__(self, muted_words: _Optional[_Iterable[_Union[MutedWord, _Mapping]]] = ...) -> None: ...

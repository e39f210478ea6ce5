"""gRPC servicer of the feed API (reads Redis only)."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith_feed.domain.health import day_label, week_label
from kith_feed.domain.model import FeedEntry
from kith_feed.domain.notifications import KINDS
from kith_feed.service_layer.insights import CommunityInsights
from kith_feed.service_layer.notification_reads import NotificationReads
from kith_feed.service_layer.reading_filters import ReadingFilters
from kith_feed.service_layer.reads import FeedReads
from kith_feed.service_layer.recognition import RecognitionReads
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp
from kith_platform.media_urls import SignedMediaUrls, media_message
from kith_platform.reading_filters import MutedWord
from kith_platform.validation import optional_time

SORTS = {
    feed_pb2.COMMUNITY_SORT_UNSPECIFIED: "new",
    feed_pb2.COMMUNITY_SORT_NEW: "new",
    feed_pb2.COMMUNITY_SORT_HOT: "hot",
    feed_pb2.COMMUNITY_SORT_TOP_DAY: "top_day",
    feed_pb2.COMMUNITY_SORT_TOP_WEEK: "top_week",
    feed_pb2.COMMUNITY_SORT_TOP_ALL: "top_all",
    feed_pb2.COMMUNITY_SORT_CONTROVERSIAL: "controversial",
}
VOTES = {1: content_pb2.VOTE_UP, -1: content_pb2.VOTE_DOWN}
FEATURES = {"pinned": content_pb2.FEATURE_PINNED, "announcement": content_pb2.FEATURE_ANNOUNCEMENT}
ORDERS = {feed_pb2.FEED_ORDER_UNSPECIFIED: False, feed_pb2.FEED_ORDER_LATEST: False, feed_pb2.FEED_ORDER_RANKED: True}


def _timestamp_ms(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts


def _item(e: FeedEntry, urls: SignedMediaUrls | None = None) -> feed_pb2.FeedItem:
    """An entry the reader may see (the reads filtered it), with its uploads behind URLs signed
    for them by `urls`."""
    p = e.post
    return feed_pb2.FeedItem(
        post_id=p.post_id,
        author_id=p.author_id,
        author_handle=e.author.handle if e.author else "",
        author_display_name=e.author.display_name if e.author else "",
        text=p.text,
        created_at=_timestamp_ms(p.created_at_ms),
        audience=p.audience,
        community_id=p.community_id,
        hashtags=list(p.hashtags),
        reactions=p.reactions,
        comments=p.comments,
        shares=p.shares,
        reasons=list(e.reasons),
        score=e.score,
        shared_post_id=p.shared_post_id,
        reactions_by_kind=[content_pb2.ReactionCount(kind=kind, count=n) for kind, n in p.reactions_by_kind],
        content_warning=p.content_warning,
        upvotes=p.upvotes,
        downvotes=p.downvotes,
        viewer_vote=VOTES.get(e.viewer_vote, content_pb2.VOTE_UNSPECIFIED),
        feature=FEATURES.get(p.feature, content_pb2.FEATURE_UNSPECIFIED),
        media=[
            media_message(m.kind, m.url, m.alt_text, m.media_id, m.width, m.height, m.blurhash, m.variants, urls)
            for m in p.media
        ],
    )


class FeedServicer(feed_pb2_grpc.FeedServiceServicer):
    def __init__(self, reads: FeedReads, urls: SignedMediaUrls | None = None) -> None:
        self.reads = reads
        self.urls = urls  # signs the URLs of the items' uploads

    async def GetHomeFeed(self, request, context):
        if request.order not in ORDERS:
            raise InvalidArgument("order", f"unsupported value {request.order}")
        entries, cursor = await self.reads.home(
            caller_id(context), request.page_size, request.cursor, ORDERS[request.order]
        )
        return feed_pb2.GetHomeFeedResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)

    async def GetCommunityFeed(self, request, context):
        if request.sort not in SORTS:
            raise InvalidArgument("sort", f"unsupported value {request.sort}")
        entries, cursor = await self.reads.community(
            caller_id(context), request.community_id, request.page_size, request.cursor, SORTS[request.sort]
        )
        return feed_pb2.GetCommunityFeedResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)

    async def GetUserTimeline(self, request, context):
        entries, cursor = await self.reads.timeline(
            caller_id(context), request.user_id, request.page_size, request.cursor
        )
        return feed_pb2.GetUserTimelineResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)

    async def GetHashtagFeed(self, request, context):
        entries, cursor = await self.reads.hashtag(
            caller_id(context), request.hashtag, request.page_size, request.cursor
        )
        return feed_pb2.GetHashtagFeedResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)

    async def GetPopularFeed(self, request, context):
        entries, cursor = await self.reads.popular(caller_id(context), request.page_size, request.cursor)
        return feed_pb2.GetPopularFeedResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)


KIND_TO_PROTO = {kind: i + 1 for i, kind in enumerate(KINDS)}  # the enum lists the kinds in this order
KIND_FROM_PROTO = {v: k for k, v in KIND_TO_PROTO.items()}


def _preferences(prefs: dict[str, bool]) -> list[feed_pb2.NotificationPreference]:
    return [feed_pb2.NotificationPreference(kind=KIND_TO_PROTO[k], enabled=v) for k, v in prefs.items()]


class NotificationsServicer(feed_pb2_grpc.NotificationsServiceServicer):
    def __init__(self, reads: NotificationReads) -> None:
        self.reads = reads

    async def ListNotifications(self, request, context):
        page, cursor = await self.reads.page(caller_id(context), request.page_size, request.cursor)
        return feed_pb2.ListNotificationsResponse(
            notifications=[
                feed_pb2.Notification(
                    notification_id=n.notification_id,
                    kind=KIND_TO_PROTO[n.kind],
                    target_id=n.target_id,
                    community_id=n.community_id,
                    actor_ids=list(n.actor_ids),
                    actor_count=n.actor_count,
                    summary=text,
                    unread=n.unread,
                    updated_at=_timestamp_ms(n.updated_at_ms),
                    detail=n.detail,
                )
                for n, text in page
                if n.kind in KIND_TO_PROTO
            ],
            next_cursor=cursor,
        )

    async def GetUnreadCount(self, request, context):
        return feed_pb2.GetUnreadCountResponse(unread=await self.reads.unread(caller_id(context)))

    async def MarkNotificationsRead(self, request, context):
        await self.reads.mark_read(caller_id(context), list(request.notification_ids))
        return feed_pb2.MarkNotificationsReadResponse()

    async def MarkAllNotificationsRead(self, request, context):
        await self.reads.mark_all_read(caller_id(context))
        return feed_pb2.MarkAllNotificationsReadResponse()

    async def GetNotificationPreferences(self, request, context):
        prefs = await self.reads.preferences(caller_id(context))
        return feed_pb2.GetNotificationPreferencesResponse(preferences=_preferences(prefs))

    async def UpdateNotificationPreferences(self, request, context):
        changes = {}
        for p in request.preferences:
            if p.kind not in KIND_FROM_PROTO:
                raise InvalidArgument("preferences.kind", f"unsupported value {p.kind}")
            changes[KIND_FROM_PROTO[p.kind]] = p.enabled
        prefs = await self.reads.set_preferences(caller_id(context), changes)
        return feed_pb2.UpdateNotificationPreferencesResponse(preferences=_preferences(prefs))


class CommunityInsightsServicer(feed_pb2_grpc.CommunityInsightsServiceServicer):
    def __init__(self, insights: CommunityInsights) -> None:
        self.insights = insights

    async def GetCommunityHealth(self, request, context):
        days, summary, cohorts, health = await self.insights.health(
            caller_id(context), request.community_id, request.days
        )
        return feed_pb2.GetCommunityHealthResponse(
            days=[
                feed_pb2.CommunityDay(
                    date=day_label(d.day),
                    active_members=d.active,
                    new_members=d.new_members,
                    posts=d.posts,
                    comments=d.comments,
                    reactions=d.reactions,
                    comments_per_post=d.comments_per_post,
                    mean_reply_depth=d.mean_reply_depth,
                    replied_share=d.replied_share,
                    median_first_reply_seconds=d.median_first_reply,
                    sentiment_mean=d.sentiment_mean,
                    sentiment_positive=d.positive,
                    sentiment_neutral=d.neutral,
                    sentiment_negative=d.negative,
                )
                for d in days
            ],
            members=summary["members"],
            daily_active=summary["daily"],
            weekly_active=summary["weekly"],
            monthly_active=summary["monthly"],
            cohorts=[
                feed_pb2.Cohort(week=week_label(c.week), size=c.size, active_by_week=list(c.active_by_week))
                for c in cohorts
            ],
            health=feed_pb2.HealthIndex(
                value=health.value,
                activity=health.activity,
                engagement=health.engagement,
                responsiveness=health.responsiveness,
                retention=health.retention,
                sentiment=health.sentiment,
            ),
            posts=sum(d.posts for d in days),
            comments=sum(d.comments for d in days),
            reactions=sum(d.reactions for d in days),
        )


WINDOWS = {
    feed_pb2.LEADERBOARD_WINDOW_UNSPECIFIED: "7_days",
    feed_pb2.LEADERBOARD_WINDOW_7_DAYS: "7_days",
    feed_pb2.LEADERBOARD_WINDOW_30_DAYS: "30_days",
    feed_pb2.LEADERBOARD_WINDOW_ALL_TIME: "all_time",
}


class RecognitionServicer(feed_pb2_grpc.RecognitionServiceServicer):
    def __init__(self, reads: RecognitionReads) -> None:
        self.reads = reads

    async def GetLeaderboard(self, request, context):
        if request.window not in WINDOWS:
            raise InvalidArgument("window", f"unsupported value {request.window}")
        rows = await self.reads.leaderboard(
            caller_id(context), request.community_id, WINDOWS[request.window], request.limit
        )
        return feed_pb2.GetLeaderboardResponse(
            entries=[feed_pb2.LeaderboardEntry(user_id=u, score=s, rank=r, hidden=h) for u, s, r, h in rows]
        )

    async def GetMemberStanding(self, request, context):
        (week, month, ever), badges, level = await self.reads.standing(
            caller_id(context), request.community_id, request.user_id
        )
        return feed_pb2.GetMemberStandingResponse(
            score_7_days=week,
            score_30_days=month,
            score_all_time=ever,
            trust_level=level,
            badges=[feed_pb2.Badge(badge=b, earned_by_event_id=e) for b, e in sorted(badges.items())],
        )

    async def SetMentorAvailability(self, request, context):
        await self.reads.set_mentor(caller_id(context), request.community_id, request.available, request.capacity)
        return feed_pb2.SetMentorAvailabilityResponse()

    async def RequestMentor(self, request, context):
        mentor, shared = await self.reads.request_mentor(caller_id(context), request.community_id)
        return feed_pb2.RequestMentorResponse(mentor_id=mentor, shared_interests=shared)


def muted_word_message(word: MutedWord) -> feed_pb2.MutedWord:
    return feed_pb2.MutedWord(
        phrase=word.phrase,
        whole_word=word.whole_word,
        expires_at=_ms_timestamp(word.expires_at_ms) if word.expires_at_ms else None,
        muted_at=_ms_timestamp(word.muted_at_ms),
    )


def _ms_timestamp(ms: int):
    return timestamp(datetime.fromtimestamp(ms / 1000, UTC))


DISPLAYS = {
    feed_pb2.CONTENT_WARNING_DISPLAY_SHOW: "show",
    feed_pb2.CONTENT_WARNING_DISPLAY_BLUR: "blur",
    feed_pb2.CONTENT_WARNING_DISPLAY_HIDE: "hide",
}
DISPLAYS_TO_PROTO = {v: k for k, v in DISPLAYS.items()}


class ReadingFiltersServicer(feed_pb2_grpc.ReadingFiltersServiceServicer):
    def __init__(self, muted: ReadingFilters) -> None:
        self.muted = muted

    async def GetReadingPreferences(self, request, context):
        display = await self.muted.content_warnings(caller_id(context))
        return feed_pb2.GetReadingPreferencesResponse(content_warnings=DISPLAYS_TO_PROTO[display])

    async def SetReadingPreferences(self, request, context):
        wanted = request.content_warnings
        if wanted and wanted not in DISPLAYS:
            raise InvalidArgument("content_warnings", f"unsupported value {wanted}")
        display = await self.muted.set_content_warnings(caller_id(context), DISPLAYS.get(wanted))
        return feed_pb2.SetReadingPreferencesResponse(content_warnings=DISPLAYS_TO_PROTO[display])

    async def MuteWord(self, request, context):
        word = await self.muted.mute(
            caller_id(context), request.phrase, request.whole_word, optional_time(request, "expires_at")
        )
        return feed_pb2.MuteWordResponse(muted_word=muted_word_message(word))

    async def UnmuteWord(self, request, context):
        await self.muted.unmute(caller_id(context), request.phrase)
        return feed_pb2.UnmuteWordResponse()

    async def FollowHashtag(self, request, context):
        tag = await self.muted.follow_tag(caller_id(context), request.hashtag)
        return feed_pb2.FollowHashtagResponse(hashtag=tag)

    async def UnfollowHashtag(self, request, context):
        await self.muted.unfollow_tag(caller_id(context), request.hashtag)
        return feed_pb2.UnfollowHashtagResponse()

    async def ListFollowedHashtags(self, request, context):
        return feed_pb2.ListFollowedHashtagsResponse(hashtags=await self.muted.followed_tags(caller_id(context)))

    async def ListMutedWords(self, request, context):
        words = await self.muted.listed(caller_id(context))
        return feed_pb2.ListMutedWordsResponse(muted_words=[muted_word_message(w) for w in words])

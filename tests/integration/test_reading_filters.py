"""Reading filters through the gateway. Muted words: posts holding a muted word or phrase leave
every feed the person reads (home, community, hashtag, popular, the author's timeline) and the
notifications about them, on the next read after MuteWord, and come back after UnmuteWord. Content
warnings: the author's notice travels with posts and comments; readers who hide them do not get
such posts. A person's own posts never leave."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.feed.v1 import feed_pb2_grpc
from kith_platform.events import timestamp
from kith_platform.testing import expect_status, found, wait_until


@pytest.fixture
async def filters(gateway_channel):
    return feed_pb2_grpc.ReadingFiltersServiceStub(gateway_channel)


async def test_muted_words_leave_every_feed_and_the_notifications(api, filters):
    reader, author = await api.sign_up("reader"), await api.sign_up("author")
    await api.follow(reader, author)
    tag = f"finale{uuid.uuid4().hex[:8]}"
    community = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"mw-{uuid.uuid4().hex[:10]}", name="Muted words", topics=["tv"], visibility=C.VISIBILITY_PUBLIC
            ),
            metadata=author.auth,
        )
    ).community.community_id
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community), metadata=reader.auth)

    async def post(text: str, **where) -> str:
        made = await api.content.CreatePost(P.CreatePostRequest(text=text, **where), metadata=author.auth)
        return made.post.post_id

    spoiler = await post(f"Big SPOILER alert for the #{tag}, @{reader.handle}")
    in_club = await post("No spoiler alert needed here", community_id=community)
    fine = await post("A category of its own (not the muted word)")
    mine = (await api.content.CreatePost(P.CreatePostRequest(text="my own spoiler alert"), metadata=reader.auth)).post

    async def reads() -> dict[str, set[str]]:
        home = await api.feed.GetHomeFeed(F.GetHomeFeedRequest(page_size=50), metadata=reader.auth)
        club = await api.feed.GetCommunityFeed(
            F.GetCommunityFeedRequest(community_id=community, page_size=50), metadata=reader.auth
        )
        tagged = await api.feed.GetHashtagFeed(F.GetHashtagFeedRequest(hashtag=tag, page_size=50), metadata=reader.auth)
        timeline = await api.feed.GetUserTimeline(
            F.GetUserTimelineRequest(user_id=author.user_id, page_size=50), metadata=reader.auth
        )
        notes = await api.notifications.ListNotifications(
            F.ListNotificationsRequest(page_size=100), metadata=reader.auth
        )
        found = await api.content.SearchPosts(P.SearchPostsRequest(query=tag), metadata=reader.auth)
        listed = await api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag=tag), metadata=reader.auth)
        return {
            "search": {p.post_id for p in found.posts},
            "posts by hashtag": {p.post_id for p in listed.posts},
            "home": {i.post_id for i in home.items},
            "community": {i.post_id for i in club.items},
            "hashtag": {i.post_id for i in tagged.items},
            "timeline": {i.post_id for i in timeline.items},
            "notifications": {n.target_id for n in notes.notifications},
        }

    everything = {
        "search": {spoiler},
        "posts by hashtag": {spoiler},
        "home": {spoiler, in_club, fine, mine.post_id},
        "community": {in_club},
        "hashtag": {spoiler},
        "timeline": {spoiler, in_club, fine},
        "notifications": {spoiler},
    }

    async def settled():
        # The feed learns of the new community from its event; until then its feed is NOT_FOUND.
        got = await found(reads())
        return got if got is not None and all(everything[k] <= got[k] for k in everything) else None

    await wait_until(settled, timeout=30, what="the posts in every feed and the mention notified")

    muted = await filters.MuteWord(
        F.MuteWordRequest(phrase="  Spoiler   ALERT ", whole_word=True), metadata=reader.auth
    )
    assert muted.muted_word.phrase == "spoiler alert" and not muted.muted_word.HasField("expires_at")
    await filters.MuteWord(F.MuteWordRequest(phrase="cat", whole_word=True), metadata=reader.auth)
    got = await reads()  # at once, on the next read
    for read, ids in got.items():
        assert not ids & {spoiler, in_club}, f"{read} still shows a muted post"
    assert fine in got["home"] and fine in got["timeline"]  # "category" is not the whole word "cat"
    assert mine.post_id in got["home"]  # never one's own
    listed = await filters.ListMutedWords(F.ListMutedWordsRequest(), metadata=reader.auth)
    assert [(w.phrase, w.whole_word) for w in listed.muted_words] == [("spoiler alert", True), ("cat", True)]

    await filters.MuteWord(F.MuteWordRequest(phrase="cat", whole_word=False), metadata=reader.auth)
    assert fine not in (await reads())["home"]  # now anywhere in the text

    await filters.UnmuteWord(F.UnmuteWordRequest(phrase="Spoiler Alert"), metadata=reader.auth)
    await filters.UnmuteWord(F.UnmuteWordRequest(phrase="cat"), metadata=reader.auth)
    back = await reads()
    assert all(everything[k] <= back[k] for k in everything), back
    await expect_status(
        grpc.StatusCode.NOT_FOUND, filters.UnmuteWord(F.UnmuteWordRequest(phrase="cat"), metadata=reader.auth)
    )


async def test_comments_with_a_muted_word_or_a_hidden_warning_notify_nobody_who_filters_them(api, filters):
    reader = await api.sign_up("reader")
    spoiler, sad, kind = [await api.sign_up(p) for p in ("spoiler", "sad", "kind")]
    post = await api.post(reader, "what did you think of the show?")
    await filters.MuteWord(F.MuteWordRequest(phrase="spoiler", whole_word=True), metadata=reader.auth)
    await filters.SetReadingPreferences(
        F.SetReadingPreferencesRequest(content_warnings=F.CONTENT_WARNING_DISPLAY_HIDE), metadata=reader.auth
    )
    for author, text, warning in (
        (spoiler, f"SPOILER: the butler did it, @{reader.handle}", ""),
        (sad, f"it made me cry, @{reader.handle}", "grief"),
        (kind, f"loved it, @{reader.handle}", ""),
    ):
        await api.content.AddComment(
            P.AddCommentRequest(post_id=post.post_id, text=text, content_warning=warning), metadata=author.auth
        )

    async def about_comments() -> list[tuple[int, list[str]]] | None:
        notes = await api.notifications.ListNotifications(F.ListNotificationsRequest(), metadata=reader.auth)
        found = sorted(
            (n.kind, list(n.actor_ids))
            for n in notes.notifications
            if n.kind in (F.NOTIFICATION_KIND_REPLY, F.NOTIFICATION_KIND_MENTION)
        )
        return found if len(found) >= 2 else None

    # Only the comment the reader's filters let through reached their notifications.
    got = await wait_until(about_comments, what="the reply and the mention notified")
    assert got == [(F.NOTIFICATION_KIND_MENTION, [kind.user_id]), (F.NOTIFICATION_KIND_REPLY, [kind.user_id])]


async def test_a_mute_with_an_end_and_bad_input(api, filters):
    reader = await api.sign_up("reader")
    soon = datetime.now(UTC) + timedelta(days=1)
    made = await filters.MuteWord(
        F.MuteWordRequest(phrase="election", expires_at=timestamp(soon)), metadata=reader.auth
    )
    assert made.muted_word.expires_at.ToDatetime(tzinfo=UTC) == soon.replace(
        microsecond=soon.microsecond // 1000 * 1000
    )
    bad = [
        (F.MuteWordRequest(phrase=""), "phrase"),
        (F.MuteWordRequest(phrase="x" * 101), "phrase"),
        (F.MuteWordRequest(phrase="ok", expires_at=timestamp(datetime.now(UTC) - timedelta(minutes=1))), "expires_at"),
    ]
    for request, field in bad:
        await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, filters.MuteWord(request, metadata=reader.auth), f"{field}: "
        )
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, filters.ListMutedWords(F.ListMutedWordsRequest()))


async def test_content_warnings_travel_with_posts_and_comments_and_readers_choose(api, filters):
    reader, author = await api.sign_up("reader"), await api.sign_up("author")
    await api.follow(reader, author)
    warned = (
        await api.content.CreatePost(
            P.CreatePostRequest(
                text=f"The butler did it, @{reader.handle}", content_warning="  spoilers for the finale "
            ),
            metadata=author.auth,
        )
    ).post
    assert warned.content_warning == "spoilers for the finale"
    plain = (await api.content.CreatePost(P.CreatePostRequest(text="Nice weather"), metadata=author.auth)).post
    comment = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=warned.post_id, text="No way", content_warning="more spoilers"),
            metadata=reader.auth,
        )
    ).comment
    listed = await api.content.ListComments(P.ListCommentsRequest(post_id=warned.post_id), metadata=author.auth)
    assert [(c.comment_id, c.content_warning) for c in listed.comments] == [(comment.comment_id, "more spoilers")]

    async def home() -> dict[str, str]:
        page = await api.feed.GetHomeFeed(F.GetHomeFeedRequest(page_size=50), metadata=reader.auth)
        return {i.post_id: i.content_warning for i in page.items}

    async def notified() -> set[str]:
        notes = await api.notifications.ListNotifications(
            F.ListNotificationsRequest(page_size=100), metadata=reader.auth
        )
        return {n.target_id for n in notes.notifications}

    async def both_there():
        got = await home()
        return got if {warned.post_id, plain.post_id} <= set(got) and warned.post_id in await notified() else None

    first = await wait_until(both_there, timeout=30, what="both posts in the reader's home")
    assert first[warned.post_id] == "spoilers for the finale" and first[plain.post_id] == ""
    prefs = await filters.GetReadingPreferences(F.GetReadingPreferencesRequest(), metadata=reader.auth)
    assert prefs.content_warnings == F.CONTENT_WARNING_DISPLAY_BLUR  # the default: the client blurs

    hidden = await filters.SetReadingPreferences(
        F.SetReadingPreferencesRequest(content_warnings=F.CONTENT_WARNING_DISPLAY_HIDE), metadata=reader.auth
    )
    assert hidden.content_warnings == F.CONTENT_WARNING_DISPLAY_HIDE
    got = await home()  # at once
    assert warned.post_id not in got and plain.post_id in got
    assert warned.post_id not in await notified()  # nor the mention in it
    timeline = await api.feed.GetUserTimeline(
        F.GetUserTimelineRequest(user_id=author.user_id, page_size=50), metadata=author.auth
    )
    assert warned.post_id in {i.post_id for i in timeline.items}  # the author's own never go

    await filters.SetReadingPreferences(
        F.SetReadingPreferencesRequest(content_warnings=F.CONTENT_WARNING_DISPLAY_SHOW), metadata=reader.auth
    )
    assert warned.post_id in await home()
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.content.CreatePost(P.CreatePostRequest(text="x", content_warning="w" * 101), metadata=author.auth),
        "content_warning: ",
    )


async def test_a_followed_hashtag_brings_its_public_posts_into_home_with_the_reason(api, filters):
    reader, stranger = await api.sign_up("reader"), await api.sign_up("stranger")
    tag = f"knit{uuid.uuid4().hex[:8]}"
    followed = await filters.FollowHashtag(F.FollowHashtagRequest(hashtag=f"#{tag.upper()}"), metadata=reader.auth)
    assert followed.hashtag == tag
    public = await api.post(stranger, f"my first scarf #{tag}")
    hidden = (
        await api.content.CreatePost(
            P.CreatePostRequest(text=f"for followers #{tag}", audience=P.AUDIENCE_FOLLOWERS), metadata=stranger.auth
        )
    ).post

    async def home() -> dict[str, list[str]]:
        got = await api.feed.GetHomeFeed(F.GetHomeFeedRequest(page_size=50), metadata=reader.auth)
        return {i.post_id: list(i.reasons) for i in got.items}

    items = await wait_until(home, timeout=30, what="the tagged post in the reader's home")
    assert items == {public.post_id: [f"#{tag}, which you follow"]}
    assert hidden.post_id not in items
    listed = await filters.ListFollowedHashtags(F.ListFollowedHashtagsRequest(), metadata=reader.auth)
    assert list(listed.hashtags) == [tag]
    await filters.UnfollowHashtag(F.UnfollowHashtagRequest(hashtag=tag), metadata=reader.auth)
    assert await home() == {}
    await expect_status(
        grpc.StatusCode.NOT_FOUND, filters.UnfollowHashtag(F.UnfollowHashtagRequest(hashtag=tag), metadata=reader.auth)
    )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        filters.FollowHashtag(F.FollowHashtagRequest(hashtag="#"), metadata=reader.auth),
        "hashtag",
    )

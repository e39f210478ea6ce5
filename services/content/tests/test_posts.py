"""Post handlers against in-memory fakes (no servers): what a post is created as and the events
stored with it, who may change it, and what each reader is shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kith_content.domain.polls import NewPoll
from kith_content.domain.posts import Audience, Feature
from kith_content.domain.review import ReviewState
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.reading_filters import MutedWord, ReadingFilters
from services.content.tests.fakes import content_service, new_id

ANA, BO, CY = new_id(), new_id(), new_id()
COMMUNITY = new_id()


async def test_a_public_post_is_stored_with_its_hashtags_and_mentions_and_published():
    service = content_service({"bobo": BO, "anaa": ANA})
    post = await service.posts.create_post(ANA, NewPost("Hello @Bobo and @anaa, see #Kith #1"))
    assert post.audience is Audience.PUBLIC and post.hashtags == ("kith",)
    assert post.mention_ids == (BO,)  # the author never mentions themself
    assert service.store.posts[post.post_id] == post
    assert service.store.outbox == [("PostPublished", post.post_id)]


async def test_mentions_leave_out_blocked_people_and_those_who_may_not_see_the_post():
    service = content_service({"bobo": BO, "cyra": CY})
    service.store.blocks.add((BO, ANA))
    service.store.friends.add((CY, ANA))
    post = await service.posts.create_post(ANA, NewPost("@bobo @cyra", audience=Audience.FRIENDS))
    assert post.mention_ids == (CY,)
    stranger = await service.posts.create_post(ANA, NewPost("@cyra", audience=Audience.FRIENDS))
    service.store.friends.clear()
    later = await service.posts.create_post(ANA, NewPost("@cyra again", audience=Audience.FRIENDS))
    assert stranger.mention_ids == (CY,) and later.mention_ids == ()


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewPost("   "), "text"),
        (NewPost("x" * 5001), "text"),
        (NewPost("hi", audience=Audience.COMMUNITY), "community_id"),
        (NewPost("hi", community_id="not-a-uuid"), "community_id"),
        (NewPost("hi", audience=Audience.FRIENDS, community_id=COMMUNITY), "audience"),
        (NewPost("hi", link="javascript:alert(1)"), "link"),
        (NewPost("", media=((None, "https://img.example/a.png", "", ""),)), "media.kind"),
    ],
)
async def test_invalid_posts_are_refused_naming_the_field(new, field):
    service = content_service()
    with pytest.raises(InvalidArgument) as refused:
        await service.posts.create_post(ANA, new)
    assert refused.value.field == field
    assert service.store.posts == {} and service.store.outbox == []


async def test_a_community_refuses_posts_by_those_who_may_not_write_there():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, refusal="you are muted in this community")
    with pytest.raises(PermissionDenied, match="muted"):
        await service.posts.create_post(ANA, NewPost("hi", community_id=COMMUNITY))
    hidden = new_id()
    service.communities.set(hidden, ANA, refusal="only members post in this community", hidden=True, role=None)
    with pytest.raises(NotFound, match="community_id"):
        await service.posts.create_post(ANA, NewPost("hi", community_id=hidden))
    with pytest.raises(NotFound, match="community_id"):
        await service.posts.create_post(ANA, NewPost("hi", community_id=new_id()))
    assert service.store.outbox == []


async def test_a_link_by_a_member_below_the_trust_level_waits_for_a_moderator():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, hold_links_below=2, members_only=True)
    service.communities.set(COMMUNITY, BO, role="moderator")
    service.store.trust[(COMMUNITY, ANA)] = 1
    post = await service.posts.create_post(ANA, NewPost("see example.com", community_id=COMMUNITY))
    assert post.review is ReviewState.PENDING and "trust level 1" in post.held_reason
    assert post.audience is Audience.COMMUNITY and post.members_only
    assert service.store.outbox == [("ContentHeld", post.post_id, "")]
    assert (await service.posts.get(ANA, post.post_id)).post_id == post.post_id  # its author
    assert (await service.posts.get(BO, post.post_id)).post_id == post.post_id  # a moderator
    service.store.members.add((COMMUNITY, CY))
    with pytest.raises(NotFound):
        await service.posts.get(CY, post.post_id)  # another member
    service.store.trust[(COMMUNITY, ANA)] = 2
    published = await service.posts.create_post(ANA, NewPost("see example.com", community_id=COMMUNITY))
    assert published.review is None and service.store.outbox[-1] == ("PostPublished", published.post_id)


async def test_a_share_of_a_share_shares_the_original_and_counts_there():
    service = content_service()
    original = await service.posts.create_post(ANA, NewPost("original"))
    first = await service.posts.share(BO, original.post_id, NewPost("look"))
    second = await service.posts.share(CY, first.post_id, NewPost(""))
    assert first.shared_post_id == second.shared_post_id == original.post_id
    assert second.shared_post is not None and second.shared_post.post_id == original.post_id
    assert service.store.posts[original.post_id].share_count == 2
    assert service.store.outbox[-2:] == [
        ("PostPublished", second.post_id),
        ("PostShared", original.post_id, second.post_id),
    ]


async def test_a_friends_only_post_cannot_be_shared():
    service = content_service()
    service.store.friends.add((BO, ANA))
    post = await service.posts.create_post(ANA, NewPost("just us", audience=Audience.FRIENDS))
    with pytest.raises(FailedPrecondition, match="cannot be shared"):
        await service.posts.share(BO, post.post_id, NewPost("look"))


async def test_only_the_author_edits_and_the_old_text_goes_into_the_history():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("first #one"))
    with pytest.raises(PermissionDenied):
        await service.posts.edit(BO, post.post_id, "mine now")
    edited = await service.posts.edit(ANA, post.post_id, "second #two")
    assert edited.text == "second #two" and edited.hashtags == ("two",) and edited.edited_at is not None
    assert service.store.outbox[-1] == ("PostEdited", post.post_id)
    history, cursor = await service.posts.edits(BO, post.post_id, 0, "")
    assert [text for text, _ in history] == ["first #one"] and cursor == ""


async def test_a_held_post_cannot_be_edited():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, hold_links_below=1)
    post = await service.posts.create_post(ANA, NewPost("www.example.org", community_id=COMMUNITY))
    with pytest.raises(FailedPrecondition, match="waiting for a moderator"):
        await service.posts.edit(ANA, post.post_id, "plain now")


async def test_the_author_deletes_a_post_and_nobody_sees_it_after():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("soon gone"))
    with pytest.raises(PermissionDenied):
        await service.posts.delete(BO, post.post_id)
    await service.posts.delete(ANA, post.post_id)
    assert service.store.outbox[-1] == ("PostDeleted", post.post_id)
    for reader in (ANA, BO):
        with pytest.raises(NotFound, match="post_id"):
            await service.posts.get(reader, post.post_id)


async def test_a_followers_post_shows_to_followers_only():
    service = content_service()
    service.store.follows.add((BO, ANA))
    post = await service.posts.create_post(ANA, NewPost("followers", audience=Audience.FOLLOWERS))
    assert (await service.posts.get(BO, post.post_id)).text == "followers"
    with pytest.raises(NotFound):
        await service.posts.get(CY, post.post_id)
    service.store.blocks.add((ANA, BO))
    with pytest.raises(NotFound):
        await service.posts.get(BO, post.post_id)


async def test_reading_a_post_needs_a_post_id():
    service = content_service()
    for post_id in ("", "not-a-uuid"):
        with pytest.raises(InvalidArgument) as refused:
            await service.posts.get(ANA, post_id)
        assert refused.value.field == "post_id"


async def test_a_batch_keeps_the_order_asked_once_and_only_what_the_viewer_may_see():
    service = content_service()
    public = await service.posts.create_post(ANA, NewPost("public"))
    private = await service.posts.create_post(ANA, NewPost("friends", audience=Audience.FRIENDS))
    other = await service.posts.create_post(BO, NewPost("other"))
    posts = await service.posts.batch(CY, [other.post_id, private.post_id, public.post_id, other.post_id])
    assert [p.post_id for p in posts] == [other.post_id, public.post_id]
    with pytest.raises(InvalidArgument) as refused:
        await service.posts.batch(CY, [new_id()] * 201)
    assert refused.value.field == "post_ids"


async def test_an_authors_posts_come_newest_first_a_page_at_a_time():
    service = content_service()
    written = [await service.posts.create_post(ANA, NewPost(f"post {i}")) for i in range(3)]
    page, cursor = await service.posts.user_posts(BO, ANA, 2, "")
    assert [p.post_id for p in page] == [written[2].post_id, written[1].post_id] and cursor
    rest, end = await service.posts.user_posts(BO, ANA, 2, cursor)
    assert [p.post_id for p in rest] == [written[0].post_id] and end == ""
    with pytest.raises(InvalidArgument) as refused:
        await service.posts.user_posts(BO, ANA, 101, "")
    assert refused.value.field == "page_size"


async def test_hashtag_lists_and_search_check_their_input_and_leave_out_held_posts():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, hold_links_below=1)
    shown = await service.posts.create_post(ANA, NewPost("#garden party"))
    await service.posts.create_post(ANA, NewPost("#garden example.com", community_id=COMMUNITY))
    page, _ = await service.posts.hashtag_posts(ANA, "#Garden", 0, "")
    assert [p.post_id for p in page] == [shown.post_id]
    found, _ = await service.posts.search(BO, "  party  ", 0, "")
    assert [p.post_id for p in found] == [shown.post_id]
    for call, field in (
        (service.posts.hashtag_posts(ANA, "#", 0, ""), "hashtag"),
        (service.posts.search(ANA, " ", 0, ""), "query"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await call
        assert refused.value.field == field


async def test_search_and_hashtags_leave_out_what_the_readers_filters_hide():
    service = content_service()
    muted = await service.posts.create_post(ANA, NewPost("#garden the finale spoiler"))
    warned = await service.posts.create_post(ANA, NewPost("#garden dark story", content_warning="grief"))
    plain = await service.posts.create_post(ANA, NewPost("#garden roses"))
    service.posts.filters.filters[BO] = ReadingFilters(BO, (MutedWord("spoiler", True, 0, 1),), hides_warnings=True)
    page, _ = await service.posts.hashtag_posts(BO, "garden", 0, "")
    assert [p.post_id for p in page] == [plain.post_id]
    found, _ = await service.posts.search(BO, "garden", 0, "")
    assert [p.post_id for p in found] == [plain.post_id]
    # Someone else's filters are not the reader's; the author's own posts are never hidden from them.
    page, _ = await service.posts.hashtag_posts(ANA, "garden", 0, "")
    assert {p.post_id for p in page} == {muted.post_id, warned.post_id, plain.post_id}


async def test_votes_on_community_posts_count_once_per_person_and_change():
    service = content_service()
    service.communities.set(COMMUNITY, ANA)
    service.communities.set(COMMUNITY, BO)
    post = await service.posts.create_post(ANA, NewPost("vote on me", community_id=COMMUNITY))
    assert await service.votes.vote(BO, post.post_id, 1) == (1, 0)
    assert await service.votes.vote(BO, post.post_id, 1) == (1, 0)  # the same vote again: nothing
    assert await service.votes.vote(ANA, post.post_id, -1) == (1, 1)
    assert await service.votes.vote(BO, post.post_id, -1) == (0, 2)  # changed
    assert await service.votes.vote(BO, post.post_id, 0) == (0, 1)  # taken back
    voted = [e for e in service.store.outbox if e[0] == "PostVoted"]
    assert [(e[2], e[3]) for e in voted] == [(1, 0), (-1, 0), (-1, 1), (0, -1)]
    seen = await service.posts.get(ANA, post.post_id)
    assert (seen.upvotes, seen.downvotes, seen.viewer_vote) == (0, 1, -1)


async def test_what_may_not_be_voted_on_or_featured():
    service = content_service()
    service.communities.set(COMMUNITY, ANA)
    own = await service.posts.create_post(ANA, NewPost("on my profile"))
    for call in (service.votes.vote(BO, own.post_id, 1), service.votes.feature(ANA, own.post_id, Feature.PINNED)):
        with pytest.raises(FailedPrecondition):
            await call
    with pytest.raises(InvalidArgument) as refused:
        await service.votes.vote(BO, own.post_id, 2)
    assert refused.value.field == "vote"
    with pytest.raises(NotFound):
        await service.votes.vote(BO, "7d0c6f2a-9d0a-4f3b-9b1e-2f6c1d2e3f4a", 1)


async def test_moderators_feature_up_to_three_pins_and_one_announcement():
    service = content_service()
    service.communities.set(COMMUNITY, ANA, role="moderator")
    service.communities.set(COMMUNITY, BO)
    posts = [await service.posts.create_post(ANA, NewPost(f"post {i}", community_id=COMMUNITY)) for i in range(6)]
    with pytest.raises(PermissionDenied):
        await service.votes.feature(BO, posts[0].post_id, Feature.PINNED)
    for post in posts[:3]:
        await service.votes.feature(ANA, post.post_id, Feature.PINNED)
    with pytest.raises(FailedPrecondition):
        await service.votes.feature(ANA, posts[3].post_id, Feature.PINNED)
    await service.votes.feature(ANA, posts[4].post_id, Feature.ANNOUNCEMENT)
    with pytest.raises(FailedPrecondition):
        await service.votes.feature(ANA, posts[5].post_id, Feature.ANNOUNCEMENT)
    await service.votes.feature(ANA, posts[0].post_id, None)  # unpinned: room for another
    await service.votes.feature(ANA, posts[3].post_id, Feature.PINNED)
    assert (await service.posts.get(BO, posts[3].post_id)).feature is Feature.PINNED


async def test_a_poll_counts_each_person_once_and_shows_results_to_voters_and_its_author():
    service = content_service()
    poll = NewPoll(("tea", "coffee", "  water  "), multiple_choice=False)
    post = await service.posts.create_post(ANA, NewPost("what do you drink?", poll=poll))
    assert post.poll.options == ("tea", "coffee", "water") and post.poll_results_visible
    before = await service.posts.get(BO, post.post_id)
    assert before.poll is not None and not before.poll_results_visible and before.viewer_choices == ()
    voted = await service.votes.vote_poll(BO, post.post_id, [1])
    assert voted.poll.counts == (0, 1, 0) and voted.poll_results_visible and voted.viewer_choices == (1,)
    again = await service.votes.vote_poll(BO, post.post_id, [1])  # a retry
    assert again.poll.counts == (0, 1, 0) and again.poll.voters == 1
    with pytest.raises(FailedPrecondition) as final:
        await service.votes.vote_poll(BO, post.post_id, [0])
    assert final.value.args[0].startswith("choices")
    for choices, why in (([0, 1], "one option"), ([3], "numbered"), ([], "one or more"), ([0, 0], "each once")):
        with pytest.raises(InvalidArgument) as refused:
            await service.votes.vote_poll(ANA, post.post_id, choices)
        assert refused.value.field == "choices" and why in refused.value.reason


async def test_what_a_poll_must_hold():
    service = content_service()
    for poll, field in (
        (NewPoll(("only one",)), "poll.options"),
        (NewPoll(tuple(str(i) for i in range(11))), "poll.options"),
        (NewPoll(("same", "SAME")), "poll.options"),
        (NewPoll(("a", "")), "poll.options"),
        (NewPoll(("a", "b"), closes_at=datetime.now(UTC) + timedelta(minutes=1)), "poll.closes_at"),
        (NewPoll(("a", "b"), closes_at=datetime.now(UTC) + timedelta(days=31)), "poll.closes_at"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await service.posts.create_post(ANA, NewPost("q?", poll=poll))
        assert refused.value.field == field
    plain = await service.posts.create_post(ANA, NewPost("no poll here"))
    with pytest.raises(FailedPrecondition):
        await service.votes.vote_poll(BO, plain.post_id, [0])


async def test_bookmarks_are_private_in_folders_and_leave_out_what_is_no_longer_visible():
    service = content_service()
    mine = await service.posts.create_post(ANA, NewPost("a recipe"))
    service.store.friends.add((ANA, BO))
    friends_only = await service.posts.create_post(BO, NewPost("for friends", audience=Audience.FRIENDS))
    await service.bookmarks.save(ANA, mine.post_id, "  Food  ")
    await service.bookmarks.save(ANA, friends_only.post_id, "")
    await service.bookmarks.save(ANA, mine.post_id, "Cooking")  # moved, not saved twice
    page, _ = await service.bookmarks.page(ANA, None, 0, "")
    assert {(p.post_id, f) for p, f, _ in page} == {(mine.post_id, "Cooking"), (friends_only.post_id, "")}
    assert await service.bookmarks.folders(ANA) == [("", 1), ("Cooking", 1)]
    assert [e[0] for e in service.store.outbox if "Bookmark" in e[0]] == ["PostBookmarked", "PostBookmarked"]
    assert (await service.bookmarks.page(BO, None, 0, ""))[0] == []  # nobody else's
    service.store.friends.discard((ANA, BO))
    page, _ = await service.bookmarks.page(ANA, None, 0, "")
    assert [p.post_id for p, _, _ in page] == [mine.post_id]  # no longer visible: left out
    await service.bookmarks.remove(ANA, mine.post_id)
    with pytest.raises(NotFound):
        await service.bookmarks.remove(ANA, mine.post_id)
    with pytest.raises(InvalidArgument) as refused:
        await service.bookmarks.save(ANA, friends_only.post_id, "x" * 51)
    assert refused.value.field == "folder"


async def test_a_draft_is_published_once_by_its_author_or_when_due():
    service = content_service()
    saved = await service.drafts.save(ANA, "", NewPost("later"), None)
    assert [d.draft_id for d in (await service.drafts.page(ANA, 0, ""))[0]] == [saved.draft_id]
    assert (await service.drafts.page(BO, 0, ""))[0] == []  # private
    post = await service.drafts.publish(ANA, saved.draft_id)
    assert post.post_id == saved.draft_id and post.text == "later"
    with pytest.raises(NotFound):
        await service.drafts.publish(ANA, saved.draft_id)  # once
    soon = datetime.now(UTC) + timedelta(seconds=30)
    scheduled = await service.drafts.save(ANA, "", NewPost("on time", community_id=COMMUNITY), soon)
    service.store.kept_drafts[scheduled.draft_id] = replace(scheduled, publish_at=datetime.now(UTC))  # now due
    assert await service.drafts.publish_due() == 0  # ANA may not post in that community: kept, with why
    assert service.store.kept_drafts[scheduled.draft_id].failure
    ok = await service.drafts.save(ANA, "", NewPost("on time"), soon)
    service.store.kept_drafts[ok.draft_id] = replace(ok, publish_at=datetime.now(UTC))
    assert await service.drafts.publish_due() == 1 and ok.draft_id in service.store.posts
    assert await service.drafts.publish_due() == 0  # published once
    for bad, field in ((NewPost(" "), "text"), (NewPost("x", link="ftp://x"), "link")):
        with pytest.raises(InvalidArgument) as refused:
            await service.drafts.save(ANA, "", bad, None)
        assert refused.value.field == field
    with pytest.raises(InvalidArgument) as refused:
        await service.drafts.save(ANA, "", NewPost("x"), datetime.now(UTC) - timedelta(seconds=1))
    assert refused.value.field == "publish_at"

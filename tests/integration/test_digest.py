"""The weekly digest through the gateway (docs/digest.md): the top posts of the week in the reader's
communities and from their close ties, best first, only what they may see (at building and at
every read), mailed once per week (read back from Mailpit) unless turned off.

Digests are built here with the feed's internal BuildDigest, as the weekly job builds them; a
person gets one per week, so each test uses people of its own."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import digests_pb2 as D
from kith.feed.v1 import digests_pb2_grpc
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith_platform.testing import SignedUpUser, expect_status, wait_until
from tests.integration.endpoints import SERVICE_ADDRESSES
from tests.integration.mailpit import mails_to, wait_for_mail

IN_COMMUNITY = "popular in a community you are in"
FROM_CLOSE_TIE = "from someone you often interact with"
SUBJECT = "your week on kith"


@pytest.fixture(scope="module")
async def digests(gateway_channel):
    return digests_pb2_grpc.DigestServiceStub(gateway_channel)


@pytest.fixture(scope="module")
async def builder(platform_up):
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["feed-api"]) as channel:
        yield digests_pb2_grpc.DigestInternalServiceStub(channel)


async def _build(builder, person: SignedUpUser) -> D.BuildDigestResponse:
    return await builder.BuildDigest(D.BuildDigestRequest(user_id=person.user_id), timeout=10)


async def _digest_ids(digests, person: SignedUpUser) -> list[str]:
    got = await digests.GetDigest(D.GetDigestRequest(), metadata=person.auth, timeout=10)
    return [i.post_id for i in got.digest.items]


def _email(person: SignedUpUser) -> str:
    return f"{person.handle}@example.org"


async def _verified(api, person: SignedUpUser) -> SignedUpUser:
    [mail] = await wait_for_mail(_email(person), "confirm your kith email")
    await api.identity.ConfirmEmail(I.ConfirmEmailRequest(token=mail.token), timeout=10)
    return person


async def _post(api, author: SignedUpUser, text: str, audience=P.AUDIENCE_PUBLIC, community_id="") -> str:
    request = P.CreatePostRequest(text=text, community_id=community_id)
    if not community_id:
        request.audience = audience
    return (await api.content.CreatePost(request, metadata=author.auth, timeout=10)).post.post_id


async def _community(api, owner: SignedUpUser, *members: SignedUpUser) -> str:
    created = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(slug=f"d-{uuid.uuid4().hex[:12]}", name="Digest", topics=["digest"]),
        metadata=owner.auth,
    )
    community_id = created.community.community_id
    for member in members:
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community_id), metadata=member.auth)
    return community_id


async def _close_tie(api, reader: SignedUpUser, author: SignedUpUser) -> str:
    """The reader follows the author and comments on a public post of theirs, which makes them a close
    tie (affinity 3); returns that post once the feed has applied both (the reader's ranked home then
    gives the reason)."""
    await api.follow(reader, author)
    post_id = await _post(api, author, f"what do you think, {reader.handle}?")
    await api.content.AddComment(P.AddCommentRequest(post_id=post_id, text="great question"), metadata=reader.auth)

    async def applied():
        home = await api.feed.GetHomeFeed(
            F.GetHomeFeedRequest(page_size=50, order=F.FEED_ORDER_RANKED), metadata=reader.auth
        )
        return any(i.post_id == post_id and "you often interact with the author" in i.reasons for i in home.items)

    await wait_until(applied, timeout=30, what="the comment's affinity in the feed")
    return post_id


async def _in_timeline(api, reader: SignedUpUser, author: SignedUpUser, post_id: str) -> None:
    """Wait until the feed has the post (read as its author, who always sees it)."""

    async def there():
        page = await api.feed.GetUserTimeline(F.GetUserTimelineRequest(user_id=author.user_id), metadata=author.auth)
        return post_id in [i.post_id for i in page.items]

    await wait_until(there, timeout=30, what="the post in the feed")


async def test_the_digest_ranks_the_communitys_top_posts_and_close_ties_posts(api, digests, builder):
    reader, owner, tie, stranger = [await api.sign_up(p) for p in ("reader", "owner", "tie", "stranger")]
    authors = [await api.sign_up(f"author{i}") for i in range(3)]
    community_id = await _community(api, owner, reader, *authors)
    top = await _post(api, authors[0], "the best one", community_id=community_id)
    mid = await _post(api, authors[1], "a good one", community_id=community_id)
    quiet = await _post(api, authors[2], "nobody noticed this", community_id=community_id)
    for voter in (owner, reader, authors[1], authors[2]):
        await api.content.VotePost(P.VotePostRequest(post_id=top, vote=P.VOTE_UP), metadata=voter.auth)
    await api.content.VotePost(P.VotePostRequest(post_id=mid, vote=P.VOTE_UP), metadata=owner.auth)
    commented = await _close_tie(api, reader, tie)  # 1 comment: ln(3) + ln(4)
    newest = await _post(api, tie, "and another thing")  # no engagement: ln(4)
    unrelated = await _post(api, stranger, "nobody follows me")

    async def votes_applied():
        page = await api.feed.GetCommunityFeed(
            F.GetCommunityFeedRequest(community_id=community_id, sort=F.COMMUNITY_SORT_TOP_WEEK), metadata=reader.auth
        )
        return {i.post_id: i.upvotes for i in page.items} == {top: 4, mid: 1, quiet: 0}

    await wait_until(votes_applied, timeout=30, what="the votes in the community's sort")
    await _in_timeline(api, reader, tie, newest)
    await _in_timeline(api, reader, stranger, unrelated)

    built = await _build(builder, reader)
    assert built.built
    items = {i.post_id: i for i in built.digest.items}
    # ln(3) + ln(4) = 2.48, ln(5) = 1.61 (4 votes up), ln(4) = 1.39 (a close tie's), ln(2) = 0.69
    assert list(items) == [commented, top, newest, mid]
    assert list(items[commented].reasons) == [FROM_CLOSE_TIE]
    assert list(items[top].reasons) == [IN_COMMUNITY] and items[top].upvotes == 4
    assert items[commented].score > items[top].score > items[newest].score > items[mid].score > 0
    assert items[top].author_handle == authors[0].handle and items[top].community_id == community_id
    assert built.digest.built_at.ToMilliseconds() - built.digest.since.ToMilliseconds() == 7 * 86_400_000
    assert await _digest_ids(digests, reader) == [commented, top, newest, mid]

    # One digest per week: built again, the same one comes back, even with a new top post.
    await _post(api, tie, "later that week")
    again = await _build(builder, reader)
    assert not again.built and [i.post_id for i in again.digest.items] == [commented, top, newest, mid]
    assert again.digest.built_at == built.digest.built_at


async def test_a_friends_only_post_appears_only_for_friends(api, digests, builder):
    reader, friend, acquaintance = await api.sign_up("reader"), await api.sign_up("friend"), await api.sign_up("acq")
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=friend.user_id), metadata=reader.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=reader.user_id), metadata=friend.auth)
    await _close_tie(api, reader, friend)
    await _close_tie(api, reader, acquaintance)  # followed and close, but not a friend
    for_friends = await _post(api, friend, "just for my friends", P.AUDIENCE_FRIENDS)
    not_for_reader = await _post(api, acquaintance, "just for my friends too", P.AUDIENCE_FRIENDS)
    for_followers = await _post(api, acquaintance, "for my followers", P.AUDIENCE_FOLLOWERS)
    for author, post_id in ((friend, for_friends), (acquaintance, not_for_reader), (acquaintance, for_followers)):
        await _in_timeline(api, reader, author, post_id)

    ids = [i.post_id for i in (await _build(builder, reader)).digest.items]
    assert for_friends in ids and for_followers in ids
    assert not_for_reader not in ids
    assert not_for_reader not in await _digest_ids(digests, reader)


async def test_a_block_after_building_hides_the_post_at_once(api, digests, builder):
    reader, blocker, muted = await api.sign_up("reader"), await api.sign_up("blocker"), await api.sign_up("muted")
    from_blocker = [await _close_tie(api, reader, blocker)]
    from_muted = [await _close_tie(api, reader, muted)]
    from_blocker.append(await _post(api, blocker, "you will not see this for long"))
    from_muted.append(await _post(api, muted, "nor this"))
    await _in_timeline(api, reader, blocker, from_blocker[-1])
    await _in_timeline(api, reader, muted, from_muted[-1])
    assert set(await _digest_ids(digests, reader)) == set()
    built = [i.post_id for i in (await _build(builder, reader)).digest.items]
    assert set(built) == {*from_blocker, *from_muted}

    # Blocked by the author, then the other muted by the reader: gone when each call returns.
    await api.graph.Block(G.BlockRequest(user_id=reader.user_id), metadata=blocker.auth)
    assert await _digest_ids(digests, reader) == [p for p in built if p in from_muted]
    await api.graph.Mute(G.MuteRequest(user_id=muted.user_id), metadata=reader.auth)
    assert await _digest_ids(digests, reader) == []
    # What identity mails is read through the same rule.
    for_mail = await builder.GetDigestForMail(D.GetDigestForMailRequest(user_id=reader.user_id), timeout=10)
    assert for_mail.email and for_mail.HasField("digest") and not for_mail.digest.items
    # Unblocked, the post is back: the digest itself was never changed, only read.
    await api.graph.Unblock(G.UnblockRequest(user_id=reader.user_id), metadata=blocker.auth)
    back = [p for p in built if p in from_blocker]
    await wait_until(lambda: _digest_ids_are(digests, reader, back), timeout=30, what="the posts back")


async def _digest_ids_are(digests, person: SignedUpUser, expected: list[str]) -> bool:
    return await _digest_ids(digests, person) == expected


async def test_no_digest_yet_and_unknown_people(api, digests, builder):
    newcomer = await api.sign_up("newcomer")
    got = await digests.GetDigest(D.GetDigestRequest(), metadata=newcomer.auth, timeout=10)
    assert not got.HasField("digest")
    await expect_status(grpc.StatusCode.NOT_FOUND, _build_id(builder, str(uuid.uuid4())), "user_id")
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, _build_id(builder, "not-an-id"), "user_id")
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, digests.GetDigest(D.GetDigestRequest(), timeout=10))


def _build_id(builder, user_id: str):
    return builder.BuildDigest(D.BuildDigestRequest(user_id=user_id), timeout=10)


async def test_the_digest_is_mailed_once_with_its_posts(api, builder):
    reader = await _verified(api, await api.sign_up("mailed"))
    tie = await api.sign_up("tie")
    commented = await _close_tie(api, reader, tie)
    words = f"digest{uuid.uuid4().hex[:8]}"
    newest = await _post(api, tie, f"have you seen {words}? <b>bold</b>")
    await _in_timeline(api, reader, tie, newest)

    built = await _build(builder, reader)
    assert [i.post_id for i in built.digest.items] == [commented, newest]
    [mail] = await wait_for_mail(_email(reader), SUBJECT, timeout=30)
    assert "2 posts" in mail.subject
    assert f"@{tie.handle}" in mail.text and words in mail.text and FROM_CLOSE_TIE in mail.text
    assert f"/posts/{commented}" in mail.text and f"/posts/{newest}" in mail.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in mail.html and "<b>bold</b>" not in mail.html  # escaped
    assert "/settings/notifications" in mail.text

    # Built again in the same week: nothing new is built, nothing is mailed again.
    assert not (await _build(builder, reader)).built
    await asyncio.sleep(3)
    assert len([m for m in await mails_to(_email(reader)) if SUBJECT in m.subject.lower()]) == 1


async def test_no_mail_when_turned_off_unverified_or_empty(api, builder):
    control = await _verified(api, await api.sign_up("control"))
    turned_off = await _verified(api, await api.sign_up("off"))
    unverified = await api.sign_up("unverified")
    empty = await _verified(api, await api.sign_up("empty"))
    tie = await api.sign_up("tie")
    await api.notifications.UpdateNotificationPreferences(
        F.UpdateNotificationPreferencesRequest(
            preferences=[F.NotificationPreference(kind=F.NOTIFICATION_KIND_DIGEST_EMAIL, enabled=False)]
        ),
        metadata=turned_off.auth,
    )
    prefs = await api.notifications.GetNotificationPreferences(
        F.GetNotificationPreferencesRequest(), metadata=turned_off.auth
    )
    assert {p.kind: p.enabled for p in prefs.preferences}[F.NOTIFICATION_KIND_DIGEST_EMAIL] is False
    for reader in (turned_off, unverified, control):
        await _close_tie(api, reader, tie)

    for reader in (turned_off, unverified, empty, control):
        built = await _build(builder, reader)
        assert built.built and bool(built.digest.items) == (reader is not empty)
    await wait_for_mail(_email(control), SUBJECT, timeout=30)  # the digests' events were consumed
    await asyncio.sleep(3)
    for reader in (turned_off, unverified, empty):
        assert not [m for m in await mails_to(_email(reader)) if SUBJECT in m.subject.lower()], reader.handle

"""Privacy settings through the gateway: who may find a person by email, mention them, see their
relationship lists and invite them to communities. Each change holds when UpdatePrivacySettings
returns, on the service that enforces it."""

from __future__ import annotations

import uuid

import grpc

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import privacy_pb2 as V
from kith_platform.testing import SignedUpUser, expect_status
from tests.integration.mailpit import wait_for_mail

EVERYONE = V.PrivacySettings(
    find_by_email=V.REACH_EVERYONE,
    mentions=V.REACH_EVERYONE,
    relationship_lists=V.REACH_EVERYONE,
    community_invitations=V.REACH_EVERYONE,
)


def _email(person: SignedUpUser) -> str:
    return f"{person.handle}@example.org"


async def _verified(api, prefix: str) -> SignedUpUser:
    person = await api.sign_up(prefix)
    [mail] = await wait_for_mail(_email(person), "confirm your kith email")
    await api.identity.ConfirmEmail(I.ConfirmEmailRequest(token=mail.token))
    return person


async def _set(api, person: SignedUpUser, **settings) -> V.PrivacySettings:
    request = I.UpdatePrivacySettingsRequest(settings=V.PrivacySettings(**settings))
    return (await api.identity.UpdatePrivacySettings(request, metadata=person.auth)).settings


async def _found(api, finder: SignedUpUser, *emails: str) -> list[tuple[str, str]]:
    found = await api.identity.FindPeopleByEmail(I.FindPeopleByEmailRequest(emails=emails), metadata=finder.auth)
    return [(p.email, p.profile.user_id) for p in found.people]


async def test_settings_start_open_and_change_one_at_a_time(api):
    person = await api.sign_up("private")
    got = await api.identity.GetPrivacySettings(I.GetPrivacySettingsRequest(), metadata=person.auth)
    assert got.settings == EVERYONE
    changed = await _set(api, person, mentions=V.REACH_FRIENDS)
    assert changed.mentions == V.REACH_FRIENDS and changed.relationship_lists == V.REACH_EVERYONE
    changed = await _set(api, person, relationship_lists=V.REACH_NOBODY)
    assert (changed.mentions, changed.relationship_lists) == (V.REACH_FRIENDS, V.REACH_NOBODY)
    got = await api.identity.GetPrivacySettings(I.GetPrivacySettingsRequest(), metadata=person.auth)
    assert got.settings == changed


async def test_bad_settings_name_the_field(api):
    person = await api.sign_up("private")
    for request, field in (
        (I.UpdatePrivacySettingsRequest(), "settings"),
        (I.UpdatePrivacySettingsRequest(settings=V.PrivacySettings(find_by_email=V.REACH_FRIENDS)), "find_by_email"),
        (I.UpdatePrivacySettingsRequest(settings=V.PrivacySettings(mentions=99)), "settings.mentions"),
    ):
        details = await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, api.identity.UpdatePrivacySettings(request, metadata=person.auth)
        )
        assert field in details
    for emails, why in (
        ([], "at least one"),
        (["not-an-address"], "not an email"),
        ([f"a{i}@x.org" for i in range(51)], "at most"),
    ):
        details = await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT,
            api.identity.FindPeopleByEmail(I.FindPeopleByEmailRequest(emails=emails), metadata=person.auth),
        )
        assert "emails" in details and why in details
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, api.identity.GetPrivacySettings(I.GetPrivacySettingsRequest()))


async def test_people_are_found_by_a_verified_address_only_when_they_allow_it(api):
    findable, unverified, finder = (
        await _verified(api, "findme"),
        await api.sign_up("unverified"),
        await api.sign_up("finder"),
    )
    unknown = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    asked = (_email(findable).upper(), unknown, _email(unverified))
    assert await _found(api, finder, *asked) == [(_email(findable), findable.user_id)]

    await _set(api, findable, find_by_email=V.REACH_NOBODY)
    assert await _found(api, finder, *asked) == []  # the same answer as for an unknown address
    await _set(api, findable, find_by_email=V.REACH_EVERYONE)
    assert await _found(api, finder, _email(findable)) == [(_email(findable), findable.user_id)]


async def test_address_lookups_are_limited_per_person(api):
    finder = await api.sign_up("finder")
    for _ in range(10):
        await _found(api, finder, "someone@example.org")
    await expect_status(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        api.identity.FindPeopleByEmail(
            I.FindPeopleByEmailRequest(emails=["someone@example.org"]), metadata=finder.auth
        ),
    )


async def _lists_seen(api, viewer: SignedUpUser, owner: SignedUpUser) -> dict[int, bool]:
    """Which of the owner's lists the viewer may page through."""
    seen = {}
    for kind in (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING, G.RELATIONSHIP_LIST_FRIENDS):
        request = G.ListRelationshipsRequest(list=kind, user_id=owner.user_id)
        try:
            await api.graph.ListRelationships(request, metadata=viewer.auth)
            seen[kind] = True
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.PERMISSION_DENIED, error.details()
            seen[kind] = False
    return seen


async def test_relationship_lists_follow_the_owners_setting_when_the_call_returns(api):
    owner, friend, followed, stranger = [await api.sign_up(p) for p in ("owner", "friend", "followed", "stranger")]
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=friend.user_id), metadata=owner.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=owner.user_id), metadata=friend.auth)
    await api.follow(owner, followed)
    everyone = [owner, friend, followed, stranger]

    async def who_sees() -> list[bool]:
        return [all((await _lists_seen(api, viewer, owner)).values()) for viewer in everyone]

    assert await who_sees() == [True, True, True, True]
    await _set(api, owner, relationship_lists=V.REACH_PEOPLE_I_FOLLOW)
    assert await who_sees() == [True, True, True, False]
    await _set(api, owner, relationship_lists=V.REACH_FRIENDS)
    assert await who_sees() == [True, True, False, False]
    await _set(api, owner, relationship_lists=V.REACH_NOBODY)
    assert await who_sees() == [True, False, False, False]
    details = await expect_status(
        grpc.StatusCode.PERMISSION_DENIED,
        api.graph.ListRelationships(
            G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FOLLOWERS, user_id=owner.user_id), metadata=friend.auth
        ),
    )
    assert "user_id" in details


async def test_community_invitations_follow_the_invitees_setting_when_the_call_returns(api):
    owner, invitee = await api.sign_up("owner"), await api.sign_up("invitee")
    communities = []
    for _ in range(3):
        created = await api.communities.CreateCommunity(
            C.CreateCommunityRequest(slug=f"c-{uuid.uuid4().hex[:12]}", name="Invite Only", topics=["privacy"]),
            metadata=owner.auth,
        )
        communities.append(created.community.community_id)

    def invite(community_id: str, by: SignedUpUser = owner):
        request = C.InviteUserRequest(community_id=community_id, user_id=invitee.user_id)
        return api.communities.InviteUser(request, metadata=by.auth)

    await _set(api, invitee, community_invitations=V.REACH_NOBODY)
    await expect_status(grpc.StatusCode.PERMISSION_DENIED, invite(communities[0]), match="user_id")
    await _set(api, invitee, community_invitations=V.REACH_PEOPLE_I_FOLLOW)
    await expect_status(grpc.StatusCode.PERMISSION_DENIED, invite(communities[0]), match="people they follow")
    await api.follow(invitee, owner)
    await invite(communities[0])
    await _set(api, invitee, community_invitations=V.REACH_FRIENDS)
    await expect_status(grpc.StatusCode.PERMISSION_DENIED, invite(communities[1]), match="friends")
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=invitee.user_id), metadata=owner.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=owner.user_id), metadata=invitee.auth)
    await invite(communities[1])
    await _set(api, invitee, community_invitations=V.REACH_EVERYONE)
    await invite(communities[2])


async def test_mentions_follow_the_mentioned_persons_setting_when_the_call_returns(api):
    person, friend, followed, stranger = [await api.sign_up(p) for p in ("mentioned", "friend", "followed", "stranger")]
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=friend.user_id), metadata=person.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=person.user_id), metadata=friend.auth)
    await api.follow(person, followed)
    authors = [friend, followed, stranger]

    async def who_mentions() -> list[bool]:
        made = []
        for author in authors:
            post = await api.post(author, f"hello @{person.handle}")
            comment = await api.content.AddComment(
                P.AddCommentRequest(post_id=post.post_id, text=f"and @{person.handle} again"), metadata=author.auth
            )
            in_post, in_comment = person.user_id in post.mention_ids, person.user_id in comment.comment.mention_ids
            assert in_post == in_comment
            made.append(in_post)
        return made

    assert await who_mentions() == [True, True, True]
    await _set(api, person, mentions=V.REACH_PEOPLE_I_FOLLOW)
    assert await who_mentions() == [True, True, False]
    await _set(api, person, mentions=V.REACH_FRIENDS)
    assert await who_mentions() == [True, False, False]
    await _set(api, person, mentions=V.REACH_NOBODY)
    assert await who_mentions() == [False, False, False]
    # Mentioning oneself is never a mention; the text stays as written.
    own = await api.post(person, f"note to self @{person.handle}")
    assert own.mention_ids == [] and own.text == f"note to self @{person.handle}"

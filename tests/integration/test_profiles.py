"""Profiles: updates, visibility for strangers and connections, search, hydration, events."""

from __future__ import annotations

import uuid

import asyncpg
import grpc
import pytest

from kith.identity.v1 import events_pb2, identity_pb2, identity_pb2_grpc
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.testing import wait_until
from tests.integration.endpoints import POSTGRES, SERVICE_ADDRESSES


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


def _update(**fields) -> identity_pb2.UpdateProfileRequest:
    return identity_pb2.UpdateProfileRequest(**fields)


async def test_update_profile_changes_only_the_fields_sent(api):
    user = await api.sign_up("profile")
    first = await api.identity.UpdateProfile(
        _update(
            display_name="Ana Lima",
            bio="Rust and birds.\nLisbon.",
            location="Lisbon",
            language="pt-PT",
            avatar_url="https://img.example.org/ana.png",
            interests=identity_pb2.Interests(topics=["Rust", "bird watching", "rust", "  Open  Source "]),
        ),
        metadata=user.auth,
    )
    profile = first.profile
    assert profile.display_name == "Ana Lima" and profile.location == "Lisbon"
    assert list(profile.interests) == ["rust", "bird watching", "open source"]
    second = await api.identity.UpdateProfile(_update(bio=""), metadata=user.auth)
    assert second.profile.bio == "" and second.profile.location == "Lisbon"
    assert list(second.profile.interests) == ["rust", "bird watching", "open source"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"bio": "x" * 501}, "bio"),
        ({"avatar_url": "javascript:alert(1)"}, "avatar_url"),
        ({"avatar_url": "http://img.example.org/a.png"}, "avatar_url"),
        ({"language": "english please"}, "language"),
        ({"location": "a\x00b"}, "location"),
        ({"interests": identity_pb2.Interests(topics=["ok", "no/slashes"])}, "interests"),
        ({"interests": identity_pb2.Interests(topics=[f"t{i}" for i in range(31)])}, "interests"),
        ({"visibility": 99}, "visibility"),
    ],
)
async def test_invalid_profile_fields_are_named(api, fields, field):
    user = await api.sign_up("badprofile")
    code, details = await _fails(api.identity.UpdateProfile(_update(**fields), metadata=user.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_connections_only_profiles_show_strangers_the_card(api):
    owner = await api.sign_up("private")
    stranger = await api.sign_up("stranger")
    friend = await api.sign_up("friend")
    await api.identity.UpdateProfile(
        _update(
            bio="only for people I know",
            location="Porto",
            interests=identity_pb2.Interests(topics=["chess"]),
            visibility=identity_pb2.PROFILE_VISIBILITY_CONNECTIONS,
        ),
        metadata=owner.auth,
    )
    await api.follow(owner, friend)
    await api.follow(friend, owner)
    await api.follow(stranger, owner)  # following alone is not a connection

    seen_by_stranger = (
        await api.identity.GetProfile(identity_pb2.GetProfileRequest(user_id=owner.user_id), metadata=stranger.auth)
    ).profile
    assert seen_by_stranger.restricted and seen_by_stranger.handle == owner.handle
    assert (seen_by_stranger.bio, seen_by_stranger.location, list(seen_by_stranger.interests)) == ("", "", [])

    for viewer in (friend, owner):
        profile = (
            await api.identity.GetProfile(identity_pb2.GetProfileRequest(user_id=owner.user_id), metadata=viewer.auth)
        ).profile
        assert not profile.restricted and profile.bio == "only for people I know"

    code, _ = await _fails(
        api.identity.GetProfile(identity_pb2.GetProfileRequest(user_id=str(uuid.uuid4())), metadata=stranger.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND


async def test_private_details_stay_out_of_the_event_stream(api):
    owner = await api.sign_up("quiet")
    await api.identity.UpdateProfile(
        _update(
            bio="my secret bio",
            location="Faro",
            visibility=identity_pb2.PROFILE_VISIBILITY_CONNECTIONS,
        ),
        metadata=owner.auth,
    )
    conn = await asyncpg.connect(f"{POSTGRES}/identity")
    try:
        rows = await conn.fetch("SELECT value FROM outbox WHERE key = $1 ORDER BY id", owner.user_id)
    finally:
        await conn.close()
    events = [unpack_payload(parse_envelope(bytes(r["value"]))) for r in rows]
    updated = [e for e in events if isinstance(e, events_pb2.ProfileUpdated)]
    assert updated and updated[-1].visibility == identity_pb2.PROFILE_VISIBILITY_CONNECTIONS
    assert (updated[-1].bio, updated[-1].location) == ("", "")
    assert all("example.org" not in str(e) for e in events)  # no email in any event


async def test_search_finds_people_by_handle_and_name_page_by_page(api):
    tag = uuid.uuid4().hex[:6]
    users = [await api.sign_up(f"zq{tag}") for _ in range(5)]
    await api.identity.UpdateProfile(_update(display_name=f"Marguerite {tag}"), metadata=users[0].auth)
    seen, cursor = [], ""
    for _ in range(5):
        page = await api.identity.SearchPeople(
            identity_pb2.SearchPeopleRequest(query=f"zq{tag}", page_size=2, cursor=cursor), metadata=users[0].auth
        )
        seen += [p.user_id for p in page.people]
        assert all(p.restricted and not p.bio for p in page.people)
        cursor = page.next_cursor
        if not cursor:
            break
    assert set(seen) == {u.user_id for u in users} and len(seen) == 5

    by_name = await api.identity.SearchPeople(
        identity_pb2.SearchPeopleRequest(query=f"marguerite {tag}"), metadata=users[1].auth
    )
    assert by_name.people[0].user_id == users[0].user_id

    for request, field in [
        (identity_pb2.SearchPeopleRequest(query=""), "query"),
        (identity_pb2.SearchPeopleRequest(query="x", page_size=51), "page_size"),
        (identity_pb2.SearchPeopleRequest(query="x", cursor="garbage!"), "cursor"),
    ]:
        code, details = await _fails(api.identity.SearchPeople(request, metadata=users[0].auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_deactivated_users_leave_search_and_hydration(api):
    tag = uuid.uuid4().hex[:6]
    leaving = await api.sign_up(f"lv{tag}")
    staying = await api.sign_up(f"lv{tag}")
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        internal = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        cards = await internal.BatchGetProfiles(
            identity_pb2.BatchGetProfilesRequest(user_ids=[leaving.user_id, staying.user_id, str(uuid.uuid4())])
        )
        assert {c.user_id for c in cards.profiles} == {leaving.user_id, staying.user_id}
        await api.identity.DeactivateAccount(
            identity_pb2.DeactivateAccountRequest(password=leaving.password), metadata=leaving.auth
        )
        cards = await internal.BatchGetProfiles(
            identity_pb2.BatchGetProfilesRequest(user_ids=[leaving.user_id, staying.user_id])
        )
        assert [c.user_id for c in cards.profiles] == [staying.user_id]
    found = await api.identity.SearchPeople(identity_pb2.SearchPeopleRequest(query=f"lv{tag}"), metadata=staying.auth)
    assert [p.user_id for p in found.people] == [staying.user_id]


async def test_renames_reach_the_feed(api):
    author = await api.sign_up("renamed")
    post = await api.post(author, "before the rename")
    await api.identity.UpdateProfile(_update(display_name="New Name"), metadata=author.auth)

    async def renamed():
        items = (await api.home_feed(author)).items
        return any(i.post_id == post.post_id and i.author_display_name == "New Name" for i in items)

    await wait_until(renamed, what="the new display name in the feed")

"""The social graph on the real Neo4j: friendships, follow approval, blocks, mutes, lists and paths."""

from __future__ import annotations

import asyncio
import random

import grpc
import pytest
from neo4j import AsyncGraphDatabase
from neo4j.exceptions import ConstraintError

from kith.graph.v1 import events_pb2, graph_pb2
from kith.identity.v1 import identity_pb2
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.outbox import NEO4J_SCHEMA
from kith_platform.testing import wait_until
from tests.integration.endpoints import NEO4J_URI

L = graph_pb2


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def _list(api, user, kind, of=None, page_size=0, cursor=""):
    return await api.graph.ListRelationships(
        L.ListRelationshipsRequest(list=kind, user_id=of.user_id if of else "", page_size=page_size, cursor=cursor),
        metadata=user.auth,
    )


async def _ids(api, user, kind, of=None) -> list[str]:
    return [u.user_id for u in (await _list(api, user, kind, of)).users]


async def _counts(api, user, of=None):
    c = await api.graph.GetCounts(L.GetCountsRequest(user_id=of.user_id if of else ""), metadata=user.auth)
    return c.followers, c.following, c.friends


async def _befriend(api, a, b):
    await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=b.user_id), metadata=a.auth)
    await api.graph.AcceptFriendRequest(L.AcceptFriendRequestRequest(user_id=a.user_id), metadata=b.auth)


async def test_friendship_by_request_and_accept_means_following_each_other(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    sent = await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=ben.user_id), metadata=ana.auth)
    assert not sent.friends
    assert await _ids(api, ben, L.RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED) == [ana.user_id]
    assert await _ids(api, ana, L.RELATIONSHIP_LIST_FRIEND_REQUESTS_SENT) == [ben.user_id]
    await api.graph.AcceptFriendRequest(L.AcceptFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)

    assert await _ids(api, ana, L.RELATIONSHIP_LIST_FRIENDS) == [ben.user_id]
    assert await _counts(api, ana) == (1, 1, 1) and await _counts(api, ben) == (1, 1, 1)
    assert await _ids(api, ben, L.RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED) == []
    code, _ = await _fails(
        api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=ben.user_id), metadata=ana.auth)
    )
    assert code == grpc.StatusCode.ALREADY_EXISTS

    removed = await api.graph.Unfriend(L.UnfriendRequest(user_id=ana.user_id), metadata=ben.auth)
    assert removed.removed and await _counts(api, ana) == (0, 0, 0)


async def test_requests_can_be_declined_cancelled_or_crossed(api):
    ana, ben, cy = await api.sign_up("ana"), await api.sign_up("ben"), await api.sign_up("cy")
    await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=ben.user_id), metadata=ana.auth)
    await api.graph.DeclineFriendRequest(L.DeclineFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)
    code, _ = await _fails(
        api.graph.AcceptFriendRequest(L.AcceptFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND

    await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=cy.user_id), metadata=ana.auth)
    await api.graph.CancelFriendRequest(L.CancelFriendRequestRequest(user_id=cy.user_id), metadata=ana.auth)
    assert await _ids(api, cy, L.RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED) == []

    # Both ask: the second request is an acceptance.
    await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=ana.user_id), metadata=cy.auth)
    crossed = await api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=cy.user_id), metadata=ana.auth)
    assert crossed.friends and await _ids(api, cy, L.RELATIONSHIP_LIST_FRIENDS) == [ana.user_id]


async def test_accounts_that_approve_followers_get_requests(api):
    star, fan = await api.sign_up("star"), await api.sign_up("fan")
    await api.graph.UpdateGraphSettings(L.UpdateGraphSettingsRequest(requires_follow_approval=True), metadata=star.auth)
    response = await api.graph.Follow(L.FollowRequest(user_id=star.user_id), metadata=fan.auth)
    assert (response.created, response.requested) == (False, True)
    assert await _counts(api, star) == (0, 0, 0)
    assert await _ids(api, star, L.RELATIONSHIP_LIST_FOLLOW_REQUESTS_RECEIVED) == [fan.user_id]
    await api.graph.ApproveFollowRequest(L.ApproveFollowRequestRequest(user_id=fan.user_id), metadata=star.auth)
    assert await _ids(api, star, L.RELATIONSHIP_LIST_FOLLOWERS) == [fan.user_id]

    other = await api.sign_up("other")
    await api.graph.Follow(L.FollowRequest(user_id=star.user_id), metadata=other.auth)
    await api.graph.DeclineFollowRequest(L.DeclineFollowRequestRequest(user_id=other.user_id), metadata=star.auth)
    assert await _ids(api, star, L.RELATIONSHIP_LIST_FOLLOWERS) == [fan.user_id]


async def test_block_ends_everything_both_ways_and_prevents_new_ties(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    await _befriend(api, ana, ben)
    assert (await api.graph.Block(L.BlockRequest(user_id=ben.user_id), metadata=ana.auth)).created
    assert await _counts(api, ana) == (0, 0, 0) and await _counts(api, ben) == (0, 0, 0)
    assert await _ids(api, ana, L.RELATIONSHIP_LIST_BLOCKED) == [ben.user_id]

    # The blocked user cannot see, follow or befriend the blocker: it looks like no one is there.
    for call in [
        api.graph.Follow(L.FollowRequest(user_id=ana.user_id), metadata=ben.auth),
        api.graph.SendFriendRequest(L.SendFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth),
        api.graph.GetCounts(L.GetCountsRequest(user_id=ana.user_id), metadata=ben.auth),
        _list(api, ben, L.RELATIONSHIP_LIST_FOLLOWERS, of=ana),
    ]:
        code, _ = await _fails(call)
        assert code == grpc.StatusCode.NOT_FOUND
    # The blocker is told why.
    code, details = await _fails(api.graph.Follow(L.FollowRequest(user_id=ben.user_id), metadata=ana.auth))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "unblock" in details

    assert (await api.graph.Unblock(L.UnblockRequest(user_id=ben.user_id), metadata=ana.auth)).removed
    assert (await api.graph.Follow(L.FollowRequest(user_id=ana.user_id), metadata=ben.auth)).created
    assert await _ids(api, ana, L.RELATIONSHIP_LIST_FRIENDS) == []  # nothing ended comes back


async def test_mute_is_one_way_and_private(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    assert (await api.graph.Mute(L.MuteRequest(user_id=ben.user_id), metadata=ana.auth)).created
    assert not (await api.graph.Mute(L.MuteRequest(user_id=ben.user_id), metadata=ana.auth)).created
    assert await _ids(api, ana, L.RELATIONSHIP_LIST_MUTED) == [ben.user_id]
    code, details = await _fails(_list(api, ana, L.RELATIONSHIP_LIST_MUTED, of=ben))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("user_id:")
    assert (await api.graph.Follow(L.FollowRequest(user_id=ana.user_id), metadata=ben.auth)).created
    assert (await api.graph.Unmute(L.UnmuteRequest(user_id=ben.user_id), metadata=ana.auth)).removed


async def test_lists_page_with_cursors_newest_first(api):
    star = await api.sign_up("star")
    fans = [await api.sign_up("fan") for _ in range(5)]
    for fan in fans:
        await api.follow(fan, star)
    seen, cursor = [], ""
    for _ in range(4):
        page = await _list(api, fans[0], L.RELATIONSHIP_LIST_FOLLOWERS, of=star, page_size=2, cursor=cursor)
        seen += [u.user_id for u in page.users]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [f.user_id for f in reversed(fans)]
    code, details = await _fails(_list(api, star, L.RELATIONSHIP_LIST_FOLLOWERS, cursor="nope"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("cursor:")


async def test_mutual_friends_and_paths_avoid_blocked_people(api):
    a, b, c, d, e = [await api.sign_up(n) for n in "abcde"]
    for x, y in [(a, b), (b, c), (a, d), (d, e), (e, c)]:
        await _befriend(api, x, y)
    mutual = await api.graph.ListMutualFriends(L.ListMutualFriendsRequest(user_id=c.user_id), metadata=a.auth)
    assert (list(mutual.user_ids), mutual.total) == ([b.user_id], 1)

    path = await api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=c.user_id), metadata=a.auth)
    assert list(path.user_ids) == [a.user_id, b.user_id, c.user_id]
    # c blocks b: no path may pass through b any more (for a, nor for c).
    await api.graph.Block(L.BlockRequest(user_id=b.user_id), metadata=c.auth)
    path = await api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=c.user_id), metadata=a.auth)
    assert list(path.user_ids) == [a.user_id, d.user_id, e.user_id, c.user_id]
    # And the two ends blocking each other: no path at all (and b cannot even look).
    code, _ = await _fails(api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=c.user_id), metadata=b.auth))
    assert code == grpc.StatusCode.NOT_FOUND
    # The one who blocked still sees the other, but no chain joins them.
    path = await api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=b.user_id), metadata=c.auth)
    assert list(path.user_ids) == []
    # A deactivated person is no link in a chain (the block ended b and c's friendship, so d
    # was the only way from a to e), and no end of one.
    path = await api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=e.user_id), metadata=a.auth)
    assert list(path.user_ids) == [a.user_id, d.user_id, e.user_id]
    await api.identity.DeactivateAccount(identity_pb2.DeactivateAccountRequest(password=d.password), metadata=d.auth)
    path = await api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=e.user_id), metadata=a.auth)
    assert list(path.user_ids) == []
    for nobody in (d.user_id, "8d6f3c1e-2b4a-4f7d-9e0c-5a1b2c3d4e5f"):
        code, details = await _fails(
            api.graph.GetConnectionPath(L.GetConnectionPathRequest(user_id=nobody), metadata=a.auth)
        )
        assert code == grpc.StatusCode.NOT_FOUND and details.startswith("user_id:")


async def test_cypher_in_input_is_just_a_string(api):
    user = await api.sign_up("inject")
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    code, details = await _fails(api.graph.Follow(L.FollowRequest(user_id=evil), metadata=user.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("user_id:")
    # A display name full of Cypher syntax travels through identity and the graph untouched.
    await api.identity.UpdateProfile(
        identity_pb2.UpdateProfileRequest(display_name="}) DETACH DELETE n //"), metadata=user.auth
    )
    other = await api.sign_up("other")
    assert (await api.graph.Follow(L.FollowRequest(user_id=user.user_id), metadata=other.auth)).created
    assert await _counts(api, other, of=user) == (1, 0, 0)


async def test_concurrent_follows_and_unfollows_end_consistent_with_the_last_event(api):
    a, b = await api.sign_up("racer"), await api.sign_up("target")
    calls = [random.choice([api.follow, api.unfollow]) for _ in range(30)]
    await asyncio.gather(*(call(a, b) for call in calls))
    follows = (await _counts(api, a))[1] == 1

    driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=None)
    try:
        records, _, _ = await driver.execute_query(
            "MATCH (e) WHERE (e:OutboxEvent OR e:SentOutboxEvent) AND e.key = $key RETURN e.value AS value "
            "ORDER BY e.seq",
            key=b.user_id,
        )
    finally:
        await driver.close()
    events = [unpack_payload(parse_envelope(bytes(r["value"]))) for r in records]
    pair = [
        e
        for e in events
        if isinstance(e, (events_pb2.UserFollowed, events_pb2.UserUnfollowed)) and e.follower_id == a.user_id
    ]
    # Follows and unfollows alternate, starting with a follow, and the last one is the state.
    assert all(
        isinstance(e, events_pb2.UserFollowed if i % 2 == 0 else events_pb2.UserUnfollowed) for i, e in enumerate(pair)
    )
    assert (isinstance(pair[-1], events_pb2.UserFollowed) if pair else False) == follows


async def test_the_outbox_counter_is_one_node_and_duplicates_from_before_are_repaired(api):
    """On an empty database, the first concurrent writers each MERGEd a counter of their own;
    every graph write failed from then on (two events per insert, one event_id)."""
    counters = "MATCH (c:OutboxCounter {name: 'outbox'}) RETURN c.value AS value"
    driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=None)
    try:
        with pytest.raises(ConstraintError):
            await driver.execute_query("CREATE (:OutboxCounter {name: 'outbox', value: 0})")

        # A database from before the constraint, with a second counter: the graph service's
        # schema statements keep the highest counter and bring the constraint back.
        await driver.execute_query("DROP CONSTRAINT outbox_counter_name")
        await driver.execute_query("CREATE (:OutboxCounter {name: 'outbox', value: 0})")
        values = [r["value"] for r in (await driver.execute_query(counters))[0]]
        assert len(values) == 2
        for statement in NEO4J_SCHEMA:
            await driver.execute_query(statement)
        assert [r["value"] for r in (await driver.execute_query(counters))[0]] == [max(values)]
        with pytest.raises(ConstraintError):
            await driver.execute_query("CREATE (:OutboxCounter {name: 'outbox', value: 0})")
    finally:
        await driver.close()

    # Concurrent writes go on as before.
    hub = await api.sign_up("hub")
    fans = await asyncio.gather(*(api.sign_up("fan") for _ in range(8)))
    await asyncio.gather(*(api.follow(fan, hub) for fan in fans))
    assert (await _counts(api, hub))[0] == 8


async def test_deactivated_users_disappear_from_the_graph(api):
    leaving, fan = await api.sign_up("leaving"), await api.sign_up("fan")
    await api.follow(fan, leaving)
    await api.identity.DeactivateAccount(
        identity_pb2.DeactivateAccountRequest(password=leaving.password), metadata=leaving.auth
    )

    async def hidden():
        try:
            await api.graph.Follow(L.FollowRequest(user_id=leaving.user_id), metadata=fan.auth)
        except grpc.aio.AioRpcError as exc:
            return exc.code() == grpc.StatusCode.NOT_FOUND
        return False

    await wait_until(hidden, timeout=20, what="the graph to learn of the deactivation")
    assert await _ids(api, fan, L.RELATIONSHIP_LIST_FOLLOWING) == []


async def test_people_you_may_know_explains_itself_and_remembers_dismissals(api):
    me, f1, f2, fof, loner, fan_of_chess, blocked = [
        await api.sign_up(n) for n in ("me", "f1", "f2", "fof", "loner", "chess", "blk")
    ]
    for x, y in [(me, f1), (me, f2), (f1, fof), (f2, fof), (f1, blocked)]:
        await _befriend(api, x, y)
    chess, rust = f"chess {me.handle[-8:]}", f"rust {me.handle[-8:]}"  # topics of this test alone
    for user, topics in [(me, [chess, rust]), (fan_of_chess, [chess.upper()])]:
        await api.identity.UpdateProfile(
            identity_pb2.UpdateProfileRequest(interests=identity_pb2.Interests(topics=topics)), metadata=user.auth
        )
    await api.graph.Block(L.BlockRequest(user_id=me.user_id), metadata=blocked.auth)

    async def suggestions():
        response = await api.graph.SuggestPeople(L.SuggestPeopleRequest(limit=10), metadata=me.auth)
        found = {s.user_id: s for s in response.suggestions}
        return found if fan_of_chess.user_id in found else None  # interests arrive by event

    found = await wait_until(suggestions, timeout=20, what="interest-based suggestions")
    top = found[fof.user_id]
    assert top.mutual_connections == 2 and "2 mutual connections" in top.reasons
    assert list(found)[0] == fof.user_id
    assert list(found[fan_of_chess.user_id].shared_interests) == [chess]
    assert f"both interested in {chess}" in found[fan_of_chess.user_id].reasons
    # Never: myself, my friends, strangers with nothing shared, people who blocked me.
    assert not {me.user_id, f1.user_id, f2.user_id, loner.user_id, blocked.user_id} & set(found)

    await api.graph.DismissSuggestion(L.DismissSuggestionRequest(user_id=fof.user_id), metadata=me.auth)
    again = await api.graph.SuggestPeople(L.SuggestPeopleRequest(), metadata=me.auth)
    assert fof.user_id not in {s.user_id for s in again.suggestions}
    code, details = await _fails(api.graph.SuggestPeople(L.SuggestPeopleRequest(limit=51), metadata=me.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("limit:")


async def test_connection_care_notes_cadences_and_interactions_are_private(api):
    me, ana, ben, cy = [await api.sign_up(n) for n in ("me", "ana", "ben", "cy")]
    await _befriend(api, me, ana)
    await api.follow(me, ben)
    await api.follow(cy, me)  # a follower only: not one of my connections
    care = (
        await api.graph.UpdateConnectionCare(
            L.UpdateConnectionCareRequest(
                user_id=ana.user_id, note="Met at the climbing gym; loves Lisbon.", reach_out_every_days=30
            ),
            metadata=me.auth,
        )
    ).care
    assert care.note.startswith("Met at") and care.reach_out_every_days == 30 and care.connected
    assert care.next_reach_out_at.seconds > 0 and not care.HasField("last_interaction_at")
    await api.graph.UpdateConnectionCare(
        L.UpdateConnectionCareRequest(user_id=ben.user_id, reach_out_every_days=7), metadata=me.auth
    )
    logged = (await api.graph.LogInteraction(L.LogInteractionRequest(user_id=ana.user_id), metadata=me.auth)).care
    assert logged.last_interaction_at.seconds > 0
    assert logged.next_reach_out_at.seconds >= care.next_reach_out_at.seconds

    by_contact = await api.graph.ListConnections(L.ListConnectionsRequest(), metadata=me.auth)
    assert [c.user_id for c in by_contact.connections] == [ben.user_id, ana.user_id]  # never contacted first
    due = await api.graph.ListConnections(
        L.ListConnectionsRequest(order=L.CONNECTIONS_ORDER_REACH_OUT_DUE), metadata=me.auth
    )
    assert [c.user_id for c in due.connections] == [ben.user_id, ana.user_id]  # 7 days comes before 30

    # Only the writer ever sees a note.
    theirs = await api.graph.ListConnections(L.ListConnectionsRequest(), metadata=ana.auth)
    assert [(c.user_id, c.note) for c in theirs.connections] == [(me.user_id, "")]
    for request, field in [
        (L.UpdateConnectionCareRequest(user_id=ana.user_id, reach_out_every_days=400), "reach_out_every_days"),
        (L.UpdateConnectionCareRequest(user_id=ana.user_id, note="x" * 2001), "note"),
        (L.UpdateConnectionCareRequest(user_id=ana.user_id), "note"),
    ]:
        code, details = await _fails(api.graph.UpdateConnectionCare(request, metadata=me.auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")

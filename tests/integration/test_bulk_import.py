"""The operators' bulk path: identity's ImportAccounts and the graph's ImportFollows (internal,
never behind the gateway) apply Register's and Follow's rules, publish the same events, and
duplicate nothing when a batch is retried; `kith load edges --bulk` uses them."""

from __future__ import annotations

import uuid

import argon2
import asyncpg
import grpc
import pytest
from neo4j import AsyncGraphDatabase

from kith.content.v1 import content_pb2 as C
from kith.graph.v1 import events_pb2 as graph_events
from kith.graph.v1 import graph_pb2 as G
from kith.graph.v1 import graph_pb2_grpc
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc, snapshots_pb2
from kith_cli.seeding import SeedState
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.testing import SignedUpUser, wait_until
from tests.integration.endpoints import GATEWAY, NEO4J_URI, POSTGRES, SERVICE_ADDRESSES
from tests.integration.test_cli_load import EXPECTED, TINY, relationships, summary_row

PASSWORD = "imported horse battery"
HASH = argon2.PasswordHasher(type=argon2.Type.ID).hash(PASSWORD)  # identity's own parameters


@pytest.fixture
async def internal():
    async with (
        grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as identity,
        grpc.aio.insecure_channel(SERVICE_ADDRESSES["graph"]) as graph,
    ):
        yield (identity_pb2_grpc.IdentityInternalServiceStub(identity), graph_pb2_grpc.GraphInternalServiceStub(graph))


def _account(handle: str, password_hash: str = HASH, email: str | None = None) -> I.ImportedAccount:
    return I.ImportedAccount(
        handle=handle, email=email if email is not None else f"{handle}@example.org", password_hash=password_hash
    )


async def _import(identity, *handles: str) -> list[str]:
    answer = await identity.ImportAccounts(I.ImportAccountsRequest(accounts=[_account(h) for h in handles]), timeout=30)
    assert [r.outcome for r in answer.results] == [I.IMPORT_ACCOUNT_OUTCOME_CREATED] * len(handles), answer
    return [r.user_id for r in answer.results]


async def _log_in(api, handle: str) -> SignedUpUser:
    login = await api.identity.Login(I.LoginRequest(login=handle, password=PASSWORD), timeout=10)
    return SignedUpUser(login.user.user_id, handle, PASSWORD, login.access_token, login.refresh_token)


async def _import_follows(graph, *pairs: tuple[str, str]) -> list[G.ImportFollowResult]:
    answer = await graph.ImportFollows(
        G.ImportFollowsRequest(follows=[G.FollowPair(follower_id=a, followee_id=b) for a, b in pairs]), timeout=30
    )
    assert len(answer.results) == len(pairs)
    return list(answer.results)


async def _identity_events(user_id: str) -> list:
    conn = await asyncpg.connect(f"{POSTGRES}/identity")
    try:
        rows = await conn.fetch("SELECT value FROM outbox WHERE key = $1 ORDER BY id", user_id)
    finally:
        await conn.close()
    return [unpack_payload(parse_envelope(bytes(r["value"]))) for r in rows if r["value"] is not None]


async def _graph_events(key: str) -> list:
    driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=None)
    try:
        records, _, _ = await driver.execute_query(
            "MATCH (e) WHERE (e:OutboxEvent OR e:SentOutboxEvent) AND e.key = $key RETURN e.value AS value "
            "ORDER BY e.seq",
            key=key,
        )
    finally:
        await driver.close()
    return [unpack_payload(parse_envelope(bytes(r["value"]))) for r in records]


def _handle(prefix: str = "imp") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


async def test_imported_accounts_log_in_and_are_announced_as_registered_once(api, internal):
    identity, _ = internal
    ana, ben = _handle(), _handle()
    batch = [
        _account(ana),
        _account(ben),
        _account("no"),
        _account(_handle(), "$2b$12$notargon"),
        _account(ana.upper(), email=f"other_{ana}@example.org"),
    ]
    first = (await identity.ImportAccounts(I.ImportAccountsRequest(accounts=batch), timeout=30)).results
    assert [r.outcome for r in first] == [
        I.IMPORT_ACCOUNT_OUTCOME_CREATED,
        I.IMPORT_ACCOUNT_OUTCOME_CREATED,
        I.IMPORT_ACCOUNT_OUTCOME_INVALID,
        I.IMPORT_ACCOUNT_OUTCOME_INVALID,
        I.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED,
    ]
    assert first[2].reason.startswith("handle: ") and first[3].reason.startswith("password_hash: ")
    assert first[4].user_id == first[0].user_id  # the same handle, case aside, earlier in the batch

    # Retried: nothing is created twice, each existing account is named with its id.
    again = (await identity.ImportAccounts(I.ImportAccountsRequest(accounts=batch[:2]), timeout=30)).results
    assert [(r.outcome, r.user_id, r.same_password_hash) for r in again] == [
        (I.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED, first[0].user_id, True),
        (I.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED, first[1].user_id, True),
    ]
    # An email taken by another account is refused as Register refuses it.
    taken = (
        await identity.ImportAccounts(
            I.ImportAccountsRequest(accounts=[_account(_handle(), email=f"{ben}@example.org")]), timeout=30
        )
    ).results[0]
    assert taken.outcome == I.IMPORT_ACCOUNT_OUTCOME_INVALID and taken.reason == "email: already taken"

    # The account logs in with the password the hash was made of, and only with it.
    session = await _log_in(api, ana)
    assert session.user_id == first[0].user_id
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await api.identity.Login(I.LoginRequest(login=ana, password="not the password"), timeout=10)
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    profile = (
        await api.identity.GetProfile(I.GetProfileRequest(user_id=first[1].user_id), metadata=session.auth, timeout=10)
    ).profile
    assert profile.handle == ben and profile.display_name == ben

    # The events Register writes, once each.
    events = await _identity_events(first[0].user_id)
    assert [type(e) for e in events] == [identity_events.UserRegistered, snapshots_pb2.ProfileSnapshot]
    assert events[0].handle == ana and events[0].display_name == ana


async def test_import_accounts_checks_the_hash_and_the_batch_size(internal):
    identity, _ = internal
    weak = argon2.PasswordHasher(type=argon2.Type.ID, memory_cost=1024, time_cost=1).hash(PASSWORD)
    argon2i = argon2.PasswordHasher(type=argon2.Type.I).hash(PASSWORD)
    results = (
        await identity.ImportAccounts(
            I.ImportAccountsRequest(
                accounts=[_account(_handle(), weak), _account(_handle(), argon2i), _account(_handle(), "")]
            ),
            timeout=30,
        )
    ).results
    assert all(
        r.outcome == I.IMPORT_ACCOUNT_OUTCOME_INVALID and r.reason.startswith("password_hash: ") for r in results
    ), results
    with pytest.raises(grpc.aio.AioRpcError) as too_many:
        await identity.ImportAccounts(
            I.ImportAccountsRequest(accounts=[_account(_handle()) for _ in range(501)]), timeout=30
        )
    assert too_many.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_import_follows_honours_a_block_like_follow(api, internal):
    identity, graph = internal
    ana_handle = _handle()
    ana_id, ben_id = await _import(identity, ana_handle, _handle())
    ana = await _log_in(api, ana_handle)
    await api.graph.Block(G.BlockRequest(user_id=ben_id), metadata=ana.auth)
    results = await _import_follows(graph, (ben_id, ana_id), (ana_id, ben_id))
    assert [r.outcome for r in results] == [G.IMPORT_FOLLOW_OUTCOME_REFUSED] * 2
    assert (results[0].code, results[1].code) == ("NOT_FOUND", "FAILED_PRECONDITION")
    # Exactly what Follow answers the blocker.
    with pytest.raises(grpc.aio.AioRpcError) as follow:
        await api.graph.Follow(G.FollowRequest(user_id=ben_id), metadata=ana.auth)
    assert (follow.value.code().name, follow.value.details()) == (results[1].code, results[1].reason)
    assert [
        e
        for e in await _graph_events(ana_id) + await _graph_events(ben_id)
        if isinstance(e, (graph_events.UserFollowed, graph_events.FollowRequested))
    ] == []


async def test_import_follows_asks_a_private_account_and_a_retry_duplicates_nothing(api, internal):
    identity, graph = internal
    private_handle = _handle()
    fan_id, private_id, open_id = await _import(identity, _handle(), private_handle, _handle())
    private = await _log_in(api, private_handle)
    await api.graph.UpdateGraphSettings(
        G.UpdateGraphSettingsRequest(requires_follow_approval=True), metadata=private.auth
    )
    pairs = [(fan_id, private_id), (fan_id, open_id), (fan_id, open_id)]
    first = await _import_follows(graph, *pairs)
    assert [r.outcome for r in first] == [
        G.IMPORT_FOLLOW_OUTCOME_REQUESTED,
        G.IMPORT_FOLLOW_OUTCOME_FOLLOWED,
        G.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING,
    ]
    again = await _import_follows(graph, *pairs)
    assert [r.outcome for r in again] == [
        G.IMPORT_FOLLOW_OUTCOME_REQUESTED,
        G.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING,
        G.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING,
    ]

    requests = await api.graph.ListRelationships(
        G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FOLLOW_REQUESTS_RECEIVED), metadata=private.auth
    )
    assert [u.user_id for u in requests.users] == [fan_id]
    followers = await api.graph.ListRelationships(
        G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FOLLOWERS, user_id=private_id), metadata=private.auth
    )
    assert list(followers.users) == []
    # The events Follow publishes, once each, keyed by the followee.
    to_private, to_open = await _graph_events(private_id), await _graph_events(open_id)
    assert [(type(e), e.follower_id) for e in to_private if hasattr(e, "follower_id")] == [
        (graph_events.FollowRequested, fan_id)
    ]
    assert [(type(e), e.follower_id) for e in to_open if hasattr(e, "follower_id")] == [
        (graph_events.UserFollowed, fan_id)
    ]


async def test_import_follows_refuses_deactivated_unknown_and_self(api, internal):
    identity, graph = internal
    gone_handle = _handle()
    fan_id, gone_id = await _import(identity, _handle(), gone_handle)
    gone = await _log_in(api, gone_handle)
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=PASSWORD), metadata=gone.auth)
    results = await _import_follows(
        graph,
        (fan_id, gone_id),
        (gone_id, fan_id),
        (fan_id, str(uuid.uuid4())),
        (fan_id, fan_id),
        ("not-an-id", fan_id),
    )
    assert [(r.outcome, r.code) for r in results] == [
        (G.IMPORT_FOLLOW_OUTCOME_REFUSED, "NOT_FOUND"),
        (G.IMPORT_FOLLOW_OUTCOME_REFUSED, "NOT_FOUND"),
        (G.IMPORT_FOLLOW_OUTCOME_REFUSED, "NOT_FOUND"),
        (G.IMPORT_FOLLOW_OUTCOME_REFUSED, "INVALID_ARGUMENT"),
        (G.IMPORT_FOLLOW_OUTCOME_REFUSED, "INVALID_ARGUMENT"),
    ]
    assert results[4].reason.startswith("follower_id: ")
    with pytest.raises(grpc.aio.AioRpcError) as too_many:
        await graph.ImportFollows(
            G.ImportFollowsRequest(follows=[G.FollowPair(follower_id=fan_id, followee_id=gone_id)] * 1001), timeout=30
        )
    assert too_many.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_imported_follows_reach_the_home_feed(api, internal):
    identity, graph = internal
    reader_handle, author_handle = _handle(), _handle()
    reader_id, author_id = await _import(identity, reader_handle, author_handle)
    reader, author = await _log_in(api, reader_handle), await _log_in(api, author_handle)
    before = (await api.content.CreatePost(C.CreatePostRequest(text="before the import"), metadata=author.auth)).post
    assert [r.outcome for r in await _import_follows(graph, (reader_id, author_id))] == [
        G.IMPORT_FOLLOW_OUTCOME_FOLLOWED
    ]
    after = (await api.content.CreatePost(C.CreatePostRequest(text="after the import"), metadata=author.auth)).post

    async def both_in_feed():
        ids = await api.home_post_ids(reader)
        return after.post_id in ids and before.post_id in ids

    await wait_until(both_in_feed, timeout=30, what="the followee's posts in the follower's home feed")


async def test_internal_import_rpcs_are_not_behind_the_gateway(gateway_channel):
    for call in (
        identity_pb2_grpc.IdentityInternalServiceStub(gateway_channel).ImportAccounts(
            I.ImportAccountsRequest(accounts=[_account(_handle())]), timeout=10
        ),
        graph_pb2_grpc.GraphInternalServiceStub(gateway_channel).ImportFollows(G.ImportFollowsRequest(), timeout=10),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.UNIMPLEMENTED


async def test_bulk_load_of_edges_is_resumable_and_matches_the_gateway_path(api, tmp_path):
    from tests.integration.test_cli_load import kith_load

    edges = tmp_path / "tiny.edges"
    edges.write_text(TINY)
    prefix, state = f"b{uuid.uuid4().hex[:8]}", tmp_path / "state.jsonl"
    code, out = await kith_load(str(edges), "--bulk", "--prefix", prefix, "--state", str(state))
    assert code == 0, out
    assert summary_row(out, "users") == ["4", "0", "0"] and summary_row(out, "follows") == ["4", "0", "0"]
    assert "log-ins 0" in out
    header, done = SeedState.read(state)
    assert header["gateway"] == GATEWAY and set(done) == {"users", "follows", "bulk"}
    user_ids = {handle.removeprefix(prefix + "_"): user_id for handle, user_id in done["users"].items()}
    assert set(done["follows"]) == {"1 2", "2 3", "1 3", "3 4"}

    viewer = await api.sign_up("observer")
    for kind in (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING):
        assert await relationships(api, viewer, user_ids, kind) == EXPECTED
    # The state's password logs the accounts in (what the benchmarks do).
    login = await api.identity.Login(I.LoginRequest(login=f"{prefix}_3", password=header["password"]), timeout=10)
    assert login.user.user_id == user_ids["3"]

    # Again with the same state: everything is skipped.
    code, out = await kith_load(str(edges), "--bulk", "--prefix", prefix, "--state", str(state))
    assert code == 0, out
    assert summary_row(out, "users") == ["0", "4", "0"] and summary_row(out, "follows") == ["0", "4", "0"]

    # A run that lost the last lines of its state (answered, not recorded): the same hash is
    # sent again, identity says the accounts are ours, the graph that they follow already.
    lines = state.read_text().splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(line for line in lines if '"follows"' not in line and f'"{prefix}_4"' not in line) + "\n")
    cut.chmod(0o600)
    code, out = await kith_load(str(edges), "--bulk", "--prefix", prefix, "--state", str(cut))
    assert code == 0, out
    assert summary_row(out, "users") == ["0", "4", "0"] and summary_row(out, "follows") == ["0", "4", "0"]
    assert "log-ins 0" in out


async def test_bulk_load_finishes_a_gateway_load_and_leaves_others_accounts_alone(tmp_path):
    from tests.integration.test_cli_load import kith_load

    edges = tmp_path / "tiny.edges"
    edges.write_text(TINY)
    prefix = f"g{uuid.uuid4().hex[:8]}"
    code, out = await kith_load(str(edges), "--prefix", prefix, "--state", str(tmp_path / "gateway.jsonl"))
    assert code == 0, out
    password = SeedState.read(tmp_path / "gateway.jsonl")[0]["password"]

    # Another state file with the same password: the accounts (made with other hashes) are
    # proved ours by one log-in each, and the follows are there already.
    code, out = await kith_load(
        str(edges), "--bulk", "--prefix", prefix, "--state", str(tmp_path / "bulk.jsonl"), "--password", password
    )
    assert code == 0, out
    assert summary_row(out, "users") == ["0", "4", "0"] and summary_row(out, "follows") == ["0", "4", "0"]
    assert "log-ins 4" in out

    # With another password they are someone else's: refused, and nothing is followed for them.
    code, out = await kith_load(
        str(edges),
        "--bulk",
        "--prefix",
        prefix,
        "--state",
        str(tmp_path / "other.jsonl"),
        "--password",
        "another password entirely",
    )
    assert code == 1, out
    assert summary_row(out, "users") == ["0", "0", "4"] and summary_row(out, "follows") == ["0", "0", "4"]
    assert "another password" in out

"""`kith load edges --bulk` without servers: batches, per-item answers, the state file (the
gateway path's format, plus the hash), resumption."""

from __future__ import annotations

import argon2
import grpc

from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith_cli import bulk
from kith_cli.edges import parse_edges
from kith_cli.seeding import Seeder, SeedState

GRAPH = parse_edges(["1 2", "2 3", "3 1", "3 4", "5 4"])


class _Identity:
    """Creates every account once; an account it already has is reported with its hash's match."""

    def __init__(self, refuse: set[str] = frozenset()) -> None:
        self.accounts: dict[str, tuple[str, str]] = {}  # handle -> (id, hash)
        self.calls: list[int] = []
        self.refuse = refuse

    async def ImportAccounts(self, request, *, metadata, timeout):
        self.calls.append(len(request.accounts))
        results = []
        for a in request.accounts:
            if a.handle in self.refuse:
                results.append(
                    I.ImportAccountResult(outcome=I.IMPORT_ACCOUNT_OUTCOME_INVALID, reason="handle: not today")
                )
            elif a.handle in self.accounts:
                user_id, kept = self.accounts[a.handle]
                results.append(
                    I.ImportAccountResult(
                        outcome=I.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED,
                        user_id=user_id,
                        same_password_hash=kept == a.password_hash,
                    )
                )
            else:
                self.accounts[a.handle] = (f"id-{a.handle}", a.password_hash)
                results.append(
                    I.ImportAccountResult(outcome=I.IMPORT_ACCOUNT_OUTCOME_CREATED, user_id=f"id-{a.handle}")
                )
        return I.ImportAccountsResponse(results=results)


class _Graph:
    """Follows anyone once, except that `private` approves followers."""

    def __init__(self, private: str = "") -> None:
        self.follows: set[tuple[str, str]] = set()
        self.calls: list[int] = []
        self.private = private

    async def ImportFollows(self, request, *, metadata, timeout):
        self.calls.append(len(request.follows))
        results = []
        for p in request.follows:
            pair = (p.follower_id, p.followee_id)
            if p.followee_id == self.private:
                results.append(G.ImportFollowResult(outcome=G.IMPORT_FOLLOW_OUTCOME_REQUESTED))
            elif pair in self.follows:
                results.append(G.ImportFollowResult(outcome=G.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING))
            else:
                self.follows.add(pair)
                results.append(G.ImportFollowResult(outcome=G.IMPORT_FOLLOW_OUTCOME_FOLLOWED))
        return G.ImportFollowsResponse(results=results)


async def _load(path, identity, graph, *, accounts_per_call=2, edges_per_call=2):
    state = SeedState.open(path, gateway="127.0.0.1:1", password="a good password")
    seeder = Seeder(grpc.aio.insecure_channel("127.0.0.1:1"), state, progress=False)
    try:
        await bulk.BulkLoader(
            seeder, identity, graph, accounts_per_call=accounts_per_call, edges_per_call=edges_per_call
        ).load_edges(GRAPH, prefix="t")
    finally:
        state.close()
    return seeder


async def test_a_bulk_load_records_what_the_gateway_path_records_and_resumes(tmp_path):
    identity, graph = _Identity(), _Graph()
    seeder = await _load(tmp_path / "s.jsonl", identity, graph)
    assert identity.calls == [2, 2, 1] and graph.calls == [4, 4, 2]  # both follows of each edge
    assert (seeder.phases["users"].created, seeder.phases["follows"].created) == (5, 5)
    header, done = SeedState.read(tmp_path / "s.jsonl")
    assert done["users"] == {f"t_{n}": f"id-t_{n}" for n in "12345"}
    assert set(done["follows"]) == {"1 2", "2 3", "1 3", "3 4", "4 5"}
    hashed = done["bulk"]["password_hash"]
    assert argon2.PasswordHasher().verify(hashed, header["password"])
    assert len(graph.follows) == 10

    # Again: nothing left to do, no call made.
    seeder = await _load(tmp_path / "s.jsonl", identity, graph)
    assert identity.calls == [2, 2, 1] and graph.calls == [4, 4, 2]
    assert (seeder.phases["users"].existing, seeder.phases["follows"].existing) == (5, 5)

    # Answered but not recorded (a crash): the same hash goes again, so the accounts are ours.
    lines = (tmp_path / "s.jsonl").read_text().splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(line for line in lines if '"t_5"' not in line and '"4 5"' not in line) + "\n")
    seeder = await _load(cut, identity, graph)
    assert (seeder.phases["users"].existing, seeder.phases["users"].failed) == (5, 0)
    assert (seeder.phases["follows"].existing, seeder.phases["follows"].failed) == (5, 0)


async def test_refused_accounts_and_pending_requests_fail_their_items_only(tmp_path):
    identity, graph = _Identity(refuse={"t_1"}), _Graph(private="id-t_4")
    seeder = await _load(tmp_path / "s.jsonl", identity, graph, accounts_per_call=500, edges_per_call=500)
    users, follows = seeder.phases["users"], seeder.phases["follows"]
    assert (users.created, users.failed) == (4, 1) and "handle: not today" in users.errors[0]
    # 1-2 and 1-3 need t_1; 3-4 and 4-5 ask t_4 for approval; only 2-3 is done.
    assert (follows.created, follows.failed) == (1, 4)
    assert any("approves followers" in e for e in follows.errors)
    assert set(SeedState.read(tmp_path / "s.jsonl")[1]["follows"]) == {"2 3"}
    assert graph.calls == [6]  # 2-3, 3-4 and 4-5, both ways, in one call


async def test_a_batch_whose_call_fails_fails_its_items(tmp_path):
    class Down(_Identity):
        async def ImportAccounts(self, request, *, metadata, timeout):
            raise grpc.aio.AioRpcError(
                grpc.StatusCode.PERMISSION_DENIED, grpc.aio.Metadata(), grpc.aio.Metadata(), "no"
            )

    seeder = await _load(tmp_path / "s.jsonl", Down(), _Graph())
    assert seeder.phases["users"].failed == 5 and seeder.phases["follows"].failed == 5
    assert "PERMISSION_DENIED" in seeder.phases["users"].errors[0]

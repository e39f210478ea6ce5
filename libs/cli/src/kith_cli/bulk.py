"""`kith load edges --bulk`: the operators' path for real graphs, through the internal import
RPCs instead of the public gateway.

Accounts go to identity's `ImportAccounts` (500 a call) with the state file's password hashed
once (argon2id, as identity hashes) rather than once per account, and nobody logs in; follows go
to the graph's `ImportFollows` (both directions of 500 edges a call), each batch one transaction.
Every rule of Register and Follow is still applied by the services and every change is announced
by the same events. The state file is the gateway path's (same phases, keys and values: a load
can be finished either way, and the benchmarks read it alike), plus the hash, so a run that
resumes sends the same hash and identity can say an account is ours without a log-in.

The internal services are not behind the gateway: run it where they are reachable (an operator's
shell in the deployment; locally 127.0.0.1:50051 and :50052).
"""

from __future__ import annotations

import asyncio

import argon2

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_cli.edges import FOLLOWS, EdgeList, check_handles, handle
from kith_cli.seeding import EMAIL_DOMAIN, Seeder, SeedState, Skip

ACCOUNTS_PER_CALL = 500  # identity's ImportAccounts limit
EDGES_PER_CALL = 500  # two follows each: the graph's ImportFollows limit of 1,000 pairs
BATCHES_IN_FLIGHT = 2  # one being answered while the next is sent; the graph serialises its writes anyway
HASH_PHASE, HASH_KEY = "bulk", "password_hash"


async def password_hash(state: SeedState) -> str:
    """The state's password as an argon2id hash with identity's parameters, made once and kept
    in the state file (a resumed run sends the very same string)."""
    kept = state.get(HASH_PHASE, HASH_KEY)
    if kept:
        return kept
    hashed = await asyncio.to_thread(argon2.PasswordHasher(type=argon2.Type.ID).hash, state.password)
    state.record(HASH_PHASE, HASH_KEY, hashed)
    return hashed


class BulkLoader:
    def __init__(
        self,
        seeder: Seeder,
        identity: identity_pb2_grpc.IdentityInternalServiceStub,
        graph: graph_pb2_grpc.GraphInternalServiceStub,
        *,
        batches_in_flight: int = BATCHES_IN_FLIGHT,
        accounts_per_call: int = ACCOUNTS_PER_CALL,
        edges_per_call: int = EDGES_PER_CALL,
    ) -> None:
        self.seeder = seeder
        self.identity = identity
        self.graph = graph
        self.batches_in_flight = batches_in_flight
        self.accounts_per_call = accounts_per_call
        self.edges_per_call = edges_per_call

    async def load_edges(self, graph: EdgeList, *, prefix: str) -> None:
        """Accounts first, then both follows of every edge, as `edges.load_edges` does."""
        check_handles(graph, prefix)
        handles = {node: handle(prefix, node) for node in graph.nodes}
        seeder = self.seeder
        seeder.phase("users", len(graph.nodes))
        seeder.phase(FOLLOWS, len(graph.edges))
        hashed = await password_hash(seeder.state)

        async def import_accounts(nodes: list[str]):
            answer = await seeder.call(
                self.identity.ImportAccounts,
                identity_pb2.ImportAccountsRequest(
                    accounts=[
                        identity_pb2.ImportedAccount(
                            handle=handles[n], email=f"{handles[n]}@{EMAIL_DOMAIN}", password_hash=hashed
                        )
                        for n in nodes
                    ]
                ),
            )
            return [await self._account(handles[n], r) for n, r in zip(nodes, answer.results, strict=True)]

        await seeder.run_batches(
            "users",
            graph.nodes,
            key=handles.__getitem__,
            work=import_accounts,
            batch_size=self.accounts_per_call,
            concurrency=self.batches_in_flight,
        )

        async def import_follows(edges: list[tuple[str, str]]):
            answers: list = [None] * len(edges)
            pairs: list[tuple[int, str, str]] = []  # (edge, follower handle, followee handle)
            for j, (a, b) in enumerate(edges):
                try:
                    for node in (a, b):
                        seeder.user_id(handles[node])
                except Skip as exc:  # an account that failed to load fails its edges at once
                    answers[j] = exc
                    continue
                pairs += [(j, handles[a], handles[b]), (j, handles[b], handles[a])]
            if pairs:
                answer = await seeder.call(
                    self.graph.ImportFollows,
                    graph_pb2.ImportFollowsRequest(
                        follows=[
                            graph_pb2.FollowPair(follower_id=seeder.user_id(f), followee_id=seeder.user_id(t))
                            for _, f, t in pairs
                        ]
                    ),
                )
                for (j, follower, followee), result in zip(pairs, answer.results, strict=True):
                    answers[j] = _merge(answers[j], _follow(follower, followee, result))
            return answers

        await seeder.run_batches(
            FOLLOWS,
            graph.edges,
            key=lambda e: f"{e[0]} {e[1]}",
            work=import_follows,
            batch_size=self.edges_per_call,
            concurrency=self.batches_in_flight,
        )

    async def _account(self, handle_: str, result: identity_pb2.ImportAccountResult):
        if result.outcome == identity_pb2.IMPORT_ACCOUNT_OUTCOME_CREATED:
            return True, result.user_id
        if result.outcome == identity_pb2.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED:
            if result.same_password_hash:  # this load made it (a batch answered but not recorded)
                return False, result.user_id
            # Made otherwise (the gateway path, another hash): ours only if our password logs in.
            try:
                return False, await self.seeder.check_password(handle_)
            except Skip as exc:
                return exc
        return Skip(result.reason or "refused")


def _follow(follower: str, followee: str, result: graph_pb2.ImportFollowResult):
    if result.outcome == graph_pb2.IMPORT_FOLLOW_OUTCOME_FOLLOWED:
        return True, None
    if result.outcome == graph_pb2.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING:
        return False, None
    if result.outcome == graph_pb2.IMPORT_FOLLOW_OUTCOME_REQUESTED:
        return Skip(f"{followee} approves followers: {follower}'s follow request is pending")
    return Skip(f"{follower} -> {followee}: {result.code or 'REFUSED'}: {result.reason}")


def _merge(first, second):
    """An edge's answer from its two follows: the first failure, else created if either was."""
    if first is None:
        return second
    if isinstance(first, Skip):
        return first
    if isinstance(second, Skip):
        return second
    return first[0] or second[0], None

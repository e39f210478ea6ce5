"""The mirror of identity's users without servers: registrations in a row are written in one go
(identity hands an import's 500 over at once, before ImportAccounts returns), in order with the
other facts about users."""

from __future__ import annotations

import uuid

from kith.identity.v1 import events_pb2 as identity_events
from kith_graph.entrypoints.identity_consumer import identity_consumer
from services.graph.tests.fakes import FakeGraphStore

A, B, C = (str(uuid.uuid4()) for _ in range(3))


async def test_registrations_in_a_row_are_one_write_in_order_with_the_other_facts():
    store = FakeGraphStore()
    await identity_consumer("kafka:9092", store).apply(
        [
            identity_events.UserRegistered(user_id=A),
            identity_events.UserRegistered(user_id=B),
            identity_events.UserDeactivated(user_id=A),
            identity_events.UserRegistered(user_id=C),
        ]
    )
    assert store.calls == [("upsert_users", [A, B]), ("set_deactivated", A, True), ("upsert_users", [C])]
    assert await store.active_users([A, B, C]) == {B, C}

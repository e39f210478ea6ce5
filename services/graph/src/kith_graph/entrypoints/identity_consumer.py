"""Mirrors identity's users into the graph: who exists, who is deactivated, their interests, who
may see their relationship lists (PrivacySettingsChanged, also pushed by identity before
UpdatePrivacySettings returns); and erases the users identity erased (UserErased). Facts about an
erased user are ignored: the writes that would bring their node back check the tombstone list.

This mirror is the only way the graph learns who exists (it never asks identity): `apply` is
also called directly by identity's push of registrations (kith_platform.mirrors), so a user is
here by the time Register or ImportAccounts returns."""

from __future__ import annotations

import logging
import uuid

from kith.identity.v1 import events_pb2 as identity_events
from kith_graph.domain.ports import GraphStore
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import IDENTITY_USERS
from kith_platform.privacy import FROM_PROTO

log = logging.getLogger("kith.graph.identity")


def identity_consumer(bootstrap: str, store: GraphStore) -> KafkaEventConsumer:
    async def apply(events: list) -> None:
        # Each write is a MERGE/SET of the latest value, in per-user order: replays are harmless.
        # Registrations in a row are written together (an import hands over 500 at once).
        registered: list[str] = []
        for event in events:
            if isinstance(event, identity_events.UserRegistered):
                registered.append(event.user_id)
                continue
            if registered:
                await store.upsert_users(registered)
                registered = []
            match event:
                case identity_events.UserDeactivated():
                    await store.set_deactivated(event.user_id, True)
                case identity_events.UserReactivated():
                    await store.set_deactivated(event.user_id, False)
                case identity_events.PrivacySettingsChanged():
                    reach = FROM_PROTO.get(event.settings.relationship_lists)
                    if reach is None:  # every setting is in the event; unspecified would be a bug upstream
                        log.error("skipping a PrivacySettingsChanged without relationship_lists")
                        continue
                    await store.set_relationship_lists(event.user_id, reach, event.changed_at.ToMicroseconds())
                case identity_events.InterestsChanged():
                    await store.set_interests(event.user_id, list(event.interests))
                case identity_events.UserErased():
                    try:
                        user_id = str(uuid.UUID(event.user_id))
                    except ValueError:
                        log.error("skipping a UserErased with a malformed user id")
                        continue
                    await store.erase_user(user_id, event.erased_at.ToMilliseconds())
        if registered:
            await store.upsert_users(registered)

    return KafkaEventConsumer(bootstrap, [IDENTITY_USERS], "kith-graph-identity", apply, name="graph-identity")

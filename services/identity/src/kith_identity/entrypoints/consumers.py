"""The mirror of blocks (graph events) that profiles, people search and handle resolution are
filtered with, the owners of what the platform's staff removed, and the weekly digests to mail."""

from __future__ import annotations

from datetime import UTC

from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import digest_events_pb2 as digest_events
from kith.messaging.v1 import events_pb2 as messaging_events
from kith_identity.domain.ports import AccountRepository
from kith_identity.service_layer.digest_mail import DigestMails
from kith_identity.service_layer.trust_safety import TrustSafetyHandlers
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import (
    COMMUNITIES_COMMUNITIES,
    CONTENT_POSTS,
    FEED_DIGESTS,
    GRAPH_RELATIONSHIPS,
    MESSAGING_CONVERSATIONS,
)
from kith_platform.relationship_facts import pair_facts


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


def graph_consumer(bootstrap: str, accounts: AccountRepository) -> KafkaEventConsumer:
    """Blocks from graph.relationships.v1. `apply` is also called directly (kith_platform.mirrors)
    so that a block holds by the time Block returns: it keeps the newest fact per pair by the
    event's own time, so redelivery, reordering and applying twice are harmless."""

    async def apply(events: list) -> None:
        for e in events:
            for fact in pair_facts(e):
                if fact.kind == "block":
                    await accounts.mirror_block(fact.subject, fact.other, fact.holds, fact.at)

    return KafkaEventConsumer(bootstrap, [GRAPH_RELATIONSHIPS], "kith-identity-graph", apply, name="identity-graph")


def removal_owners_consumer(bootstrap: str, safety: TrustSafetyHandlers) -> KafkaEventConsumer:
    """Who owns what the platform's staff removed, from the events of the services holding it
    (removal_id set): the owner is recorded and told once, so redelivery is harmless."""

    async def apply(events: list) -> None:
        for e in events:
            match e:
                case content_events.PostRemoved() | content_events.CommentDeleted() if e.removal_id and e.author_id:
                    await safety.owner_named(e.removal_id, e.author_id)
                case messaging_events.MessageDeleted() if e.removal_id and e.sender_id:
                    await safety.owner_named(e.removal_id, e.sender_id)
                case community_events.CommunityArchived() if e.removal_id and e.owner_id:
                    if e.community_id == e.archived_with:  # the community named, not those below it
                        await safety.owner_named(e.removal_id, e.owner_id)

    return KafkaEventConsumer(
        bootstrap,
        [CONTENT_POSTS, MESSAGING_CONVERSATIONS, COMMUNITIES_COMMUNITIES],
        "kith-identity-removals",
        apply,
        name="identity-removals",
    )


def digest_consumer(bootstrap: str, digests: DigestMails) -> KafkaEventConsumer:
    """The feed's DigestReady (feed.digests.v1): each digest is mailed once per person and week
    (DigestMails notes the week with the mail), so redelivery is harmless."""

    async def apply(events: list) -> None:
        for e in events:
            if isinstance(e, digest_events.DigestReady):
                await digests.digest_ready(e.user_id, _at(e.week_start))

    return KafkaEventConsumer(bootstrap, [FEED_DIGESTS], "kith-identity-digests", apply, name="identity-digests")

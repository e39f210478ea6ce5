"""Tie strength from the content events: who commented on, replied to, reacted to, mentioned
or shared whom. Each interaction is applied once (keyed by what it came from)."""

from __future__ import annotations

from kith.content.v1 import events_pb2 as content_events
from kith_graph.domain.ports import GraphStore
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import CONTENT_POSTS
from kith_platform.interactions import WEIGHTS


def interactions(event) -> list[tuple[str, str, str, str, int]]:
    """(key, kind, actor, other, at ms) of each interaction an event carries; none with oneself."""
    found = []
    match event:
        case content_events.CommentAdded():
            at = event.created_at.ToMilliseconds()
            if event.parent_comment_id:
                found.append((f"reply:{event.comment_id}", "reply", event.author_id, event.parent_author_id, at))
            else:
                found.append((f"comment:{event.comment_id}", "comment", event.author_id, event.post_author_id, at))
            found += [(f"mention:{event.comment_id}:{m}", "mention", event.author_id, m, at) for m in event.mention_ids]
        case content_events.PostPublished():
            at = event.created_at.ToMilliseconds()
            found += [(f"mention:{event.post_id}:{m}", "mention", event.author_id, m, at) for m in event.mention_ids]
        case content_events.PostEdited():
            at = event.edited_at.ToMilliseconds()
            found += [
                (f"mention:{event.post_id}:{m}", "mention", event.author_id, m, at) for m in event.new_mention_ids
            ]
        case content_events.ReactionAdded() if not event.previous_kind:  # a changed reaction is not a new one
            target = event.comment_id or event.post_id
            found.append(
                (
                    f"reaction:{target}:{event.user_id}",
                    "reaction",
                    event.user_id,
                    event.target_author_id,
                    event.reacted_at.ToMilliseconds(),
                )
            )
        case content_events.PostShared():
            found.append(
                (
                    f"share:{event.share_post_id}",
                    "share",
                    event.user_id,
                    event.original_author_id,
                    event.shared_at.ToMilliseconds(),
                )
            )
    return [i for i in found if i[2] and i[3] and i[2] != i[3]]


def content_consumer(bootstrap: str, store: GraphStore, half_life_ms: int) -> KafkaEventConsumer:
    async def apply(events: list) -> None:
        for event in events:
            for key, kind, actor, other, at in interactions(event):
                await store.record_interaction(key, actor, other, WEIGHTS[kind], at, half_life_ms)

    return KafkaEventConsumer(bootstrap, [CONTENT_POSTS], "kith-graph-content", apply, name="graph-content")

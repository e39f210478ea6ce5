"""A person's conversations, the messages they sent (with their edit history), the reactions
they gave and their messaging settings, as the files of their data export
(docs/data-export.md). Other people's messages are theirs: they are not in it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from kith_platform.exports import json_document
from kith_platform.ids import parse_uuid


class MessagingRows(Protocol):
    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]: ...


def messaging_documents(rows: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """conversations.json, messages.json and message_reactions.json from the adapter's rows."""
    settings = [{key: value for key, value in s.items() if key != "user_id"} for s in rows["settings"]]
    conversations = [
        {
            "conversation_id": c["id"],
            "kind": c["kind"],
            "name": c["name"],
            "community_id": c["community_id"],
            "with_user_id": c["with_user_id"],
            "created_at": c["created_at"],
            "state": c["state"],
            "admin": c["admin"],
            "joined_at": c["joined_at"],
            "state_changed_at": c["state_at"],
            "last_read_seq": c["last_read_seq"],
            "read_at": c["read_at"],
        }
        for c in rows["conversations"]
    ]
    edits = defaultdict(list)
    for e in rows["message_edits"]:
        edits[e["message_id"]].append({"text": e["text"], "replaced_at": e["replaced_at"]})
    messages = [
        {
            "message_id": m["id"],
            "conversation_id": m["conversation_id"],
            "seq": m["seq"],
            "status": "deleted" if m["deleted_at"] is not None else "sent",
            "text": m["text"],
            "reply_to_message_id": m["reply_to"],
            "mentioned_user_ids": list(m["mention_ids"]),
            "has_link": m["has_link"],
            "sent_at": m["sent_at"],
            "edited_at": m["edited_at"],
            "edits": edits.get(m["id"], []),
            "deleted_at": m["deleted_at"],
        }
        for m in rows["messages"]
    ]
    reactions = [
        {
            "message_id": r["message_id"],
            "conversation_id": r["conversation_id"],
            "emoji": r["emoji"],
            "reacted_at": r["reacted_at"],
        }
        for r in rows["reactions"]
    ]
    return {
        "conversations.json": json_document(
            {"settings": settings[0] if settings else None, "conversations": conversations}
        ),
        "messages.json": json_document({"messages": messages}),
        "message_reactions.json": json_document({"reactions": reactions}),
    }


class MessagingExports:
    def __init__(self, rows: MessagingRows) -> None:
        self._rows = rows

    async def export(self, user_id: str) -> dict[str, bytes]:
        return messaging_documents(await self._rows.rows(parse_uuid(user_id, "user_id")))

"""messaging's part of a data export: the documents built from the adapter's rows."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from kith_messaging.service_layer.exports import messaging_documents

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_the_documents_hold_the_persons_conversations_messages_with_edits_and_reactions():
    group, mine, deleted, other = (uuid.uuid4() for _ in range(4))
    rows = {
        "settings": [
            {"user_id": uuid.uuid4(), "who_may_message": "friends", "read_receipts": False, "hide_presence": True}
        ],
        "conversations": [
            {
                "id": group,
                "kind": "group",
                "name": "g",
                "community_id": None,
                "with_user_id": None,
                "created_at": AT,
                "state": "left",
                "admin": True,
                "joined_at": AT,
                "state_at": AT,
                "last_read_seq": 3,
                "read_at": AT,
            }
        ],
        "messages": [
            {
                "id": mine,
                "conversation_id": group,
                "seq": 1,
                "text": "now",
                "reply_to": None,
                "mention_ids": [other],
                "has_link": False,
                "sent_at": AT,
                "edited_at": AT,
                "deleted_at": None,
            },
            {
                "id": deleted,
                "conversation_id": group,
                "seq": 2,
                "text": "",
                "reply_to": mine,
                "mention_ids": [],
                "has_link": False,
                "sent_at": AT,
                "edited_at": None,
                "deleted_at": AT,
            },
        ],
        "message_edits": [
            {"message_id": mine, "text": "first", "replaced_at": AT},
            {"message_id": mine, "text": "second", "replaced_at": AT},
        ],
        "reactions": [{"message_id": other, "conversation_id": group, "emoji": "👍", "reacted_at": AT}],
    }
    files = {name: json.loads(body) for name, body in messaging_documents(rows).items()}
    assert files["conversations.json"]["settings"] == {
        "who_may_message": "friends",
        "read_receipts": False,
        "hide_presence": True,
    }
    (conversation,) = files["conversations.json"]["conversations"]
    assert (conversation["conversation_id"], conversation["state"], conversation["admin"]) == (str(group), "left", True)
    first, second = files["messages.json"]["messages"]
    assert (first["status"], first["text"], [e["text"] for e in first["edits"]]) == ("sent", "now", ["first", "second"])
    assert first["mentioned_user_ids"] == [str(other)] and first["sent_at"] == "2026-12-03T10:00:00Z"
    assert (second["status"], second["reply_to_message_id"], second["edits"]) == ("deleted", str(mine), [])
    assert files["message_reactions.json"]["reactions"][0]["emoji"] == "👍"


def test_a_person_who_never_changed_a_setting_gets_null_settings():
    empty = {name: [] for name in ("settings", "conversations", "messages", "message_edits", "reactions")}
    files = {name: json.loads(body) for name, body in messaging_documents(empty).items()}
    assert files["conversations.json"] == {"settings": None, "conversations": []}
    assert files["messages.json"] == {"messages": []} and files["message_reactions.json"] == {"reactions": []}

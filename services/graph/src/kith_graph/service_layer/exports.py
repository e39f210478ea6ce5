"""A person's connections as the connections.json file of their data export (docs/data-export.md)."""

from __future__ import annotations

from typing import Any, Protocol

from kith_platform.exports import iso_from_ms, json_document
from kith_platform.ids import parse_uuid

# Relationship type -> the list it goes in, for what the person did and what was done to them.
OUTGOING = {
    "FOLLOWS": "following",
    "FOLLOW_REQUESTED": "follow_requests_sent",
    "FRIEND_REQUESTED": "friend_requests_sent",
    "BLOCKS": "blocked",
    "MUTES": "muted",
    "DISMISSED": "dismissed_suggestions",
}
INCOMING = {
    "FOLLOWS": "followers",
    "FOLLOW_REQUESTED": "follow_requests_received",
    "FRIEND_REQUESTED": "friend_requests_received",
}


class GraphRows(Protocol):
    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]: ...


def connections_document(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    settings = rows["settings"][0] if rows["settings"] else {"requires_follow_approval": False}
    document: dict[str, Any] = {"settings": {"requires_follow_approval": settings["requires_follow_approval"]}}
    names = (*OUTGOING.values(), *INCOMING.values(), "friends")
    lists: dict[str, list[dict[str, str | None]]] = {name: [] for name in names}
    for direction, kinds in (("outgoing", OUTGOING), ("incoming", INCOMING)):
        for r in rows[direction]:
            lists[kinds[r["kind"]]].append({"user_id": r["user_id"], "since": iso_from_ms(r["at"])})
    lists["friends"] = [{"user_id": r["user_id"], "since": iso_from_ms(r["at"])} for r in rows["friends"]]
    document.update(lists)
    document["notes_and_cadences"] = [
        {
            "user_id": c["user_id"],
            "note": c["note"],
            "reach_out_every_days": c["every_days"],
            "cadence_set_at": iso_from_ms(c["cadence_set_at"]),
            "last_interaction_at": iso_from_ms(c["last_interaction_at"]),
        }
        for c in rows["care"]
    ]
    return json_document(document)


class GraphExports:
    def __init__(self, rows: GraphRows) -> None:
        self._rows = rows

    async def export(self, user_id: str) -> bytes:
        return connections_document(await self._rows.rows(parse_uuid(user_id, "user_id")))

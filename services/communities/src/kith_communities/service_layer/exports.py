"""A person's memberships, requests, invitations, bans, reports and events as the
memberships.json and events.json files of their data export (docs/data-export.md)."""

from __future__ import annotations

from typing import Any, Protocol

from kith_platform.exports import json_document
from kith_platform.ids import parse_uuid


class CommunitiesRows(Protocol):
    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]: ...


def _community(r: dict[str, Any]) -> dict[str, Any]:
    return {"community_id": r["community_id"], "community_slug": r["slug"], "community_name": r["name"]}


def _answers(questions: list[str], answers: list[str]) -> list[dict[str, str]]:
    """Each answer with the question it answered (kept with the request; none before questions existed)."""
    return [{"question": questions[i] if i < len(questions) else "", "answer": a} for i, a in enumerate(answers)]


def _memberships(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """memberships.json: memberships, join requests, invitations, bans and reports filed."""
    return {
        "memberships": [
            {**_community(r), "role": r["role"], "joined_at": r["joined_at"], "muted_until": r["muted_until"]}
            for r in rows["memberships"]
        ],
        "join_requests": [
            {
                **_community(r),
                "requested_at": r["requested_at"],
                "answers": _answers(list(r["questions"]), list(r["answers"])),
            }
            for r in rows["join_requests"]
        ],
        "invitations": [
            {**_community(r), "invited_by": r["invited_by"], "invited_at": r["invited_at"]} for r in rows["invitations"]
        ],
        "bans": [{**_community(r), "banned_at": r["banned_at"], "until": r["until"]} for r in rows["bans"]],
        "reports_filed": [
            {
                "community_id": r["community_id"],
                "target": r["target"],
                "target_id": r["target_id"],
                "reason": r["reason"],
                "reported_at": r["reported_at"],
                "resolved_at": r["resolved_at"],
            }
            for r in rows["reports"]
        ],
    }


def _events(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """events.json: the person's RSVPs and the events they created."""
    return {
        "rsvps": [
            {
                "event_id": r["event_id"],
                "community_id": r["community_id"],
                "title": r["title"],
                "starts_at": r["starts_at"],
                "ends_at": r["ends_at"],
                "time_zone": r["time_zone"],
                "place": r["place"],
                "online_url": r["online_url"],
                "cancelled_at": r["cancelled_at"],
                "status": r["status"],
                "remind_me": r["remind_me"],
                "responded_at": r["responded_at"],
            }
            for r in rows["rsvps"]
        ],
        "events_created": [
            {
                "event_id": r["id"],
                "community_id": r["community_id"],
                "title": r["title"],
                "description": r["description"],
                "starts_at": r["starts_at"],
                "ends_at": r["ends_at"],
                "time_zone": r["time_zone"],
                "place": r["place"],
                "online_url": r["online_url"],
                "capacity": r["capacity"],
                "cancelled_at": r["cancelled_at"],
                "created_at": r["created_at"],
            }
            for r in rows["events_created"]
        ],
    }


def communities_documents(rows: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    return {"memberships.json": json_document(_memberships(rows)), "events.json": json_document(_events(rows))}


class CommunitiesExports:
    def __init__(self, rows: CommunitiesRows) -> None:
        self._rows = rows

    async def export(self, user_id: str) -> dict[str, bytes]:
        return communities_documents(await self._rows.rows(parse_uuid(user_id, "user_id")))

"""A person's posts (with edit history), comments and reactions, as the files of their data
export (docs/data-export.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from kith_platform.exports import json_document
from kith_platform.ids import parse_uuid


class ContentRows(Protocol):
    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]: ...


def _status(row: dict[str, Any]) -> str:
    """published, deleted (by the author), removed (by moderators), held (waiting for review)
    or rejected (by review)."""
    if row["deleted_at"] is not None:
        return "deleted"
    if row["removed_at"] is not None:
        return "removed"
    return {"pending": "held", "rejected": "rejected"}.get(row["review"] or "", "published")


def _post(p: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "post_id": p["id"],
        "created_at": p["created_at"],
        "status": _status(p),
        "text": p["text"],
        "audience": p["audience"],
        "community_id": p["community_id"],
        "members_only": p["members_only"],
        "media": p["media"],
        "link": p["link"],
        "hashtags": list(p["hashtags"]),
        "mentioned_user_ids": list(p["mention_ids"]),
        "shared_post_id": p["shared_post_id"],
        "edited_at": p["edited_at"],
        "edits": edits,
        "deleted_at": p["deleted_at"],
        "removed_at": p["removed_at"],
        "review_note": p["review_note"],
        "comment_count": p["comment_count"],
        "share_count": p["share_count"],
    }


def _comment(c: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "comment_id": c["id"],
        "post_id": c["post_id"],
        "parent_comment_id": c["parent_id"],
        "depth": c["depth"],
        "created_at": c["created_at"],
        "status": _status(c),
        "text": c["text"],
        "mentioned_user_ids": list(c["mention_ids"]),
        "deleted_at": c["deleted_at"],
        "removed_at": c["removed_at"],
        "review_note": c["review_note"],
        "reply_count": c["reply_count"],
        "reaction_count": c["reaction_count"],
        "edits": edits,
    }


def _reaction(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "target": "post" if r["on_post"] else "comment",
        "target_id": r["target_id"],
        "post_id": r["post_id"],
        "kind": r["kind"],
        "reacted_at": r["reacted_at"],
    }


def _vote(v: dict[str, Any]) -> dict[str, Any]:
    return {"post_id": v["post_id"], "vote": "up" if v["value"] == 1 else "down", "voted_at": v["voted_at"]}


def _poll_vote(v: dict[str, Any]) -> dict[str, Any]:
    return {"post_id": v["post_id"], "choices": [v["options"][c] for c in v["choices"]], "voted_at": v["voted_at"]}


def content_documents(rows: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """posts.json, comments.json, reactions.json and votes.json from the adapter's rows."""
    edits: defaultdict[Any, list[dict[str, Any]]] = defaultdict(list)
    for e in rows["post_edits"]:
        edits[e["post_id"]].append({"text": e["text"], "replaced_at": e["replaced_at"]})
    comment_edits: defaultdict[Any, list[dict[str, Any]]] = defaultdict(list)
    for e in rows.get("comment_edits", []):
        comment_edits[e["comment_id"]].append({"text": e["text"], "replaced_at": e["replaced_at"]})
    return {
        "posts.json": json_document({"posts": [_post(p, edits.get(p["id"], [])) for p in rows["posts"]]}),
        "comments.json": json_document(
            {"comments": [_comment(c, comment_edits.get(c["id"], [])) for c in rows["comments"]]}
        ),
        "reactions.json": json_document({"reactions": [_reaction(r) for r in rows["reactions"]]}),
        "votes.json": json_document(
            {
                "votes": [_vote(v) for v in rows.get("votes", [])],
                "poll_votes": [_poll_vote(v) for v in rows.get("poll_votes", [])],
            }
        ),
        "bookmarks.json": json_document({"bookmarks": rows.get("bookmarks", [])}),
        "drafts.json": json_document(
            {"drafts": [{"draft_id": d.pop("id"), **d} for d in (dict(r) for r in rows.get("drafts", []))]}
        ),
        "read_positions.json": json_document(
            {"community_visits": rows.get("community_visits", []), "thread_reads": rows.get("thread_reads", [])}
        ),
        "media.json": json_document(
            {"media": [{"media_id": m.pop("id"), **m} for m in (dict(r) for r in rows.get("media", []))]}
        ),
    }


class ContentExports:
    def __init__(self, rows: ContentRows) -> None:
        self._rows = rows

    async def export(self, user_id: str) -> dict[str, bytes]:
        return content_documents(await self._rows.rows(parse_uuid(user_id, "user_id")))

"""Unit tests of the content part of a data export (no network)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from kith_content.service_layer.exports import content_documents

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
POST, OTHER_POST, COMMENT = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _post(**changes):
    row = {
        "id": POST,
        "text": "now",
        "audience": "public",
        "community_id": None,
        "members_only": False,
        "media": [],
        "link": "",
        "hashtags": ["a"],
        "mention_ids": [],
        "shared_post_id": None,
        "created_at": AT,
        "edited_at": AT,
        "deleted_at": None,
        "removed_at": None,
        "review": None,
        "review_note": "",
        "comment_count": 1,
        "share_count": 0,
    }
    return {**row, **changes}


def test_posts_carry_their_edit_history_oldest_first_and_their_status():
    rows = {
        "posts": [_post(), _post(id=OTHER_POST, deleted_at=AT), _post(id=uuid.uuid4(), review="pending")],
        "post_edits": [
            {"post_id": POST, "text": "first", "replaced_at": AT},
            {"post_id": POST, "text": "second", "replaced_at": AT},
        ],
        "comments": [],
        "reactions": [],
    }
    posts = json.loads(content_documents(rows)["posts.json"])["posts"]
    assert [e["text"] for e in posts[0]["edits"]] == ["first", "second"] and posts[0]["text"] == "now"
    assert [p["status"] for p in posts] == ["published", "deleted", "held"]
    assert posts[1]["edits"] == [] and posts[0]["created_at"] == "2026-12-03T10:00:00Z"


def test_reactions_say_whether_they_are_on_a_post_or_a_comment():
    rows = {
        "posts": [],
        "post_edits": [],
        "comments": [],
        "reactions": [
            {"target_id": POST, "post_id": POST, "kind": "like", "reacted_at": AT, "on_post": True},
            {"target_id": COMMENT, "post_id": POST, "kind": "funny", "reacted_at": AT, "on_post": False},
        ],
    }
    reactions = json.loads(content_documents(rows)["reactions.json"])["reactions"]
    assert [(r["target"], r["target_id"]) for r in reactions] == [("post", str(POST)), ("comment", str(COMMENT))]

"""Unit tests of the communities part of a data export (no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kith_communities.service_layer.exports import communities_documents

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
COMMUNITY = {"community_id": "c1", "slug": "chess", "name": "Chess"}


def test_join_requests_pair_each_answer_with_its_question():
    rows = {name: [] for name in ("memberships", "invitations", "bans", "reports", "rsvps", "events_created")}
    rows["join_requests"] = [{**COMMUNITY, "questions": ["Why?"], "answers": ["I play", "extra"], "requested_at": AT}]
    (request,) = json.loads(communities_documents(rows)["memberships.json"])["join_requests"]
    assert request["answers"] == [{"question": "Why?", "answer": "I play"}, {"question": "", "answer": "extra"}]
    assert request["community_name"] == "Chess" and request["requested_at"] == "2026-12-03T10:00:00Z"


def test_bans_leave_out_who_banned():
    rows = {name: [] for name in ("memberships", "join_requests", "invitations", "reports", "rsvps", "events_created")}
    rows["bans"] = [{**COMMUNITY, "banned_at": AT, "until": None}]
    (ban,) = json.loads(communities_documents(rows)["memberships.json"])["bans"]
    assert set(ban) == {"community_id", "community_slug", "community_name", "banned_at", "until"}

"""A person's notification preferences, recognition (per community of theirs: points, badges,
trust level, mentorship) and lists (with their members) as files of their data export
(docs/data-export.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kith_feed.domain import recognition as rules
from kith_feed.domain.lists import PeopleList
from kith_feed.domain.ports import Stores
from kith_feed.service_layer.recognition import member_standing
from kith_platform.exports import iso_from_ms, json_document
from kith_platform.ids import parse_uuid


@dataclass(frozen=True)
class CommunityRecognition:
    community_id: str
    standing: rules.Standing
    trust_level: int
    joined_at_ms: int | None
    mentor_capacity: int | None  # None: not a mentor there
    mentees: int
    mentor_id: str | None  # the person's own mentor


def recognition_document(communities: list[CommunityRecognition]) -> bytes:
    return json_document(
        {
            "communities": [
                {
                    "community_id": c.community_id,
                    "joined_at": iso_from_ms(c.joined_at_ms),
                    "points": {
                        "last_7_days": c.standing.week,
                        "last_30_days": c.standing.month,
                        "all_time": c.standing.ever,
                    },
                    "counters": dict(sorted(c.standing.counters.items())),
                    "badges": sorted(c.standing.badges),
                    "trust_level": c.trust_level,
                    "mentorship": {
                        "mentor": c.mentor_capacity is not None,
                        "capacity": c.mentor_capacity or 0,
                        "mentees": c.mentees,
                        "mentor_id": c.mentor_id,
                    },
                }
                for c in communities
            ]
        }
    )


def lists_document(lists: list[tuple[PeopleList, list[tuple[str, int]]]]) -> bytes:
    """Each list with its members (every one, those hidden for now included) and when each was added."""
    return json_document(
        {
            "lists": [
                {
                    "list_id": found.list_id,
                    "title": found.title,
                    "replies_policy": found.replies_policy,
                    "exclusive": found.exclusive,
                    "created_at": iso_from_ms(found.created_at_ms),
                    "members": [{"user_id": m, "added_at": iso_from_ms(added)} for m, added in members],
                }
                for found, members in lists
            ]
        }
    )


def preferences_document(preferences: dict[str, bool]) -> bytes:
    return json_document({"preferences": dict(sorted(preferences.items()))})


@dataclass
class FeedExports:
    store: Stores

    async def export(self, user_id: str) -> dict[str, bytes]:
        user_id = parse_uuid(user_id, "user_id")
        preferences = await self.store.notifications.preferences(user_id)
        communities = []
        for community_id in sorted((await self.store.feeds.viewer(user_id)).communities):
            communities.append(await self._community(community_id, user_id))
        lists = [
            (found, await self.store.lists.members(user_id, found.list_id))
            for found in await self.store.lists.lists(user_id)
        ]
        return {
            "notification_preferences.json": preferences_document(preferences),
            "recognition.json": recognition_document(communities),
            "lists.json": lists_document(lists),
        }

    async def _community(self, community_id: str, user_id: str) -> CommunityRecognition:
        standing, level = await member_standing(self.store, community_id, user_id)
        mentors: dict[str, Any] = await self.store.mentorship.mentors(community_id)
        capacity, mentees = mentors.get(user_id, (None, 0))
        return CommunityRecognition(
            community_id=community_id,
            standing=standing,
            trust_level=level,
            joined_at_ms=await self.store.recognition.joined_at(community_id, user_id),
            mentor_capacity=capacity,
            mentees=mentees,
            mentor_id=await self.store.mentorship.mentor_of(community_id, user_id),
        )

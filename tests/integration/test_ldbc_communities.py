"""The LDBC SNB mini data set's groups, members and moderators, loaded through the public API."""

from __future__ import annotations

import asyncio
import csv
import uuid
from collections import defaultdict
from pathlib import Path

import pytest

from kith.communities.v1 import communities_pb2 as C
from kith_platform.errors import InvalidArgument
from kith_platform.validation import normalise_topics

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ldbc-snb-mini"


def _rows(name: str) -> list[dict]:
    with open(DATA / "dynamic" / name, newline="") as f:
        return list(csv.DictReader(f, delimiter="|"))


def _topic(tag: str) -> str | None:
    try:
        return normalise_topics([tag.replace("_", " ")[:40]], "topics", max_count=1)[0]
    except InvalidArgument:
        return None  # tag names with characters topics do not allow are left out


@pytest.mark.skipif(not DATA.exists(), reason="the shared data sets are not beside the repository")
async def test_ldbc_groups_members_and_moderators_load_through_the_api(api):
    groups = {r["id"]: r["title"] for r in _rows("forum_0_0.csv") if r["title"].startswith("Group for")}
    moderator = {r["Forum.id"]: r["Person.id"] for r in _rows("forum_hasModerator_person_0_0.csv")
                 if r["Forum.id"] in groups}
    members = defaultdict(set)
    for r in _rows("forum_hasMember_person_0_0.csv"):
        if r["Forum.id"] in groups:
            members[r["Forum.id"]].add(r["Person.id"])
    tag_names = {}
    with open(DATA / "static" / "tag_0_0.csv", newline="") as f:
        tag_names = {r["id"]: r["name"] for r in csv.DictReader(f, delimiter="|")}
    topics = defaultdict(list)
    for r in _rows("forum_hasTag_tag_0_0.csv"):
        if r["Forum.id"] in groups and (t := _topic(tag_names.get(r["Tag.id"], ""))):
            topics[r["Forum.id"]].append(t)

    run = uuid.uuid4().hex[:6]
    people = sorted(set(moderator.values()) | {p for ps in members.values() for p in ps})
    limit = asyncio.Semaphore(8)

    async def sign_up(person: str):
        async with limit:
            return person, await api.sign_up("ldbc")

    accounts = dict(await asyncio.gather(*(sign_up(p) for p in people)))

    async def create(forum: str):
        owner = accounts[moderator[forum]]
        response = await api.communities.CreateCommunity(C.CreateCommunityRequest(
            slug=f"ldbc-{forum}-{run}", name=groups[forum][:80], topics=list(dict.fromkeys(topics[forum]))[:10],
            purpose="Imported from the LDBC SNB mini data set."), metadata=owner.auth)
        return forum, response.community.community_id

    community_of = dict(await asyncio.gather(*(create(f) for f in groups)))

    async def join(forum: str, person: str):
        async with limit:
            if person != moderator[forum]:
                await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community_of[forum]),
                                                    metadata=accounts[person].auth)

    await asyncio.gather(*(join(f, p) for f, ps in members.items() for p in ps))

    assert len(community_of) == 17
    viewer = accounts[people[0]]
    for forum, community_id in community_of.items():
        got = (await api.communities.GetCommunity(C.GetCommunityRequest(community_id=community_id),
                                                  metadata=viewer.auth)).community
        expected = members[forum] | {moderator[forum]}
        assert got.member_count == len(expected), groups[forum]
        listed = await api.communities.ListMembers(C.ListMembersRequest(community_id=community_id, page_size=100),
                                                   metadata=viewer.auth)
        roles = {m.user_id: m.role for m in listed.members}
        assert roles[accounts[moderator[forum]].user_id] == C.ROLE_OWNER
        assert set(roles) == {accounts[p].user_id for p in expected}

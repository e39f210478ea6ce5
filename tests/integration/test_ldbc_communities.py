"""The LDBC SNB mini data set's groups, members and moderators (of the tests' slice), loaded
through the public API (by `kith load ldbc`'s loader), read back and compared with the CSV files
themselves."""

from __future__ import annotations

import csv
from collections import defaultdict

from kith.communities.v1 import communities_pb2 as C


async def test_ldbc_groups_members_and_moderators_load_through_the_api(api, ldbc_mini):
    def _rows(name: str) -> list[dict]:
        with open(ldbc_mini.data.directory / "dynamic" / name, newline="") as f:
            return list(csv.DictReader(f, delimiter="|"))

    groups = {r["id"]: r["title"] for r in _rows("forum_0_0.csv") if r["title"].startswith("Group for")}
    moderator = {
        r["Forum.id"]: r["Person.id"] for r in _rows("forum_hasModerator_person_0_0.csv") if r["Forum.id"] in groups
    }
    members = defaultdict(set)
    for r in _rows("forum_hasMember_person_0_0.csv"):
        if r["Forum.id"] in groups:
            members[r["Forum.id"]].add(r["Person.id"])

    assert len(groups) >= 3  # the slice has groups with members besides their moderator
    viewer = await ldbc_mini.auth(next(iter(ldbc_mini.data.persons)))
    for forum, title in groups.items():
        got = (
            await api.communities.GetCommunity(
                C.GetCommunityRequest(community_id=ldbc_mini.community_id(forum)), metadata=viewer
            )
        ).community
        expected = members[forum] | {moderator[forum]}
        assert got.name == title and got.visibility == C.VISIBILITY_PUBLIC
        assert got.member_count == len(expected), title
        assert tuple(got.topics) == ldbc_mini.data.groups[forum].topics
        roles, cursor = {}, ""
        while True:
            page = await api.communities.ListMembers(
                C.ListMembersRequest(community_id=got.community_id, page_size=100, cursor=cursor), metadata=viewer
            )
            roles |= {m.user_id: m.role for m in page.members}
            if not (cursor := page.next_cursor):
                break
        assert roles[ldbc_mini.user_id(moderator[forum])] == C.ROLE_OWNER
        assert set(roles) == {ldbc_mini.user_id(p) for p in expected}

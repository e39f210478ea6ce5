"""Whom `kith demo seed` makes the demo person know, before anything is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith_cli.demo import FOLLOWERS_NEW, FOLLOWING, FRIENDS, GROUPS, choose_cast
from kith_cli.ldbc import LdbcMini
from kith_cli.seeding import SeedState

DATA = Path(__file__).resolve().parents[3] / "data" / "ldbc-snb-mini"


@pytest.mark.skipif(not DATA.exists(), reason="the shared data sets are not beside the repository")
def test_the_cast_is_active_people_in_distinct_parts_and_the_largest_groups(tmp_path):
    data = LdbcMini(DATA)
    loaded = {
        "users": {f"ldbc_{p}": f"id-{p}" for p in data.persons},
        "posts": {p: f"post-{p}" for p in data.posts},
        "communities": {g: f"community-{g}" for g in data.groups},
    }
    state = SeedState(tmp_path / "ldbc.jsonl", {"password": "x"}, loaded)
    cast = choose_cast(data, "ldbc", state)
    again = choose_cast(data, "ldbc", state)
    assert cast == again  # the same data set, the same people

    assert (len(cast.friends), len(cast.following), len(cast.followers)) == (FRIENDS, FOLLOWING, 2 * FOLLOWERS_NEW)
    assert not set(cast.friends) & set(cast.following)
    assert cast.followers[:FOLLOWERS_NEW] == cast.following[:FOLLOWERS_NEW]  # followed back
    newcomers = set(cast.followers[FOLLOWERS_NEW:]) | {cast.requester, cast.joiner}
    assert len(newcomers) == FOLLOWERS_NEW + 2 and not newcomers & set(cast.friends + cast.following)
    # The friends are the most active writer and the people they know: their posts fill the feed.
    anchor = cast.friends[0].removeprefix("ldbc_")
    knows = {b for a, b in data.knows if a == anchor} | {a for a, b in data.knows if b == anchor}
    assert {f.removeprefix("ldbc_") for f in cast.friends[1:]} <= knows
    written = sum(1 for p in data.posts.values() if f"ldbc_{p.creator}" in cast.actors)
    assert written > 1000
    sizes = sorted((len(g.members) for g in data.groups.values()), reverse=True)
    assert [len(data.groups[g].members) for g in cast.groups] == sizes[:GROUPS]
    assert cast.inviting_group and cast.inviting_group not in cast.groups
    assert cast.shared_post and len(cast.bookmarks) == 2
    assert all(cast.names[h] and h in cast.interests for h in cast.friends)


@pytest.mark.skipif(not DATA.exists(), reason="the shared data sets are not beside the repository")
def test_only_loaded_people_are_cast(tmp_path):
    data = LdbcMini(DATA)
    people = sorted(data.persons, key=int)[:20]
    state = SeedState(tmp_path / "ldbc.jsonl", {"password": "x"}, {"users": {f"p_{p}": p for p in people}})
    cast = choose_cast(data, "p", state)
    everyone = cast.friends + cast.following + cast.followers + [cast.requester, cast.joiner]
    assert {h.removeprefix("p_") for h in everyone if h} <= set(people)
    assert not cast.groups and not cast.shared_post  # nothing of theirs was loaded

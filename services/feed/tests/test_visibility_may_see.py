"""The feed's read check against the shared visibility table (tests/visibility_cases.py): every row
through `may_see`, without servers."""

from __future__ import annotations

import pytest

from kith_feed.domain.model import PostSummary, Viewer, may_see
from tests.visibility_cases import AUTHORS, CASES, NOTES, POSTS, VIEWERS, Case

AUTHOR, READER, COMMUNITY = "author-1", "reader-1", "community-1"


def post_summary(case: Case) -> PostSummary:
    kind = POSTS[case.post]
    return PostSummary(
        post_id="post-1",
        author_id=AUTHOR,
        text="hello",
        created_at_ms=1_000,
        audience=kind.audience,
        community_id=COMMUNITY if kind.community else "",
        members_only=kind.members_only,
    )


def viewer(case: Case) -> Viewer:
    """The reader as the feed knows them (the author's mutes of them are not theirs to know)."""
    v = VIEWERS[case.viewer]
    if v.is_author:
        return Viewer(AUTHOR, communities=frozenset({COMMUNITY}))
    return Viewer(
        READER,
        following=frozenset({AUTHOR} if v.follows else ()),
        friends=frozenset({AUTHOR} if v.friends else ()),
        communities=frozenset({COMMUNITY} if v.member else ()),
        muted=frozenset({AUTHOR} if v.mutes_author else ()),
        blocked=frozenset({AUTHOR} if v.blocks_author or v.blocked_by_author else ()),  # either way
    )


def shown(case: Case) -> bool:
    # Reads drop away authors' posts (deactivated, or on the erased list) before `may_see`
    # (RedisFeedStore.readable, adapters/away.py); test_visibility_fan_out checks those flags.
    return case.author == "active" and may_see(post_summary(case), viewer(case))


@pytest.mark.parametrize("case", [c for c in CASES if c.feed is not None], ids=lambda c: c.id)
def test_may_see_answers_each_row_of_the_visibility_table(case: Case):
    assert shown(case) == case.feed


def test_only_posts_the_feed_never_receives_are_left_out():
    """Rows the feed cannot run are the held and rejected posts (no PostPublished), no others."""
    left_out = {c.post for c in CASES if c.feed is None or c.home is None}
    assert left_out == {p for p, kind in POSTS.items() if kind.review}


def test_the_table_is_well_formed_and_every_difference_between_paths_is_explained():
    for case in CASES:
        assert case.post in POSTS and case.viewer in VIEWERS and case.author in AUTHORS, case
        assert not case.note or case.note in NOTES, case
        if len({case.content, case.feed, case.home}) > 1:
            assert case.note, f"{case.id}: the paths differ, and no note says why"
    assert len({(c.post, c.viewer, c.author) for c in CASES}) == len(CASES), "a row is written twice"

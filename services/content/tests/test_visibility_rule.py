"""content's visibility rule as the domain writes it (`domain.posts.may_see`, which the in-memory
fakes apply as the SQL does) against the shared table (tests/visibility_cases.py): every published
post of an active author, without servers. Held posts, and away and erased authors, are decided
elsewhere (the review read, the away filter) and are left to the table's integration test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith_content.domain.posts import Audience, Post, may_see
from tests.visibility_cases import CASES, POSTS, VIEWERS, Case

AUTHOR, READER = "author-1", "reader-1"
ROWS = [c for c in CASES if c.author == "active" and not POSTS[c.post].review]


def _post(case: Case) -> Post:
    kind = POSTS[case.post]
    return Post(
        post_id="post-1",
        author_id=AUTHOR,
        text="hello",
        audience=Audience(kind.audience),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        community_id="community-1" if kind.community else None,
        members_only=kind.members_only,
    )


def test_the_table_has_rows_for_every_published_post_kind():
    assert {c.post for c in ROWS} == {name for name, kind in POSTS.items() if not kind.review}


@pytest.mark.parametrize("case", ROWS, ids=lambda c: c.id)
def test_content_may_see_answers_as_the_table_says(case: Case):
    v = VIEWERS[case.viewer]
    viewer_id = AUTHOR if v.is_author else READER
    seen = may_see(
        _post(case),
        viewer_id,
        follows=v.follows,
        friends=v.friends,
        member=v.member,
        blocked=v.blocks_author or v.blocked_by_author,
    )
    assert seen is case.content

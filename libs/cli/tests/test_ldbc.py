"""How the LDBC SNB data maps onto Kith before anything is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith_cli.ldbc import LdbcMini, hashtag, topic

DATA = Path(__file__).resolve().parents[3] / "data" / "ldbc-snb-mini"


def test_tag_names_become_hashtags_and_topics_or_are_left_out():
    assert hashtag("Hamid_Karzai") == "Hamid_Karzai" and hashtag("AC/DC") == "AC_DC"
    assert hashtag("1984") is None and hashtag("1_2") is None and hashtag("!!") is None
    assert topic("Hamid_Karzai") == "hamid karzai"
    assert topic("AC/DC") is None  # topics allow letters, digits, spaces, '-' and '_' only


@pytest.mark.skipif(not DATA.exists(), reason="the shared data sets are not beside the repository")
def test_the_mini_data_set_maps_onto_people_groups_and_threads():
    data = LdbcMini(DATA)
    assert (len(data.persons), len(data.knows), len(data.groups)) == (222, 825, 17)
    assert (len(data.posts), len(data.comments)) == (5924, 2218)
    assert all(g.moderator in g.members and len(g.topics) <= 10 for g in data.groups.values())
    assert all(len(p.interests) <= 30 and p.language for p in data.persons.values())
    created = [p.created for p in data.posts.values()]
    assert created == sorted(created)  # loaded oldest first
    for comment in data.comments.values():  # every reply sits one level below its parent
        if comment.parent_comment:
            parent = data.comments[comment.parent_comment]
            assert (parent.post, parent.depth + 1) == (comment.post, comment.depth)
        else:
            assert comment.depth == 1

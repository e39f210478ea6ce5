"""Tie strength without servers: decay, order independence, which events are interactions."""

from __future__ import annotations

import itertools

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as ev
from kith_graph.domain.ties import DAY_MS, combine, decay
from kith_graph.entrypoints.content_consumer import interactions

HALF = 30 * DAY_MS


def test_a_weight_halves_every_half_life():
    assert decay(8.0, 0, HALF) == 8.0
    assert decay(8.0, HALF, HALF) == pytest.approx(4.0)
    assert decay(8.0, 3 * HALF, HALF) == pytest.approx(1.0)
    assert decay(8.0, -5, HALF) == 8.0  # a clock a little behind never grows a weight


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_the_stored_tie_does_not_depend_on_arrival_order(order):
    events = [(3.0, 0), (1.0, 10 * DAY_MS), (2.0, 45 * DAY_MS), (3.0, 46 * DAY_MS)]
    weight, at = 0.0, events[order[0]][1]
    for i in order:
        weight, at = combine(weight, at, events[i][0], events[i][1], HALF)
    assert at == 46 * DAY_MS
    assert weight == pytest.approx(sum(w * 2 ** (-(46 * DAY_MS - t) / HALF) for w, t in events))


def _ts(ms: int) -> Timestamp:
    t = Timestamp()
    t.FromMilliseconds(ms)
    return t


def test_which_content_events_are_interactions():
    reply = ev.CommentAdded(
        comment_id="c",
        post_id="p",
        post_author_id="ana",
        parent_comment_id="c0",
        parent_author_id="ben",
        author_id="cat",
        mention_ids=["dan", "cat"],
        created_at=_ts(5),
    )
    assert interactions(reply) == [("reply:c", "reply", "cat", "ben", 5), ("mention:c:dan", "mention", "cat", "dan", 5)]
    own = ev.CommentAdded(comment_id="c", post_id="p", post_author_id="ana", author_id="ana", created_at=_ts(5))
    assert interactions(own) == []  # nobody builds a tie with themself
    first = ev.ReactionAdded(
        post_id="p", target_author_id="ana", user_id="ben", kind=content_pb2.REACTION_KIND_LIKE, reacted_at=_ts(7)
    )
    assert interactions(first) == [("reaction:p:ben", "reaction", "ben", "ana", 7)]
    changed = ev.ReactionAdded(
        post_id="p",
        target_author_id="ana",
        user_id="ben",
        kind=content_pb2.REACTION_KIND_LOVE,
        previous_kind=content_pb2.REACTION_KIND_LIKE,
        reacted_at=_ts(8),
    )
    assert interactions(changed) == []
    share = ev.PostShared(
        original_post_id="p", original_author_id="ana", share_post_id="s", user_id="ben", shared_at=_ts(9)
    )
    assert interactions(share) == [("share:s", "share", "ben", "ana", 9)]
    assert interactions(ev.PostDeleted(post_id="p", author_id="ana")) == []

"""Which content events are interactions, without servers (the strength itself is stored by
Cypher: test_tie_cypher.py)."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as ev
from kith_graph.entrypoints.content_consumer import interactions


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

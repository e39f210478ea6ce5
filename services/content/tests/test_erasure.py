"""Erasure without servers: UserErased reaches the handler, a malformed one is skipped, every
mirror write checks the tombstone list, and a removal by an erased moderator does not name them."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_content.adapters import sql, sql_bookmarks, sql_comment_edits, sql_drafts, sql_polls, sql_votes
from kith_content.entrypoints.consumers import communities_consumer, identity_consumer
from kith_content.service_layer.handlers import NewPost
from kith_platform import outbox
from services.content.tests.fakes import content_service

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


async def test_user_erased_erases_and_a_malformed_one_is_skipped():
    service = content_service()
    user = str(uuid.uuid4())
    await service.posts.create_post(user, NewPost("mine"))
    apply = identity_consumer("kafka:9092", service.store, service.erasure, service.moderation).apply
    await apply(
        [
            identity_events.UserDeactivated(user_id=user, deactivated_at=_ts()),
            identity_events.UserErased(user_id=user, erased_at=_ts()),
            identity_events.UserErased(user_id="not-an-id", erased_at=_ts()),
        ]
    )
    assert service.store.away == {user} and service.store.erased == {user}
    assert service.store.posts == {}


async def test_a_removal_by_an_erased_moderator_does_not_name_them():
    moderator, other, author = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    service = content_service()
    service.store.erased.add(moderator)
    community = str(uuid.uuid4())
    service.communities.set(community, author)
    posts = [await service.posts.create_post(author, NewPost("hi", community_id=community)) for _ in range(2)]
    apply = communities_consumer("kafka:9092", service.store, service.moderation).apply
    for by, post in zip((moderator, other), posts, strict=True):
        await apply(
            [
                community_events.ContentRemoved(
                    community_id=community,
                    target=communities_pb2.REPORT_TARGET_POST,
                    target_id=post.post_id,
                    removed_by=by,
                    removed_at=_ts(),
                )
            ]
        )
    assert service.store.outbox[-2:] == [
        ("PostRemoved", posts[0].post_id, ""),
        ("PostRemoved", posts[1].post_id, other),
    ]


def test_every_mirror_write_checks_the_tombstone_list():
    for statement in (
        sql.MIRROR_FOLLOW,
        sql.MIRROR_FRIEND,
        sql.MIRROR_BLOCK,
        sql.MIRROR_MEMBER,
        sql.MIRROR_USER,
        sql.MIRROR_TRUST,
    ):
        assert "erased_users" in statement


def test_erasure_touches_every_table_that_holds_user_ids():
    """A new table or column naming people must be added to the erasure (and to this list)."""
    erasure = (
        " ".join(
            v
            for m in (sql, sql_votes, sql_polls, sql_bookmarks, sql_comment_edits, sql_drafts)
            for k, v in vars(m).items()
            if isinstance(v, str) and k.isupper()
        )
        + " ".join(sql.DELETE_MIRRORED)
        + outbox.PG_PURGE_SENT_OF
    )
    for table in (
        "mirror_follows",
        "mirror_friends",
        "mirror_blocks",
        "mirror_members",
        "mirror_trust",
        "mirror_users",
        "reactions",
        "post_votes",
        "poll_votes",
        "bookmarks",
        "comment_edits",
        "drafts",
        "comments",
        "posts",
        "post_edits",
        "post_hashtags",
        "outbox",
    ):
        assert f"DELETE FROM {table}" in erasure, table
    for column in ("mention_ids", "reviewed_by"):
        assert f"SET {column} =" in erasure, column


async def test_the_erasure_log_counts_what_went_and_names_nobody(caplog):
    service = content_service()
    user, other = str(uuid.uuid4()), str(uuid.uuid4())
    await service.posts.create_post(user, NewPost("mine"))
    theirs = await service.posts.create_post(other, NewPost("theirs"))
    kept = await service.threads.add_comment(user, theirs.post_id, "", "first")
    await service.threads.add_comment(other, theirs.post_id, kept.comment_id, "reply")
    with caplog.at_level(logging.INFO, logger="kith.content"):
        await service.erasure.erase_user(user, AT)
    assert "1 posts, 0 comments deleted, 1 kept blank, 0 reactions" in caplog.text
    assert user not in caplog.text and service.store.erased == {user}

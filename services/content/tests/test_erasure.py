"""Erasure without servers: UserErased reaches the handler, a malformed one is skipped, every
mirror write checks the tombstone list, and a removal by an erased moderator does not name them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_content.adapters import sql
from kith_content.domain.ports import Erasure
from kith_content.entrypoints.consumers import communities_consumer, identity_consumer
from kith_content.service_layer.handlers import ContentHandlers
from kith_platform import outbox

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


class FakeContent:
    """Records what the consumers ask of the repository."""

    def __init__(self, erased: set[str] = frozenset()) -> None:
        self.erased = set(erased)
        self.calls: list[tuple] = []

    async def erase_user(self, user_id, at):
        self.calls.append(("erase", user_id, at))
        return Erasure()

    async def mirror(self, kind, a, b, active, at):
        self.calls.append(("mirror", kind, a, b, active))

    async def mirror_user(self, user_id, deactivated, at):
        self.calls.append(("mirror_user", user_id, deactivated))

    async def erased_among(self, user_ids):
        return {u for u in user_ids if u in self.erased}

    async def remove_post(self, community_id, post_id, by, at):
        self.calls.append(("remove_post", post_id, by))
        return True


def _handlers(content: FakeContent) -> ContentHandlers:
    return ContentHandlers(content=content, communities=None, handles=None)


async def test_user_erased_erases_and_a_malformed_one_is_skipped():
    content = FakeContent()
    user = str(uuid.uuid4())
    apply = identity_consumer("kafka:9092", _handlers(content)).apply
    await apply(
        [
            identity_events.UserDeactivated(user_id=user, deactivated_at=_ts()),
            identity_events.UserErased(user_id=user, erased_at=_ts()),
            identity_events.UserErased(user_id="not-an-id", erased_at=_ts()),
        ]
    )
    assert content.calls == [("mirror_user", user, True), ("erase", user, AT)]


async def test_a_removal_by_an_erased_moderator_does_not_name_them():
    moderator, other = str(uuid.uuid4()), str(uuid.uuid4())
    content = FakeContent(erased={moderator})
    apply = communities_consumer("kafka:9092", _handlers(content)).apply
    community, post = str(uuid.uuid4()), str(uuid.uuid4())
    for by in (moderator, other):
        await apply(
            [
                community_events.ContentRemoved(
                    community_id=community,
                    target=communities_pb2.REPORT_TARGET_POST,
                    target_id=post,
                    removed_by=by,
                    removed_at=_ts(),
                )
            ]
        )
    assert content.calls == [("remove_post", post, ""), ("remove_post", post, other)]


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
        " ".join(v for k, v in vars(sql).items() if isinstance(v, str) and k.isupper())
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
        "comments",
        "posts",
        "post_edits",
        "post_hashtags",
        "outbox",
    ):
        assert f"DELETE FROM {table}" in erasure, table
    for column in ("mention_ids", "reviewed_by"):
        assert f"SET {column} =" in erasure, column

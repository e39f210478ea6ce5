"""A safety change fails UNAVAILABLE when a mirror does not apply it in time; a join
(`holding(required=False)`) is still answered, and Kafka brings it to the late mirror."""

from __future__ import annotations

import grpc
import pytest

from kith.common.v1 import envelope_pb2
from kith_platform.errors import Unavailable
from kith_platform.events import IDENTITY_USERS, make_event
from kith_platform.mirrors import MirrorPush, collect


class LateMirror(MirrorPush):
    """Every mirror answers too late."""

    def __init__(self) -> None:
        super().__init__(["mirror:1", "mirror:2"], timeout_seconds=0.1)
        self.asked: list[str] = []

    async def _deliver(self, target, request, deadline):
        self.asked.append(target)
        raise grpc.aio.AioRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, grpc.aio.Metadata(), grpc.aio.Metadata())


def _change() -> None:
    collect(
        [
            make_event(
                topic=IDENTITY_USERS,
                aggregate_id="u1",
                producer="test",
                payload=envelope_pb2.TraceContext(request_id="r"),
            )
        ]
    )


async def test_a_safety_change_fails_when_a_mirror_is_late():
    push = LateMirror()
    with pytest.raises(Unavailable, match="saved but not yet in force"):
        async with push.holding():
            _change()
    assert push.asked == ["mirror:1", "mirror:2"]


async def test_a_change_not_required_to_hold_is_pushed_and_answered_when_a_mirror_is_late():
    push = LateMirror()
    async with push.holding(required=False):
        _change()
    assert push.asked == ["mirror:1", "mirror:2"]


async def test_a_change_that_fails_pushes_nothing():
    push = LateMirror()
    with pytest.raises(ValueError):
        async with push.holding(required=False):
            _change()
            raise ValueError("refused")
    assert push.asked == []

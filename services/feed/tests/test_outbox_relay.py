"""The relay of the feed's own events (service_layer/outbox_relay.py) on a fake outbox: in the order
written, taken out only once published, kept and due again when publishing fails."""

from __future__ import annotations

import uuid

import pytest

from kith.feed.v1 import events_pb2 as feed_events
from kith_feed.service_layer.outbox_relay import relay_outboxes
from kith_platform.events import RECOGNITION_BADGES, OutgoingEvent, make_event
from services.feed.tests.fake_community import FakeOutbox


def badge(community: str, name: str) -> bytes:
    award = feed_events.BadgeAwarded(community_id=community, user_id=str(uuid.uuid4()), badge=name)
    value = make_event(topic=RECOGNITION_BADGES, aggregate_id=community, producer="feed", payload=award).value
    assert value is not None
    return value


class Kafka:
    """Publishes into `sent`; `fail_on`: the n-th publish (from 1) raises."""

    def __init__(self, outbox: FakeOutbox, fail_on: int | None = None) -> None:
        self.outbox = outbox
        self.fail_on = fail_on
        self.sent: list[bytes] = []
        self.waiting_when_sent: list[bool] = []

    async def publish(self, event: OutgoingEvent) -> None:
        if self.fail_on is not None and len(self.sent) + 1 == self.fail_on:
            raise ConnectionError("kafka down")
        assert event.topic == RECOGNITION_BADGES and event.value is not None
        self.waiting_when_sent.append(event.value in self.outbox.boxes[event.key])
        self.sent.append(event.value)


async def test_each_communitys_events_go_out_in_order_and_leave_only_once_published():
    outbox = FakeOutbox()
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    written = {one: [badge(one, "first_post"), badge(one, "first_reply")], two: [badge(two, "helpful")]}
    for community, envelopes in written.items():
        for envelope in envelopes:
            await outbox.add(community, envelope)
    kafka = Kafka(outbox)

    assert await relay_outboxes(outbox, kafka.publish) == 3

    assert kafka.sent == [*written[one], *written[two]]
    assert kafka.waiting_when_sent == [True, True, True]
    assert outbox.boxes[one] == [] and outbox.boxes[two] == []
    assert await relay_outboxes(outbox, kafka.publish) == 0  # nothing due: nothing again


async def test_a_failed_publish_leaves_the_envelopes_and_the_community_due_again():
    outbox = FakeOutbox()
    community = str(uuid.uuid4())
    envelopes = [badge(community, "first_post"), badge(community, "first_reply")]
    for envelope in envelopes:
        await outbox.add(community, envelope)
    kafka = Kafka(outbox, fail_on=2)

    with pytest.raises(ConnectionError):
        await relay_outboxes(outbox, kafka.publish)

    assert outbox.boxes[community] == envelopes
    assert community in outbox.due and community not in outbox.locked
    kafka.fail_on = None
    assert await relay_outboxes(outbox, kafka.publish) == 2
    # The first went out twice under one event id (consumers drop the repeat); none is lost.
    assert kafka.sent == [envelopes[0], *envelopes] and outbox.boxes[community] == []


async def test_a_community_another_relay_holds_is_left_for_the_next_round():
    outbox = FakeOutbox()
    community = str(uuid.uuid4())
    await outbox.add(community, badge(community, "first_post"))
    await outbox.lock(community)
    kafka = Kafka(outbox)

    assert await relay_outboxes(outbox, kafka.publish) == 0

    assert kafka.sent == [] and community in outbox.due
    await outbox.unlock(community)
    assert await relay_outboxes(outbox, kafka.publish) == 1


async def test_more_than_a_batch_goes_out_over_several_rounds_in_order():
    outbox = FakeOutbox()
    community = str(uuid.uuid4())
    envelopes = [badge(community, f"badge-{n}") for n in range(5)]
    for envelope in envelopes:
        await outbox.add(community, envelope)
    kafka = Kafka(outbox)

    assert await relay_outboxes(outbox, kafka.publish, batch=2) == 2
    assert community in outbox.due  # a full batch: more may wait
    while await relay_outboxes(outbox, kafka.publish, batch=2):
        pass

    assert kafka.sent == envelopes and outbox.boxes[community] == []


async def test_an_entry_that_is_not_an_envelope_is_dropped_without_holding_the_others_back():
    outbox = FakeOutbox()
    community = str(uuid.uuid4())
    good = badge(community, "first_post")
    await outbox.add(community, b"\xff not an envelope")
    await outbox.add(community, good)
    kafka = Kafka(outbox)

    assert await relay_outboxes(outbox, kafka.publish) == 1

    assert kafka.sent == [good] and outbox.boxes[community] == []

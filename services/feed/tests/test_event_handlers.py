"""The stream worker's dispatch table (service_layer/events.py HANDLERS), checked without servers."""

from __future__ import annotations

import inspect

from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.service_layer import feed_updates
from kith_feed.service_layer.events import HANDLERS


def test_every_relationship_fact_goes_through_the_feeds_first():
    for event_type in feed_updates.FACTS:
        assert HANDLERS[event_type][0] is feed_updates.fact, event_type


def test_every_handler_is_a_coroutine_taking_stores_event_id_and_event():
    for event_type, handlers in HANDLERS.items():
        assert handlers, event_type
        for handle in handlers:
            assert inspect.iscoroutinefunction(handle), (event_type, handle)
            assert list(inspect.signature(handle).parameters) == ["store", "eid", "event"], (event_type, handle)


def test_the_table_covers_only_events_of_the_topics_the_worker_reads():
    modules = {m.__name__ for m in (identity_events, graph_events, community_events, content_events)}
    assert {t.__module__ for t in HANDLERS} <= modules


def test_no_handler_is_listed_twice_for_one_event_type():
    for event_type, handlers in HANDLERS.items():
        assert len(set(handlers)) == len(handlers), event_type


def test_each_concerns_public_handlers_are_all_in_the_table():
    """A handler written but not listed would never run."""
    listed = {h for handlers in HANDLERS.values() for h in handlers}
    from kith_feed.service_layer import insights, notifications, recognition

    for module in (insights, notifications, recognition, feed_updates):
        for name, fn in inspect.getmembers(module, inspect.iscoroutinefunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if list(inspect.signature(fn).parameters) == ["store", "eid", "event"]:
                assert fn in listed, f"{module.__name__}.{name} is not in HANDLERS"

"""The topic catalog is generated from the protos and kept current."""

from __future__ import annotations

from kith_cli import catalog
from kith_platform.events import ALL_TOPICS


def test_the_committed_catalog_is_current():
    assert catalog.OUT.read_text() == catalog.render(), "run `uv run python -m kith_cli.catalog`"


def test_every_topic_and_event_type_is_documented_with_an_example():
    text = catalog.render()
    for topic in ALL_TOPICS:
        assert f"## `{topic}`" in text
    for name in (
        "kith.content.v1.PostPublished",
        "kith.graph.v1.ReachOutDue",
        "kith.feed.v1.BadgeAwarded",
        "kith.communities.v1.CommunityArchived",
    ):
        assert f"### `{name}`" in text
    assert text.count("```json") == text.count("### `")

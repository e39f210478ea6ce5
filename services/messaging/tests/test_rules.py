"""Messaging rules without servers: text limits, who may write directly, read receipts, read
positions, links, mentions, group size, and events that never carry text."""

from __future__ import annotations

import pytest

from kith.messaging.v1 import events_pb2
from kith_messaging.domain.conversations import (
    GROUP_MAX,
    TEXT_MAX,
    Settings,
    State,
    WhoMayMessage,
    check_group_size,
    direct_key,
    has_link,
    may_write_directly,
    mentioned_handles,
    read_up_to,
    receipts_visible,
    validate_client_id,
    validate_emoji,
    validate_name,
    validate_text,
)
from kith_platform.errors import FailedPrecondition, InvalidArgument


@pytest.mark.parametrize("text", ["a", "x" * TEXT_MAX, "line one\nline two", "  padded  "])
def test_texts_of_one_to_4000_characters_are_accepted(text):
    assert validate_text(text) == text


@pytest.mark.parametrize("text", ["", "   ", "\n", "x" * (TEXT_MAX + 1), "nul\x00byte"])
def test_empty_too_long_or_control_texts_are_refused_naming_the_field(text):
    with pytest.raises(InvalidArgument) as refused:
        validate_text(text)
    assert refused.value.field == "text"


def test_group_names_are_trimmed_and_required():
    assert validate_name("  book   club ") == "book club"
    for bad in ("", "   ", "n" * 101):
        with pytest.raises(InvalidArgument) as refused:
            validate_name(bad)
        assert refused.value.field == "name"


def test_client_ids_are_at_most_64_characters():
    assert validate_client_id(" abc ") == "abc"
    with pytest.raises(InvalidArgument):
        validate_client_id("c" * 65)


@pytest.mark.parametrize("emoji", ["👍", "❤️", "🎉"])
def test_one_emoji_is_a_reaction(emoji):
    assert validate_emoji(emoji) == emoji


@pytest.mark.parametrize("emoji", ["", "two words", "x" * 17])
def test_anything_else_is_not_a_reaction(emoji):
    with pytest.raises(InvalidArgument):
        validate_emoji(emoji)


# (setting, the recipient follows the sender, they are friends) -> reaches them directly
WHO_MAY_WRITE = [
    (WhoMayMessage.EVERYONE, False, False, True),
    (WhoMayMessage.FOLLOWING, False, False, False),
    (WhoMayMessage.FOLLOWING, True, False, True),
    (WhoMayMessage.FOLLOWING, False, True, True),
    (WhoMayMessage.FRIENDS, True, False, False),
    (WhoMayMessage.FRIENDS, False, True, True),
    (WhoMayMessage.NOBODY, True, True, False),
]


@pytest.mark.parametrize("setting, follows, friends, direct", WHO_MAY_WRITE)
def test_who_may_write_directly(setting, follows, friends, direct):
    assert may_write_directly(setting, recipient_follows_sender=follows, friends=friends) is direct


ON, OFF = Settings(read_receipts=True), Settings(read_receipts=False)


@pytest.mark.parametrize(
    "viewer, member, state, visible",
    [
        (ON, ON, State.ACTIVE, True),
        (OFF, ON, State.ACTIVE, False),  # who turns them off sees nobody's
        (ON, OFF, State.ACTIVE, False),  # and shows nobody theirs
        (ON, ON, State.REQUEST, False),  # a pending request looks delivered, never read
        (ON, ON, State.DECLINED, False),
        (ON, ON, State.PENDING, False),
    ],
)
def test_read_receipts_go_both_ways_or_not_at_all(viewer, member, state, visible):
    assert receipts_visible(viewer, member, state) is visible


@pytest.mark.parametrize(
    "requested, last_read, last_seq, expected",
    [
        (0, 0, 10, 10),  # 0: everything so far
        (4, 0, 10, 4),
        (4, 6, 10, 6),  # never back
        (99, 2, 10, 10),  # never beyond the newest
    ],
)
def test_read_positions(requested, last_read, last_seq, expected):
    assert read_up_to(requested, last_read, last_seq) == expected


def test_a_negative_read_position_is_refused():
    with pytest.raises(InvalidArgument) as refused:
        read_up_to(-1, 0, 3)
    assert refused.value.field == "seq"


def test_groups_hold_at_most_250_members():
    check_group_size(GROUP_MAX - 2, 2)
    with pytest.raises(FailedPrecondition):
        check_group_size(GROUP_MAX - 2, 3)


def test_a_pair_has_one_key_whoever_asks():
    assert direct_key("b", "a") == direct_key("a", "b") == "a:b"


@pytest.mark.parametrize(
    "text, link",
    [
        ("see https://example.org/x", True),
        ("www.example.org", True),
        ("buy at shop.example.com", True),
        ("no link here", False),
        ("fine.Today we met", False),
        ("mail me at a@example.com", False),
    ],
)
def test_links_are_flagged(text, link):
    assert has_link(text) is link


def test_mentions_are_handles_lower_cased_without_repeats():
    assert mentioned_handles("hi @Ann and @bob_1, @ann again; mail a@b.org") == ["ann", "bob_1"]


def test_no_event_carries_a_text_or_a_name():
    for message in events_pb2.DESCRIPTOR.message_types_by_name.values():
        assert not {"text", "name", "excerpt", "body"} & {f.name for f in message.fields}, message.full_name

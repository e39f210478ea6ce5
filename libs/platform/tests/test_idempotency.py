"""The idempotency-key rule every service applies: what a key may be, the fingerprint of a
request, and when a repeat is given the first call's result, is free again, or is refused."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from kith_platform import idempotency as keys
from kith_platform.errors import FailedPrecondition, InvalidArgument

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
USER = "0b8f9a4e-2f55-4f7e-9a57-1f0f0a7d0c11"


class Colour(enum.Enum):
    RED = "red"


@dataclass(frozen=True)
class Body:
    text: str
    colour: Colour | None = None
    at: datetime | None = None
    items: tuple[tuple[str, str], ...] = ()


@pytest.mark.parametrize("key", ["a", "k" * 128, "3f2b6c1e-8a4d-4b7e-9c0f-2d1e3a4b5c6d", " ", "~!@#$%^&*()_+{}|:<>?"])
def test_keys_of_1_to_128_printable_ascii_characters_are_taken_as_sent(key):
    assert keys.validate_key(key) == key


def test_no_key_means_the_call_is_not_keyed():
    assert keys.validate_key("") is None
    assert keys.new_claim(USER, "", "CreatePost", (Body("hi"),), NOW) is None


@pytest.mark.parametrize("key", ["k" * 129, "caf\u00e9", "a\x00b", "line\nbreak", "tab\t", "\x7f", "😀", "\u200b"])
def test_other_keys_are_refused_naming_the_field(key):
    with pytest.raises(InvalidArgument) as refused:
        keys.validate_key(key)
    assert refused.value.field == "idempotency_key"
    with pytest.raises(InvalidArgument) as refused:
        keys.new_claim(USER, key, "AddComment", (), NOW, field="client_id")
    assert refused.value.field == "client_id"


def test_a_fingerprint_is_the_same_for_the_same_request_and_differs_for_any_other():
    body = Body("hi", Colour.RED, NOW, (("image", "https://img.example/a.png"),))
    same = Body("hi", Colour.RED, NOW, (("image", "https://img.example/a.png"),))
    assert keys.fingerprint("CreatePost", body) == keys.fingerprint("CreatePost", same)
    assert len(keys.fingerprint("CreatePost", body)) == 32
    others = [
        keys.fingerprint("SharePost", body),
        keys.fingerprint("CreatePost", Body("hi!", Colour.RED, NOW, body.items)),
        keys.fingerprint("CreatePost", Body("hi", None, NOW, body.items)),
        keys.fingerprint("CreatePost", Body("hi", Colour.RED, NOW + timedelta(seconds=1), body.items)),
        keys.fingerprint("CreatePost", Body("hi", Colour.RED, NOW)),
        keys.fingerprint("CreatePost", body, ""),
    ]
    assert keys.fingerprint("CreatePost", body) not in others and len(set(others)) == len(others)
    # Fields do not run into each other.
    assert keys.fingerprint("AddComment", "ab", "c") != keys.fingerprint("AddComment", "a", "bc")


def test_a_fingerprint_takes_any_text_a_request_may_carry():
    assert keys.fingerprint("CreatePost", "\x00\ud800\U0001f600", 7, 1.5, True, None, {"k": [1]})
    with pytest.raises(TypeError):
        keys.fingerprint("CreatePost", object())


def _claim(body: str = "hi", at: datetime = NOW) -> keys.NewClaim:
    claim = keys.new_claim(USER, "key-1", "CreatePost", (Body(body),), at)
    assert claim is not None
    return claim


def test_a_repeat_within_24_hours_gets_what_the_first_call_made():
    first = _claim()
    stored = keys.Claim(first.fingerprint, "post-1", first.at)
    assert keys.replayed(None, first) is None  # a key never used
    assert keys.replayed(stored, _claim(at=NOW + timedelta(hours=23, minutes=59))) == "post-1"


def test_a_key_is_free_again_after_24_hours():
    first = _claim()
    stored = keys.Claim(first.fingerprint, "post-1", first.at)
    assert keys.replayed(stored, _claim(at=NOW + keys.KEPT)) is None
    # Free for any request by then.
    assert keys.replayed(stored, _claim("something else", at=NOW + keys.KEPT + timedelta(seconds=1))) is None


def test_the_same_key_with_another_request_is_refused_not_answered_with_the_first_result():
    first = _claim()
    stored = keys.Claim(first.fingerprint, "post-1", first.at)
    with pytest.raises(FailedPrecondition) as refused:
        keys.replayed(stored, _claim("something else", at=NOW + timedelta(minutes=1)))
    assert refused.value.message.startswith("idempotency_key: ")
    with pytest.raises(FailedPrecondition) as refused:
        keys.same_request(first.fingerprint, _claim("other").fingerprint, "client_id")
    assert refused.value.message.startswith("client_id: ")
    keys.same_request(None, first.fingerprint)  # nothing kept to compare: not refused

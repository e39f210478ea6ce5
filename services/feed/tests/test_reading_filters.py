"""What a reader filters out, as one rule: which texts a muted word or phrase hides
(domain/muted_words.py), the checks on what may be muted, and posts with a content warning for a
reader who hides them (Viewer.wants). The reads that apply it are tested through the gateway
(tests/integration/test_reading_filters.py)."""

from __future__ import annotations

import pytest

from kith_feed.domain.model import PostSummary, Viewer
from kith_platform.errors import InvalidArgument
from kith_platform.reading_filters import MutedWord, mutes, normalise_phrase

NOW = 1_800_000_000_000


def word(phrase: str, whole: bool = True, expires: int = 0) -> MutedWord:
    return MutedWord(normalise_phrase(phrase), whole, expires, NOW - 1)


@pytest.mark.parametrize(
    ("muted", "text", "hidden"),
    [
        (word("cat"), "My CAT sleeps", True),
        (word("cat"), "a category of things", False),
        (word("cat", whole=False), "a category of things", True),
        (word("cat"), "cat!", True),
        (word("cat"), "#cat", True),  # a hashtag is the word too
        (word("Spoiler Alert"), "big   spoiler\nalert here", True),  # a phrase across any spaces
        (word("spoiler alert"), "spoiler, alert", False),
        (word("élan"), "with ÉLAN", True),
        (word("c++"), "I like c++ a lot", True),
        (word("cat", expires=NOW - 1), "my cat", False),  # expired
        (word("cat", expires=NOW + 1), "my cat", True),
    ],
)
def test_which_texts_a_muted_word_hides(muted, text, hidden):
    assert mutes(text, (muted,), NOW) is hidden


def test_no_words_hide_nothing_and_own_posts_are_never_hidden():
    assert not mutes("anything", (), NOW)
    reader = Viewer("me", muted_words=(word("cat"),))
    mine = PostSummary("p1", "me", "my cat", NOW)
    theirs = PostSummary("p2", "them", "my cat", NOW)
    assert reader.wants(mine, NOW) and not reader.wants(theirs, NOW)


def test_what_may_be_muted():
    assert normalise_phrase("  Big   News ") == "big news"
    for bad in ("", "   ", "x" * 101, "a\x00b"):
        with pytest.raises(InvalidArgument, match="^phrase: "):
            normalise_phrase(bad)


def test_a_reader_who_hides_content_warnings_does_not_get_such_posts_but_their_own():
    hider, shower = Viewer("me", hides_warnings=True), Viewer("you")
    warned = PostSummary("p1", "them", "the finale", NOW, content_warning="spoilers")
    own = PostSummary("p2", "me", "the finale", NOW, content_warning="spoilers")
    plain = PostSummary("p3", "them", "the finale", NOW)
    assert not hider.wants(warned, NOW) and hider.wants(own, NOW) and hider.wants(plain, NOW)
    assert shower.wants(warned, NOW)

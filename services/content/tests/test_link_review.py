"""Link review without servers: what counts as a link, and who is held."""

from __future__ import annotations

import pytest

from kith_content.domain.review import Hold, hold_for, may_hold
from kith_platform.text import contains_link


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/page",
        "HTTP://EXAMPLE.ORG",
        "plain http://10.0.0.1:8080/x works too",
        "ftp://files.example.net/a.zip",
        "[docs](https://docs.example.dev)",
        "(https://example.com)",
        "www.example.org",
        "visit www.some-shop.biz/deals today",
        "buy at cheap-pills.com now",
        "short link: bit.ly/3xYz",
        "youtu.be/dQw4w9WgXcQ",
        "shop.example.co.uk/sale",
        "EXAMPLE.COM",
        "trailing dot: example.com.",
        "example.xn--p1ai",
    ],
)
def test_links_in_text_are_found(text):
    assert contains_link(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no links here, just words",
        "write to ana@example.com",  # an e-mail address is not a link
        "the README.md and setup.py files",  # file names, not hosts
        "I use Node.js and socket programming",
        "e.g. this, i.e. that, etc.",
        "pi is 3.14159 and v1.2.3 is out",
        "that was fine.Today we go on",  # a missing space after a full stop
        "Mr.Smith said hi",
        "wait...what",
        "the #example.com hashtag",  # a hashtag, not a host
        "https://",  # a scheme without a host
        "@handle.com-less mention",
        "a path like /usr/local.bin",
    ],
)
def test_text_without_links_is_not_flagged(text):
    assert not contains_link(text)


def test_only_a_link_by_a_member_below_the_level_is_held():
    plain, linked = "hello all", "see example.com"
    assert may_hold(text=linked, hold_links_below=2, role="member")
    assert may_hold(text=plain, link="https://example.org", hold_links_below=2, role="member")
    assert not may_hold(text=plain, hold_links_below=2, role="member")  # no link
    assert not may_hold(text=linked, hold_links_below=0, role="member")  # setting off
    for role in ("moderator", "admin", "owner"):  # staff are never held
        assert not may_hold(text=linked, hold_links_below=3, role=role)
    assert hold_for(0, 2) == Hold(0, 2) and hold_for(1, 2) == Hold(1, 2)
    assert hold_for(2, 2) is None and hold_for(3, 2) is None
    assert "trust level 1" in Hold(1, 2).reason and "below level 2" in Hold(1, 2).reason

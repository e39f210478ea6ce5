"""Community rules without servers: moving, archiving, posting rights."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from kith_communities.domain import communities as rules
from kith_communities.domain.communities import Community, Nesting, PostingPolicy, Role, Visibility
from kith_platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def community(cid: str, visibility=Visibility.PUBLIC, **fields) -> Community:
    return Community(cid, f"slug-{cid}", f"Name {cid}", "", "", (), visibility, "owner", 1, NOW, **fields)


def test_a_move_needs_admins_of_both_ends_and_a_nesting():
    child, parent = community("c"), community("p")
    assert rules.check_move(child, Role.ADMIN, parent, Role.OWNER, Nesting.FULL, set()) is Nesting.FULL
    assert rules.check_move(child, Role.OWNER, None, None, None, set()) is None
    with pytest.raises(PermissionDenied):
        rules.check_move(child, Role.MODERATOR, parent, Role.OWNER, Nesting.FULL, set())
    with pytest.raises(PermissionDenied):
        rules.check_move(child, Role.OWNER, parent, Role.MEMBER, Nesting.FULL, set())
    with pytest.raises(InvalidArgument, match="nesting"):
        rules.check_move(child, Role.OWNER, parent, Role.OWNER, None, set())


def test_a_move_never_makes_a_cycle_or_a_child_more_visible_than_its_parent():
    child = community("c")
    with pytest.raises(InvalidArgument, match="parent_id"):
        rules.check_move(child, Role.OWNER, child, Role.OWNER, Nesting.PARTIAL, set())
    with pytest.raises(InvalidArgument, match="parent_id"):
        rules.check_move(child, Role.OWNER, community("g"), Role.OWNER, Nesting.PARTIAL, {"g"})
    with pytest.raises(FailedPrecondition, match="more visible"):
        rules.check_move(child, Role.OWNER, community("p", Visibility.PRIVATE), Role.OWNER, Nesting.PARTIAL, set())
    hidden = community("h", Visibility.HIDDEN)
    assert rules.check_move(hidden, Role.OWNER, community("p"), Role.OWNER, Nesting.PARTIAL, set())


def test_archived_communities_take_no_moves_and_no_posts():
    archived = replace(community("a"), archived_at=NOW, archived_with="a")
    with pytest.raises(FailedPrecondition, match="archived"):
        rules.check_move(archived, Role.OWNER, None, None, None, set())
    with pytest.raises(FailedPrecondition, match="archived"):
        rules.check_move(community("c"), Role.OWNER, archived, Role.OWNER, Nesting.PARTIAL, set())
    assert "archived" in rules.posting_refusal(PostingPolicy.ALL_MEMBERS, Role.OWNER, None, False, NOW, True)


def test_posting_refusals():
    refusal = rules.posting_refusal
    assert refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, None, False, NOW) == ""
    assert "banned" in refusal(PostingPolicy.ALL_MEMBERS, None, None, True, NOW)
    assert "only members" in refusal(PostingPolicy.ALL_MEMBERS, None, None, False, NOW)
    assert "muted" in refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, NOW + timedelta(hours=1), False, NOW)
    assert refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, NOW - timedelta(hours=1), False, NOW) == ""
    assert "only moderators" in refusal(PostingPolicy.MODERATORS_ONLY, Role.MEMBER, None, False, NOW)
    assert refusal(PostingPolicy.MODERATORS_ONLY, Role.MODERATOR, None, False, NOW) == ""


def test_comments_are_open_to_members_of_announcement_communities():
    refusal = rules.posting_refusal
    assert refusal(PostingPolicy.MODERATORS_ONLY, Role.MEMBER, None, False, NOW, commenting=True) == ""
    assert "muted" in refusal(PostingPolicy.MODERATORS_ONLY, Role.MEMBER, NOW + timedelta(hours=1), False, NOW,
                              commenting=True)

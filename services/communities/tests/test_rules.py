"""Community rules without servers: moving, archiving, posting rights."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kith_communities.domain import communities as rules
from kith_communities.domain import memberships, moderation
from kith_communities.domain.communities import Community, Nesting, PostingPolicy, Role, Visibility
from kith_platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied

NOW = datetime(2026, 1, 1, tzinfo=UTC)


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
    assert "archived" in moderation.posting_refusal(PostingPolicy.ALL_MEMBERS, Role.OWNER, None, False, NOW, True)


def test_posting_refusals():
    refusal = moderation.posting_refusal
    assert refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, None, False, NOW) == ""
    assert "banned" in refusal(PostingPolicy.ALL_MEMBERS, None, None, True, NOW)
    assert "only members" in refusal(PostingPolicy.ALL_MEMBERS, None, None, False, NOW)
    assert "muted" in refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, NOW + timedelta(hours=1), False, NOW)
    assert refusal(PostingPolicy.ALL_MEMBERS, Role.MEMBER, NOW - timedelta(hours=1), False, NOW) == ""
    assert "only moderators" in refusal(PostingPolicy.MODERATORS_ONLY, Role.MEMBER, None, False, NOW)
    assert refusal(PostingPolicy.MODERATORS_ONLY, Role.MODERATOR, None, False, NOW) == ""


def test_comments_are_open_to_members_of_announcement_communities():
    refusal = moderation.posting_refusal
    assert refusal(PostingPolicy.MODERATORS_ONLY, Role.MEMBER, None, False, NOW, commenting=True) == ""
    assert "muted" in refusal(
        PostingPolicy.MODERATORS_ONLY, Role.MEMBER, NOW + timedelta(hours=1), False, NOW, commenting=True
    )


def test_non_members_comment_only_where_a_public_community_lets_them():
    refusal = moderation.posting_refusal
    public, private = Visibility.PUBLIC, Visibility.PRIVATE
    assert (
        refusal(PostingPolicy.ALL_MEMBERS, None, None, False, NOW, commenting=True)
        == "only members comment in this community"
    )
    assert (
        refusal(
            PostingPolicy.ALL_MEMBERS,
            None,
            None,
            False,
            NOW,
            commenting=True,
            visibility=public,
            comments_from_non_members=True,
        )
        == ""
    )
    # Posts stay for members; bans, archives and non-public communities still refuse.
    assert (
        refusal(PostingPolicy.ALL_MEMBERS, None, None, False, NOW, visibility=public, comments_from_non_members=True)
        == "only members post in this community"
    )
    assert "banned" in refusal(
        PostingPolicy.ALL_MEMBERS,
        None,
        None,
        True,
        NOW,
        commenting=True,
        visibility=public,
        comments_from_non_members=True,
    )
    assert "archived" in refusal(
        PostingPolicy.ALL_MEMBERS,
        None,
        None,
        False,
        NOW,
        True,
        commenting=True,
        visibility=public,
        comments_from_non_members=True,
    )
    assert "only members comment" in refusal(
        PostingPolicy.ALL_MEMBERS,
        None,
        None,
        False,
        NOW,
        commenting=True,
        visibility=private,
        comments_from_non_members=True,
    )
    with pytest.raises(InvalidArgument, match="comments_from_non_members"):
        rules.validate_comments_from_non_members(community("p", Visibility.PRIVATE), True)
    assert rules.validate_comments_from_non_members(community("p", Visibility.PRIVATE), False) is False


def test_join_requests_answer_each_membership_question():
    asked = community("q", Visibility.PRIVATE, membership_questions=("Why?", "Where from?"))
    assert memberships.can_request_to_join(asked, None, [" To learn ", "Lisbon"]) == ("To learn", "Lisbon")
    for answers in ([], ["only one"], ["one", "two", "three"], ["one", "  "]):
        with pytest.raises(InvalidArgument, match="answers"):
            memberships.can_request_to_join(asked, None, answers)
    # Without questions, answers stay optional.
    assert memberships.can_request_to_join(community("o", Visibility.PRIVATE), None, []) == ()
    assert rules.validate_questions(["  Why  join? "]) == ("Why join?",)
    for questions in (["q"] * 6, ["x" * 301], [""]):
        with pytest.raises(InvalidArgument, match="membership_questions"):
            rules.validate_questions(questions)


def test_moderators_set_questions_and_admins_everything_else():
    assert rules.require_update_rights(Role.MODERATOR, {"membership_questions"}) is Role.MODERATOR
    with pytest.raises(PermissionDenied):
        rules.require_update_rights(Role.MEMBER, {"membership_questions"})
    for fields in ({"membership_questions", "name"}, {"comments_from_non_members"}, set()):
        with pytest.raises(PermissionDenied):
            rules.require_update_rights(Role.MODERATOR, fields)
        assert rules.require_update_rights(Role.ADMIN, fields) is Role.ADMIN


def test_an_update_names_what_changed_and_logs_the_settings():
    before = community("u")
    after = replace(
        before,
        name="New name",
        hold_links_below_trust_level=2,
        membership_questions=("Why?",),
        comments_from_non_members=True,
    )
    changed = rules.changed_fields(before, after)
    assert changed == ["name", "hold_links_below_trust_level", "membership_questions", "comments_from_non_members"]
    assert rules.update_log_entries(changed, after) == [
        ("change link review", "hold_links_below_trust_level=2"),
        ("change membership questions", "membership_questions=1"),
        ("change comments from non-members", "comments_from_non_members=true"),
    ]
    assert rules.changed_fields(before, replace(before)) == []


def test_an_invite_link_admits_only_those_who_may_join():
    child = community("c", parent_id="p", nesting=Nesting.FULL)
    memberships.check_link_join(child, False, None, Role.MEMBER)
    with pytest.raises(FailedPrecondition, match="parent"):
        memberships.check_link_join(child, False, None, None)
    with pytest.raises(PermissionDenied, match="banned"):
        memberships.check_link_join(community("b"), True, None, None)
    with pytest.raises(FailedPrecondition, match="archived"):
        memberships.check_link_join(replace(community("a"), archived_at=NOW, archived_with="a"), False, None, None)

"""The platform's trust and safety rules, as one: who may call staff RPCs and act on whom, and what
a report, a suspension, a removal and an appeal must hold (domain/trust_safety.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kith_identity.domain.trust_safety import (
    ReportReason,
    StaffRole,
    Suspension,
    TargetKind,
    may_act_on,
    require_staff,
    validate_appeal,
    validate_removal,
    validate_report,
    validate_suspension,
)
from kith_platform.errors import InvalidArgument, PermissionDenied

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "admin", "allowed"),
    [
        (None, False, False),
        (None, True, False),
        (StaffRole.MODERATOR, False, True),
        (StaffRole.MODERATOR, True, False),
        (StaffRole.ADMIN, False, True),
        (StaffRole.ADMIN, True, True),
    ],
)
def test_staff_calls_need_a_role_and_some_need_an_admin(role, admin, allowed):
    if allowed:
        assert require_staff(role, admin=admin) is role
    else:
        with pytest.raises(PermissionDenied):
            require_staff(role, admin=admin)


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        (StaffRole.MODERATOR, None, True),
        (StaffRole.MODERATOR, StaffRole.MODERATOR, False),
        (StaffRole.MODERATOR, StaffRole.ADMIN, False),
        (StaffRole.ADMIN, None, True),
        (StaffRole.ADMIN, StaffRole.MODERATOR, True),
        (StaffRole.ADMIN, StaffRole.ADMIN, True),
    ],
)
def test_only_admins_act_on_staff(actor, target, allowed):
    if allowed:
        may_act_on("a", actor, "b", target)
    else:
        with pytest.raises(PermissionDenied, match="only platform admins"):
            may_act_on("a", actor, "b", target)


def test_nobody_acts_on_themselves():
    with pytest.raises(PermissionDenied, match="their own account"):
        may_act_on("a", StaffRole.ADMIN, "a", StaffRole.ADMIN)


def test_a_report_names_its_kind_target_and_reason():
    report = validate_report("r", TargetKind.POST, "  p1 ", ReportReason.SPAM, "  buy now ")
    assert (report.target_id, report.details) == ("p1", "buy now")
    for kind, target, reason, details, field in [
        (None, "p1", ReportReason.SPAM, "", "target_kind"),
        (TargetKind.POST, " ", ReportReason.SPAM, "", "target_id"),
        (TargetKind.POST, "x" * 101, ReportReason.SPAM, "", "target_id"),
        (TargetKind.POST, "p1", None, "", "reason"),
        (TargetKind.POST, "p1", ReportReason.SPAM, "d" * 1001, "details"),
    ]:
        with pytest.raises(InvalidArgument, match=f"^{field}: "):
            validate_report("r", kind, target, reason, details)


def test_a_suspension_says_why_and_ends_in_the_future_if_at_all():
    assert validate_suspension(" spam ", None, NOW) == ("spam", None)
    later = NOW + timedelta(days=3)
    assert validate_suspension("spam", later, NOW) == ("spam", later)
    for reason, until, field in [
        ("", None, "reason"),
        ("x" * 501, None, "reason"),
        ("spam", NOW, "until"),
        ("spam", NOW + timedelta(days=3651), "until"),
    ]:
        with pytest.raises(InvalidArgument, match=f"^{field}: "):
            validate_suspension(reason, until, NOW)


def test_the_refusal_tells_the_person_why_until_when_and_how_to_appeal():
    told = Suspension(NOW, NOW + timedelta(days=7), "spam").refusal()
    assert "until 2026-12-11 12:00 UTC" in told and "spam" in told and "AppealSuspension" in told
    assert "until" not in Suspension(NOW, None, "spam").refusal().split(":")[0]


def test_an_appeal_has_text():
    assert validate_appeal("  please ") == "please"
    for text in ("", "x" * 2001):
        with pytest.raises(InvalidArgument, match="^text: "):
            validate_appeal(text)


@pytest.mark.parametrize("kind", [TargetKind.POST, TargetKind.COMMENT, TargetKind.MESSAGE, TargetKind.COMMUNITY])
def test_staff_remove_posts_comments_messages_and_communities_with_a_reason(kind):
    target = "6f1c0a52-8d55-4b8e-9d1e-3f4f4b1b2a10"
    removal = validate_removal(kind, target.upper(), "  spam  ")
    assert (removal.target_kind, removal.target_id, removal.reason) == (kind, target, "spam")


@pytest.mark.parametrize(
    ("kind", "target", "reason", "field"),
    [
        (None, "6f1c0a52-8d55-4b8e-9d1e-3f4f4b1b2a10", "spam", "target_kind"),
        (TargetKind.PROFILE, "6f1c0a52-8d55-4b8e-9d1e-3f4f4b1b2a10", "spam", "target_kind"),
        (TargetKind.POST, "", "spam", "target_id"),
        (TargetKind.POST, "not-an-id", "spam", "target_id"),
        (TargetKind.POST, "6f1c0a52-8d55-4b8e-9d1e-3f4f4b1b2a10", " ", "reason"),
        (TargetKind.POST, "6f1c0a52-8d55-4b8e-9d1e-3f4f4b1b2a10", "x" * 501, "reason"),
    ],
)
def test_a_removal_names_what_and_why(kind, target, reason, field):
    with pytest.raises(InvalidArgument) as raised:
        validate_removal(kind, target, reason)
    assert raised.value.field == field

"""The platform's trust and safety through the gateway: staff roles (granted by the operator's CLI
and by admins), the report queue, suspensions that hide an account everywhere as deactivation does
and keep it from logging in, appeals, the audit log, and PERMISSION_DENIED for everyone else."""

from __future__ import annotations

import subprocess
import uuid
from datetime import UTC, datetime, timedelta

import grpc

from kith.content.v1 import content_pb2 as P
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import trust_safety_pb2 as T
from kith_platform.events import timestamp
from kith_platform.testing import SignedUpUser, expect_status, wait_until
from tests.integration.conftest import staff_member
from tests.integration.endpoints import ROOT
from tests.integration.test_block_and_deactivation_visibility import Scene

STAFF_CALLS = {
    "ListPlatformReports": T.ListPlatformReportsRequest(),
    "ResolvePlatformReport": T.ResolvePlatformReportRequest(
        report_id=str(uuid.uuid4()), resolution=T.REPORT_RESOLUTION_DISMISSED
    ),
    "SuspendAccount": T.SuspendAccountRequest(user_id=str(uuid.uuid4()), reason="spam"),
    "LiftSuspension": T.LiftSuspensionRequest(user_id=str(uuid.uuid4())),
    "ListAppeals": T.ListAppealsRequest(),
    "DecideAppeal": T.DecideAppealRequest(appeal_id=str(uuid.uuid4())),
    "ListStaffActions": T.ListStaffActionsRequest(),
    "SetStaffRole": T.SetStaffRoleRequest(user_id=str(uuid.uuid4()), role=T.STAFF_ROLE_ADMIN),
    "ListStaff": T.ListStaffRequest(),
    "RemoveContent": T.RemoveContentRequest(
        target_kind=T.REPORT_TARGET_KIND_POST, target_id=str(uuid.uuid4()), reason="spam"
    ),
    "RestoreContent": T.RestoreContentRequest(removal_id=str(uuid.uuid4())),
}


async def _in_home(api, viewer: SignedUpUser, post_id: str, expected: bool) -> bool:
    """Whether the post's presence in the viewer's home is as expected."""
    return (post_id in await api.home_post_ids(viewer)) == expected


async def test_staff_calls_are_refused_to_everyone_else(api, safety, internal_identity):
    someone = await api.sign_up("plain")
    moderator = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    for name, request in STAFF_CALLS.items():
        await expect_status(grpc.StatusCode.PERMISSION_DENIED, getattr(safety, name)(request, metadata=someone.auth))
    for admins_only in ("ListStaffActions", "SetStaffRole"):
        await expect_status(
            grpc.StatusCode.PERMISSION_DENIED,
            getattr(safety, admins_only)(STAFF_CALLS[admins_only], metadata=moderator.auth),
        )
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, safety.ListStaff(T.ListStaffRequest()))


async def test_the_cli_grants_and_revokes_a_role_and_admins_set_roles(api, safety):
    first = await api.sign_up("admin")
    granted = subprocess.run(
        ["uv", "run", "kith", "staff", "grant", first.handle, "admin"], cwd=ROOT, capture_output=True, text=True
    )
    assert granted.returncode == 0, granted.stderr
    assert first.user_id in granted.stdout
    helper = await api.sign_up("helper")
    await safety.SetStaffRole(
        T.SetStaffRoleRequest(user_id=helper.user_id, role=T.STAFF_ROLE_MODERATOR), metadata=first.auth
    )
    staff = {m.user_id: m.role for m in (await safety.ListStaff(T.ListStaffRequest(), metadata=helper.auth)).staff}
    assert staff[first.user_id] == T.STAFF_ROLE_ADMIN and staff[helper.user_id] == T.STAFF_ROLE_MODERATOR
    await expect_status(
        grpc.StatusCode.PERMISSION_DENIED,
        safety.SetStaffRole(
            T.SetStaffRoleRequest(user_id=first.user_id, role=T.STAFF_ROLE_UNSPECIFIED), metadata=first.auth
        ),
    )
    await safety.SetStaffRole(
        T.SetStaffRoleRequest(user_id=helper.user_id, role=T.STAFF_ROLE_UNSPECIFIED), metadata=first.auth
    )
    # Taken away when the call returns: the next call of the former moderator is refused.
    await expect_status(grpc.StatusCode.PERMISSION_DENIED, safety.ListStaff(T.ListStaffRequest(), metadata=helper.auth))
    revoked = subprocess.run(
        ["uv", "run", "kith", "staff", "revoke", first.handle], cwd=ROOT, capture_output=True, text=True
    )
    assert revoked.returncode == 0, revoked.stderr
    await expect_status(grpc.StatusCode.PERMISSION_DENIED, safety.ListStaff(T.ListStaffRequest(), metadata=first.auth))
    unknown = subprocess.run(
        ["uv", "run", "kith", "staff", "grant", "no_such_handle_x", "admin"], cwd=ROOT, capture_output=True, text=True
    )
    assert unknown.returncode == 1 and "NOT_FOUND" in unknown.stderr


async def test_a_report_goes_through_the_queue_into_the_audit_log(api, safety, internal_identity):
    reporter, spammer = await api.sign_up("reporter"), await api.sign_up("spammer")
    admin = await staff_member(api, internal_identity, T.STAFF_ROLE_ADMIN)
    target = str(uuid.uuid4())
    filed = await safety.ReportToPlatform(
        T.ReportToPlatformRequest(
            target_kind=T.REPORT_TARGET_KIND_POST, target_id=target, reason=T.REPORT_REASON_SPAM, details="buy now"
        ),
        metadata=reporter.auth,
    )
    again = await safety.ReportToPlatform(
        T.ReportToPlatformRequest(target_kind=T.REPORT_TARGET_KIND_POST, target_id=target, reason=T.REPORT_REASON_SPAM),
        metadata=reporter.auth,
    )
    assert again.report_id == filed.report_id  # one open report per reporter and target
    profile_report = await safety.ReportToPlatform(
        T.ReportToPlatformRequest(
            target_kind=T.REPORT_TARGET_KIND_PROFILE, target_id=spammer.user_id, reason=T.REPORT_REASON_IMPERSONATION
        ),
        metadata=reporter.auth,
    )

    queue: list[T.PlatformReport] = []
    cursor = ""
    while True:
        page = await safety.ListPlatformReports(
            T.ListPlatformReportsRequest(
                status=T.REPORT_STATUS_OPEN, target_kind=T.REPORT_TARGET_KIND_POST, page_size=100, cursor=cursor
            ),
            metadata=admin.auth,
        )
        queue += page.reports
        if not (cursor := page.next_cursor):
            break
    mine = [r for r in queue if r.report_id == filed.report_id]
    assert [(r.target_id, r.reason, r.details, r.reporter_id) for r in mine] == [
        (target, T.REPORT_REASON_SPAM, "buy now", reporter.user_id)
    ]
    assert all(r.target_kind == T.REPORT_TARGET_KIND_POST and r.status == T.REPORT_STATUS_OPEN for r in queue)

    resolved = await safety.ResolvePlatformReport(
        T.ResolvePlatformReportRequest(
            report_id=filed.report_id, resolution=T.REPORT_RESOLUTION_DISMISSED, note="not spam"
        ),
        metadata=admin.auth,
    )
    assert resolved.report.status == T.REPORT_STATUS_DISMISSED and resolved.report.resolved_by == admin.user_id
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        safety.ResolvePlatformReport(
            T.ResolvePlatformReportRequest(report_id=filed.report_id, resolution=T.REPORT_RESOLUTION_ACTIONED),
            metadata=admin.auth,
        ),
    )
    # Acting on the profile report by suspending closes it as actioned.
    await safety.SuspendAccount(
        T.SuspendAccountRequest(user_id=spammer.user_id, reason="impersonation", report_id=profile_report.report_id),
        metadata=admin.auth,
    )
    log = await safety.ListStaffActions(T.ListStaffActionsRequest(staff_id=admin.user_id), metadata=admin.auth)
    assert [(a.action, a.target_id) for a in log.actions] == [
        ("report resolved", profile_report.report_id),
        ("account suspended", spammer.user_id),
        ("report resolved", filed.report_id),
    ]


async def test_a_suspended_account_disappears_everywhere_and_comes_back_on_appeal(api, safety, internal_identity):
    subject, viewer = await api.sign_up("subject"), await api.sign_up("viewer")
    moderator = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    scene = Scene(api, internal_identity, subject, viewer)
    await scene.set_up()
    await api.follow(viewer, subject)
    post = await api.post(subject, "before the suspension")
    await scene.settles(True, subject_active=True, what="everything visible before the suspension")
    await wait_until(
        lambda: _in_home(api, viewer, post.post_id, True), timeout=30, what="the subject's post in the viewer's home"
    )

    until = datetime.now(UTC) + timedelta(days=7)
    await safety.SuspendAccount(
        T.SuspendAccountRequest(user_id=subject.user_id, reason="harassment of other members", until=timestamp(until)),
        metadata=moderator.auth,
    )
    await scene.settles(False, subject_active=False, what="the reads of a suspended subject", at_once=True)
    assert await _in_home(api, viewer, post.post_id, False)  # their posts go with them, at once
    await expect_status(
        grpc.StatusCode.NOT_FOUND, api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=viewer.auth)
    )
    await expect_status(  # the suspended person's own token is refused when the call returns
        grpc.StatusCode.UNAUTHENTICATED,
        api.identity.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=subject.auth),
    )
    told = await expect_status(
        grpc.StatusCode.PERMISSION_DENIED,
        api.identity.Login(I.LoginRequest(login=subject.handle, password=subject.password)),
    )
    assert "suspended until" in told and "harassment of other members" in told
    await expect_status(
        grpc.StatusCode.PERMISSION_DENIED,
        api.identity.ReactivateAccount(I.ReactivateAccountRequest(login=subject.handle, password=subject.password)),
    )
    await expect_status(  # a wrong password learns nothing
        grpc.StatusCode.UNAUTHENTICATED,
        api.identity.Login(I.LoginRequest(login=subject.handle, password="not the password")),
    )

    appeal = await safety.AppealSuspension(
        T.AppealSuspensionRequest(login=subject.handle, password=subject.password, text="It was a misunderstanding.")
    )
    await expect_status(
        grpc.StatusCode.ALREADY_EXISTS,
        safety.AppealSuspension(T.AppealSuspensionRequest(login=subject.handle, password=subject.password, text="x")),
    )
    open_appeals = await safety.ListAppeals(
        T.ListAppealsRequest(status=T.APPEAL_STATUS_OPEN, page_size=100), metadata=moderator.auth
    )
    mine = [a for a in open_appeals.appeals if a.appeal_id == appeal.appeal_id]
    assert [(a.user_id, a.suspension_reason) for a in mine] == [(subject.user_id, "harassment of other members")]

    decided = await safety.DecideAppeal(
        T.DecideAppealRequest(appeal_id=appeal.appeal_id, overturn=True, note="fair enough"), metadata=moderator.auth
    )
    assert decided.appeal.status == T.APPEAL_STATUS_OVERTURNED
    back = await api.identity.Login(I.LoginRequest(login=subject.handle, password=subject.password))
    subject.access_token = back.access_token
    await scene.settles(True, subject_active=True, what="the reads once the appeal is upheld", at_once=True)
    assert await _in_home(api, viewer, post.post_id, True)


async def test_who_may_suspend_whom(api, safety, internal_identity):
    moderator = await staff_member(api, internal_identity, T.STAFF_ROLE_MODERATOR)
    admin = await staff_member(api, internal_identity, T.STAFF_ROLE_ADMIN)
    for target in (admin, moderator):
        await expect_status(
            grpc.StatusCode.PERMISSION_DENIED,
            safety.SuspendAccount(
                T.SuspendAccountRequest(user_id=target.user_id, reason="no"), metadata=moderator.auth
            ),
        )
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        safety.SuspendAccount(T.SuspendAccountRequest(user_id=str(uuid.uuid4()), reason="x"), metadata=admin.auth),
    )
    someone = await api.sign_up("someone")
    bad = [
        (T.SuspendAccountRequest(user_id=someone.user_id), "reason"),
        (T.SuspendAccountRequest(user_id="not-an-id", reason="x"), "user_id"),
        (
            T.SuspendAccountRequest(
                user_id=someone.user_id, reason="x", until=timestamp(datetime.now(UTC) - timedelta(hours=1))
            ),
            "until",
        ),
    ]
    for request, field in bad:
        await expect_status(
            grpc.StatusCode.INVALID_ARGUMENT, safety.SuspendAccount(request, metadata=admin.auth), f"{field}: "
        )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        safety.ReportToPlatform(
            T.ReportToPlatformRequest(target_id="x", reason=T.REPORT_REASON_SPAM), metadata=someone.auth
        ),
        "target_kind: ",
    )
    # An admin suspends a moderator and lifts it.
    await safety.SuspendAccount(
        T.SuspendAccountRequest(user_id=moderator.user_id, reason="review"), metadata=admin.auth
    )
    await safety.LiftSuspension(T.LiftSuspensionRequest(user_id=moderator.user_id, note="done"), metadata=admin.auth)
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        safety.LiftSuspension(T.LiftSuspensionRequest(user_id=moderator.user_id), metadata=admin.auth),
    )
    assert (await api.identity.Login(I.LoginRequest(login=moderator.handle, password=moderator.password))).access_token

"""Report handlers against in-memory fakes (no servers): filing reports, the moderators' queue,
and resolving a report with each action."""

from __future__ import annotations

import pytest

from kith_communities.domain.communities import Role, Visibility
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.communities.tests.fakes import communities_service, new_id

OWNER, MOD, ANA, BO = (new_id() for _ in range(4))
POST = new_id()


def _community(service, visibility=Visibility.PUBLIC):
    community = service.store.seed(OWNER, visibility)
    service.store.seed_member(community.community_id, MOD, Role.MODERATOR)
    service.store.seed_member(community.community_id, ANA)
    return community.community_id


async def test_anyone_who_sees_the_community_reports_and_moderators_see_the_queue():
    service = communities_service()
    community = _community(service)
    first = await service.reports.report(BO, community, "post", POST, "  spam link  ")
    second = await service.reports.report(ANA, community, "member", BO, "rude to me")
    assert service.store.outbox == [("ReportFiled", community, first), ("ReportFiled", community, second)]
    with pytest.raises(PermissionDenied):
        await service.reports.queue(ANA, community, 0, "")
    page, cursor = await service.reports.queue(MOD, community, 1, "")
    rest, end = await service.reports.queue(MOD, community, 1, cursor)
    assert [(r.report_id, r.reason) for r in page + rest] == [(first, "spam link"), (second, "rude to me")]
    assert end == ""
    with pytest.raises(NotFound, match="community_id"):
        await service.reports.report(BO, _community(service, Visibility.HIDDEN), "post", POST, "spam")


@pytest.mark.parametrize(
    ("target", "target_id", "reason", "field"),
    [("", POST, "spam", "target"), ("post", "nope", "spam", "target_id"), ("post", POST, " no ", "reason")],
)
async def test_a_report_names_its_target_and_says_what_is_wrong(target, target_id, reason, field):
    service = communities_service()
    community = _community(service)
    with pytest.raises(InvalidArgument) as refused:
        await service.reports.report(BO, community, target, target_id, reason)
    assert refused.value.field == field and service.reports_store.open == {}


async def test_an_erased_person_cannot_be_reported():
    service = communities_service()
    community = _community(service)
    service.store.erased.add(BO)
    with pytest.raises(NotFound, match="user_id"):
        await service.reports.report(ANA, community, "member", BO, "was rude")


async def test_removing_reported_content_resolves_the_report_with_the_removal():
    service = communities_service()
    community = _community(service)
    report = await service.reports.report(BO, community, "post", POST, "spam")
    with pytest.raises(PermissionDenied):
        await service.reports.resolve(ANA, community, report, "dismiss", "", None, "")
    await service.reports.resolve(MOD, community, report, "remove content", "", None, "gone")
    assert service.store.outbox[-2:] == [
        ("ReportResolved", community, report, "remove content"),
        ("ContentRemoved", community, POST),
    ]
    assert service.store.log_entries[-1].action == "resolve report: remove content"
    with pytest.raises(NotFound, match="report_id"):
        await service.reports.resolve(MOD, community, report, "dismiss", "", None, "")


async def test_a_resolution_checks_its_action_against_the_report():
    service = communities_service()
    community = _community(service)
    report = await service.reports.report(BO, community, "member", ANA, "rude")
    for action, duration, field in (("", None, "action"), ("remove content", None, "action"), ("mute", 30, "duration")):
        with pytest.raises(InvalidArgument) as refused:
            await service.reports.resolve(MOD, community, report, action, "", duration, "")
        assert refused.value.field == field
    assert report in service.reports_store.open


async def test_a_mute_is_of_a_member_and_a_ban_goes_through_the_ban_rules():
    service = communities_service()
    community = _community(service)
    on_post = await service.reports.report(ANA, community, "post", POST, "spam")
    with pytest.raises(FailedPrecondition, match="only members"):
        await service.reports.resolve(MOD, community, on_post, "mute", BO, 3600, "")
    await service.reports.resolve(MOD, community, on_post, "mute", ANA, 3600, "")
    assert service.store.memberships[(community, ANA)].muted_until is not None
    on_member = await service.reports.report(BO, community, "member", ANA, "rude")
    await service.reports.resolve(MOD, community, on_member, "ban", "", 0, "for good")
    assert service.store.role(community, ANA) is None and (community, ANA) in service.store.bans
    assert ("MemberBanned", community, ANA) in service.store.outbox
    assert service.reports_store.resolved == {on_post: "mute", on_member: "ban"}
    owner_report = await service.reports.report(BO, community, "member", OWNER, "bossy")
    with pytest.raises(PermissionDenied):
        await service.reports.resolve(MOD, community, owner_report, "ban", "", 0, "")
    assert owner_report in service.reports_store.open

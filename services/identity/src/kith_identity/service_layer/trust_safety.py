"""The platform's trust and safety use cases: reports from anyone, the staff queue, suspensions
and their end, removals of content (applied by the services holding it), appeals, staff roles
and the audit log. Who may do what is domain/trust_safety.py;
a suspension or a removal holds on every read path when the call returns (the mirrors have it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kith_identity.domain.ports import StoredCredentials, TrustSafetyStore
from kith_identity.domain.trust_safety import (
    Appeal,
    AppealStatus,
    Removal,
    Report,
    ReportReason,
    ReportStatus,
    StaffActionEntry,
    StaffMember,
    StaffRole,
    TargetKind,
    may_act_on,
    require_staff,
    validate_appeal,
    validate_note,
    validate_removal,
    validate_report,
    validate_suspension,
)
from kith_platform import cursors
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.mirrors import MirrorPush
from kith_platform.validation import page_size

PAGE_DEFAULT, PAGE_MAX = 50, 100


@dataclass
class TrustSafetyHandlers:
    store: TrustSafetyStore
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))
    mail_queued: Callable[[], None] = lambda: None  # wakes the mail sender

    async def _staff(self, user_id: str, *, admin: bool = False) -> StaffRole:
        return require_staff(await self.store.staff_role(user_id), admin=admin)

    async def _may_act_on(self, staff_id: str, user_id: str) -> str:
        role = await self._staff(staff_id)
        user_id = parse_uuid(user_id, "user_id")
        exists, target_role = await self.store.target_role(user_id)
        if not exists:
            raise NotFound(f"user_id: no user {user_id}")
        may_act_on(staff_id, role, user_id, target_role)
        return user_id

    # --- Anyone --------------------------------------------------------------------------------

    async def report(
        self, reporter_id: str, kind: TargetKind | None, target_id: str, reason: ReportReason | None, details: str
    ) -> str:
        return await self.store.file_report(validate_report(reporter_id, kind, target_id, reason, details))

    async def appeal(self, stored: StoredCredentials, text: str) -> str:
        """A suspended person (authenticated by their password: they cannot log in) appeals."""
        return await self.store.file_appeal(stored.account.user_id, validate_appeal(text))

    async def appeal_removal(self, user_id: str, removal_id: str, text: str) -> str:
        """The owner of removed content appeals (NOT_FOUND to anyone else)."""
        removal_id = parse_uuid(removal_id, "removal_id")
        return await self.store.file_removal_appeal(user_id, removal_id, validate_appeal(text))

    async def my_removals(self, user_id: str, requested: int, cursor: str) -> tuple[list[Removal], str]:
        limit = page_size(requested, default=PAGE_DEFAULT, maximum=PAGE_MAX)
        found = await self.store.owned_removals(user_id, limit + 1, cursors.decode_at(cursor))
        page = found[:limit]
        return page, cursors.encode_at(page[-1].removed_at, page[-1].removal_id) if len(found) > limit else ""

    async def owner_named(self, removal_id: str, owner_id: str) -> bool:
        """The service holding removed content named its owner (from its event): they are told."""
        try:
            removal_id, owner_id = parse_uuid(removal_id, "removal_id"), parse_uuid(owner_id, "owner_id")
        except InvalidArgument:
            return False  # not an id this platform hands out: nothing to name
        named = await self.store.name_owner(removal_id, owner_id)
        if named:
            self.mail_queued()
        return named

    # --- Staff ---------------------------------------------------------------------------------

    async def reports(
        self,
        staff_id: str,
        status: ReportStatus | None,
        kind: TargetKind | None,
        reason: ReportReason | None,
        requested: int,
        cursor: str,
    ) -> tuple[list[Report], str]:
        await self._staff(staff_id)
        limit = page_size(requested, default=PAGE_DEFAULT, maximum=PAGE_MAX)
        after = cursors.decode_at(cursor)
        found = await self.store.reports(status, kind, reason, limit + 1, after)
        page = found[:limit]
        more = len(found) > limit
        return page, cursors.encode_at(page[-1].created_at, page[-1].report_id) if more else ""

    async def resolve(self, staff_id: str, report_id: str, status: ReportStatus, note: str) -> Report:
        await self._staff(staff_id)
        return await self.store.resolve_report(
            staff_id, parse_uuid(report_id, "report_id"), status, validate_note(note)
        )

    async def suspend(self, staff_id: str, user_id: str, reason: str, until: datetime | None, report_id: str) -> None:
        user_id = await self._may_act_on(staff_id, user_id)
        reason, until = validate_suspension(reason, until, datetime.now(UTC))
        report = parse_uuid(report_id, "report_id") if report_id else None
        async with self.mirrors.holding():
            await self.store.suspend(staff_id, user_id, reason, until, report)

    async def lift(self, staff_id: str, user_id: str, note: str) -> None:
        user_id = await self._may_act_on(staff_id, user_id)
        async with self.mirrors.holding():
            if not await self.store.lift(staff_id, user_id, "lifted", validate_note(note)):
                raise NotFound(f"user_id: {user_id} is not suspended")

    async def remove(
        self, staff_id: str, kind: TargetKind | None, target_id: str, reason: str, report_id: str
    ) -> Removal:
        await self._staff(staff_id)
        removal = validate_removal(kind, target_id, reason)
        report = parse_uuid(report_id, "report_id") if report_id else None
        async with self.mirrors.holding():
            return await self.store.remove(staff_id, removal, report)

    async def restore(self, staff_id: str, removal_id: str, note: str) -> Removal:
        await self._staff(staff_id)
        removal_id = parse_uuid(removal_id, "removal_id")
        async with self.mirrors.holding():
            return await self.store.restore(staff_id, removal_id, validate_note(note))

    async def appeals(
        self, staff_id: str, status: AppealStatus | None, requested: int, cursor: str
    ) -> tuple[list[Appeal], str]:
        await self._staff(staff_id)
        limit = page_size(requested, default=PAGE_DEFAULT, maximum=PAGE_MAX)
        found = await self.store.appeals(status, limit + 1, cursors.decode_at(cursor))
        page = found[:limit]
        return page, cursors.encode_at(page[-1].created_at, page[-1].appeal_id) if len(found) > limit else ""

    async def decide(self, staff_id: str, appeal_id: str, overturn: bool, note: str) -> Appeal:
        await self._staff(staff_id)
        async with self.mirrors.holding():
            return await self.store.decide_appeal(
                staff_id, parse_uuid(appeal_id, "appeal_id"), overturn, validate_note(note)
            )

    async def audit_log(
        self, staff_id: str, of_staff: str, target_id: str, requested: int, cursor: str
    ) -> tuple[list[StaffActionEntry], str]:
        await self._staff(staff_id, admin=True)
        limit = page_size(requested, default=PAGE_DEFAULT, maximum=PAGE_MAX)
        before = cursors.decode(cursor, int)
        found = await self.store.actions(
            parse_uuid(of_staff, "staff_id") if of_staff else None,
            target_id.strip() or None,
            limit + 1,
            before[0] if before else None,
        )
        page = found[:limit]
        return page, cursors.encode(int(page[-1].action_id)) if len(found) > limit else ""

    async def set_role(self, admin_id: str, user_id: str, role: StaffRole | None) -> None:
        await self._staff(admin_id, admin=True)
        user_id = parse_uuid(user_id, "user_id")
        if user_id == admin_id and role is not StaffRole.ADMIN:
            raise PermissionDenied("an admin cannot take their own role away; another admin must")
        await self.store.set_role(admin_id, user_id, role)

    async def grant(self, handle: str, role: StaffRole | None) -> str:
        """An operator's grant (kith staff grant): no staff member is needed."""
        user_id = await self.store.user_by_handle(handle.strip())
        if user_id is None:
            raise NotFound(f"handle: no user @{handle.strip()}")
        await self.store.set_role(None, user_id, role)
        return user_id

    async def staff(self, staff_id: str) -> list[StaffMember]:
        await self._staff(staff_id)
        return await self.store.staff()

    async def lift_over(self, limit: int = 100) -> int:
        """End the suspensions whose time is over (a background job, every replica)."""
        lifted = 0
        for user_id in await self.store.suspensions_over(datetime.now(UTC), limit):
            async with self.mirrors.holding(required=False):
                lifted += await self.store.lift(None, user_id, "expired", "")
        return lifted

"""Data exports: asking for one (once a day), its status, its download, and the background job
that builds them (each service answers for its own data) and deletes them after a week."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import grpc

from kith_identity.domain.exports import (
    KEPT_FOR,
    MIN_INTERVAL,
    ArchiveError,
    ClaimedExport,
    DataExport,
    DataExportRepository,
    ExportSource,
    ExportStatus,
    build_archive,
    chunks,
    profile_document,
    sessions_document,
    settings_document,
    sha256_hex,
)
from kith_platform.errors import DomainError, FailedPrecondition, NotFound
from kith_platform.exports import iso
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.identity.exports")


class ExportTooSoon(DomainError):
    """One export a day: RESOURCE_EXHAUSTED (a quota that refills by itself, like the gateway's
    rate limits), with when the next is allowed in the message."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED

    def __init__(self, allowed_at: datetime) -> None:
        super().__init__(f"one data export a day: the next may be requested from {iso(allowed_at)}")
        self.allowed_at = allowed_at


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class DataExportHandlers:
    exports: DataExportRepository
    sources: Sequence[ExportSource]
    max_attempts: int = 3
    retry_after: timedelta = timedelta(seconds=30)  # times the attempt number
    stale_after: timedelta = timedelta(minutes=10)  # a build quiet this long was abandoned
    # Set when an export is asked for, so the job starts on it at once (in this replica).
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    # ---- the RPCs ---------------------------------------------------------------------------

    async def request(self, user_id: str) -> DataExport:
        outcome = await self.exports.add_unless_recent(str(uuid.uuid4()), user_id, _now())
        if isinstance(outcome, datetime):
            raise ExportTooSoon(outcome + MIN_INTERVAL)
        self.wake.set()
        return outcome

    async def get(self, user_id: str, export_id: str) -> DataExport:
        wanted = parse_uuid(export_id, "export_id") if export_id else None
        found = await self.exports.get(user_id, wanted, _now())
        if found is None:
            raise NotFound(f"export_id: no export {export_id}" if export_id else "export_id: no export yet")
        return found

    async def download(self, user_id: str, export_id: str) -> AsyncIterator[tuple[int, int, bytes]]:
        """(offset, size of the whole zip, chunk) of the ready export, in order."""
        export = await self.get(user_id, parse_uuid(export_id, "export_id"))
        if export.status is not ExportStatus.READY:
            raise FailedPrecondition(f"export_id: the export is {export.status.value}, not ready")
        offset = 0
        async for window in self.exports.read(user_id, export.export_id, export.size_bytes):
            for chunk in chunks(window):
                yield offset, export.size_bytes, chunk
                offset += len(chunk)

    # ---- the job ----------------------------------------------------------------------------

    async def build_due(self) -> int:
        """Build every export that is due, one at a time; returns how many were built."""
        built = 0
        while (claimed := await self.exports.claim(_now(), _now() - self.stale_after)) is not None:
            built += await self._build(claimed)
        return built

    async def _build(self, claimed: ClaimedExport) -> bool:
        try:
            archive = await self._archive(claimed)
        except Exception as exc:  # noqa: BLE001 - a service down or a bad answer: try again later
            final = claimed.attempt >= self.max_attempts
            log.warning(
                "data export %s: attempt %d failed%s: %r",
                claimed.export_id,
                claimed.attempt,
                " for good" if final else "",
                exc,
            )
            now = _now()
            await self.exports.give_up_or_retry(
                claimed, repr(exc), now, final=final, retry_at=now + self.retry_after * claimed.attempt
            )
            return False
        if archive is None:
            return False  # the account was erased meanwhile (and its exports with it)
        now = _now()
        done = await self.exports.finish(claimed, archive, sha256_hex(archive), now, now + KEPT_FOR)
        if done:
            log.info("data export ready", extra={"export_id": claimed.export_id, "size_bytes": len(archive)})
        return done

    async def _archive(self, claimed: ClaimedExport) -> bytes | None:
        own = await self.exports.user_data(claimed.user_id)
        if own is None:
            return None
        user, sessions = own
        parts = await asyncio.gather(*(source.export(claimed.user_id) for source in self.sources))
        files = {
            "profile.json": profile_document(user),
            "settings.json": settings_document(user),
            "sessions.json": sessions_document(sessions),
        }
        for source, part in zip(self.sources, parts, strict=True):
            for name, body in part.items():
                if name in files:
                    raise ArchiveError(f"{source.name} answered for {name}, which is answered for already")
                files[name] = body
        return build_archive(
            files,
            export_id=claimed.export_id,
            user_id=claimed.user_id,
            requested_at=claimed.requested_at,
            generated_at=_now(),
        )

    async def delete_expired(self) -> int:
        return await self.exports.delete_expired(_now())

    async def run_job(self, interval_seconds: float) -> None:
        """The background loop: build what is due and delete what has expired, then wait for
        the interval (or for a request in this replica). Every replica may run it: a claim
        takes one export (SKIP LOCKED)."""
        while True:
            self.wake.clear()  # a request from now on wakes the wait below
            try:
                await self.build_due()
                await self.delete_expired()
            except Exception as exc:  # noqa: BLE001 - PostgreSQL down: try again next round
                log.warning("data export job failed, retrying: %r", exc)
            try:
                await asyncio.wait_for(self.wake.wait(), interval_seconds)
            except TimeoutError:
                pass

"""Unit tests of data exports (no network): the zip and its files, the chunks, the daily limit,
and the job with in-memory fakes of its store and of the services' parts."""

from __future__ import annotations

import base64
import io
import json
import os
import zipfile
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from kith_identity.domain.exports import (
    ARCHIVE_FILES,
    CHUNK_BYTES,
    MANIFEST,
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
)
from kith_identity.service_layer.exports import DataExportHandlers
from kith_platform.errors import FailedPrecondition, NotFound

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
USER, OTHER = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
USER_ROW = {
    "id": USER,
    "handle": "ana",
    "email": "ana@example.org",
    "display_name": "Ana",
    "bio": "hi",
    "avatar_url": "",
    "location": "",
    "language": "pt",
    "interests": ["chess"],
    "profile_visibility": "public",
    "created_at": NOW,
    "profile_updated_at": None,
    "password_changed_at": None,
    "deactivated_at": None,
    "erase_after": None,
}
SESSION_ROW = {
    "id": "33333333-3333-4333-8333-333333333333",
    "created_at": NOW,
    "last_refreshed_at": None,
    "expires_at": NOW + timedelta(days=30),
    "revoked_at": None,
    "revoked_reason": None,
}


def _files(**overrides: bytes) -> dict[str, bytes]:
    files = {name: json.dumps({"from": source}).encode() for name, source in ARCHIVE_FILES.items()}
    return {**files, **overrides}


def _unzip(archive: bytes) -> dict[str, dict]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {name: json.loads(z.read(name)) for name in z.namelist()}


def test_the_archive_has_a_manifest_then_every_file_in_order():
    archive = build_archive(_files(), export_id="e1", user_id=USER, requested_at=NOW, generated_at=NOW)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.namelist() == [MANIFEST, *ARCHIVE_FILES]
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in z.infolist())
    manifest = _unzip(archive)[MANIFEST]
    assert (manifest["format"], manifest["export_id"], manifest["user_id"]) == ("kith-data-export/1", "e1", USER)
    assert manifest["generated_at"] == "2026-12-03T10:00:00Z"
    assert [(f["name"], f["source"]) for f in manifest["files"]] == list(ARCHIVE_FILES.items())


def test_the_same_files_make_the_same_zip():
    def make() -> bytes:
        return build_archive(_files(), export_id="e1", user_id=USER, requested_at=NOW, generated_at=NOW)

    assert make() == make()


@pytest.mark.parametrize(
    "files",
    [
        {k: v for k, v in _files().items() if k != "posts.json"},  # a service's file missing
        _files(**{"extra.json": b"{}"}),  # a file nobody documented
        _files(**{"posts.json": b"not json"}),
        _files(**{"posts.json": b"[1, 2]"}),  # every file is a JSON object
        _files(**{"posts.json": b"\xff\xfe"}),
    ],
)
def test_an_archive_with_a_bad_part_is_refused(files):
    with pytest.raises(ArchiveError):
        build_archive(files, export_id="e1", user_id=USER, requested_at=NOW, generated_at=NOW)


def test_chunks_are_at_most_64_kib_and_rebuild_the_window():
    window = bytes(range(256)) * 1000  # 256,000 bytes
    pieces = list(chunks(window))
    assert all(len(p) <= CHUNK_BYTES for p in pieces) and len(pieces) == 4
    assert b"".join(pieces) == window
    assert list(chunks(b"")) == []


def test_identitys_own_files_leave_out_secrets():
    row = {**USER_ROW, "password_hash": "$argon2id$secret"}
    files = {
        "profile": profile_document(row),
        "settings": settings_document(row),
        "sessions": sessions_document([SESSION_ROW]),
    }
    text = b"".join(files.values()).decode()
    assert "argon2" not in text and "token" not in text
    assert json.loads(files["settings"])["settings"]["email"] == "ana@example.org"
    assert json.loads(files["profile"])["profile"]["interests"] == ["chess"]
    (session,) = json.loads(files["sessions"])["sessions"]
    assert session["session_id"] == SESSION_ROW["id"] and session["expires_at"] == "2027-01-02T10:00:00Z"


def test_the_next_request_is_allowed_a_day_after_the_last_one_that_counts():
    export = DataExport("e1", USER, ExportStatus.READY, NOW, last_counted_request=NOW - timedelta(hours=2))
    assert export.next_request_allowed_at == NOW + timedelta(hours=22)
    failed_only = DataExport("e2", USER, ExportStatus.FAILED, NOW, last_counted_request=None)
    assert failed_only.next_request_allowed_at == NOW


# ---- the handlers and the job, on fakes --------------------------------------------------------


class FakeExports(DataExportRepository):
    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    async def add_unless_recent(self, export_id, user_id, now):
        since = now - timedelta(days=1)
        counted = [
            r["requested_at"]
            for r in self.rows.values()
            if r["user_id"] == user_id and r["status"] != "failed" and r["requested_at"] > since
        ]
        if counted:
            return max(counted)
        self.rows[export_id] = {
            "user_id": user_id,
            "status": "pending",
            "requested_at": now,
            "attempts": 0,
            "archive": None,
            "expires_at": None,
        }
        return DataExport(export_id, user_id, ExportStatus.PENDING, now, last_counted_request=now)

    async def get(self, user_id, export_id, now):
        found = [
            (i, r)
            for i, r in self.rows.items()
            if r["user_id"] == user_id
            and (export_id in (None, i))
            and (r["expires_at"] is None or r["expires_at"] > now)
        ]
        if not found:
            return None
        i, r = max(found, key=lambda ir: ir[1]["requested_at"])
        return DataExport(
            i,
            user_id,
            ExportStatus(r["status"]),
            r["requested_at"],
            expires_at=r["expires_at"],
            size_bytes=len(r["archive"] or b""),
        )

    async def read(self, user_id, export_id, size_bytes):
        archive = self.rows[export_id]["archive"]
        for start in range(0, size_bytes, 3 * CHUNK_BYTES):
            yield archive[start : start + 3 * CHUNK_BYTES]

    async def claim(self, now, stale_before):
        for i, r in sorted(self.rows.items(), key=lambda ir: ir[1]["requested_at"]):
            if r["status"] == "pending" and (r.get("retry_at") is None or r["retry_at"] <= now):
                r["status"], r["attempts"] = "building", r["attempts"] + 1
                return ClaimedExport(i, r["user_id"], r["requested_at"], r["attempts"])
        return None

    async def user_data(self, user_id):
        return ({**USER_ROW, "id": user_id}, [SESSION_ROW]) if user_id != "erased" else None

    async def finish(self, claimed, archive, sha256, ready_at, expires_at):
        self.rows[claimed.export_id].update(status="ready", archive=archive, expires_at=expires_at)
        return True

    async def give_up_or_retry(self, claimed, error, now, *, final, retry_at):
        self.rows[claimed.export_id].update(status="failed" if final else "pending", retry_at=retry_at, error=error)

    async def delete_expired(self, now):
        gone = [i for i, r in self.rows.items() if r["expires_at"] is not None and r["expires_at"] <= now]
        for i in gone:
            del self.rows[i]
        return len(gone)


class FakeSource(ExportSource):
    def __init__(self, name: str, files: dict[str, bytes], failures: int = 0) -> None:
        self.name, self.files, self.failures = name, files, failures

    async def export(self, user_id):
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError(f"{self.name} is down")
        return self.files


def _sources(content_failures: int = 0) -> list[FakeSource]:
    parts = {}
    for name, source in ARCHIVE_FILES.items():
        if source != "identity":
            noise = base64.b64encode(os.urandom(30_000)).decode()  # does not compress: several chunks
            parts.setdefault(source, {})[name] = json.dumps({"file": name, "noise": noise}).encode()
    return [FakeSource(s, files, content_failures if s == "content" else 0) for s, files in parts.items()]


async def test_a_requested_export_is_built_and_downloaded_in_order():
    handlers = DataExportHandlers(FakeExports(), _sources())
    export = await handlers.request(USER)
    with pytest.raises(FailedPrecondition):  # not built yet
        [c async for c in handlers.download(USER, export.export_id)]
    assert await handlers.build_due() == 1
    pieces = [p async for p in handlers.download(USER, export.export_id)]
    archive = b"".join(chunk for _, _, chunk in pieces)
    assert [offset for offset, _, _ in pieces] == [i * CHUNK_BYTES for i in range(len(pieces))]
    assert all(size == len(archive) for _, size, _ in pieces) and len(pieces) > 1
    files = _unzip(archive)
    assert files["posts.json"]["file"] == "posts.json" and files["profile.json"]["profile"]["handle"] == "ana"


async def test_a_second_request_within_a_day_is_resource_exhausted_naming_when():
    handlers = DataExportHandlers(FakeExports(), _sources())
    first = await handlers.request(USER)
    with pytest.raises(Exception) as info:
        await handlers.request(USER)
    assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    allowed = first.requested_at + timedelta(days=1)
    assert allowed.isoformat().replace("+00:00", "Z") in info.value.message
    await handlers.request(OTHER)  # the limit is per person


async def test_only_the_owner_finds_an_export():
    handlers = DataExportHandlers(FakeExports(), _sources())
    export = await handlers.request(USER)
    await handlers.build_due()
    with pytest.raises(NotFound):
        await handlers.get(OTHER, export.export_id)
    with pytest.raises(NotFound):
        [c async for c in handlers.download(OTHER, export.export_id)]
    assert (await handlers.get(USER, "")).export_id == export.export_id


async def test_a_service_down_is_retried_then_the_export_fails_and_a_new_request_is_allowed():
    store = FakeExports()
    handlers = DataExportHandlers(store, _sources(content_failures=5), max_attempts=3, retry_after=timedelta(0))
    export = await handlers.request(USER)
    assert await handlers.build_due() == 0
    assert store.rows[export.export_id]["status"] == "failed"
    assert store.rows[export.export_id]["attempts"] == 3
    assert (await handlers.request(USER)).export_id != export.export_id  # failed ones do not count


async def test_a_service_down_once_only_delays_the_export():
    store = FakeExports()
    handlers = DataExportHandlers(store, _sources(content_failures=1), retry_after=timedelta(0))
    export = await handlers.request(USER)
    assert await handlers.build_due() == 1
    assert store.rows[export.export_id]["status"] == "ready"


async def test_two_services_answering_for_one_file_fail_the_build():
    sources = [*_sources(), FakeSource("rogue", {"posts.json": b"{}"})]
    store = FakeExports()
    handlers = DataExportHandlers(store, sources, max_attempts=1)
    export = await handlers.request(USER)
    await handlers.build_due()
    assert store.rows[export.export_id]["status"] == "failed"
    assert "answered for already" in store.rows[export.export_id]["error"]


async def test_expired_exports_are_deleted():
    store = FakeExports()
    handlers = DataExportHandlers(store, _sources())
    export = await handlers.request(USER)
    await handlers.build_due()
    store.rows[export.export_id]["expires_at"] = NOW  # long past
    assert await handlers.delete_expired() == 1
    with pytest.raises(NotFound):
        await handlers.get(USER, export.export_id)

"""Data exports: the rules (one a day, kept a week), the archive's layout and its zip, and the
ports the export job needs (its store, and each service answering for its own data)."""

from __future__ import annotations

import enum
import hashlib
import io
import json
import zipfile
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kith_identity.domain.privacy import SETTINGS
from kith_platform.exports import iso, json_document

FORMAT = "kith-data-export/1"
MIN_INTERVAL = timedelta(hours=24)  # one export a day (failed ones do not count)
KEPT_FOR = timedelta(days=7)  # a ready (or failed) export is deleted this long after
CHUNK_BYTES = 64 * 1024  # DownloadDataExport's chunks

# Every file of the archive, in the order written, with the service that answers for it.
# docs/data-export.md describes each one's fields.
ARCHIVE_FILES: dict[str, str] = {
    "profile.json": "identity",
    "settings.json": "identity",
    "sessions.json": "identity",
    "posts.json": "content",
    "comments.json": "content",
    "reactions.json": "content",
    "votes.json": "content",
    "bookmarks.json": "content",
    "drafts.json": "content",
    "read_positions.json": "content",
    "media.json": "content",
    "connections.json": "graph",
    "memberships.json": "communities",
    "events.json": "communities",
    "notification_preferences.json": "feed",
    "recognition.json": "feed",
    "lists.json": "feed",
    "conversations.json": "messaging",
    "messages.json": "messaging",
    "message_reactions.json": "messaging",
}
MANIFEST = "manifest.json"


class ExportStatus(enum.Enum):
    PENDING = "pending"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class DataExport:
    export_id: str
    user_id: str
    status: ExportStatus
    requested_at: datetime
    ready_at: datetime | None = None
    expires_at: datetime | None = None
    size_bytes: int = 0
    sha256: str = ""
    # The newest request of the same person that counts towards the daily limit.
    last_counted_request: datetime | None = None

    @property
    def next_request_allowed_at(self) -> datetime:
        last = self.last_counted_request
        return self.requested_at if last is None else last + MIN_INTERVAL


@dataclass(frozen=True)
class ClaimedExport:
    """An export the job has taken to build (attempt `attempt`)."""

    export_id: str
    user_id: str
    requested_at: datetime
    attempt: int


class ArchiveError(Exception):
    """A service's answer cannot go into the archive (a missing file, or not JSON)."""


def build_archive(
    files: dict[str, bytes], *, export_id: str, user_id: str, requested_at: datetime, generated_at: datetime
) -> bytes:
    """The zip: manifest.json, then every file of ARCHIVE_FILES (each must be present and be a
    JSON object). Entries are deflated and stamped with `generated_at`."""
    missing = [name for name in ARCHIVE_FILES if name not in files]
    unexpected = [name for name in files if name not in ARCHIVE_FILES]
    if missing or unexpected:
        raise ArchiveError(f"archive files missing {missing}, unexpected {unexpected}")
    for name, body in files.items():
        try:
            document = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArchiveError(f"{name} is not JSON: {exc}") from None
        if not isinstance(document, dict):
            raise ArchiveError(f"{name} is not a JSON object")
    manifest = json_document(
        {
            "format": FORMAT,
            "export_id": export_id,
            "user_id": user_id,
            "requested_at": iso(requested_at),
            "generated_at": iso(generated_at),
            "files": [
                {"name": name, "source": source, "bytes": len(files[name])} for name, source in ARCHIVE_FILES.items()
            ],
        }
    )
    stamp = generated_at.utctimetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in ((MANIFEST, manifest), *((n, files[n]) for n in ARCHIVE_FILES)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return out.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunks(window: bytes, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """`window` cut into pieces of at most `size` bytes."""
    for start in range(0, len(window), size):
        yield window[start : start + size]


# ---- identity's own files -------------------------------------------------------------------


def profile_document(user: dict[str, Any]) -> bytes:
    return json_document(
        {
            "profile": {
                "user_id": user["id"],
                "handle": user["handle"],
                "display_name": user["display_name"],
                "bio": user["bio"],
                "avatar_url": user["avatar_url"],
                "location": user["location"],
                "language": user["language"],
                "interests": list(user["interests"]),
                "created_at": user["created_at"],
                "updated_at": user["profile_updated_at"],
            }
        }
    )


def settings_document(user: dict[str, Any]) -> bytes:
    return json_document(
        {
            "settings": {
                "email": user["email"],
                "profile_visibility": user["profile_visibility"],
                "password_changed_at": user["password_changed_at"],
                "deactivated_at": user["deactivated_at"],
                "deletion_scheduled_for": user["erase_after"],
                # Who may find, mention, see the lists of and invite the person (unset: everyone).
                "privacy": {name: user.get(name) or "everyone" for name in SETTINGS},
            }
        }
    )


def sessions_document(sessions: list[dict[str, Any]]) -> bytes:
    """Sessions without their tokens (identity keeps only hashes of refresh tokens anyway)."""
    return json_document(
        {
            "sessions": [
                {
                    "session_id": s["id"],
                    "created_at": s["created_at"],
                    "last_refreshed_at": s["last_refreshed_at"],
                    "expires_at": s["expires_at"],
                    "ended_at": s["revoked_at"],
                    "ended_because": s["revoked_reason"],
                }
                for s in sessions
            ]
        }
    )


# ---- ports ------------------------------------------------------------------------------------


class DataExportRepository(ABC):
    @abstractmethod
    async def add_unless_recent(self, export_id: str, user_id: str, now: datetime) -> DataExport | datetime:
        """Store a pending export, unless the person asked for one (not failed) since
        now - MIN_INTERVAL: then return when that one was asked for. Serialised per person."""

    @abstractmethod
    async def get(self, user_id: str, export_id: str | None, now: datetime) -> DataExport | None:
        """The person's export (their latest when `export_id` is None); None for another's, an
        unknown or an expired one."""

    @abstractmethod
    def read(self, user_id: str, export_id: str, size_bytes: int) -> AsyncIterator[bytes]:
        """The ready export's zip (of `size_bytes`), in windows of whole chunks; NotFound when it
        is deleted (expired, erased) before the end."""

    @abstractmethod
    async def claim(self, now: datetime, stale_before: datetime) -> ClaimedExport | None:
        """Take the oldest pending export due (or one whose builder vanished: building since
        before `stale_before`) and mark it building; None when there is none."""

    @abstractmethod
    async def user_data(self, user_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """Identity's own data of the person: the user row and their sessions (None once erased)."""

    @abstractmethod
    async def finish(
        self, claimed: ClaimedExport, archive: bytes, sha256: str, ready_at: datetime, expires_at: datetime
    ) -> bool:
        """Store the archive and mark the export ready (False when it is gone or was taken over)."""

    @abstractmethod
    async def give_up_or_retry(
        self, claimed: ClaimedExport, error: str, now: datetime, *, final: bool, retry_at: datetime
    ) -> None:
        """Put the export back (pending from `retry_at`), or mark it failed when `final`."""

    @abstractmethod
    async def delete_expired(self, now: datetime) -> int:
        """Delete the exports whose time is up; returns how many."""


class ExportSource(ABC):
    """One service's part of the archive."""

    name: str

    @abstractmethod
    async def export(self, user_id: str) -> dict[str, bytes]:
        """Archive file name -> its JSON document, for the files this service answers for."""

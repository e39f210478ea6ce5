"""Bookmarks: what a folder's name must hold."""

from __future__ import annotations

from kith_platform.validation import check_text

FOLDER_MAX = 50


def validate_folder(name: str) -> str:
    """A folder's name, trimmed (one line, up to FOLDER_MAX characters); "" is no folder."""
    return " ".join(check_text(name, "folder", max_length=FOLDER_MAX).split())

"""The feed's Redis scripts (adapters/lua/<name>.lua), each with a header saying what it does and
why it must be one atomic script."""

from __future__ import annotations

from pathlib import Path

_DIRECTORY = Path(__file__).parent / "lua"


def lua(name: str) -> str:
    """The text of lua/<name>.lua."""
    return (_DIRECTORY / f"{name}.lua").read_text()

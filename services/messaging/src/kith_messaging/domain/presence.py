"""Presence rules: who may see whether a person is online, or when they were last seen."""

from __future__ import annotations

from dataclasses import dataclass

from kith_platform.errors import InvalidArgument

ASKED_MAX = 100  # people per GetPresence
CHANGED_MAX = 1000  # people per PresenceChanged (the live edge's batches)


@dataclass(frozen=True)
class Pair:
    """What decides whether `viewer` sees `subject`'s presence (from messaging's mirrors and
    settings)."""

    friends: bool
    # No block either way between them, and the subject is neither deactivated nor erased.
    reachable: bool
    viewer_hides: bool
    subject_hides: bool


def visible(pair: Pair) -> bool:
    """Friends only, never across a block or of someone away; hiding one's presence hides it
    from everyone and hides everyone's from oneself (both ways, like read receipts)."""
    return pair.friends and pair.reachable and not pair.subject_hides and not pair.viewer_hides


def shown(online: bool, last_seen_ms: int | None) -> bool:
    """Whether there is anything to show: someone never seen is absent from answers, exactly
    like someone whose presence may not be seen (nobody learns which of the two it is)."""
    return online or last_seen_ms is not None


def check_asked(count: int, maximum: int = ASKED_MAX) -> None:
    if count == 0:
        raise InvalidArgument("user_ids", "is required")
    if count > maximum:
        raise InvalidArgument("user_ids", f"at most {maximum} people at a time")

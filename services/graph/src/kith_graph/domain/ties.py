"""Tie strength: an interaction weight per ordered pair (who acted towards whom) that decays
exponentially with a half-life, from content events (comments, replies, reactions, mentions,
shares). The tie between two people is the sum of both directions.

    strength(now) = sum over interactions of weight(kind) * 2 ** (-(now - at) / half_life)

Stored incrementally as (weight as of `at`, `at`), so an interaction that arrives late (out of
order) is decayed to the stored time instead: the result does not depend on arrival order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WEIGHTS = {"comment": 3.0, "reply": 3.0, "mention": 2.0, "share": 2.0, "reaction": 1.0}
DAY_MS = 86_400_000


def decay(weight: float, elapsed_ms: int, half_life_ms: int) -> float:
    return weight * 2.0 ** (-max(elapsed_ms, 0) / half_life_ms)


def combine(weight: float, at_ms: int, added: float, event_ms: int, half_life_ms: int) -> tuple[float, int]:
    """Fold one interaction into a stored (weight, at); the same as the Cypher that stores it."""
    if event_ms >= at_ms:
        return decay(weight, event_ms - at_ms, half_life_ms) + added, event_ms
    return weight + decay(added, at_ms - event_ms, half_life_ms), at_ms


@dataclass(frozen=True)
class Tie:
    user_id: str
    strength: float  # both directions, decayed to now
    strength_at_last: float  # both directions, as of each direction's last interaction
    interactions: int
    last_interaction_at: datetime | None

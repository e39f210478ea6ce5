"""Tie strength: an interaction weight per ordered pair (who acted towards whom) that decays
exponentially with a half-life, from content events (comments, replies, reactions, mentions,
shares). The tie between two people is the sum of both directions.

    strength(now) = sum over interactions of weight(kind) * 2 ** (-(now - at) / half_life)

Stored incrementally as (weight as of `at`, `at`), so an interaction that arrives late (out of
order) is decayed to the stored time instead: the result does not depend on arrival order. The
formula lives in the Cypher that stores and reads it (adapters/cypher_care.py), and
tests/test_tie_cypher.py runs it on Neo4j. The weights of each kind of interaction are
kith_platform.interactions.WEIGHTS, which the feed's affinity uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

DAY_MS = 86_400_000


@dataclass(frozen=True)
class Tie:
    user_id: str
    strength: float  # both directions, decayed to now
    strength_at_last: float  # both directions, as of each direction's last interaction
    interactions: int
    last_interaction_at: datetime | None

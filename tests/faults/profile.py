"""How hard the fault suite pushes: one profile per way of running it, chosen by KITH_FAULTS.

- `quick`: inside `make test`, where the whole suite must stay well under 20 minutes;
- `standard`: `make test-faults` (under 15 minutes);
- `long`: `make test-faults FAULTS=long`: ten Kafka node kills, the active controller each time
  (so leadership goes round the nodes), while at least 20,000 writes are acknowledged.

The stream worker's own run (test_fan_out_under_kills.py): `standard` and `long` kill it 30 times
while 100,000 posts are fanned out (so the standard fault suite kills it 10 times among its other
faults, the long one 30).

Any figure can be set on its own with KITH_FAULT_<NAME> (e.g. KITH_FAULT_WORKER_KILLS=12), which
wins over the profile."""

from __future__ import annotations

import os

import pytest

PROFILE = os.environ.get("KITH_FAULTS", "standard")
PROFILES: dict[str, dict[str, float]] = {
    "quick": {"worker_kills": 2, "kafka_kills": 1, "writes_per_second": 12, "min_writes": 0, "media_kills": 3},
    "standard": {"worker_kills": 10, "kafka_kills": 3, "writes_per_second": 12, "min_writes": 0, "media_kills": 6},
    "long": {"worker_kills": 30, "kafka_kills": 10, "writes_per_second": 40, "min_writes": 20_000, "media_kills": 6},
}
# test_network_faults.py (Toxiproxy): how long each toxic stays on, how many times each kind is put
# on each pair, and the writes per second sent to each pair's instance.
NETWORK = {
    "quick": {"network_fault_seconds": 3, "network_rounds": 1, "network_writes_per_second": 3},
    "standard": {"network_fault_seconds": 6, "network_rounds": 2, "network_writes_per_second": 4},
    "long": {"network_fault_seconds": 10, "network_rounds": 4, "network_writes_per_second": 6},
}
for _name, _figures in NETWORK.items():
    PROFILES[_name].update(_figures)
# test_fan_out_under_kills.py: posts published straight to Kafka, and stream worker kills meanwhile.
FAN_OUT = {
    "quick": {"fan_out_posts": 2_000, "fan_out_kills": 3},
    "standard": {"fan_out_posts": 100_000, "fan_out_kills": 30},
    "long": {"fan_out_posts": 100_000, "fan_out_kills": 30},
}
for _name, _figures in FAN_OUT.items():
    PROFILES[_name].update(_figures)
if PROFILE not in PROFILES:
    raise SystemExit(f"KITH_FAULTS={PROFILE!r}: one of {', '.join(PROFILES)}")


# Left out of `make test` (the quick profile), whose whole suite must stay well under 20 minutes:
# they run in `make test-faults`. The fault suite and the fan-out run stay in `make test`.
def not_in_make_test(why: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(PROFILE == "quick", reason=f"{why}: run by make test-faults, not make test")


def figure(name: str) -> float:
    """The profile's value of `name`, unless KITH_FAULT_<NAME> sets it."""
    return float(os.environ.get(f"KITH_FAULT_{name.upper()}", PROFILES[PROFILE][name]))

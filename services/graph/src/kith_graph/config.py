"""Graph settings from the environment."""

from __future__ import annotations

from kith_platform.settings import KafkaSettings, MirrorSettings, Neo4jSettings, ServiceSettings


class GraphSettings(ServiceSettings, Neo4jSettings, KafkaSettings, MirrorSettings):
    service_name: str = "graph"
    grpc_port: int = 50052
    # Relationship facts are mirrored by identity, communities, content and the feed API.
    mirror_addrs: str = "127.0.0.1:50051,127.0.0.1:50053,127.0.0.1:50054,127.0.0.1:50055,127.0.0.1:50057"
    # Tie strength: the half-life of an interaction's weight, and when a close tie counts as quiet.
    tie_half_life_days: float = 30.0
    keep_in_touch_after_days: float = 21.0
    keep_in_touch_min_strength: float = 5.0
    # How often due reach-out reminders and keep-in-touch nudges are looked for.
    reminders_interval_seconds: float = 30.0
    # How often erasures are finished: users erased in the last `erasure_sweep_window_seconds`
    # erased again, sent outbox nodes that still mention erased users deleted.
    erasure_interval_seconds: float = 5.0
    erasure_sweep_window_seconds: float = 60.0

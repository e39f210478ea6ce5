"""Graph settings from the environment."""

from __future__ import annotations

from kith_platform.settings import KafkaSettings, Neo4jSettings, ServiceSettings


class GraphSettings(ServiceSettings, Neo4jSettings, KafkaSettings):
    service_name: str = "graph"
    grpc_port: int = 50052
    identity_addr: str = "127.0.0.1:50051"

"""PostgreSQL and gRPC adapters of the messaging service."""

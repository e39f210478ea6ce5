"""Identity: domain."""

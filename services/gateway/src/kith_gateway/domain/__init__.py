"""Gateway: domain."""

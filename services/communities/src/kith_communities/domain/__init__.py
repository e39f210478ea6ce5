"""Communities: domain."""

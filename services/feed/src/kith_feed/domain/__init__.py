"""Feed: domain."""

"""Content: domain."""

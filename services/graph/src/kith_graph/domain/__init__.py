"""Graph: domain."""

"""Graph: adapters."""

"""Content: adapters."""

"""Identity: adapters."""

"""Communities: adapters."""

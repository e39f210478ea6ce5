"""Gateway: adapters."""

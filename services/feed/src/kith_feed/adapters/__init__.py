"""Feed: adapters."""

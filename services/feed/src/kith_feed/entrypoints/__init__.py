"""Feed: entrypoints."""

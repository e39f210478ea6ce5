"""Communities: entrypoints."""

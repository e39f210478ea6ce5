"""Gateway: entrypoints."""

"""Content: entrypoints."""

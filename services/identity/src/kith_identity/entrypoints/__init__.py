"""Identity: entrypoints."""

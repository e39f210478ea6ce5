"""Graph: entrypoints."""

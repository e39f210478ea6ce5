"""Rules of the live channel: cursors, gaps and resync, bounded send buffers (no I/O)."""

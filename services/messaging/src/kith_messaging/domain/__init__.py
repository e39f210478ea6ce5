"""Messaging rules (plain Python, no I/O)."""

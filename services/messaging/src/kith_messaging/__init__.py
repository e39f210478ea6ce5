"""Kith messaging: conversations, members, messages, read state."""

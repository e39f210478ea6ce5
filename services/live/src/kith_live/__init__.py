"""Kith live edge: delivers each person's live items to their open streams."""

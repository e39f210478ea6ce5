"""Kith communities service (walking skeleton: health, database and outbox; the API comes with the communities work)."""

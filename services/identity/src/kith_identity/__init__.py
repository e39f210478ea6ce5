"""Kith identity service: accounts, credentials, sessions."""

"""Messaging use cases."""

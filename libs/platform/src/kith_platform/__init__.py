"""Shared building blocks of every Kith service."""

"""Kith content service: posts."""

"""Kith communities service: communities, memberships and roles."""

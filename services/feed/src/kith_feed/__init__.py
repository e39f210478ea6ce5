"""Kith feed service: the Faust stream worker and the feed API."""

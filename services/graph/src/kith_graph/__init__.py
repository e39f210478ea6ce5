"""Kith graph service: relationships in Neo4j."""

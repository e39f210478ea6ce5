"""The kith command line."""

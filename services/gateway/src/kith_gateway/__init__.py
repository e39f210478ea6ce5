"""Kith gateway: the one public gRPC endpoint."""

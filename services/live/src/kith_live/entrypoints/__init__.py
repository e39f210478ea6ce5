"""The gRPC LiveService."""

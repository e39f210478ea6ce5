"""gRPC servicer and event consumers of the messaging service."""

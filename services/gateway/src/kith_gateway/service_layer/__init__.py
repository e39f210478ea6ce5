"""Gateway: service_layer."""

"""Communities: service_layer."""

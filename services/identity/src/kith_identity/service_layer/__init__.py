"""Identity: service_layer."""

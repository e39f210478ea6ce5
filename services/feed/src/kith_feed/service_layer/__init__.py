"""Feed: service_layer."""

"""Content: service_layer."""

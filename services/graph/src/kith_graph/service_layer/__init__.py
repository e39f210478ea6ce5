"""Graph: service_layer."""

"""The published language: mappings between the services' contracts and the kit's shared models."""

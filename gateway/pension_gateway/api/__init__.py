"""HTTP API of the gateway: one router per resource."""

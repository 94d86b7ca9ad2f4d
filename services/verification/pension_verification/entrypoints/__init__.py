"""The verification service's gRPC servicer and Kafka consumers."""

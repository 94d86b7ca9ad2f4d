"""How requests and events reach supervision: the gRPC servicer and the Kafka consumer."""

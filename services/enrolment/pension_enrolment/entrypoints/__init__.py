"""How requests reach enrolment: the gRPC servicer."""

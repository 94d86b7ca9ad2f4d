"""Pure rules of enrolment: no I/O."""

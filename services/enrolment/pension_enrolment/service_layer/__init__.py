"""Use cases of enrolment, written against the repositories."""

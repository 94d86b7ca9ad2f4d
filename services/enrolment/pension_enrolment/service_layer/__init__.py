"""Use cases of enrolment, written against the repositories."""

from typing import Final

# The producer every event enrolment writes names (EventEnvelope.producer).
PRODUCER: Final = "enrolment"

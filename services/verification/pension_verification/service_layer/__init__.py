"""Use cases of verification, written against the repositories."""

from typing import Final

# The producer every event verification writes names (EventEnvelope.producer).
PRODUCER: Final = "verification"

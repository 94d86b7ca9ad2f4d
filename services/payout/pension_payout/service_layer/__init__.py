"""Use cases of payout, written against the repositories."""

from typing import Final

# The producer every event payout writes names (EventEnvelope.producer).
PRODUCER: Final = "payout"

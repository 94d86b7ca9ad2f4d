"""Use cases of verification, written against the repositories."""

from __future__ import annotations

from typing import Final

from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import UnitOfWork
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.store import CERTIFICATIONS

# The producer every event verification writes names (EventEnvelope.producer).
PRODUCER: Final = "verification"


def certification_unit(repository: Certifications, *, topic: str, notify_relay: NotifyRelay) -> UnitOfWork:
    """The one way a pensioner's certification changes: a versioned write with its events, keyed by the resident."""
    return UnitOfWork(
        repository,
        CERTIFICATIONS,
        topic,
        PRODUCER,
        notify_relay,
        subject_key=lambda document: str(document["resident_id"]),
    )

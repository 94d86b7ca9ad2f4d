"""Use cases of enrolment, written against the repositories."""

from typing import Final

from pension_kit.errors import NotFound

# The producer every event enrolment writes names (EventEnvelope.producer).
PRODUCER: Final = "enrolment"


def resident_not_found(resident_id: str) -> NotFound:
    """The one answer to a resident id that is unknown, or that names a resident the caller may not see
    (Caller.require_resident_found): the same code and words either way."""
    return NotFound(
        "RESIDENT_NOT_FOUND", f"no resident {resident_id}", field="resident_id", message_zh="未找到该参保人"
    )

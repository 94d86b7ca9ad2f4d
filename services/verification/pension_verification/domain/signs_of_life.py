"""Signs of life in bulk (a file from a hospital, a bank or a government service, or the signs-of-life topic): one
row's fields checked, and the request id that makes a second import of the same record change nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from pension_kit.errors import InvalidArgument
from pension_kit.text import ID_MAX, REFERENCE_MAX, check_free_text, check_length
from pension_verification.domain.proofs import check_source_known

# The columns of a signs-of-life file, in the header's words (docs/signs-of-life.md).
COLUMNS: Final = ("resident_id", "source", "source_ref", "observed_on")

_REQUEST_NAMESPACE: Final = uuid.UUID("0f6f2a0e-6a3c-4d8e-9a57-3f7d8c2b4e61")


@dataclass(frozen=True, slots=True)
class SignOfLife:
    """One record of another system: this resident was seen alive on `observed_on` (its record `source_ref`)."""

    resident_id: str
    source: str  # proofs.SIGN_OF_LIFE_SOURCES
    source_ref: str
    observed_on: date

    @property
    def request_id(self) -> str:
        return request_id_of(self.source, self.source_ref)


def request_id_of(source: str, source_ref: str) -> str:
    """One record of one source is one request, however often it is imported or published."""
    return f"SOL-{uuid.uuid5(_REQUEST_NAMESPACE, f'{source}/{source_ref}').hex}"


def _required(fields: Mapping[str, str], name: str, max_length: int) -> str:
    value = check_length(fields.get(name, "").strip(), field=name, max_length=max_length)
    if not value:
        raise InvalidArgument(
            f"{name.upper()}_REQUIRED", f"{name} is required", field=name, message_zh=f"{name} 为必填项"
        )
    return value


def sign_of_life_of(fields: Mapping[str, str]) -> SignOfLife:
    """The row's sign of life, or the first field refused (its name and a stable reason code). Whether it is
    recent enough, and whether the resident is a pensioner, is for the use case to say."""
    resident_id = _required(fields, "resident_id", ID_MAX)
    source = _required(fields, "source", ID_MAX).upper()
    check_source_known(source)
    source_ref = check_free_text(
        _required(fields, "source_ref", REFERENCE_MAX), field="source_ref", max_length=REFERENCE_MAX
    )
    observed = _required(fields, "observed_on", ID_MAX)
    try:
        observed_on = date.fromisoformat(observed)
    except ValueError:
        observed_on = None
    if observed_on is None or len(observed) != 10:
        raise InvalidArgument(
            "OBSERVED_ON_INVALID",
            f"observed_on {observed!r} is not a date written YYYY-MM-DD",
            field="observed_on",
            message_zh="日期应写作YYYY-MM-DD",
        )
    return SignOfLife(resident_id, source, source_ref, observed_on)

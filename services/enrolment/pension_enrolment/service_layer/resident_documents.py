"""Old home of the resident document builder, kept only for the migration import until it moves.

The stored shape is in adapters/resident_documents.py; the enrolled resident with its event, the derived event
ids and the employees' pension refusal are in service_layer/enrolment.py.
"""

from __future__ import annotations

from pension_enrolment.adapters.resident_documents import (  # used by migration until it moves
    CITIZEN_ID_PURPOSE,
    derived_resident_id,
)
from pension_enrolment.service_layer.enrolment import (  # used by migration until it moves
    PRODUCER,
    derived_event_id,
    employee_pension_refusal,
)
from pension_enrolment.service_layer.enrolment import (  # used by migration until it moves
    enrolled_resident as resident_document,
)

__all__ = [
    "CITIZEN_ID_PURPOSE",
    "PRODUCER",
    "derived_event_id",
    "derived_resident_id",
    "employee_pension_refusal",
    "resident_document",
]

"""Use cases of verification, written against the repositories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from pension_kit.errors import DomainError, NotFound
from pension_kit.identity import Caller
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.store import CERTIFICATIONS, certification_id

T = TypeVar("T")

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


def client_request(request_id: str) -> str:
    """The unit of work's id of a client's request: apart from the service's own (event:<id>, deadlines/<day>),
    whatever a client sends."""
    return f"request:{request_id}"


def not_a_pensioner(resident_id: str) -> NotFound:
    return NotFound(
        "CERTIFICATION_NOT_FOUND",
        f"{resident_id} is not a pensioner followed by verification",
        field="resident_id",
        message_zh="该人员不是待遇领取人员，无需资格认证",
    )


async def change_certification(
    unit: UnitOfWork,
    resident_id: str,
    *,
    caller: Caller,
    request_id: str,
    reason: str,
    decide: Callable[[Document], Decision[T] | Awaitable[Decision[T]]],
    repeated: Callable[[Document], T],
    not_found: Callable[[], DomainError] | None = None,
    read: Document | None = None,
) -> T:
    """A caller's change of one pensioner's certification (`unit`: certification_unit), once per request, and only
    of a pensioner of the caller's villages; one who has none is `not_found` (by default not a pensioner)."""
    return await unit.write(
        certification_id(resident_id),
        request_id=client_request(request_id),
        actor=caller.user_id,
        reason=reason,
        decide=decide,
        repeated=repeated,
        not_found=not_found or (lambda: not_a_pensioner(resident_id)),
        # An agent changing another village's pensioner is answered as if the id were unknown.
        check=lambda document: caller.require_resident_found(
            resident_id, document["village_code"], not_found=not_found or (lambda: not_a_pensioner(resident_id))
        ),
        read=read,
    )

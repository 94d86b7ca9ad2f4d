"""The request checks verification's use cases share: the agent a request names is the signed-in user or nobody, a
required date is refused by its field, a client's request id is kept apart from the service's own."""

from __future__ import annotations

from datetime import date

import pytest

from pension_kit.errors import DomainError, ErrorKind
from pension_kit.identity import Caller, Role
from pension_verification.service_layer import client_request, not_a_pensioner
from pension_verification.service_layer.arguments import agent_is_caller, required_date

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({"411731001001"}))


@pytest.mark.parametrize("sent", ["", "   ", "agent-1", " agent-1 "])
def test_the_agent_is_the_caller_when_the_request_names_nobody_or_them(sent: str) -> None:
    assert agent_is_caller(sent, AGENT) == "agent-1"


def test_another_agent_named_in_the_request_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        agent_is_caller("agent-2", AGENT)
    assert (refused.value.kind, refused.value.reason, refused.value.field) == (
        ErrorKind.FORBIDDEN,
        "AGENT_NOT_CALLER",
        "agent_id",
    )


def test_a_missing_date_is_refused_naming_its_field() -> None:
    assert required_date(date(2026, 6, 20), "date_of_death") == date(2026, 6, 20)
    with pytest.raises(DomainError) as refused:
        required_date(None, "date_of_death")
    assert (refused.value.reason, refused.value.field) == ("DATE_REQUIRED", "date_of_death")


def test_a_client_request_id_never_looks_like_the_service_own() -> None:
    assert client_request("event:abc") == "request:event:abc"
    assert not_a_pensioner("R1").reason == "CERTIFICATION_NOT_FOUND"

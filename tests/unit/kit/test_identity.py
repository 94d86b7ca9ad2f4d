"""Who may read one resident looked up by id: an agent's other villages look like unknown ids, the hotline only its
verified caller's resident, found or not."""

from __future__ import annotations

import pytest

from pension_kit.errors import DomainError, NotFound
from pension_kit.identity import Caller, Role

VILLAGE = "411723101201"
OTHER_VILLAGE = "411723101202"
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({VILLAGE}))
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
VERIFIED_CALL = Caller("hotline-1", Role.HOTLINE, resident_id="R1")


def _unknown() -> NotFound:
    return NotFound("RESIDENT_NOT_FOUND", "no such resident", field="resident_id")


def refusal(caller: Caller, resident_id: str, village_code: str | None) -> tuple[str, str] | None:
    try:
        caller.require_resident_found(resident_id, village_code, not_found=_unknown)
    except DomainError as error:
        return error.kind.value, error.reason
    return None


def test_an_agent_asking_about_another_villages_resident_gets_what_an_unknown_id_gets() -> None:
    assert refusal(AGENT, "R1", VILLAGE) is None
    assert refusal(AGENT, "R1", OTHER_VILLAGE) == refusal(AGENT, "R1", None) == ("not_found", "RESIDENT_NOT_FOUND")


def test_officers_read_any_village_and_unknown_ids_are_not_found() -> None:
    assert refusal(OFFICER, "R1", OTHER_VILLAGE) is None
    assert refusal(OFFICER, "R1", None) == ("not_found", "RESIDENT_NOT_FOUND")


def test_the_hotline_is_refused_any_resident_but_its_verified_one_whether_enrolled_or_not() -> None:
    assert refusal(VERIFIED_CALL, "R1", VILLAGE) is None
    assert refusal(VERIFIED_CALL, "R1", None) == ("not_found", "RESIDENT_NOT_FOUND")
    for caller in (VERIFIED_CALL, Caller("hotline-1", Role.HOTLINE)):
        assert refusal(caller, "R2", VILLAGE) == refusal(caller, "R2", None) == ("forbidden", "CALLER_NOT_VERIFIED")
    # A record looked up by its own id names its resident; one not found names nobody, which is not the caller's.
    assert refusal(VERIFIED_CALL, "", None) == ("forbidden", "CALLER_NOT_VERIFIED")


def test_the_hotline_lists_only_its_verified_callers_resident() -> None:
    VERIFIED_CALL.require_verified_for("R1")
    AGENT.require_verified_for("")
    for caller, resident in ((VERIFIED_CALL, ""), (VERIFIED_CALL, "R2"), (Caller("hotline-1", Role.HOTLINE), "")):
        with pytest.raises(DomainError) as refused:
            caller.require_verified_for(resident)
        assert refused.value.reason == "CALLER_NOT_VERIFIED"

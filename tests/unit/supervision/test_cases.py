"""The supervision case's rules: the moves between states, escalation once at the threshold, recoveries once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pension_kit.errors import DomainError
from pension_supervision.domain.cases import (
    MOVES,
    AlertForCase,
    Case,
    CaseChange,
    CaseStatus,
    Recovery,
    check_move,
    count_recoveries,
    open_case,
    region_of,
    update_case,
)

NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
THRESHOLD = 10_000_000


def alert(
    alert_id: str = "AL-1", *, amount_fen: int = 50_000, status: str = "OPEN", case_id: str = "", **kw: Any
) -> AlertForCase:
    return AlertForCase(
        alert_id=alert_id,
        status=status,
        case_id=case_id,
        pooling_region_code=kw.get("region", "410122"),
        amount_fen=amount_fen,
        resident_ids=kw.get("residents", ("R1",)),
    )


def opened(*alerts: AlertForCase, amount_fen: int = 0, threshold: int = THRESHOLD) -> CaseChange:
    return open_case(
        case_id="CS-1",
        alerts=alerts or (alert(),),
        title="payments after death",
        assigned_to="officer-2",
        amount_fen=amount_fen,
        overpayment_case_ids=["OP-1"],
        reason="",
        actor="officer-1",
        now=NOW,
        threshold_fen=threshold,
    )


def update(case: Case, **changes: Any) -> CaseChange:
    arguments: dict[str, Any] = {
        "status": None,
        "assigned_to": "",
        "recovered_fen": 0,
        "amount_fen": 0,
        "note": "",
        "attachment_refs": (),
        "overpayment_case_ids": (),
        "actor": "officer-1",
        "now": NOW + timedelta(hours=1),
        "threshold_fen": THRESHOLD,
    }
    arguments.update(changes)
    return update_case(case, **arguments)


def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(DomainError) as raised:
        call()
    return raised.value.reason, raised.value.field


# --- opening ------------------------------------------------------------------------------------------------


def test_a_case_opens_from_its_alerts_with_their_total_and_residents_and_a_first_history_line() -> None:
    change = opened(
        alert("AL-1", amount_fen=30_000, residents=("R1",)), alert("AL-2", amount_fen=20_000, residents=("R1", "R2"))
    )
    case = change.case
    assert change.opened and change.changed is None and change.escalated is None
    assert (case.status, case.amount_fen, case.recovered_fen) == (CaseStatus.OPEN, 50_000, 0)
    assert case.alert_ids == ("AL-1", "AL-2") and case.resident_ids == ("R1", "R2")
    assert [(n.actor, n.status) for n in case.notes] == [("officer-1", CaseStatus.OPEN)]
    assert not case.escalated


def test_money_at_stake_given_replaces_the_alerts_total() -> None:
    assert opened(alert(amount_fen=10), amount_fen=777).case.amount_fen == 777


def test_alerts_must_exist_be_open_and_share_a_region() -> None:
    assert refusal(lambda: region_of(["AL-1", "AL-9"], [alert("AL-1")], "CS-1")) == ("ALERT_NOT_FOUND", "alert_ids")
    taken = alert("AL-1", status="IN_CASE", case_id="CS-OTHER")
    assert refusal(lambda: region_of(["AL-1"], [taken], "CS-1")) == ("ALERT_ALREADY_IN_CASE", "alert_ids")
    dismissed = alert("AL-1", status="DISMISSED")
    assert refusal(lambda: region_of(["AL-1"], [dismissed], "CS-1")) == ("ALERT_DISMISSED", "alert_ids")
    apart = [alert("AL-1"), alert("AL-2", region="410123")]
    assert refusal(lambda: region_of(["AL-1", "AL-2"], apart, "CS-1")) == ("ALERTS_IN_DIFFERENT_REGIONS", "alert_ids")


def test_an_alert_already_in_this_very_case_is_accepted_on_a_retry() -> None:
    mine = alert("AL-1", status="IN_CASE", case_id="CS-1")
    assert region_of(["AL-1", "AL-2"], [mine, alert("AL-2")], "CS-1") == "410122"


def test_a_negative_amount_is_refused() -> None:
    assert refusal(lambda: opened(amount_fen=-1)) == ("AMOUNT_NEGATIVE", "amount_fen")


# --- the state machine ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(current, wanted) for current in CaseStatus for wanted in CaseStatus if wanted is not current],
)
def test_each_move_is_allowed_exactly_when_the_machine_says(current: CaseStatus, wanted: CaseStatus) -> None:
    allowed = {
        (CaseStatus.OPEN, CaseStatus.INVESTIGATING),
        (CaseStatus.INVESTIGATING, CaseStatus.SUBSTANTIATED),
        (CaseStatus.INVESTIGATING, CaseStatus.UNSUBSTANTIATED),
        (CaseStatus.SUBSTANTIATED, CaseStatus.INVESTIGATING),
        (CaseStatus.UNSUBSTANTIATED, CaseStatus.INVESTIGATING),
        (CaseStatus.SUBSTANTIATED, CaseStatus.CLOSED),
        (CaseStatus.UNSUBSTANTIATED, CaseStatus.CLOSED),
    }
    assert (wanted in MOVES[current]) == ((current, wanted) in allowed)
    if (current, wanted) in allowed:
        check_move(current, wanted)
    else:
        assert refusal(lambda: check_move(current, wanted)) == ("CASE_STATUS_MOVE_NOT_ALLOWED", "status")


def test_a_case_goes_from_open_to_closed_with_a_finding_and_keeps_its_history_in_order() -> None:
    case = opened().case
    case = update(case, status=CaseStatus.INVESTIGATING, assigned_to="officer-3").case
    finding = update(case, status=CaseStatus.SUBSTANTIATED, note="paid after death for 3 months")
    assert finding.changed is not None
    assert (finding.changed.old_status, finding.changed.status) == (CaseStatus.INVESTIGATING, CaseStatus.SUBSTANTIATED)
    closed = update(finding.case, status=CaseStatus.CLOSED, note="recovered in full").case
    assert [n.status for n in closed.notes] == [
        CaseStatus.OPEN,
        CaseStatus.INVESTIGATING,
        CaseStatus.SUBSTANTIATED,
        CaseStatus.CLOSED,
    ]
    assert closed.notes[2].text == "paid after death for 3 months"
    assert closed.assigned_to == "officer-3"


def test_open_cannot_jump_to_a_finding_or_to_closed() -> None:
    case = opened().case
    assert refusal(lambda: update(case, status=CaseStatus.SUBSTANTIATED, note="x")) == (
        "CASE_STATUS_MOVE_NOT_ALLOWED",
        "status",
    )
    assert refusal(lambda: update(case, status=CaseStatus.CLOSED)) == ("CASE_STATUS_MOVE_NOT_ALLOWED", "status")


def test_a_finding_needs_a_note() -> None:
    case = update(opened().case, status=CaseStatus.INVESTIGATING).case
    assert refusal(lambda: update(case, status=CaseStatus.UNSUBSTANTIATED)) == ("CASE_NOTE_REQUIRED", "note")


def test_a_closed_case_changes_no_more() -> None:
    case = update(opened().case, status=CaseStatus.INVESTIGATING).case
    case = update(case, status=CaseStatus.UNSUBSTANTIATED, note="a clerical error").case
    case = update(case, status=CaseStatus.CLOSED).case
    assert refusal(lambda: update(case, note="one more thing")) == ("CASE_CLOSED", "case_id")


def test_an_update_that_changes_nothing_is_refused() -> None:
    case = opened().case
    assert refusal(lambda: update(case)) == ("CASE_UPDATE_EMPTY", "case_id")
    assert refusal(lambda: update(case, status=CaseStatus.OPEN, assigned_to="officer-2")) == (
        "CASE_UPDATE_EMPTY",
        "case_id",
    )


def test_manual_recoveries_add_up_and_attachments_and_links_are_added_once() -> None:
    case = update(opened().case, recovered_fen=1_000, attachment_refs=["scan-1.pdf"]).case
    change = update(
        case, recovered_fen=500, attachment_refs=["scan-1.pdf", "scan-2.pdf"], overpayment_case_ids=["OP-1", "OP-2"]
    )
    assert change.changed is not None
    assert (change.changed.recovered_fen, change.changed.total_recovered_fen) == (500, 1_500)
    assert change.case.attachment_refs == ("scan-1.pdf", "scan-2.pdf")
    assert change.case.overpayment_case_ids == ("OP-1", "OP-2")
    assert refusal(lambda: update(case, recovered_fen=-5)) == ("AMOUNT_NEGATIVE", "recovered_fen")


# --- escalation -----------------------------------------------------------------------------------------


def test_a_case_opened_at_the_threshold_is_escalated_at_once() -> None:
    change = opened(alert(amount_fen=THRESHOLD))
    assert change.escalated is not None and change.escalated.threshold_fen == THRESHOLD
    assert change.case.escalated and change.case.escalated_at == NOW and change.case.escalated_to


def test_a_case_under_the_threshold_is_not_escalated() -> None:
    change = opened(alert(amount_fen=THRESHOLD - 1))
    assert change.escalated is None and not change.case.escalated
    assert update(change.case, note="looked at it").escalated is None


def test_raising_the_amount_to_the_threshold_escalates_once_and_only_once() -> None:
    case = opened(alert(amount_fen=1_000)).case
    raised = update(case, amount_fen=THRESHOLD + 5)
    assert raised.escalated is not None and raised.escalated.amount_fen == THRESHOLD + 5
    assert raised.case.escalated_at == NOW + timedelta(hours=1)
    again = update(raised.case, amount_fen=THRESHOLD * 2)
    assert again.escalated is None and again.case.escalated_at == raised.case.escalated_at


def test_a_region_without_a_threshold_never_escalates() -> None:
    assert opened(alert(amount_fen=THRESHOLD * 10), threshold=0).escalated is None


# --- recoveries -----------------------------------------------------------------------------------------


def test_a_linked_overpayment_cases_recoveries_count_once_and_others_not_at_all() -> None:
    case = opened().case  # links OP-1
    recoveries = [Recovery("OP-1", "RC-1", 2_000), Recovery("OP-1", "RC-2", 300), Recovery("OP-9", "RC-3", 99)]
    change = count_recoveries(case, recoveries, actor="supervision", now=NOW)
    assert change is not None and change.changed is not None
    assert (change.case.recovered_fen, change.changed.recovered_fen, change.changed.total_recovered_fen) == (
        2_300,
        2_300,
        2_300,
    )
    assert change.changed.old_status is change.changed.status is CaseStatus.OPEN
    assert count_recoveries(change.case, recoveries, actor="supervision", now=NOW) is None
    more = count_recoveries(change.case, [*recoveries, Recovery("OP-1", "RC-4", 7)], actor="supervision", now=NOW)
    assert more is not None and more.case.recovered_fen == 2_307


def test_recoveries_still_count_on_a_closed_case() -> None:
    case = update(opened().case, status=CaseStatus.INVESTIGATING).case
    case = update(case, status=CaseStatus.SUBSTANTIATED, note="paid after death").case
    case = update(case, status=CaseStatus.CLOSED).case
    change = count_recoveries(case, [Recovery("OP-1", "RC-1", 10)], actor="supervision", now=NOW)
    assert change is not None and change.case.recovered_fen == 10 and change.case.status is CaseStatus.CLOSED

"""An alert survives the trip to its stored document and back, and reads the same in the contract; the id is the
rule's and the facts', whoever delivered them."""

from __future__ import annotations

from datetime import UTC, datetime

from pension.supervision.v1 import supervision_pb2
from pension_supervision.adapters.alert_messages import alert_document, alert_from_document, alert_message
from pension_supervision.domain.alerts import Alert, AlertDraft, AlertRule, AlertStatus, Evidence

EVIDENCE = (
    Evidence("e-1", "pension.verification.v1.DeathConfirmed", "R1", datetime(2026, 5, 21, 1, 2, 3, 4000, UTC), "died"),
    Evidence("e-2", "pension.payout.v1.PaymentPaid", "R1", datetime(2026, 6, 30, tzinfo=UTC), "173.00 paid"),
)
DRAFT = AlertDraft(
    rule=AlertRule.PAYMENT_AFTER_DEATH,
    facts=("R1", "2026-06"),
    pooling_region_code="411723",
    score=95,
    score_explanation="95: confirmed death",
    reason_zh="死亡后仍发放",
    reason_en="paid after death",
    evidence=EVIDENCE,
    resident_ids=("R1",),
    agent_ids=("agent-1",),
    amount_fen=17_300,
)
ALERT = Alert(DRAFT, AlertStatus.DISMISSED, datetime(2026, 7, 1, 8, tzinfo=UTC), dismissal_reason="paid back")


def test_the_stored_document_keeps_every_field_in_the_shared_format() -> None:
    document = alert_document(ALERT)
    assert alert_from_document(document) == ALERT
    assert document["_id"] == DRAFT.alert_id and document["_id"].startswith("AL-")
    assert (document["rule"], document["status"], document["case_id"]) == ("PAYMENT_AFTER_DEATH", "DISMISSED", "")
    assert document["facts_key"] == DRAFT.facts_key
    assert set(document["evidence"][0]) == {"event_id", "event_type", "subject_key", "occurred_at", "summary"}


def test_the_contract_reads_the_same() -> None:
    message = alert_message(ALERT)
    assert message.rule == supervision_pb2.ALERT_RULE_PAYMENT_AFTER_DEATH
    assert message.status == supervision_pb2.ALERT_STATUS_DISMISSED
    assert (message.alert_id, message.facts_key, message.amount_fen) == (DRAFT.alert_id, DRAFT.facts_key, 17_300)
    assert [e.event_id for e in message.evidence] == ["e-1", "e-2"]
    assert (message.reason_zh, message.reason_en, message.dismissal_reason) == (
        "死亡后仍发放",
        "paid after death",
        "paid back",
    )


def test_every_rule_and_status_has_its_contract_value() -> None:
    for rule in AlertRule:
        assert supervision_pb2.AlertRule.Value(f"ALERT_RULE_{rule.value}") > 0
    for status in AlertStatus:
        assert supervision_pb2.AlertStatus.Value(f"ALERT_STATUS_{status.value}") > 0

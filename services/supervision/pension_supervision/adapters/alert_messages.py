"""Alerts between the domain, their stored document (collection `alerts`) and the contract's Alert message."""

from __future__ import annotations

from pension.supervision.v1 import supervision_pb2
from pension_kit.clock import to_millisecond
from pension_kit.mongo import Document
from pension_kit.protoconv import to_timestamp
from pension_supervision.domain.alerts import Alert, AlertDraft, AlertRule, AlertStatus, Evidence


def alert_document(alert: Alert) -> Document:
    """The stored alert (the format the cases helper writes too), without the unit of work's fields."""
    draft = alert.draft
    return {
        "_id": draft.alert_id,
        "rule": draft.rule.value,
        "facts_key": draft.facts_key,
        "facts": list(draft.facts),
        "status": alert.status.value,
        "case_id": alert.case_id,
        "pooling_region_code": draft.pooling_region_code,
        "score": draft.score,
        "score_explanation": draft.score_explanation,
        "reason_zh": draft.reason_zh,
        "reason_en": draft.reason_en,
        "evidence": [
            {
                "event_id": e.event_id,
                "event_type": e.event_type,
                "subject_key": e.subject_key,
                "occurred_at": to_millisecond(e.occurred_at),
                "summary": e.summary,
            }
            for e in draft.evidence
        ],
        "resident_ids": list(draft.resident_ids),
        "agent_ids": list(draft.agent_ids),
        "amount_fen": draft.amount_fen,
        "raised_at": to_millisecond(alert.raised_at),
        "dismissal_reason": alert.dismissal_reason,
    }


def alert_from_document(document: Document) -> Alert:
    draft = AlertDraft(
        rule=AlertRule(document["rule"]),
        # Older or other writers may not keep the facts; the id and facts key are what identify the alert.
        facts=tuple(document.get("facts") or (document["facts_key"],)),
        pooling_region_code=document["pooling_region_code"],
        score=document["score"],
        score_explanation=document["score_explanation"],
        reason_zh=document["reason_zh"],
        reason_en=document["reason_en"],
        evidence=tuple(
            Evidence(
                event_id=e["event_id"],
                event_type=e["event_type"],
                subject_key=e["subject_key"],
                occurred_at=e["occurred_at"],
                summary=e["summary"],
            )
            for e in document.get("evidence", [])
        ),
        resident_ids=tuple(document.get("resident_ids", [])),
        agent_ids=tuple(document.get("agent_ids", [])),
        amount_fen=document.get("amount_fen", 0),
    )
    return Alert(
        draft=draft,
        status=AlertStatus(document["status"]),
        raised_at=document["raised_at"],
        case_id=document.get("case_id", ""),
        dismissal_reason=document.get("dismissal_reason", ""),
    )


def alert_message(alert: Alert, *, alert_id: str | None = None, facts_key: str | None = None) -> supervision_pb2.Alert:
    """The contract's Alert; `alert_id` and `facts_key` as stored (they are the document's, whatever its facts)."""
    draft = alert.draft
    return supervision_pb2.Alert(
        alert_id=alert_id or draft.alert_id,
        rule=f"ALERT_RULE_{draft.rule.value}",
        score=draft.score,
        score_explanation=draft.score_explanation,
        evidence=[
            supervision_pb2.Evidence(
                event_id=e.event_id,
                event_type=e.event_type,
                subject_key=e.subject_key,
                occurred_at=to_timestamp(e.occurred_at),
                summary=e.summary,
            )
            for e in draft.evidence
        ],
        pooling_region_code=draft.pooling_region_code,
        resident_ids=list(draft.resident_ids),
        agent_ids=list(draft.agent_ids),
        amount_fen=draft.amount_fen,
        status=f"ALERT_STATUS_{alert.status.value}",
        case_id=alert.case_id,
        raised_at=to_timestamp(alert.raised_at),
        dismissal_reason=alert.dismissal_reason,
        reason_zh=draft.reason_zh,
        reason_en=draft.reason_en,
        facts_key=facts_key or draft.facts_key,
    )

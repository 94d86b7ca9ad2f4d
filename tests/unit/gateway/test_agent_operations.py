"""The pure parts of what an agent records: the operation models, the time checks, the ids the services see, the
fingerprint of a resend, the order of a sync, and the service's refusals in the agent's words."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import grpc
import pytest
from pydantic import TypeAdapter, ValidationError

from pension_gateway.agent.operations import (
    KIND_WORDS,
    MAX_OPERATION_AGE,
    Operation,
    OperationKind,
    RecordContribution,
    Refused,
    fingerprint,
    in_agents_words,
    recorded_moment,
    service_request_id,
)
from pension_gateway.agent.sync import SYNC_BODY_MAX, body_limits, in_order
from pension_gateway.api.problems import BodyLimit, has_chinese
from pension_gateway.api.routes.fields import IMAGE_BASE64_MAX
from pension_kit.grpc_errors import RemoteError

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
OPERATIONS: TypeAdapter[Any] = TypeAdapter(Operation)
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 64).decode()


def contribution(**changes: Any) -> dict[str, Any]:
    return {
        "operation_id": "op-1",
        "kind": "contribution",
        "recorded_at": "2026-12-03T09:30:00+08:00",
        "resident_id": "R0123456789ABCDEF0123",
        "year": 2026,
        "grade_fen": 20_000,
        "receipt_number": "HN2026-000123",
        **changes,
    }


def refusal(reason: str, code: grpc.StatusCode = grpc.StatusCode.FAILED_PRECONDITION) -> RemoteError:
    return RemoteError(code, reason, "the service's words", message_zh="服务的说法", error_info=True)


def test_an_operation_is_read_by_its_kind_and_names_its_resident_exactly_once() -> None:
    assert isinstance(OPERATIONS.validate_python(contribution()), RecordContribution)
    by_enrolment = OPERATIONS.validate_python(contribution(resident_id=None, resident_operation_id="op-0"))
    assert by_enrolment.resident_operation_id == "op-0"
    for wrong in (contribution(resident_operation_id="op-0"), contribution(resident_id=None)):
        with pytest.raises(ValidationError, match="exactly one"):
            OPERATIONS.validate_python(wrong)
    with pytest.raises(ValidationError):
        OPERATIONS.validate_python(contribution(kind="transfer"))
    with pytest.raises(ValidationError):
        OPERATIONS.validate_python(contribution(recorded_at=None))  # a synced operation says when it was recorded


def test_recorded_at_may_be_a_little_ahead_but_not_in_the_future_nor_older_than_sixty_days() -> None:
    assert recorded_moment(None, NOW) == NOW
    assert recorded_moment((NOW + timedelta(minutes=5)).isoformat(), NOW) == NOW + timedelta(minutes=5)
    assert recorded_moment((NOW - MAX_OPERATION_AGE).isoformat(), NOW) == NOW - MAX_OPERATION_AGE
    with pytest.raises(Refused) as future:
        recorded_moment((NOW + timedelta(hours=1)).isoformat(), NOW)
    assert future.value.refusal.code == "RECORDED_AT_FUTURE" and future.value.refusal.field == "recorded_at"
    with pytest.raises(Refused) as old:
        recorded_moment((NOW - MAX_OPERATION_AGE - timedelta(minutes=1)).isoformat(), NOW)
    assert old.value.refusal.code == "RECORDED_AT_TOO_OLD" and has_chinese(old.value.refusal.message_zh)


def test_the_services_request_id_is_stable_per_agent_and_operation_and_within_its_limit() -> None:
    first = service_request_id("agent-1", "op-1")
    assert first == service_request_id("agent-1", "op-1")
    assert first != service_request_id("agent-2", "op-1") and first != service_request_id("agent-1", "op-2")
    assert len(service_request_id("a" * 128, "o" * 64)) <= 64


def test_a_resend_has_the_same_fingerprint_a_changed_operation_another_and_the_key_matters() -> None:
    operation = OPERATIONS.validate_python(contribution())
    same = OPERATIONS.validate_python(contribution())
    assert fingerprint(operation, b"k") == fingerprint(same, b"k")
    assert fingerprint(operation, b"k") != fingerprint(OPERATIONS.validate_python(contribution(year=2025)), b"k")
    assert fingerprint(operation, b"k") != fingerprint(operation, b"other key")
    # Resolving the resident of an enrolment reference is not a change of the operation.
    referring = OPERATIONS.validate_python(contribution(resident_id=None, resident_operation_id="op-0"))
    resolved = referring.model_copy(update={"resident_id": "R0123456789ABCDEF0123"})
    assert fingerprint(referring, b"k") == fingerprint(resolved, b"k")
    visit = {
        "operation_id": "op-2",
        "kind": "visit",
        "recorded_at": "2026-12-03T09:30:00+08:00",
        "resident_id": "R0123456789ABCDEF0123",
        "photo": PNG,
        "position": {"latitude_e6": 1, "longitude_e6": 2},
    }
    assert fingerprint(OPERATIONS.validate_python(visit), b"k")  # a photo is fingerprinted by its digest


def test_a_sync_applies_in_the_order_recorded_whatever_the_offset_ties_in_the_order_sent() -> None:
    sent = [
        OPERATIONS.validate_python(contribution(operation_id="c", recorded_at="2026-12-03T10:00:00+08:00")),
        OPERATIONS.validate_python(contribution(operation_id="a", recorded_at="2026-12-03T01:00:00Z")),  # 09:00 +8
        OPERATIONS.validate_python(contribution(operation_id="b", recorded_at="2026-12-03T10:00:00+08:00")),
    ]
    assert [o.operation_id for o in in_order(sent)] == ["a", "c", "b"]


@pytest.mark.parametrize(
    ("reason", "kind", "died", "code", "status", "zh"),
    [
        ("ENROLMENT_TERMINATED", "contribution", True, "RESIDENT_DECEASED", 422, "身故"),
        ("CERTIFICATION_ENDED", "visit", True, "RESIDENT_DECEASED", 422, "入户认证"),
        ("ENROLMENT_TERMINATED", "change_mobile", False, "ENROLMENT_ENDED", 422, "终止参保"),
        ("DUPLICATE_ENROLMENT", "enrol", None, "ALREADY_ENROLLED", 409, "已由他人"),
        ("CONTRIBUTION_YEAR_ALREADY_PAID", "contribution", None, "CONTRIBUTION_YEAR_PAID", 422, "2026年度已缴费"),
        ("VILLAGE_NOT_ASSIGNED", "change_mobile", None, "RESIDENT_NOT_IN_YOUR_VILLAGES", 403, "不在您负责的村"),
        ("RESIDENT_NOT_FOUND", "death_report", None, "RESIDENT_NOT_IN_YOUR_VILLAGES", 403, "不在您负责的村"),
    ],
)
def test_operations_overtaken_while_offline_are_refused_in_the_agents_words(
    reason: str, kind: str, died: bool | None, code: str, status: int, zh: str
) -> None:
    status_code = grpc.StatusCode.NOT_FOUND if reason == "RESIDENT_NOT_FOUND" else grpc.StatusCode.FAILED_PRECONDITION
    said = in_agents_words(kind, refusal(reason, status_code), died=died, year=2026)
    assert (said.code, said.status) == (code, status)
    assert zh in said.message_zh and said.message and said.field


def test_any_other_refusal_keeps_the_services_code_status_and_words() -> None:
    said = in_agents_words("enrol", refusal("VILLAGE_NOT_ASSIGNED", grpc.StatusCode.PERMISSION_DENIED))
    assert (said.code, said.status, said.message_zh) == ("VILLAGE_NOT_ASSIGNED", 403, "服务的说法")
    said = in_agents_words("contribution", refusal("PENSION_AGE_REACHED"))
    assert (said.code, said.status, said.message) == ("PENSION_AGE_REACHED", 422, "the service's words")


def test_sync_and_the_online_visit_have_body_limits_of_their_own() -> None:
    limit = BodyLimit(app=None, limit=64 * 1024, routes=body_limits(64 * 1024))  # type: ignore[arg-type]
    assert limit.limit_of("/agent/v1/sync") == SYNC_BODY_MAX
    assert limit.limit_of("/agent/v1/residents/R0123456789ABCDEF0123/visits") == IMAGE_BASE64_MAX + 64 * 1024
    assert limit.limit_of("/agent/v1/residents") == 64 * 1024
    assert SYNC_BODY_MAX > IMAGE_BASE64_MAX  # one visit with the largest photo fits a sync


def test_every_kind_of_operation_has_its_words_in_both_languages() -> None:
    kinds = {member.model_fields["kind"].annotation.__args__[0] for member in get_args(get_args(Operation)[0])}
    assert kinds == set(get_args(OperationKind)) == set(KIND_WORDS)
    assert all(english and has_chinese(chinese) for english, chinese in KIND_WORDS.values())

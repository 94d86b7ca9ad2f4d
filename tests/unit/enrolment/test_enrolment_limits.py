"""An application's texts within their limits and free of personal numbers; every limit in docs/limits.md."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.domain.enrolment import (
    MAX_SPECIAL_GROUPS,
    EnrolmentApplication,
    SpecialGroupClaim,
    validate_application,
)
from pension_enrolment.entrypoints.grpc_servicer import EnrolmentServicer
from pension_kit.errors import DomainError
from pension_kit.identifiers import IdentifierError, luhn_check_digit, make_citizen_id

TODAY = date(2026, 11, 24)
LIMITS_DOC = Path(__file__).resolve().parents[3] / "docs" / "limits.md"
CITIZEN_ID = make_citizen_id("411723", date(1956, 3, 2), 123)
CARD = "622848040256489001" + luhn_check_digit("622848040256489001")
MOBILE = "13912345678"
CLAIM = SpecialGroupClaim(1, "CDPF-411723-2019-0042", date(2020, 1, 1), None)
VALID = EnrolmentApplication(
    citizen_id_number="11010519491231002X",
    name="王建国",
    village_code="411723101201",
    mobile="13812345678",
    bank_card_number="6228480402564890018",
    bank_code="ABC",
    bank_name="中国农业银行",
    special_groups=(CLAIM,),
    photo_ref="photos/411723/00000001.jpg",
    enrolled_on=date(2026, 1, 5),
    agent_id="agent-1",
    full_time_student=False,
)


def refusal(application: EnrolmentApplication) -> tuple[str, str]:
    with pytest.raises((DomainError, IdentifierError)) as refused:
        validate_application(application, today=TODAY)
    error = refused.value
    assert isinstance(error, DomainError | IdentifierError)
    return error.reason, error.field


def test_the_valid_application_passes() -> None:
    assert validate_application(VALID, today=TODAY).photo_ref == VALID.photo_ref


def test_the_incidents_photo_reference_of_1_1_mb_is_refused() -> None:
    assert refusal(replace(VALID, photo_ref="p" * 1_100_000)) == ("FIELD_TOO_LONG", "photo_ref")


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("citizen_id_number", 32),
        ("name", 32),
        ("village_code", 32),
        ("mobile", 32),
        ("bank_card_number", 32),
        ("bank_code", 16),
        ("bank_name", 60),
        ("photo_ref", 256),
        ("agent_id", 128),
    ],
)
def test_each_text_has_its_limit(field: str, limit: int) -> None:
    texts: dict[str, Any] = {field: "x" * (limit + 1)}
    assert refusal(replace(VALID, **texts)) == ("FIELD_TOO_LONG", field)


def test_evidence_and_the_number_of_memberships_have_their_limits() -> None:
    long_evidence = replace(CLAIM, evidence_ref="e" * 101)
    assert refusal(replace(VALID, special_groups=(CLAIM, long_evidence))) == (
        "FIELD_TOO_LONG",
        "special_groups[1].evidence_ref",
    )
    assert refusal(replace(VALID, special_groups=(CLAIM,) * (MAX_SPECIAL_GROUPS + 1))) == (
        "TOO_MANY_ITEMS",
        "special_groups",
    )


NUMBERS = {"mobile": MOBILE, "bank card": CARD, "citizen ID": CITIZEN_ID, "disability certificate": CITIZEN_ID + "41"}


@pytest.mark.parametrize("kind", NUMBERS)
@pytest.mark.parametrize("field", ["bank_name", "photo_ref", "special_groups[0].evidence_ref"])
def test_a_personal_number_in_free_text_is_refused(field: str, kind: str) -> None:
    text = f"ref-{NUMBERS[kind]}"
    if field == "special_groups[0].evidence_ref":
        application = replace(VALID, special_groups=(replace(CLAIM, evidence_ref=text),))
    else:
        texts: dict[str, Any] = {field: text}
        application = replace(VALID, **texts)
    assert refusal(application) == ("FREE_TEXT_PERSONAL_NUMBER", field)


@pytest.mark.parametrize("number", [MOBILE, "622848040256489" + luhn_check_digit("622848040256489")])
def test_a_bank_code_holding_a_personal_number_is_refused(number: str) -> None:
    # A citizen ID number does not fit in a bank code at all (16 characters).
    assert refusal(replace(VALID, bank_code=number)) == ("FREE_TEXT_PERSONAL_NUMBER", "bank_code")


# --- docs/limits.md names every text every implemented EnrolmentService call accepts ---------------------


def string_fields(descriptor: Descriptor, prefix: str = "") -> list[str]:
    """Paths of the string fields of a request, as docs/limits.md writes them: `a[].b`, `c[]`, `policy.d`."""
    paths: list[str] = []
    for field in descriptor.fields:
        path = prefix + field.name + ("[]" if field.is_repeated else "")
        if field.type == FieldDescriptor.TYPE_STRING:
            paths.append(path)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            nested = field.message_type
            assert nested is not None
            if nested.full_name.startswith("pension."):
                paths.extend(string_fields(nested, path + "."))
    return paths


def documented_fields() -> dict[str, set[str]]:
    """The fields of each request section of docs/limits.md's EnrolmentService part."""
    text = LIMITS_DOC.read_text().split("## EnrolmentService", 1)[1].split("\n## ", 1)[0]
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        heading = re.match(r"### `(\w+)`", line)
        if heading:
            current = sections.setdefault(heading.group(1), set())
            continue
        row = re.match(r"\| `([\w.\[\]]+)` \| (\d+|\d+ entries|ignored) \|", line)
        if row and current is not None:
            current.add(row.group(1))
    return sections


def implemented_methods() -> list[tuple[str, Descriptor]]:
    service = enrolment_service_pb2.DESCRIPTOR.services_by_name["EnrolmentService"]
    base = enrolment_service_pb2_grpc.EnrolmentServiceServicer
    return [
        (method.name, method.input_type)
        for method in service.methods
        if getattr(EnrolmentServicer, method.name) is not getattr(base, method.name)
    ]


@pytest.mark.parametrize(
    ("method", "request_type"), implemented_methods(), ids=lambda value: getattr(value, "name", value)
)
def test_docs_limits_lists_every_text_field_of_every_implemented_call(method: str, request_type: Descriptor) -> None:
    documented = documented_fields().get(request_type.name)
    assert documented is not None, f"docs/limits.md has no section for {request_type.name} ({method})"
    missing = set(string_fields(request_type)) - documented
    assert not missing, f"{request_type.name}: no limit documented for {sorted(missing)}"

"""Payout test helpers: residents as enrolment announces them on the real topic, and refusals read back."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Final

import grpc
import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension_kit.events import new_event
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import luhn_check_digit
from pension_kit.masking import mask_bank_card
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date

RESIDENT_TOPIC: Final = "pension.enrolment.resident.v1"
REGION_TOPIC: Final = "pension.enrolment.region.v1"
BANKS: Final = {"ABC": "中国农业银行", "RCC": "农村信用社", "PSBC": "中国邮政储蓄银行", "ICBC": "中国工商银行"}


def card(seed: int) -> str:
    """A valid (Luhn) bank card number, one per seed."""
    partial = f"62284800{seed:010d}"
    return partial + luhn_check_digit(partial)


def bank_ref(vault: PersonalDataVault, number: str, bank_code: str) -> types_pb2.BankAccountRef:
    """A bank account as enrolment's events carry it: masked, tokenised, sealed."""
    sealed = vault.seal(number, purpose="bank_card_number")
    return types_pb2.BankAccountRef(
        bank_code=bank_code,
        bank_name=BANKS[bank_code],
        account_masked=mask_bank_card(number),
        account_token=vault.lookup_hash(number, purpose="bank_card_number"),
        sealed_card_number=types_pb2.SealedValue(
            key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext
        ),
    )


def enrolment_event(payload: Any, key: str, topic: str = RESIDENT_TOPIC) -> dict[str, Any]:
    return new_event(topic=topic, payload=payload, subject_key=key, producer="enrolment", actor="test")


def pensioner_events(
    vault: PersonalDataVault,
    region: str,
    village: str,
    *,
    birth: date,
    years: int,
    balance_fen: int,
    bank_code: str,
    seed: int,
    enrolled_on: date = date(2011, 8, 1),
) -> tuple[str, list[dict[str, Any]]]:
    """A resident as enrolment announces them (enrolled, then a contribution with years and balance after)."""
    resident_id = f"R{uuid.uuid4().hex[:20]}"
    sealed_name = vault.seal("王建国", purpose="name")
    return resident_id, [
        enrolment_event(
            enrolment_events.ResidentEnrolled(
                resident_id=resident_id,
                pooling_region_code=region,
                village_code=village,
                citizen_id_masked="4117**********123X",
                name_masked="王*国",
                birth_date=to_calendar_date(birth),
                enrolled_on=to_calendar_date(enrolled_on),
                bank_account=bank_ref(vault, card(seed), bank_code),
                sealed_name=types_pb2.SealedValue(
                    key_id=sealed_name.key_id, nonce=sealed_name.nonce, ciphertext=sealed_name.ciphertext
                ),
            ),
            resident_id,
        ),
        enrolment_event(
            enrolment_events.ContributionRecorded(
                resident_id=resident_id,
                year=2025,
                contributed_years=years,
                balance_after_fen=balance_fen,
                pooling_region_code=region,
            ),
            resident_id,
        ),
    ]


async def refusal(call: Any) -> tuple[grpc.StatusCode, str]:
    """The status code and reason of a call that must be refused."""
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value.code(), from_rpc_error(raised.value).reason

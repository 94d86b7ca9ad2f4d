"""What payout knows of residents and policy, kept from enrolment's events (payout never reads enrolment's database).

Every update sets absolute values carried by the event (balance after, years after), so applying an
event twice, or an older event after a newer one of another resident, changes nothing wrong; one
resident's events arrive in order (they share a Kafka key).
"""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension_kit.protoconv import from_calendar_date
from pension_payout.adapters.award_documents import bank_account_of
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.store import PayoutStore, award_id


def bank_account_document(ref: types_pb2.BankAccountRef) -> dict[str, Any]:
    """A bank account as enrolment announced it: masked, tokenised, sealed (the clear number only in bank files)."""
    sealed = ref.sealed_card_number
    return {
        "bank_code": ref.bank_code,
        "bank_name": ref.bank_name,
        "account_masked": ref.account_masked,
        "account_token": ref.account_token,
        "sealed_card_number": {"key_id": sealed.key_id, "nonce": sealed.nonce, "ciphertext": sealed.ciphertext},
    }


def _iso(value: types_pb2.CalendarDate, field: str) -> str | None:
    day = from_calendar_date(value, field=field, required=False)
    return day.isoformat() if day else None


class ResidentProjection:
    """Applies enrolment's resident and region events to payout's own records."""

    def __init__(self, store: PayoutStore, awards: AwardRepository | None = None) -> None:
        self.store = store
        self.awards = awards or AwardRepository(store)

    async def apply(self, payload: Message) -> None:
        handler = getattr(self, f"_on_{type(payload).__name__}", None)
        if handler is not None:
            await handler(payload)

    async def _set(self, resident_id: str, fields: dict[str, Any]) -> None:
        await self.store.residents.update_one({"_id": resident_id}, {"$set": fields})

    async def _on_ResidentEnrolled(self, event: enrolment_events.ResidentEnrolled) -> None:
        sealed = event.sealed_name
        await self.store.residents.update_one(
            {"_id": event.resident_id},
            {
                "$set": {
                    "pooling_region_code": event.pooling_region_code,
                    "village_code": event.village_code,
                    "name_masked": event.name_masked,
                    "citizen_id_masked": event.citizen_id_masked,
                    "sealed_name": {"key_id": sealed.key_id, "nonce": sealed.nonce, "ciphertext": sealed.ciphertext},
                    "bank_account": bank_account_document(event.bank_account),
                    "birth_date": _iso(event.birth_date, "birth_date"),
                    "enrolled_on": _iso(event.enrolled_on, "enrolled_on"),
                    "status": "ENROLLED",
                },
                "$setOnInsert": {"contributed_years": 0, "account_balance_fen": 0, "awarded": False},
            },
            upsert=True,
        )

    async def _on_BankAccountChanged(self, event: enrolment_events.BankAccountChanged) -> None:
        account = bank_account_document(event.bank_account)
        await self._set(event.resident_id, {"bank_account": account})
        await self.awards.paid_into(award_id(event.resident_id), bank_account_of(account))

    async def _on_VillageChanged(self, event: enrolment_events.VillageChanged) -> None:
        await self._set(event.resident_id, {"village_code": event.village_code})
        await self.awards.moved_to_village(award_id(event.resident_id), event.village_code)

    async def _on_ContributionRecorded(self, event: enrolment_events.ContributionRecorded) -> None:
        await self._set(
            event.resident_id,
            {"contributed_years": event.contributed_years, "account_balance_fen": event.balance_after_fen},
        )

    async def _on_ContributionReversed(self, event: enrolment_events.ContributionReversed) -> None:
        await self._set(
            event.resident_id,
            {"contributed_years": event.contributed_years, "account_balance_fen": event.balance_after_fen},
        )

    async def _on_ResidentTransferredIn(self, event: enrolment_events.ResidentTransferredIn) -> None:
        await self._set(
            event.resident_id,
            {"contributed_years": event.contributed_years, "account_balance_fen": event.balance_after_fen},
        )

    async def _on_InterestCredited(self, event: enrolment_events.InterestCredited) -> None:
        await self._set(event.resident_id, {"account_balance_fen": event.balance_after_fen})

    async def _on_AccountDrawdownRecorded(self, event: enrolment_events.AccountDrawdownRecorded) -> None:
        await self._set(event.resident_id, {"account_balance_fen": event.balance_after_fen})

    async def _on_InheritanceDebitRecorded(self, event: enrolment_events.InheritanceDebitRecorded) -> None:
        await self._set(event.resident_id, {"account_balance_fen": event.balance_after_fen})

    async def _on_EnrolmentTerminated(self, event: enrolment_events.EnrolmentTerminated) -> None:
        fields: dict[str, Any] = {
            "status": "TERMINATED",
            "termination_cause": event.cause,
            "date_of_death": _iso(event.date_of_death, "date_of_death"),
        }
        if event.cause == enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT:
            fields["account_balance_fen"] = event.balance_after_fen  # the balance left with the resident
        await self._set(event.resident_id, fields)

    async def _on_PolicyChanged(self, event: enrolment_events.PolicyChanged) -> None:
        await self.store.record_policy(event.policy)

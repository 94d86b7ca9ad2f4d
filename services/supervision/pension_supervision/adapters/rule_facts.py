"""The alert rules' state: what the event streams said so far, per resident, bank account, village, agent and day,
and payroll run, in one collection `rule_facts`.

Every write adds what one event says with `$addToSet` (or sets a value the event fixes), so an event applied twice
changes nothing, and returns the document as it is after the write, so that the rules see everything heard so
far whatever the order of arrival. Documents by `_id`:

- `resident:<resident_id>`: region, village, birth date, deaths, payments, certifications;
- `account:<account_token>`: the residents paid into one bank account (the token is a keyed hash, never the card);
- `village:<village_code>`: the committee's position and the positioned certifications not yet judged against it;
- `agent:<agent_id>:<YYYY-MM-DD>`: one agent's certifications of one day (China time), bounded per document;
- `payroll:<payroll_run_id>`: a run's exported total, bank returns and closing totals.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.clock import CHINA, to_millisecond
from pension_kit.mongo import Document
from pension_supervision.domain.alert_rules.centenarian import PassedCertification
from pension_supervision.domain.alert_rules.certification_burst import AgentCertification
from pension_supervision.domain.alert_rules.far_from_village import Point, PositionedCertification
from pension_supervision.domain.alert_rules.payment_after_death import PaidMonth, RecordedDeath
from pension_supervision.domain.alert_rules.payroll_reconciliation import BatchReturn, RunTotals
from pension_supervision.domain.alert_rules.shared_bank_account import AccountPayee
from pension_supervision.domain.alerts import Evidence

RULE_FACTS = "rule_facts"


def evidence_document(evidence: Evidence) -> Document:
    """Evidence as stored; always the same keys in the same order, so that `$addToSet` recognises a repeat."""
    return {
        "event_id": evidence.event_id,
        "event_type": evidence.event_type,
        "subject_key": evidence.subject_key,
        "occurred_at": to_millisecond(evidence.occurred_at),
        "summary": evidence.summary,
    }


def evidence_from(document: Document) -> Evidence:
    return Evidence(
        event_id=document["event_id"],
        event_type=document["event_type"],
        subject_key=document["subject_key"],
        occurred_at=document["occurred_at"],
        summary=document["summary"],
    )


class RuleFacts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._facts = database[RULE_FACTS]

    async def _add(self, key: str, *, add: Document, set_on_insert: Document | None = None) -> Document:
        update: dict[str, Any] = {"$addToSet": add}
        if set_on_insert:
            update["$setOnInsert"] = set_on_insert
        document = await self._facts.find_one_and_update(
            {"_id": key}, update, upsert=True, return_document=ReturnDocument.AFTER
        )
        assert document is not None
        return document

    async def _set(self, key: str, values: Document) -> Document:
        document = await self._facts.find_one_and_update(
            {"_id": key}, {"$set": values}, upsert=True, return_document=ReturnDocument.AFTER
        )
        assert document is not None
        return document

    # --- residents ---------------------------------------------------------------------------------------

    async def resident_enrolled(
        self, resident_id: str, *, pooling_region_code: str, village_code: str, birth_date: date
    ) -> ResidentFacts:
        return ResidentFacts(
            resident_id,
            await self._set(
                f"resident:{resident_id}",
                {
                    "pooling_region_code": pooling_region_code,
                    "village_code": village_code,
                    "birth_date": birth_date.isoformat(),
                },
            ),
        )

    async def death_recorded(
        self, resident_id: str, *, pooling_region_code: str, death: RecordedDeath
    ) -> ResidentFacts:
        document = await self._add(
            f"resident:{resident_id}",
            add={
                "deaths": {
                    "date_of_death": death.date_of_death.isoformat(),
                    "confirmed": death.confirmed,
                    "evidence": evidence_document(death.evidence),
                }
            },
            set_on_insert={"pooling_region_code": pooling_region_code},
        )
        return ResidentFacts(resident_id, document)

    async def payment_paid(self, resident_id: str, *, pooling_region_code: str, payment: PaidMonth) -> ResidentFacts:
        document = await self._add(
            f"resident:{resident_id}",
            add={
                "payments": {
                    "month": payment.month,
                    "amount_fen": payment.amount_fen,
                    "evidence": evidence_document(payment.evidence),
                }
            },
            set_on_insert={"pooling_region_code": pooling_region_code},
        )
        return ResidentFacts(resident_id, document)

    async def certification_passed(
        self, resident_id: str, *, pooling_region_code: str, certification: PassedCertification
    ) -> ResidentFacts:
        document = await self._add(
            f"resident:{resident_id}",
            add={
                "certifications": {
                    "certified_on": certification.certified_on.isoformat(),
                    "method": certification.method,
                    "agent_id": certification.agent_id,
                    "evidence": evidence_document(certification.evidence),
                }
            },
            set_on_insert={"pooling_region_code": pooling_region_code},
        )
        return ResidentFacts(resident_id, document)

    # --- bank accounts -----------------------------------------------------------------------------------

    async def paid_into_account(
        self, account_token: str, *, account_masked: str, pooling_region_code: str, payee: AccountPayee
    ) -> AccountFacts:
        document = await self._add(
            f"account:{account_token}",
            add={
                "payees": {
                    "resident_id": payee.resident_id,
                    "village_code": payee.village_code,
                    "evidence": evidence_document(payee.evidence),
                }
            },
            set_on_insert={"pooling_region_code": pooling_region_code, "account_masked": account_masked},
        )
        return AccountFacts(account_token, document)

    # --- villages ----------------------------------------------------------------------------------------

    async def village_registered(self, village_code: str, *, pooling_region_code: str, position: Point) -> VillageFacts:
        document = await self._set(
            f"village:{village_code}",
            {
                "pooling_region_code": pooling_region_code,
                "position": {"latitude_e6": position.latitude_e6, "longitude_e6": position.longitude_e6},
            },
        )
        return VillageFacts(village_code, document)

    async def positioned_certification(
        self, certification: PositionedCertification, *, pooling_region_code: str
    ) -> VillageFacts:
        """Adds the certification to the village's waiting ones (judged once the village's position is known)."""
        document = await self._add(
            f"village:{certification.village_code}",
            add={"certifications": _positioned_document(certification)},
            set_on_insert={"pooling_region_code": pooling_region_code},
        )
        return VillageFacts(certification.village_code, document)

    async def judged(self, village_code: str, certifications: list[PositionedCertification]) -> None:
        """Takes certifications judged against the village's position off its waiting list (keeps the document
        small: a village sees hundreds of certifications a year). Values exactly as stored: FerretDB matches
        $pullAll by whole value."""
        if certifications:
            await self._facts.update_one(
                {"_id": f"village:{village_code}"},
                {"$pullAll": {"certifications": [_positioned_document(c) for c in certifications]}},
            )

    # --- agents ------------------------------------------------------------------------------------------

    async def agent_certified(
        self, agent_id: str, *, pooling_region_code: str, certification: AgentCertification
    ) -> list[AgentCertification]:
        """Adds the certification to its day and returns the agent's certifications of that day and the days
        either side (a burst may cross midnight)."""
        day = certification.certified_at.astimezone(CHINA).date()
        await self._add(
            f"agent:{agent_id}:{day.isoformat()}",
            add={
                "certifications": {
                    "certification_id": certification.certification_id,
                    "resident_id": certification.resident_id,
                    "certified_at": to_millisecond(certification.certified_at),
                    "evidence": evidence_document(certification.evidence),
                }
            },
            set_on_insert={"pooling_region_code": pooling_region_code},
        )
        keys = [f"agent:{agent_id}:{(day + timedelta(days=offset)).isoformat()}" for offset in (-1, 0, 1)]
        found: list[AgentCertification] = []
        async for document in self._facts.find({"_id": {"$in": keys}}):
            found.extend(
                AgentCertification(
                    certification_id=c["certification_id"],
                    resident_id=c["resident_id"],
                    certified_at=c["certified_at"],
                    evidence=evidence_from(c["evidence"]),
                )
                for c in document.get("certifications", [])
            )
        return found

    # --- payroll runs ------------------------------------------------------------------------------------

    async def payroll_exported(
        self, payroll_run_id: str, *, month: str, total_fen: int, evidence: Evidence
    ) -> RunTotals:
        return _run(
            payroll_run_id,
            await self._set(
                f"payroll:{payroll_run_id}",
                {"month": month, "exported": {"total_fen": total_fen, "evidence": evidence_document(evidence)}},
            ),
        )

    async def bank_return_imported(self, payroll_run_id: str, *, month: str, batch: BatchReturn) -> RunTotals:
        document = await self._add(
            f"payroll:{payroll_run_id}",
            add={
                "returns": {
                    "batch_id": batch.batch_id,
                    "paid_fen": batch.paid_fen,
                    "failed_fen": batch.failed_fen,
                    "evidence": evidence_document(batch.evidence),
                }
            },
            set_on_insert={"month": month},
        )
        return _run(payroll_run_id, document)

    async def payroll_closed(
        self, payroll_run_id: str, *, month: str, paid_fen: int, failed_fen: int, evidence: Evidence
    ) -> RunTotals:
        return _run(
            payroll_run_id,
            await self._set(
                f"payroll:{payroll_run_id}",
                {
                    "month": month,
                    "closed": {
                        "paid_fen": paid_fen,
                        "failed_fen": failed_fen,
                        "evidence": evidence_document(evidence),
                    },
                },
            ),
        )


class ResidentFacts:
    """What was heard of one resident."""

    def __init__(self, resident_id: str, document: Document) -> None:
        self.resident_id = resident_id
        self.pooling_region_code: str = document.get("pooling_region_code", "")
        self.village_code: str = document.get("village_code", "")
        birth = document.get("birth_date")
        self.birth_date: date | None = date.fromisoformat(birth) if birth else None
        self.deaths = [
            RecordedDeath(date.fromisoformat(d["date_of_death"]), d["confirmed"], evidence_from(d["evidence"]))
            for d in document.get("deaths", [])
        ]
        self.payments = [
            PaidMonth(p["month"], p["amount_fen"], evidence_from(p["evidence"])) for p in document.get("payments", [])
        ]
        self.certifications = [
            PassedCertification(
                date.fromisoformat(c["certified_on"]), c["method"], c["agent_id"], evidence_from(c["evidence"])
            )
            for c in document.get("certifications", [])
        ]


class AccountFacts:
    def __init__(self, account_token: str, document: Document) -> None:
        self.account_token = account_token
        self.account_masked: str = document.get("account_masked", "")
        self.pooling_region_code: str = document.get("pooling_region_code", "")
        self.payees = [
            AccountPayee(p["resident_id"], p["village_code"], evidence_from(p["evidence"]))
            for p in document.get("payees", [])
        ]


class VillageFacts:
    def __init__(self, village_code: str, document: Document) -> None:
        self.village_code = village_code
        self.pooling_region_code: str = document.get("pooling_region_code", "")
        position = document.get("position")
        self.position = Point(position["latitude_e6"], position["longitude_e6"]) if position else None
        self.certifications = [
            PositionedCertification(
                certification_id=c["certification_id"],
                resident_id=c["resident_id"],
                agent_id=c["agent_id"],
                village_code=village_code,
                position=Point(c["latitude_e6"], c["longitude_e6"]),
                evidence=evidence_from(c["evidence"]),
            )
            for c in document.get("certifications", [])
        ]


def _positioned_document(certification: PositionedCertification) -> Document:
    return {
        "certification_id": certification.certification_id,
        "resident_id": certification.resident_id,
        "agent_id": certification.agent_id,
        "latitude_e6": certification.position.latitude_e6,
        "longitude_e6": certification.position.longitude_e6,
        "evidence": evidence_document(certification.evidence),
    }


def _run(payroll_run_id: str, document: Document) -> RunTotals:
    exported = document.get("exported")
    closed = document.get("closed")
    return RunTotals(
        payroll_run_id=payroll_run_id,
        month=document.get("month", ""),
        exported_fen=exported["total_fen"] if exported else None,
        exported_evidence=evidence_from(exported["evidence"]) if exported else None,
        returns=tuple(
            BatchReturn(r["batch_id"], r["paid_fen"], r["failed_fen"], evidence_from(r["evidence"]))
            for r in document.get("returns", [])
        ),
        closed_paid_fen=closed["paid_fen"] if closed else None,
        closed_failed_fen=closed["failed_fen"] if closed else None,
        closed_evidence=evidence_from(closed["evidence"]) if closed else None,
    )


__all__ = ["RULE_FACTS", "AccountFacts", "ResidentFacts", "RuleFacts", "VillageFacts"]

"""Watching the event streams for the alert rules: each event's facts are added to the rules' state
(adapters/rule_facts.py, idempotently), then the rules it concerns are asked, and whatever they find is raised
through the alert store (one alert per facts, whichever event completed them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pension.enrolment.v1 import enrolment_pb2
from pension_kit.clock import CHINA
from pension_kit.policy import SupervisionThresholds
from pension_supervision.adapters.policies import RegionPolicies
from pension_supervision.adapters.rule_facts import ResidentFacts, RuleFacts, VillageFacts
from pension_supervision.domain.alert_rules.audit_chain import audit_chain_broken
from pension_supervision.domain.alert_rules.cash_not_deposited import cash_not_deposited
from pension_supervision.domain.alert_rules.centenarian import PassedCertification, centenarian_weak_certification
from pension_supervision.domain.alert_rules.certification_burst import AgentCertification, certification_bursts
from pension_supervision.domain.alert_rules.far_from_village import (
    Point,
    PositionedCertification,
    certification_far_from_village,
)
from pension_supervision.domain.alert_rules.payment_after_death import PaidMonth, RecordedDeath, payment_after_death
from pension_supervision.domain.alert_rules.payroll_reconciliation import (
    BatchReturn,
    RunTotals,
    payroll_not_reconciled,
)
from pension_supervision.domain.alert_rules.refused_enrolments import (
    duplicate_enrolment,
    duplicate_receipt,
    employee_pension_enrolment,
)
from pension_supervision.domain.alert_rules.shared_bank_account import AccountPayee, shared_bank_account
from pension_supervision.domain.alerts import AlertDraft, Evidence
from pension_supervision.service_layer.alerts import AlertService


def _day_of(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


@dataclass(frozen=True, slots=True)
class CertificationSeen:
    """A certification as verification announced it (passed) or a visit it refused (with its position)."""

    certification_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    method: str
    agent_id: str
    certified_on: date
    certified_at: datetime
    position: Point
    passed: bool
    evidence: Evidence


@dataclass
class RuleWatch:
    facts: RuleFacts
    policies: RegionPolicies
    alerts: AlertService

    async def _raise(self, drafts: list[AlertDraft | None]) -> None:
        for draft in drafts:
            if draft is not None:
                await self.alerts.raise_alert(draft)

    async def policy_heard(self, policy: enrolment_pb2.Policy) -> None:
        """Keeps a version of a region's policy: its thresholds apply to the events of the days it is in force."""
        await self.policies.record(policy)

    async def _thresholds(self, pooling_region_code: str, on: date) -> SupervisionThresholds:
        return await self.policies.thresholds(pooling_region_code, on)

    # --- residents: deaths, payments, certifications --------------------------------------------------------

    async def resident_enrolled(
        self, resident_id: str, *, pooling_region_code: str, village_code: str, birth_date: date
    ) -> None:
        resident = await self.facts.resident_enrolled(
            resident_id, pooling_region_code=pooling_region_code, village_code=village_code, birth_date=birth_date
        )
        for year in sorted({c.certified_on.year for c in resident.certifications}):
            await self._centenarian(resident, year)

    async def death_recorded(self, resident_id: str, *, pooling_region_code: str, death: RecordedDeath) -> None:
        resident = await self.facts.death_recorded(resident_id, pooling_region_code=pooling_region_code, death=death)
        await self._payments_after_death(resident, resident.payments)

    async def payment_paid(
        self,
        resident_id: str,
        *,
        pooling_region_code: str,
        village_code: str,
        payment: PaidMonth,
        account_token: str,
        account_masked: str,
    ) -> None:
        resident = await self.facts.payment_paid(resident_id, pooling_region_code=pooling_region_code, payment=payment)
        await self._payments_after_death(resident, [payment])
        if not account_token:
            return
        account = await self.facts.paid_into_account(
            account_token,
            account_masked=account_masked,
            pooling_region_code=pooling_region_code,
            payee=AccountPayee(resident_id, village_code, payment.evidence),
        )
        thresholds = await self._thresholds(pooling_region_code, _day_of(payment.evidence.occurred_at))
        await self._raise(
            [
                shared_bank_account(
                    account_token=account.account_token,
                    account_masked=account.account_masked,
                    pooling_region_code=account.pooling_region_code or pooling_region_code,
                    payees=account.payees,
                    thresholds=thresholds,
                )
            ]
        )

    async def _payments_after_death(self, resident: ResidentFacts, payments: list[PaidMonth]) -> None:
        await self._raise(
            [
                payment_after_death(
                    resident_id=resident.resident_id,
                    pooling_region_code=resident.pooling_region_code,
                    deaths=resident.deaths,
                    payment=payment,
                )
                for payment in payments
            ]
        )

    async def certification_seen(self, seen: CertificationSeen) -> None:
        thresholds = await self._thresholds(seen.pooling_region_code, seen.certified_on)
        if seen.passed:
            resident = await self.facts.certification_passed(
                seen.resident_id,
                pooling_region_code=seen.pooling_region_code,
                certification=PassedCertification(seen.certified_on, seen.method, seen.agent_id, seen.evidence),
            )
            await self._centenarian(resident, seen.certified_on.year)
            if seen.agent_id:
                certifications = await self.facts.agent_certified(
                    seen.agent_id,
                    pooling_region_code=seen.pooling_region_code,
                    certification=AgentCertification(
                        seen.certification_id, seen.resident_id, seen.certified_at, seen.evidence
                    ),
                )
                await self._raise(
                    list(
                        certification_bursts(
                            agent_id=seen.agent_id,
                            pooling_region_code=seen.pooling_region_code,
                            certifications=certifications,
                            thresholds=thresholds,
                        )
                    )
                )
        if seen.position.known and seen.village_code:
            village = await self.facts.positioned_certification(
                PositionedCertification(
                    certification_id=seen.certification_id,
                    resident_id=seen.resident_id,
                    agent_id=seen.agent_id,
                    village_code=seen.village_code,
                    position=seen.position,
                    evidence=seen.evidence,
                ),
                pooling_region_code=seen.pooling_region_code,
            )
            await self._far_from_village(village, only=seen.certification_id)

    async def _centenarian(self, resident: ResidentFacts, year: int) -> None:
        if resident.birth_date is None or not resident.pooling_region_code:
            return
        thresholds = await self._thresholds(resident.pooling_region_code, date(year, 12, 31))
        await self._raise(
            [
                centenarian_weak_certification(
                    resident_id=resident.resident_id,
                    pooling_region_code=resident.pooling_region_code,
                    birth_date=resident.birth_date,
                    certifications=resident.certifications,
                    year=year,
                    thresholds=thresholds,
                )
            ]
        )

    # --- villages ---------------------------------------------------------------------------------------------

    async def village_registered(self, village_code: str, *, pooling_region_code: str, position: Point) -> None:
        village = await self.facts.village_registered(
            village_code, pooling_region_code=pooling_region_code, position=position
        )
        await self._far_from_village(village, only=None)

    async def _far_from_village(self, village: VillageFacts, *, only: str | None) -> None:
        """Judges the village's waiting certifications (or only the one just heard) once its position is known,
        then takes them off the waiting list; a certification heard before the village waits for it."""
        if village.position is None:
            return
        judged = [c for c in village.certifications if only is None or c.certification_id == only]
        for certification in judged:
            thresholds = await self._thresholds(
                village.pooling_region_code, _day_of(certification.evidence.occurred_at)
            )
            await self._raise(
                [
                    certification_far_from_village(
                        certification=certification,
                        village=village.position,
                        pooling_region_code=village.pooling_region_code,
                        thresholds=thresholds,
                    )
                ]
            )
        await self.facts.judged(village.village_code, judged)

    # --- enrolment's and verification's findings ------------------------------------------------------------

    async def cash_overdue(
        self,
        agent_id: str,
        *,
        pooling_region_code: str,
        oldest_collected_on: date,
        overdue_fen: int,
        days_outstanding: int,
        settlement_days: int,
        receipts: int,
        evidence: Evidence,
    ) -> None:
        await self._raise(
            [
                cash_not_deposited(
                    agent_id=agent_id,
                    pooling_region_code=pooling_region_code,
                    oldest_collected_on=oldest_collected_on,
                    overdue_fen=overdue_fen,
                    days_outstanding=days_outstanding,
                    settlement_days=settlement_days,
                    receipts=receipts,
                    evidence=evidence,
                )
            ]
        )

    async def employee_pension_enrolment_refused(
        self,
        *,
        pooling_region_code: str,
        citizen_id_masked: str,
        name_masked: str,
        village_code: str,
        agent_id: str,
        registry_source: str,
        evidence: Evidence,
    ) -> None:
        await self.alerts.raise_alert(
            employee_pension_enrolment(
                pooling_region_code=pooling_region_code,
                citizen_id_masked=citizen_id_masked,
                name_masked=name_masked,
                village_code=village_code,
                agent_id=agent_id,
                registry_source=registry_source,
                evidence=evidence,
            )
        )

    async def duplicate_enrolment_refused(
        self,
        *,
        pooling_region_code: str,
        existing_resident_id: str,
        citizen_id_masked: str,
        attempted_village_code: str,
        existing_village_code: str,
        agent_id: str,
        evidence: Evidence,
    ) -> None:
        await self.alerts.raise_alert(
            duplicate_enrolment(
                pooling_region_code=pooling_region_code,
                existing_resident_id=existing_resident_id,
                citizen_id_masked=citizen_id_masked,
                attempted_village_code=attempted_village_code,
                existing_village_code=existing_village_code,
                agent_id=agent_id,
                evidence=evidence,
            )
        )

    async def duplicate_receipt_found(
        self, *, pooling_region_code: str, resident_id: str, from_month: str, scheme_ref: str, evidence: Evidence
    ) -> None:
        await self.alerts.raise_alert(
            duplicate_receipt(
                pooling_region_code=pooling_region_code,
                resident_id=resident_id,
                from_month=from_month,
                scheme_ref=scheme_ref,
                evidence=evidence,
            )
        )

    async def audit_chain_broken(self, *, broken_at_sequence: int, break_kind: str, evidence: Evidence) -> None:
        await self.alerts.raise_alert(
            audit_chain_broken(broken_at_sequence=broken_at_sequence, break_kind=break_kind, evidence=evidence)
        )

    # --- payroll totals ---------------------------------------------------------------------------------------

    async def payroll_exported(
        self, payroll_run_id: str, *, pooling_region_code: str, month: str, total_fen: int, evidence: Evidence
    ) -> None:
        run = await self.facts.payroll_exported(payroll_run_id, month=month, total_fen=total_fen, evidence=evidence)
        await self._reconcile(pooling_region_code, run)

    async def bank_return_imported(
        self, payroll_run_id: str, *, pooling_region_code: str, month: str, batch: BatchReturn
    ) -> None:
        run = await self.facts.bank_return_imported(payroll_run_id, month=month, batch=batch)
        await self._reconcile(pooling_region_code, run)

    async def payroll_closed(
        self,
        payroll_run_id: str,
        *,
        pooling_region_code: str,
        month: str,
        paid_fen: int,
        failed_fen: int,
        evidence: Evidence,
    ) -> None:
        run = await self.facts.payroll_closed(
            payroll_run_id, month=month, paid_fen=paid_fen, failed_fen=failed_fen, evidence=evidence
        )
        await self._reconcile(pooling_region_code, run)

    async def _reconcile(self, pooling_region_code: str, run: RunTotals) -> None:
        await self._raise([payroll_not_reconciled(pooling_region_code=pooling_region_code, run=run)])

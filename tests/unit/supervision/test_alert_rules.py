"""Each alert rule: a case that fires, with its facts, evidence, score and reasons, and one that must not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from pension_kit.masking import personal_numbers_in
from pension_kit.policy import SupervisionThresholds
from pension_supervision.domain.alert_rules.audit_chain import audit_chain_broken
from pension_supervision.domain.alert_rules.cash_not_deposited import cash_not_deposited
from pension_supervision.domain.alert_rules.centenarian import PassedCertification, centenarian_weak_certification
from pension_supervision.domain.alert_rules.certification_burst import AgentCertification, certification_bursts
from pension_supervision.domain.alert_rules.far_from_village import (
    Point,
    PositionedCertification,
    certification_far_from_village,
    distance_m,
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
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence

REGION = "411723"
DEMO = SupervisionThresholds()
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def ev(event_id: str, minutes: int = 0, summary: str = "") -> Evidence:
    return Evidence(event_id, "pension.test.v1.Event", "R1", T0 + timedelta(minutes=minutes), summary or event_id)


def readable(draft: AlertDraft) -> None:
    """What every alert must carry: reasons in both languages, an explained score, no personal number."""
    assert draft.reason_zh and draft.reason_en and draft.score_explanation.startswith(str(draft.score))
    for text in (draft.reason_zh, draft.reason_en, draft.score_explanation, *(e.summary for e in draft.evidence)):
        assert personal_numbers_in(text) == []


# --- PAYMENT_AFTER_DEATH ---------------------------------------------------------------------------------


def test_a_payment_for_the_month_after_death_fires_with_both_events_as_evidence() -> None:
    death = RecordedDeath(date(2026, 5, 20), confirmed=True, evidence=ev("death"))
    draft = payment_after_death(
        resident_id="R1", pooling_region_code=REGION, deaths=[death], payment=PaidMonth("2026-06", 17_300, ev("pay"))
    )
    assert draft is not None
    readable(draft)
    assert (draft.rule, draft.facts, draft.amount_fen) == (AlertRule.PAYMENT_AFTER_DEATH, ("R1", "2026-06"), 17_300)
    assert [e.event_id for e in draft.evidence] == ["death", "pay"]
    assert draft.score == 95
    assert "2026-05-20" in draft.reason_en and "173.00" in draft.reason_zh


def test_a_payment_for_the_month_of_death_or_before_does_not_fire() -> None:
    death = RecordedDeath(date(2026, 5, 20), confirmed=True, evidence=ev("death"))
    for month in ("2026-05", "2026-04"):
        payment = PaidMonth(month, 17_300, ev("pay"))
        assert (
            payment_after_death(resident_id="R1", pooling_region_code=REGION, deaths=[death], payment=payment) is None
        )
    assert (
        payment_after_death(
            resident_id="R1", pooling_region_code=REGION, deaths=[], payment=PaidMonth("2026-09", 1, ev("p"))
        )
        is None
    )


def test_a_death_known_only_from_enrolment_scores_lower() -> None:
    death = RecordedDeath(date(2026, 5, 20), confirmed=False, evidence=ev("ended"))
    draft = payment_after_death(
        resident_id="R1", pooling_region_code=REGION, deaths=[death], payment=PaidMonth("2026-07", 100, ev("pay"))
    )
    assert draft is not None and draft.score == 85


# --- SHARED_BANK_ACCOUNT -----------------------------------------------------------------------------------


def payee(resident: str, village: str, minutes: int = 0) -> AccountPayee:
    return AccountPayee(resident, village, ev(f"pay-{resident}", minutes))


def test_a_couple_of_one_village_sharing_an_account_does_not_fire() -> None:
    payees = [payee("R1", "411723100001"), payee("R2", "411723100001"), payee("R1", "411723100001", 5)]
    assert (
        shared_bank_account(
            account_token="tok",
            account_masked="6222********1234",
            pooling_region_code=REGION,
            payees=payees,
            thresholds=DEMO,
        )
        is None
    )


def test_two_residents_of_different_villages_fire_and_say_what_was_seen() -> None:
    payees = [payee("R2", "411723100002", 1), payee("R1", "411723100001")]
    draft = shared_bank_account(
        account_token="tok",
        account_masked="6222********1234",
        pooling_region_code=REGION,
        payees=payees,
        thresholds=DEMO,
    )
    assert draft is not None
    readable(draft)
    assert draft.facts == ("tok", "R1", "R2") and draft.resident_ids == ("R1", "R2")
    assert "2 different villages" in draft.reason_en and "6222********1234" in draft.reason_zh


def test_more_residents_than_the_region_allows_fire_even_in_one_village() -> None:
    payees = [payee(f"R{n}", "411723100001", n) for n in range(3)]
    draft = shared_bank_account(
        account_token="tok",
        account_masked="6222********1234",
        pooling_region_code=REGION,
        payees=payees,
        thresholds=DEMO,
    )
    assert draft is not None and "more than the 2 allowed" in draft.reason_en
    relaxed = replace(DEMO, max_pensioners_per_bank_account=3)
    assert (
        shared_bank_account(
            account_token="tok", account_masked="x", pooling_region_code=REGION, payees=payees, thresholds=relaxed
        )
        is None
    )


# --- CENTENARIAN_WEAK_CERTIFICATION ----------------------------------------------------------------------


def cert(year: int, method: str, agent: str = "") -> PassedCertification:
    return PassedCertification(date(year, 3, 1), method, agent, ev(f"cert-{year}-{method}"))


def test_a_centenarian_certified_only_by_data_fires() -> None:
    draft = centenarian_weak_certification(
        resident_id="R1",
        pooling_region_code=REGION,
        birth_date=date(1925, 1, 1),
        certifications=[cert(2026, "DATA")],
        year=2026,
        thresholds=DEMO,
    )
    assert draft is not None
    readable(draft)
    assert draft.facts == ("R1", "2026") and "only by data" in draft.reason_en


def test_someone_younger_or_seen_face_to_face_does_not_fire() -> None:
    young = centenarian_weak_certification(
        resident_id="R1",
        pooling_region_code=REGION,
        birth_date=date(1930, 1, 1),
        certifications=[cert(2026, "DATA")],
        year=2026,
        thresholds=DEMO,
    )
    seen = centenarian_weak_certification(
        resident_id="R1",
        pooling_region_code=REGION,
        birth_date=date(1925, 1, 1),
        certifications=[cert(2026, "DATA"), cert(2026, "FACE")],
        year=2026,
        thresholds=DEMO,
    )
    unknown_age = centenarian_weak_certification(
        resident_id="R1",
        pooling_region_code=REGION,
        birth_date=None,
        certifications=[cert(2026, "DATA")],
        year=2026,
        thresholds=DEMO,
    )
    assert (young, seen, unknown_age) == (None, None, None)


def test_the_same_agent_three_years_in_a_row_fires_two_years_does_not() -> None:
    visits = [cert(year, "AGENT_VISIT", "agent-9") for year in (2024, 2025, 2026)]
    draft = centenarian_weak_certification(
        resident_id="R1",
        pooling_region_code=REGION,
        birth_date=date(1920, 6, 1),
        certifications=visits,
        year=2026,
        thresholds=DEMO,
    )
    assert draft is not None and draft.agent_ids == ("agent-9",) and len(draft.evidence) == 3
    assert "3 years in a row" in draft.reason_en
    broken = [*visits[:1], cert(2025, "AGENT_VISIT", "agent-2"), visits[2]]
    assert (
        centenarian_weak_certification(
            resident_id="R1",
            pooling_region_code=REGION,
            birth_date=date(1920, 6, 1),
            certifications=broken,
            year=2026,
            thresholds=DEMO,
        )
        is None
    )


# --- CERTIFICATION_FAR_FROM_VILLAGE ----------------------------------------------------------------------

VILLAGE = Point(33_000_000, 114_000_000)


def positioned(latitude_e6: int) -> PositionedCertification:
    return PositionedCertification("C1", "R1", "agent-1", "411723100001", Point(latitude_e6, 114_000_000), ev("c"))


def test_a_certification_farther_than_the_limit_fires() -> None:
    far = positioned(33_000_000 + 60_000)  # about 6.7 km north
    draft = certification_far_from_village(
        certification=far, village=VILLAGE, pooling_region_code=REGION, thresholds=DEMO
    )
    assert draft is not None
    readable(draft)
    assert draft.facts == ("C1",) and draft.agent_ids == ("agent-1",)
    assert "6.7 km" in draft.reason_en


def test_a_certification_within_the_limit_or_without_a_village_position_does_not_fire() -> None:
    near = positioned(33_000_000 + 40_000)  # about 4.4 km
    assert 4_000 < distance_m(near.position, VILLAGE) < 5_000
    assert (
        certification_far_from_village(certification=near, village=VILLAGE, pooling_region_code=REGION, thresholds=DEMO)
        is None
    )
    far = positioned(33_000_000 + 60_000)
    assert (
        certification_far_from_village(certification=far, village=None, pooling_region_code=REGION, thresholds=DEMO)
        is None
    )


# --- CERTIFICATION_BURST ---------------------------------------------------------------------------------


def certifications(count: int, every_seconds: int, start_minutes: int = 0) -> list[AgentCertification]:
    return [
        AgentCertification(
            f"C{start_minutes:04d}-{n:02d}",
            f"R{n}",
            T0 + timedelta(minutes=start_minutes, seconds=n * every_seconds),
            ev(f"c{start_minutes}-{n}"),
        )
        for n in range(count)
    ]


def test_ten_certifications_in_ten_minutes_are_one_burst_not_one_per_window() -> None:
    many = certifications(14, every_seconds=40)  # 14 in under 9 minutes
    drafts = certification_bursts(agent_id="agent-1", pooling_region_code=REGION, certifications=many, thresholds=DEMO)
    assert len(drafts) == 1
    readable(drafts[0])
    assert drafts[0].facts == ("agent-1", "C0000-00") and len(drafts[0].evidence) == 14


def test_two_bursts_far_apart_are_two_alerts() -> None:
    both = certifications(10, 30) + certifications(10, 30, start_minutes=120)
    drafts = certification_bursts(agent_id="agent-1", pooling_region_code=REGION, certifications=both, thresholds=DEMO)
    assert [d.facts[1] for d in drafts] == ["C0000-00", "C0120-00"]


def test_certifications_spread_out_do_not_fire_and_the_order_heard_does_not_matter() -> None:
    slow = certifications(12, every_seconds=120)  # one every 2 minutes: at most 6 in any 10 minutes
    assert certification_bursts(agent_id="a", pooling_region_code=REGION, certifications=slow, thresholds=DEMO) == []
    many = certifications(11, every_seconds=30)
    forward = certification_bursts(agent_id="a", pooling_region_code=REGION, certifications=many, thresholds=DEMO)
    backward = certification_bursts(
        agent_id="a", pooling_region_code=REGION, certifications=many[::-1], thresholds=DEMO
    )
    assert forward == backward and len(forward) == 1


# --- CASH_NOT_DEPOSITED ----------------------------------------------------------------------------------


def test_cash_held_past_the_settlement_period_fires_with_the_amount() -> None:
    draft = cash_not_deposited(
        agent_id="agent-1",
        pooling_region_code=REGION,
        oldest_collected_on=date(2026, 3, 1),
        overdue_fen=50_000,
        days_outstanding=4,
        settlement_days=1,
        receipts=2,
        evidence=ev("overdue"),
    )
    assert draft is not None
    readable(draft)
    assert (draft.facts, draft.amount_fen, draft.score) == (("agent-1", "2026-03-01"), 50_000, 60)


def test_cash_within_the_settlement_period_does_not_fire() -> None:
    assert (
        cash_not_deposited(
            agent_id="agent-1",
            pooling_region_code=REGION,
            oldest_collected_on=date(2026, 3, 1),
            overdue_fen=50_000,
            days_outstanding=1,
            settlement_days=1,
            receipts=1,
            evidence=ev("o"),
        )
        is None
    )


# --- refused enrolments and duplicate receipt ------------------------------------------------------------


def test_refusals_and_findings_each_raise_their_rule_with_masked_identifiers() -> None:
    employee = employee_pension_enrolment(
        pooling_region_code=REGION,
        citizen_id_masked="4117**********123X",
        name_masked="张*明",
        village_code="411723100001",
        agent_id="agent-1",
        registry_source="employees-2026-03",
        evidence=ev("e"),
    )
    duplicate = duplicate_enrolment(
        pooling_region_code=REGION,
        existing_resident_id="R1",
        citizen_id_masked="4117**********123X",
        attempted_village_code="411723100002",
        existing_village_code="411723100001",
        agent_id="agent-1",
        evidence=ev("d"),
    )
    receipt = duplicate_receipt(
        pooling_region_code=REGION, resident_id="R1", from_month="2026-02", scheme_ref="EMP-1", evidence=ev("r")
    )
    for draft, rule in (
        (employee, AlertRule.EMPLOYEE_PENSION_ENROLMENT),
        (duplicate, AlertRule.DUPLICATE_ENROLMENT),
        (receipt, AlertRule.DUPLICATE_RECEIPT),
    ):
        readable(draft)
        assert draft.rule is rule
    assert (
        duplicate.score
        > duplicate_enrolment(
            pooling_region_code=REGION,
            existing_resident_id="R1",
            citizen_id_masked="4117**********123X",
            attempted_village_code="411723100001",
            existing_village_code="411723100001",
            agent_id="agent-1",
            evidence=ev("d"),
        ).score
    )


# --- PAYROLL_NOT_RECONCILED ------------------------------------------------------------------------------


def run(**changes: object) -> RunTotals:
    base = RunTotals(
        payroll_run_id="run-1",
        month="2026-03",
        exported_fen=1_000_000,
        exported_evidence=ev("exported"),
        returns=(BatchReturn("b1", 600_000, 0, ev("r1")), BatchReturn("b2", 390_000, 10_000, ev("r2"))),
        closed_paid_fen=990_000,
        closed_failed_fen=10_000,
        closed_evidence=ev("closed", 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_run_whose_totals_agree_does_not_fire_nor_one_not_yet_closed() -> None:
    assert payroll_not_reconciled(pooling_region_code=REGION, run=run()) is None
    assert (
        payroll_not_reconciled(pooling_region_code=REGION, run=run(closed_paid_fen=None, closed_failed_fen=None))
        is None
    )


def test_returns_short_of_the_export_fire_with_the_figures_side_by_side() -> None:
    short = run(returns=(BatchReturn("b1", 600_000, 0, ev("r1")), BatchReturn("b2", 380_000, 10_000, ev("r2"))))
    draft = payroll_not_reconciled(pooling_region_code=REGION, run=short)
    assert draft is not None
    readable(draft)
    assert draft.facts == ("run-1",) and draft.amount_fen == 10_000
    assert "10,000.00" in draft.reason_en and "9,900.00" in draft.reason_en
    assert [e.event_id for e in draft.evidence] == ["exported", "r1", "r2", "closed"]


def test_closing_totals_that_differ_from_the_export_fire() -> None:
    draft = payroll_not_reconciled(pooling_region_code=REGION, run=run(closed_paid_fen=995_000))
    assert draft is not None and "closing totals" in draft.reason_en and draft.amount_fen == 5_000


def test_a_broken_audit_chain_is_one_alert_per_place_and_kind() -> None:
    evidence = Evidence(
        "e-1", "pension.supervision.v1.AuditChainBroken", "000000", datetime(2026, 12, 1, tzinfo=UTC), ""
    )
    first = audit_chain_broken(broken_at_sequence=41, break_kind="HASH_MISMATCH", evidence=evidence)
    again = audit_chain_broken(broken_at_sequence=41, break_kind="HASH_MISMATCH", evidence=evidence)
    elsewhere = audit_chain_broken(broken_at_sequence=42, break_kind="SEQUENCE_GAP", evidence=evidence)
    assert first.alert_id == again.alert_id != elsewhere.alert_id
    assert first.pooling_region_code == "000000" and first.score == 100
    assert "41" in first.reason_zh and "篡改" in first.reason_zh and "entry 41" in first.reason_en

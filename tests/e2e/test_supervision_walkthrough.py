"""Supervision end to end on the real services, broker and database: a pension paid for a month after the death
becomes an alert with its evidence, the alert a case linked to payout's overpayment case, and the money payout
recovers shows in the case; nothing in supervision is written by hand.

A pensioner of a county is paid this month; a civil-affairs death record of 20 November follows. Payout stops him
and opens an overpayment case for the month already paid; supervision, from the same events, raises a
PAYMENT_AFTER_DEATH alert whose evidence is the payment and the death. An officer opens a case from the alert,
linked to the overpayment case; payout records a first repayment, and the case shows it. The village's public
notice of the month lists what he was paid with his name and number masked, and the month reconciles.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from county_testkit import (
    APPROVERS,
    AUDITOR,
    OFFICER,
    County,
    awarded,
    enrol_two_pensioners,
    overpayment_of,
    record_death,
    run_payroll_payments,
    running_county,
)
from payroll_testkit import pay_whole_month

from pension.payout.v1 import payout_pb2, payout_service_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.masking import mask_citizen_id, mask_name, personal_numbers_in
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_testkit import eventually, signed


@pytest.fixture
async def county(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[County]:
    async with running_county(kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_supervision=True) as county:
        yield county


async def test_a_payment_after_death_becomes_an_alert_a_case_and_a_recovery(county: County) -> None:
    assert county.supervision is not None
    supervision = county.supervision
    _, dying = await enrol_two_pensioners(county)
    this_month = Month.of(today_in_china())

    await eventually(lambda: awarded(county, dying, Month(2026, 6)), deadline=60.0, what="awarded from June 2026")
    closed = await pay_whole_month(county.payout, county.region, this_month, officer=OFFICER, approvers=APPROVERS)
    payment = (await run_payroll_payments(county, closed.payroll_run_id))[dying.resident_id][0]

    await record_death(county, dying, date(2026, 11, 20))
    overpayment = await eventually(lambda: overpayment_of(county, dying), what="payout's overpayment case")

    async def alert() -> supervision_pb2.Alert | None:
        listed = await supervision.ListAlerts(
            supervision_service_pb2.ListAlertsRequest(
                resident_id=dying.resident_id, rule=supervision_pb2.ALERT_RULE_PAYMENT_AFTER_DEATH
            ),
            metadata=signed(AUDITOR),
        )
        return listed.alerts[0] if listed.alerts else None

    raised = await eventually(alert, what="supervision's alert of a payment after the death")
    assert raised.status == supervision_pb2.ALERT_STATUS_OPEN
    assert raised.amount_fen == payment.amount_fen
    assert list(raised.resident_ids) == [dying.resident_id]
    assert {e.event_type for e in raised.evidence} >= {"pension.payout.v1.PaymentPaid"}
    assert raised.reason_zh and raised.reason_en and 0 < raised.score <= 100
    readable = " ".join([raised.reason_zh, raised.reason_en, *(e.summary for e in raised.evidence)])
    assert dying.name not in readable and dying.citizen_id not in readable
    assert personal_numbers_in(readable) == []

    opened = await supervision.OpenCase(
        supervision_service_pb2.OpenCaseRequest(
            request_id=uuid.uuid4().hex,
            alert_ids=[raised.alert_id],
            title="死亡后仍发放待遇",
            assigned_to="officer-pol",
            overpayment_case_ids=[overpayment.overpayment_case_id],
            reason="payment after death",
        ),
        metadata=signed(OFFICER),
    )
    case = opened.case_record
    assert case.status == supervision_pb2.CASE_STATUS_OPEN
    assert case.amount_fen == payment.amount_fen and case.recovered_fen == 0
    in_case = await supervision.GetAlert(
        supervision_service_pb2.GetAlertRequest(alert_id=raised.alert_id), metadata=signed(AUDITOR)
    )
    assert in_case.alert.status == supervision_pb2.ALERT_STATUS_IN_CASE and in_case.alert.case_id == case.case_id

    # The family repays half at the agency's counter; payout records it, and the case shows it.
    half = payment.amount_fen // 2
    await county.payout.RecordRecovery(
        payout_service_pb2.RecordRecoveryRequest(
            request_id=uuid.uuid4().hex,
            overpayment_case_id=overpayment.overpayment_case_id,
            amount_fen=half,
            method=payout_pb2.RECOVERY_METHOD_REPAYMENT,
            recovered_on=to_calendar_date(today_in_china()),
            reference="柜台收款 0001",
            reason="the family repaid half",
        ),
        metadata=signed(OFFICER),
    )

    async def recovered() -> supervision_pb2.Case | None:
        got = await supervision.GetCase(
            supervision_service_pb2.GetCaseRequest(case_id=case.case_id), metadata=signed(AUDITOR)
        )
        return got.case_record if got.case_record.recovered_fen else None

    after = await eventually(recovered, what="the recovery reached the case")
    assert after.recovered_fen == half

    # The village's notice of the month lists him, masked, with what he was paid.
    async def listed() -> supervision_pb2.PublicNotice | None:
        got = await supervision.GetPublicNotice(
            supervision_service_pb2.GetPublicNoticeRequest(
                village_code=dying.village_code, month=to_year_month(this_month)
            ),
            metadata=signed(OFFICER),
        )
        return got.notice if got.notice.recipients else None

    notice = await eventually(listed, what="the month's payments on the village notice")
    [line] = [r for r in notice.recipients if r.amount_fen == payment.amount_fen]
    assert line.name_masked == mask_name(dying.name) and line.citizen_id_masked == mask_citizen_id(dying.citizen_id)
    assert dying.name not in str(notice) and dying.citizen_id not in str(notice)

    # The month reconciles: what the payroll exported is what the bank returned, and the fund's statement agrees.
    reconciled = await supervision.RunReconciliation(
        supervision_service_pb2.RunReconciliationRequest(
            request_id=uuid.uuid4().hex,
            pooling_region_code=county.region,
            month=to_year_month(this_month),
            fund_account_figures=[
                supervision_pb2.FundAccountFigure(
                    item=supervision_pb2.RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN,
                    amount_fen=closed.total_fen,
                    statement_ref="代发户对账单 2026-12",
                )
            ],
        ),
        metadata=signed(OFFICER),
    )
    assert reconciled.reconciliation.balanced, [
        (line.item, line.fund, line.explanation) for line in reconciled.reconciliation.lines if line.difference_fen
    ]
    [payroll] = [
        line
        for line in reconciled.reconciliation.lines
        if line.item == supervision_pb2.RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN
    ]
    assert payroll.ledger_fen == payroll.bank_fen == payroll.fund_account_fen == closed.total_fen

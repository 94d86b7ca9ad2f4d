"""Awards and the payroll on the real database and broker: every state, every refusal, bank files and returns."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import grpc
import httpx
import pytest
from payout_testkit import REGION_TOPIC, bank_ref, card, enrolment_event, pensioner_events, refusal
from pymongo import AsyncMongoClient

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_year_month
from pension_payout.config import PayoutSettings
from pension_payout.domain.bank_files import parse_return, read_batch
from pension_synthetic.bank import answer_batch
from pension_testkit import InProcessGateway, InProcessServices, eventually, publish, signed

MONTH = Month(2026, 12)
PREPARER = Caller("officer-1", Role.COUNTY_OFFICER)
PREPARER_AS_APPROVER = Caller("officer-1", Role.COUNTY_APPROVER)
APPROVER_1 = Caller("approver-1", Role.COUNTY_APPROVER)
APPROVER_2 = Caller("approver-2", Role.COUNTY_APPROVER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)


def verified_call(resident_id: str) -> Caller:
    """The hotline once it has verified that the caller is this resident: it reads them and nobody else."""
    return Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=resident_id)


Stub = payout_service_pb2_grpc.PayoutServiceStub


@dataclass
class Payout:
    stub: Stub
    kafka: str
    vault: PersonalDataVault
    services: InProcessServices
    # Each test pays its own pooling region: the broker's topics hold every earlier test's residents too.
    region: str = field(default_factory=lambda: f"41{uuid.uuid4().int % 88 + 11}{uuid.uuid4().int % 98 + 1:02d}")

    @property
    def village(self) -> str:
        return f"{self.region}101201"


@pytest.fixture
async def payout(kafka_broker: Any, ferretdb: Any, tmp_path: Any) -> AsyncIterator[Payout]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, bank_files_dir=tmp_path
    ).start()
    assert services.payout is not None
    yield Payout(
        Stub(services.channel(services.payout)),
        kafka_broker.bootstrap_servers,
        PersonalDataVault.from_settings(PayoutSettings()),
        services,
    )
    await services.stop()


def pensioner(payout: Payout, **details: Any) -> tuple[str, list[dict[str, Any]]]:
    return pensioner_events(payout.vault, payout.region, payout.village, **details)


async def awards_granted(payout: Payout, residents: list[str]) -> None:
    """Runs the award job until payout has heard of every resident (enrolment's events arrive asynchronously)."""

    async def all_awarded() -> bool:
        try:
            await payout.stub.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(MONTH)
                ),
                metadata=signed(PREPARER),
            )
        except grpc.aio.AioRpcError as error:
            if from_rpc_error(error).reason != "POLICY_NOT_IN_FORCE":
                raise
            return False  # the policy has not reached payout yet
        for resident in residents:
            try:
                await payout.stub.GetAward(
                    payout_service_pb2.GetAwardRequest(resident_id=resident), metadata=signed(verified_call(resident))
                )
            except grpc.aio.AioRpcError:
                return False
        return True

    await eventually(all_awarded, deadline=90.0, what="awards granted")


async def setup_region(payout: Payout) -> dict[str, str]:
    policy = demo_policy(payout.region, datetime(2026, 1, 1, tzinfo=UTC))
    await publish(
        payout.kafka,
        [enrolment_event(enrolment_events.PolicyChanged(policy=policy_message(policy)), payout.region, REGION_TOPIC)],
    )
    # Turned 60 in November 2026: first paid December. 20 years contributed (5 beyond 15: +15 yuan).
    full_id, full_events = pensioner(
        payout, birth=date(1966, 11, 10), years=20, balance_fen=2_780_000, bank_code="ABC", seed=1
    )
    # Already 60 when the scheme started (2011), enrolled this November: no contributions needed; 76, bonus 10 yuan.
    old_id, old_events = pensioner(
        payout, birth=date(1950, 3, 1), years=0, balance_fen=0, bank_code="RCC", seed=2, enrolled_on=date(2026, 11, 2)
    )
    # Turned 60 in November 2026 with 9 of 15 years: short of 6.
    short_id, short_events = pensioner(
        payout, birth=date(1966, 11, 20), years=9, balance_fen=500_000, bank_code="ABC", seed=3
    )
    await publish(payout.kafka, full_events + old_events + short_events)
    await awards_granted(payout, [full_id, old_id])
    return {"full": full_id, "old": old_id, "short": short_id}


async def test_an_award_is_explained_line_by_line_and_the_short_are_listed(payout: Payout) -> None:
    residents = await setup_region(payout)
    response = await payout.stub.GetAward(
        payout_service_pb2.GetAwardRequest(resident_id=residents["full"], month=to_year_month(MONTH)),
        metadata=signed(verified_call(residents["full"])),
    )
    award = response.award
    assert (award.first_month.year, award.first_month.month) == (2026, 12)
    assert (award.contributed_years, award.required_years, award.extra_years) == (20, 15, 5)
    # 2,780,000 fen / 139 = 20,000 fen; basic 17,300; long-contribution bonus 5 x 300 = 1,500.
    assert (award.basic_pension_fen, award.long_contribution_bonus_fen, award.account_pension_fen) == (
        17_300,
        1_500,
        20_000,
    )
    assert award.monthly_total_fen == 38_800 == response.month_total_fen
    assert any("139" in line.explanation for line in response.month_lines)

    async def short_entry() -> Any:
        # A run may have looked before the resident's contribution reached payout: run again until it has.
        await payout.stub.RunAwards(
            payout_service_pb2.RunAwardsRequest(
                request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(PREPARER),
        )
        short = await payout.stub.ListShortOfYears(
            payout_service_pb2.ListShortOfYearsRequest(pooling_region_code=payout.region),
            metadata=signed(PREPARER),
        )
        found = [r for r in short.residents if r.resident_id == residents["short"] and r.contributed_years == 9]
        return found[0] if found else None

    entry = await eventually(short_entry, what="the short resident listed with their years")
    assert (entry.contributed_years, entry.required_years, entry.years_lacking) == (9, 15, 6)

    again = await payout.stub.RunAwards(
        payout_service_pb2.RunAwardsRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(MONTH)
        ),
        metadata=signed(PREPARER),
    )
    assert again.granted == 0


async def test_a_payroll_goes_from_draft_to_closed_with_maker_checker_and_bank_files(
    payout: Payout, tmp_path: Any
) -> None:
    residents = await setup_region(payout)
    stub = payout.stub
    prepared = (
        await stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="p1", pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(PREPARER),
        )
    ).payroll
    run = prepared.payroll_run_id
    assert prepared.status == payout_pb2.PAYROLL_STATUS_DRAFT
    # 38,800 for the full award; 17,300 + 1,000 old-age bonus for the 76-year-old.
    assert (prepared.payment_count, prepared.total_fen) == (2, 38_800 + 18_300)
    funds = {(t.component, t.fund): t.amount_fen for t in prepared.totals}
    assert funds[(types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION, types_pb2.FUND_INDIVIDUAL_ACCOUNT)] == 20_000

    # Preparing again adds nothing.
    again = (
        await stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="p2", pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(PREPARER),
        )
    ).payroll
    assert (again.payment_count, again.total_fen) == (prepared.payment_count, prepared.total_fen)

    export = payout_service_pb2.ExportPayrollRequest(request_id="e1", payroll_run_id=run)
    assert await refusal(stub.ExportPayroll(export, metadata=signed(PREPARER))) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "PAYROLL_NOT_APPROVED",
    )

    def approve(request_id: str) -> payout_service_pb2.ApprovePayrollRequest:
        return payout_service_pb2.ApprovePayrollRequest(request_id=request_id, payroll_run_id=run, reason="checked")

    assert await refusal(stub.ApprovePayroll(approve("a0"), metadata=signed(PREPARER_AS_APPROVER))) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "PAYROLL_APPROVER_IS_PREPARER",
    )
    first = (await stub.ApprovePayroll(approve("a1"), metadata=signed(APPROVER_1))).payroll
    assert (first.status, len(first.approvals)) == (payout_pb2.PAYROLL_STATUS_DRAFT, 1)
    assert (await stub.ApprovePayroll(approve("a1"), metadata=signed(APPROVER_1))).payroll == first
    assert await refusal(stub.ApprovePayroll(approve("a1b"), metadata=signed(APPROVER_1))) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "PAYROLL_ALREADY_APPROVED_BY_CALLER",
    )
    approved = (await stub.ApprovePayroll(approve("a2"), metadata=signed(APPROVER_2))).payroll
    assert approved.status == payout_pb2.PAYROLL_STATUS_APPROVED
    assert await refusal(
        stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="p3", pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(PREPARER),
        )
    ) == (grpc.StatusCode.FAILED_PRECONDITION, "PAYROLL_NOT_DRAFT")
    assert await refusal(
        stub.ApprovePayroll(approve("a3"), metadata=signed(Caller("approver-3", Role.COUNTY_APPROVER)))
    ) == (grpc.StatusCode.FAILED_PRECONDITION, "PAYROLL_NOT_DRAFT")

    exported = (await stub.ExportPayroll(export, metadata=signed(PREPARER))).payroll
    assert exported.status == payout_pb2.PAYROLL_STATUS_EXPORTED
    assert sorted(b.bank_code for b in exported.batches) == ["ABC", "RCC"]
    assert sum(b.total_fen for b in exported.batches) == prepared.total_fen

    files = {}
    for batch in exported.batches:
        chunks = [
            part.chunk
            async for part in stub.DownloadBankBatch(
                payout_service_pb2.DownloadBankBatchRequest(payroll_run_id=run, batch_id=batch.batch_id),
                metadata=signed(PREPARER),
            )
        ]
        data = b"".join(chunks)
        header, lines = read_batch(data)
        assert (header.batch_id, len(lines), sum(line.amount_fen for line in lines)) == (
            batch.batch_id,
            batch.record_count,
            batch.total_fen,
        )
        assert all(line.account_name == "王建国" for line in lines)
        files[batch.bank_code] = (batch, data)

    async def upload(batch_id: str, data: bytes, request_id: str) -> payout_service_pb2.ImportBankReturnResponse:
        async def parts() -> AsyncIterator[payout_service_pb2.ImportBankReturnRequest]:
            yield payout_service_pb2.ImportBankReturnRequest(
                header=payout_service_pb2.BankReturnHeader(
                    request_id=request_id, payroll_run_id=run, batch_id=batch_id, file_name="r.txt"
                )
            )
            for start in range(0, len(data), 64):
                yield payout_service_pb2.ImportBankReturnRequest(chunk=data[start : start + 64])

        response: payout_service_pb2.ImportBankReturnResponse = await stub.ImportBankReturn(
            parts(), metadata=signed(PREPARER)
        )
        return response

    abc_batch, abc_data = files["ABC"]
    rcc_batch, rcc_data = files["RCC"]
    good_abc = answer_batch(abc_data, returned_on=date(2026, 12, 10))
    # A wrong total and a line the batch never had: refused whole, every mismatch listed, nothing applied.
    tampered = good_abc.replace(f"|{38_800}|PAID|".encode(), f"|{38_801}|PAID|".encode())
    refused = await upload(abc_batch.batch_id, tampered, "r0")
    assert not refused.accepted
    codes = {m.reason_code for m in refused.mismatches}
    assert {"RETURN_AMOUNT_MISMATCH", "RETURN_TOTAL_MISMATCH", "RETURN_CHECKSUM_MISMATCH"} <= codes
    stranger = answer_batch(rcc_data, returned_on=date(2026, 12, 10))
    refused = await upload(abc_batch.batch_id, stranger, "r0b")
    assert not refused.accepted
    assert {"RETURN_LINE_NOT_IN_BATCH", "RETURN_LINE_MISSING", "RETURN_BATCH_MISMATCH"} <= {
        m.reason_code for m in refused.mismatches
    }
    assert (
        await stub.GetPayroll(payout_service_pb2.GetPayrollRequest(payroll_run_id=run), metadata=signed(HOTLINE))
    ).payroll.paid_count == 0

    close = payout_service_pb2.ClosePayrollRequest(request_id="c1", payroll_run_id=run)
    assert await refusal(stub.ClosePayroll(close, metadata=signed(PREPARER))) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "PAYROLL_NOT_RETURNED",
    )
    accepted = await upload(abc_batch.batch_id, good_abc, "r1")
    assert accepted.accepted and accepted.payroll.status == payout_pb2.PAYROLL_STATUS_EXPORTED
    assert (await upload(abc_batch.batch_id, good_abc, "r1-again")).accepted  # the same file again: applied once
    failing = answer_batch(
        rcc_data, returned_on=date(2026, 12, 10), fail=lambda payment, number: ("ACCOUNT_CLOSED", "账户已销户")
    )
    assert parse_return(failing)[1] == []
    returned = (await upload(rcc_batch.batch_id, failing, "r2")).payroll
    assert returned.status == payout_pb2.PAYROLL_STATUS_RETURNED
    assert (returned.paid_fen, returned.failed_fen) == (38_800, 18_300)

    closed = (await stub.ClosePayroll(close, metadata=signed(PREPARER))).payroll
    assert closed.status == payout_pb2.PAYROLL_STATUS_CLOSED
    assert closed.paid_fen + closed.failed_fen == sum(b.total_fen for b in closed.batches)

    paid = await stub.GetResidentPayments(
        payout_service_pb2.GetResidentPaymentsRequest(resident_id=residents["full"]),
        metadata=signed(verified_call(residents["full"])),
    )
    assert [(p.status, p.amount_fen) for p in paid.payments] == [(payout_pb2.PAYMENT_STATUS_PAID, 38_800)]

    # The hotline asks through the gateway: "was I paid, how much, and why that much".
    gateway = InProcessGateway(payout.services.gateway_settings())
    base = await gateway.start()
    try:
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {gateway.token(verified_call(residents['full']))}"}
        ) as http:
            payments = (await http.get(f"/v1/residents/{residents['full']}/payments")).json()
            assert [(p["month"], p["status"], p["amount_fen"]) for p in payments] == [("2026-12", "paid", 38_800)]
            assert payments[0]["bank_account_masked"].count("*") >= 6  # the card number is never shown whole
            # A window of months, and a malformed one refused naming its field.
            window = {"from_month": "2026-12", "to_month": "2026-12"}
            in_december = (await http.get(f"/v1/residents/{residents['full']}/payments", params=window)).json()
            assert [p["month"] for p in in_december] == ["2026-12"]
            before = {"from_month": "2020-01", "to_month": "2026-11"}
            assert (await http.get(f"/v1/residents/{residents['full']}/payments", params=before)).json() == []
            bad_window = await http.get(f"/v1/residents/{residents['full']}/payments", params={"from_month": "2026-1"})
            assert bad_window.status_code == 400 and "from_month" in bad_window.text
            explained = (await http.get(f"/v1/residents/{residents['full']}/award", params={"month": "2026-12"})).json()
            assert explained["month_total_fen"] == 38_800 and len(explained["month_lines"]) >= 5
            bad = await http.get(f"/v1/residents/{residents['full']}/award", params={"month": "2026-13"})
            assert bad.status_code == 400 and "month" in bad.text  # a problem naming the field
    finally:
        await gateway.stop()

    # The failed payment waits for a new account, then goes out again (attempt 2) in the next run.
    next_month = MONTH.next()
    still_failed = await stub.PreparePayroll(
        payout_service_pb2.PreparePayrollRequest(
            request_id="n1", pooling_region_code=payout.region, month=to_year_month(next_month)
        ),
        metadata=signed(PREPARER),
    )
    assert still_failed.payroll.retry_count == 0
    await publish(
        payout.kafka,
        [
            enrolment_event(
                enrolment_events.BankAccountChanged(
                    resident_id=residents["old"], bank_account=bank_ref(payout.vault, card(99), "ABC")
                ),
                residents["old"],
            )
        ],
    )

    async def retried() -> Any:
        run_next = (
            await stub.PreparePayroll(
                payout_service_pb2.PreparePayrollRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(next_month)
                ),
                metadata=signed(PREPARER),
            )
        ).payroll
        return run_next if run_next.retry_count == 1 else None

    run_next = await eventually(retried, what="the failed payment carried into the next run")
    assert run_next.retry_fen == 18_300
    history = await stub.GetResidentPayments(
        payout_service_pb2.GetResidentPaymentsRequest(resident_id=residents["old"]),
        metadata=signed(verified_call(residents["old"])),
    )
    first_payment = history.payments[0]
    assert (first_payment.attempt, first_payment.payroll_run_id, first_payment.bank_account.bank_code) == (
        2,
        run_next.payroll_run_id,
        "ABC",
    )


async def test_bad_requests_are_refused_naming_the_field_and_change_nothing(payout: Payout) -> None:
    stub = payout.stub
    for region in ("12345", "410100", ""):
        code, reason = await refusal(
            stub.PreparePayroll(
                payout_service_pb2.PreparePayrollRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=region, month=to_year_month(MONTH)
                ),
                metadata=signed(PREPARER),
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT, (region, reason)
    no_month = payout_service_pb2.PreparePayrollRequest(request_id="x", pooling_region_code=payout.region)
    assert await refusal(stub.PreparePayroll(no_month, metadata=signed(PREPARER))) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "MONTH_REQUIRED",
    )
    bad_month = payout_service_pb2.PreparePayrollRequest(
        request_id="x", pooling_region_code=payout.region, month=types_pb2.YearMonth(year=2026, month=13)
    )
    assert (await refusal(stub.PreparePayroll(bad_month, metadata=signed(PREPARER))))[1] == "MONTH_INVALID"
    assert await refusal(
        stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="x", pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(HOTLINE),
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED")
    assert await refusal(
        stub.GetPayroll(
            payout_service_pb2.GetPayrollRequest(pooling_region_code=payout.region, month=to_year_month(MONTH)),
            metadata=signed(HOTLINE),
        )
    ) == (grpc.StatusCode.NOT_FOUND, "PAYROLL_NOT_FOUND")
    # A status the contract does not define is refused, not taken as "any" or "none".
    undefined: Any = 99
    for call in (
        stub.ListAwards(
            payout_service_pb2.ListAwardsRequest(pooling_region_code=payout.region, status=undefined),
            metadata=signed(PREPARER),
        ),
        stub.ListPayments(
            payout_service_pb2.ListPaymentsRequest(payroll_run_id="PR-x", status=undefined), metadata=signed(PREPARER)
        ),
        stub.ListOverpaymentCases(
            payout_service_pb2.ListOverpaymentCasesRequest(pooling_region_code=payout.region, status=undefined),
            metadata=signed(PREPARER),
        ),
    ):
        assert await refusal(call) == (grpc.StatusCode.INVALID_ARGUMENT, "ENUM_VALUE_UNKNOWN")


async def test_a_regions_payroll_runs_are_listed_newest_first_a_page_at_a_time(payout: Payout) -> None:
    # The runs are written as the store keeps them (preparing four months would take minutes), with a run of a
    # neighbouring region in between that the listing must not show.
    neighbour = f"{payout.region[:4]}{(int(payout.region[4:]) % 98) + 1:02d}"
    months = [Month(2026, 9), Month(2026, 10), Month(2026, 11), MONTH]
    documents = [
        {
            "_id": f"PR-{region}-{month.year}{month.month:02d}",
            "pooling_region_code": region,
            "month": str(month),
            "status": "DRAFT",
            "approvals_required": 2,
        }
        for region, month in [*((payout.region, month) for month in months), (neighbour, Month(2026, 10))]
    ]
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(payout.services.mongo_uri)
    try:
        assert payout.services.payout is not None
        await client[payout.services.payout.settings.mongo_database].payroll_runs.insert_many(documents)
    finally:
        await client.close()

    listed: list[str] = []
    tokens: list[str] = []
    token = ""
    while True:
        page = await payout.stub.ListPayrolls(
            payout_service_pb2.ListPayrollsRequest(pooling_region_code=payout.region, page_size=3, page_token=token),
            metadata=signed(HOTLINE),
        )
        listed += [run.payroll_run_id for run in page.payrolls]
        token = page.next_page_token
        tokens.append(token)
        if not token:
            break
    newest_first = [f"PR-{payout.region}-{month.year}{month.month:02d}" for month in reversed(months)]
    assert listed == newest_first
    assert tokens == [newest_first[2], ""]  # a full last page says so: no empty page follows

    everything = await payout.stub.ListPayrolls(
        payout_service_pb2.ListPayrollsRequest(pooling_region_code=payout.region), metadata=signed(HOTLINE)
    )
    assert ([run.payroll_run_id for run in everything.payrolls], everything.next_page_token) == (newest_first, "")

    def listing(**fields: Any) -> Any:
        return payout.stub.ListPayrolls(payout_service_pb2.ListPayrollsRequest(**fields), metadata=signed(HOTLINE))

    bad = grpc.StatusCode.INVALID_ARGUMENT
    assert await refusal(listing(pooling_region_code="")) == (bad, "POOLING_REGION_CODE_REQUIRED")
    assert (await refusal(listing(pooling_region_code="410100")))[0] == bad
    assert await refusal(listing(pooling_region_code=payout.region, page_size=1001)) == (bad, "PAGE_SIZE_INVALID")
    for foreign in (f"PR-{neighbour}-202610", "PR-x", "not a token"):
        assert await refusal(listing(pooling_region_code=payout.region, page_token=foreign)) == (
            bad,
            "PAGE_TOKEN_INVALID",
        )
    village_agent = signed(Caller("agent-1", Role.VILLAGE_AGENT))
    assert await refusal(
        payout.stub.ListPayrolls(
            payout_service_pb2.ListPayrollsRequest(pooling_region_code=payout.region), metadata=village_agent
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED")

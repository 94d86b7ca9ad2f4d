"""The demo county loaded as `make up` loads it: histories in enrolment, awards without invented back pay."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_deploy.demo import (
    DEMO_OVERDUE_EVERY,
    LoadState,
    award_months,
    county_policy,
    demo_county,
    demo_residents,
    first_month,
    load_county,
    split_by_pension_age,
)
from pension_deploy.endpoints import Endpoints
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_year_month
from pension_kit.tokens import DEVELOPMENT_SIGNING_KEY
from pension_testkit import InProcessServices, eventually, signed

# A few villages of the demo county: enough for pensioners of many award months, quick to load.
SIZE = 40
REGION = "411731"
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AUDITOR = Caller("auditor-1", Role.AUDITOR)


@pytest.fixture
async def loaded(kafka_broker: Any, ferretdb: Any, tmp_path: Path) -> AsyncIterator[tuple[InProcessServices, Path]]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers,
        ferretdb.mongo_uri,
        with_payout=True,
        with_verification=True,
        with_supervision=False,
    ).start()
    assert services.enrolment is not None and services.payout is not None and services.verification is not None
    endpoints = Endpoints(
        gateway_url="http://127.0.0.1:1",
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        service_addresses={
            "enrolment": f"127.0.0.1:{services.enrolment.port}",
            "payout": f"127.0.0.1:{services.payout.port}",
            "verification": f"127.0.0.1:{services.verification.port}",
        },
        run_dir=tmp_path,
        # What the import command and the wait need: this test's enrolment database and payout's consumer group.
        environment={
            "PENSION_MONGO_URI": ferretdb.mongo_uri,
            "PENSION_MONGO_DATABASE": services.enrolment.settings.database_name,
            "PENSION_KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers,
            "PENSION_ENROLMENT_CONSUMER_GROUP": services.payout.settings.model_dump()["enrolment_consumer_group"],
        },
        token_signing_key=DEVELOPMENT_SIGNING_KEY,
    )
    said: list[str] = []
    await load_county(endpoints, said.append, size=SIZE)
    yield services, tmp_path
    await services.stop()


async def test_histories_reach_enrolment_and_awards_start_in_their_first_month(
    loaded: tuple[InProcessServices, Path],
) -> None:
    services, run_dir = loaded
    assert services.enrolment is not None and services.payout is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    payout = payout_service_pb2_grpc.PayoutServiceStub(services.channel(services.payout))
    residents = demo_residents(demo_county(SIZE), SIZE)
    policy = county_policy(REGION)
    this_month = Month.of(today_in_china())

    # Every resident is enrolled with their whole contribution history.
    years = Counter[int]()
    for record in residents:
        found = await enrolment.FindResidentByCitizenId(
            enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=record.citizen_id),
            metadata=signed(OFFICER),
        )
        account = await enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=found.resident.resident_id), metadata=signed(AUDITOR)
        )
        assert account.contributed_years == len({c.year for c in record.contributions})
        years[account.contributed_years] += 1
    assert len(years) > 5  # a spread of histories, not everyone alike

    # Awards were granted month by month: each starts in its first payable month, with nothing to pay back.
    near, _ = split_by_pension_age(residents, REGION, policy, this_month)
    expected = Counter(str(first_month(r, REGION, policy)) for r in near if r.pension is not None)
    awards = await payout.ListAwards(
        payout_service_pb2.ListAwardsRequest(pooling_region_code=REGION, page_size=1000), metadata=signed(AUDITOR)
    )
    granted = Counter(f"{a.first_month.year:04d}-{a.first_month.month:02d}" for a in awards.awards)
    assert granted and expected and granted >= expected
    assert LoadState.read(run_dir / "demo" / "state.json", SIZE).awards_through == str(
        award_months(near, REGION, policy, this_month)[-1]
    )

    async def suspended() -> int | None:
        page = await payout.ListAwards(
            payout_service_pb2.ListAwardsRequest(pooling_region_code=REGION, page_size=1000), metadata=signed(AUDITOR)
        )
        count = sum(1 for a in page.awards if a.status == payout_pb2.AWARD_STATUS_SUSPENDED)
        return count if count == len(awards.awards) // DEMO_OVERDUE_EVERY else None

    await eventually(suspended, deadline=60.0, what="payout suspended the pensioners left overdue")
    prepared = (
        await payout.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="demo-month", pooling_region_code=REGION, month=to_year_month(this_month)
            ),
            metadata=signed(OFFICER),
        )
    ).payroll
    # One pensioner in DEMO_OVERDUE_EVERY has no recent proof of life: overdue and suspended, left out of the
    # month; the others were certified by a recent sign of life before the deadlines ran, so nobody else is.
    overdue = len(sorted(a.resident_id for a in awards.awards)[DEMO_OVERDUE_EVERY - 1 :: DEMO_OVERDUE_EVERY])
    assert overdue > 0
    assert prepared.payment_count == len(awards.awards) - overdue
    assert prepared.back_pay_count == 0

"""Data proofs from signs of life on the real broker and database: only from a source the region's policy lists;
in bulk from a file with the command line (imported twice, the second time changes nothing; a resident who is not
a pensioner or is deceased is refused on their line, nothing written); and from the signs-of-life topic."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from verification_stack import (
    OFFICER,
    Verification,
    all_sent,
    award,
    die,
    document_of,
    events_of,
    hear_policy,
    of_type,
    published,
    refused,
    resident_id,
    run_deadlines,
    running_verification,
    status_of,
)

from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.protoconv import to_calendar_date
from pension_testkit import eventually, publish, signed, token_for
from pension_verification.entrypoints.signs_of_life_cli import main as signs_of_life_cli


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        yield running


async def test_a_data_proof_from_a_source_the_policy_does_not_list_is_refused(verification: Verification) -> None:
    await hear_policy(verification, data_certification_sources=("HOSPITAL_VISIT",))
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    request = verification_service_pb2.RecordDataCertificationRequest(
        request_id="bank-1",
        resident_id=resident,
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL,
        source_ref="BANK-2026-1",
        observed_on=to_calendar_date(today_in_china() - timedelta(days=2)),
    )
    assert await refused(verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "DATA_SOURCE_NOT_ALLOWED",
        "source",
    )
    document = await document_of(verification, resident)
    assert document["version"] == 1 and document["proofs"] == [] and document["outbox"] == []

    request.request_id, request.source, request.source_ref = (
        "hospital-1",
        verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
        "HIS-2026-1",
    )
    await verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)
    # The status and the list say where the proof came from.
    last = (await status_of(verification, resident)).last_certification
    assert last.method == verification_pb2.CERTIFICATION_METHOD_DATA
    assert (last.sign_of_life_source, last.sign_of_life_ref) == (
        verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
        "HIS-2026-1",
    )
    listed = await verification.stub.ListCertifications(
        verification_service_pb2.ListCertificationsRequest(resident_id=resident), metadata=signed(OFFICER), timeout=10
    )
    assert list(listed.certifications) == [last]


async def test_the_command_line_imports_a_file_and_a_second_import_changes_nothing(
    verification: Verification, tmp_path: Path
) -> None:
    await hear_policy(verification)
    overdue, current, deceased, not_a_pensioner = resident_id(), resident_id(), resident_id(), resident_id()
    await award(verification, overdue, Month(2025, 1))
    await award(verification, current, Month.of(today_in_china()).plus_months(-2))
    await award(verification, deceased, Month(2025, 1))
    await die(verification, deceased)
    deadlines = await run_deadlines(verification, request_id="deadlines")
    assert deadlines.overdue == 1
    day = (today_in_china() - timedelta(days=3)).isoformat()
    csv_file = tmp_path / "hospital-2026-12.csv"
    csv_file.write_text(
        "resident_id,source,source_ref,observed_on\n"
        f"{overdue},HOSPITAL_VISIT,HIS-1,{day}\n"
        f"{current},BANK_COUNTER_WITHDRAWAL,BANK-1,{day}\n"
        f"{not_a_pensioner},HOSPITAL_VISIT,HIS-2,{day}\n"
        f"{deceased},HOSPITAL_VISIT,HIS-3,{day}\n"
        f"{current},TAXI_RIDE,T-1,{day}\n",
        encoding="utf-8",
    )
    token_file = tmp_path / "token"
    token_file.write_text(token_for(OFFICER) + "\n")
    arguments = ["import", str(csv_file), "--address", verification.address, "--token-file", str(token_file)]

    async def run() -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = await asyncio.to_thread(signs_of_life_cli, arguments, out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    code, out, err = await run()
    assert code == 2  # some lines refused
    assert out.splitlines() == [
        f"line 4: refused CERTIFICATION_NOT_FOUND (resident_id): {not_a_pensioner} is not a pensioner followed by "
        "verification",
        f"line 5: refused CERTIFICATION_ENDED (resident_id): the certification of {deceased} has ended (DECEASED)",
        "line 6: refused SIGN_OF_LIFE_SOURCE_UNKNOWN (source): 'TAXI_RIDE' is not a source of a sign of life "
        "(HOSPITAL_VISIT, BANK_COUNTER_WITHDRAWAL, GOVERNMENT_SERVICE)",
    ]
    assert "5 lines read, 2 recorded, 3 refused" in err
    for resident in (overdue, current):
        await all_sent(verification, resident)
    after_first = {resident: await document_of(verification, resident) for resident in (overdue, current, deceased)}
    assert [len(after_first[r]["proofs"]) for r in (overdue, current, deceased)] == [1, 1, 0]
    assert after_first[overdue]["proofs"][0]["sign_of_life_ref"] == "HIS-1"
    (passed,) = of_type(await published(verification, overdue), verification_events.CertificationPassed)
    assert passed.was_overdue

    second_code, second_out, _ = await run()
    assert (second_code, second_out) == (code, out)
    for resident in (overdue, current, deceased):
        again = await document_of(verification, resident)
        assert (again["version"], again["proofs"]) == (
            after_first[resident]["version"],
            after_first[resident]["proofs"],
        )
    assert len(of_type(await published(verification, overdue), verification_events.CertificationPassed)) == 1


async def test_a_sign_of_life_published_on_the_topic_certifies_the_pensioner(verification: Verification) -> None:
    await hear_policy(verification)
    pensioner, deceased = resident_id(), resident_id()
    await award(verification, pensioner, Month(2025, 1))
    await award(verification, deceased, Month(2025, 1))
    await die(verification, deceased)
    settings = verification.settings
    observed_on = to_calendar_date(today_in_china() - timedelta(days=1))

    def sign_of_life(resident: str, source_ref: str) -> dict[str, Any]:
        return new_event(
            topic=settings.topic_signs_of_life,
            payload=verification_service_pb2.RecordDataCertificationRequest(
                resident_id=resident,
                source=verification_pb2.SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE,
                source_ref=source_ref,
                observed_on=observed_on,
                reason="in person at the township service hall",
            ),
            subject_key=resident,
            producer="government-services",
            actor="system:service-hall-feed",
        )

    # The deceased's first: refused and dropped, it holds nothing up. The pensioner's twice: one proof.
    await publish(
        settings.kafka_bootstrap_servers,
        [sign_of_life(deceased, "HALL-9"), sign_of_life(pensioner, "HALL-1"), sign_of_life(pensioner, "HALL-1")],
    )

    async def certified() -> verification_pb2.Certification | None:
        status = await status_of(verification, pensioner)
        return status.last_certification if status.HasField("last_certification") else None

    last = await eventually(certified, what="the sign of life from the topic certified the pensioner")
    assert last.method == verification_pb2.CERTIFICATION_METHOD_DATA
    assert (last.sign_of_life_source, last.sign_of_life_ref) == (
        verification_pb2.SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE,
        "HALL-1",
    )
    assert (await status_of(verification, pensioner)).state == verification_pb2.CERTIFICATION_STATE_CURRENT

    (announced,) = await events_of(verification, pensioner, verification_events.CertificationPassed)
    assert announced.certification.sign_of_life_ref == "HALL-1"
    processed = verification.runtime.context.database["processed_events"]

    async def all_read() -> bool:
        return await processed.count_documents({"_id": {"$regex": f"^{settings.signs_of_life_consumer_group}/"}}) == 3

    await eventually(all_read, what="the three records were read")
    await all_sent(verification, pensioner)
    assert len((await document_of(verification, pensioner))["proofs"]) == 1
    assert (await document_of(verification, deceased))["proofs"] == []

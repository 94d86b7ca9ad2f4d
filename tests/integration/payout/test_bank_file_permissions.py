"""An export's bank files, staged payments and partial files are 0600 in 0700 folders, on the real service."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
from payout_testkit import REGION_TOPIC, enrolment_event, pensioner_events

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_year_month
from pension_payout.adapters.staging import STAGED_FILE
from pension_payout.config import PayoutSettings
from pension_payout.domain.bank_files import batch_file_name, read_batch
from pension_testkit import InProcessServices, eventually, publish, signed

MONTH = Month(2026, 12)
PREPARER = Caller("officer-1", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-1", Role.COUNTY_APPROVER), Caller("approver-2", Role.COUNTY_APPROVER))
HOTLINE = Caller("hotline-1", Role.HOTLINE)
Stub = payout_service_pb2_grpc.PayoutServiceStub


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@dataclass
class Payout:
    stub: Stub
    kafka: str
    bank_files: Path
    region: str


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest umask for the whole test, service included: the modes asserted cannot come from it."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
async def payout(kafka_broker: Any, ferretdb: Any, tmp_path: Path, open_umask: None) -> AsyncIterator[Payout]:
    bank_files = tmp_path / "bank-files"
    # What an older version left: a folder and a batch file that any user of the machine could read.
    old_run = bank_files / "PR-411731-202611"
    old_run.mkdir(parents=True, mode=0o755)
    os.chmod(bank_files, 0o755)
    (old_run / "PR-411731-202611-103.txt").write_bytes(b"H|PENSION-BATCH|1|names and card numbers\n")
    os.chmod(old_run / "PR-411731-202611-103.txt", 0o644)
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, bank_files_dir=bank_files
    ).start()
    assert services.payout is not None
    region = f"41{uuid.uuid4().int % 88 + 11}{uuid.uuid4().int % 98 + 1:02d}"
    yield Payout(Stub(services.channel(services.payout)), kafka_broker.bootstrap_servers, bank_files, region)
    await services.stop()


async def approved_run(payout: Payout) -> str:
    """A region with two pensioners of two banks, awarded, prepared and approved twice: the run's id."""
    vault = PersonalDataVault.from_settings(PayoutSettings())
    policy = demo_policy(payout.region, datetime(2026, 1, 1, tzinfo=UTC))
    await publish(
        payout.kafka,
        [enrolment_event(enrolment_events.PolicyChanged(policy=policy_message(policy)), payout.region, REGION_TOPIC)],
    )
    residents = []
    for seed, bank_code in ((1, "ABC"), (2, "RCC")):
        resident, events = pensioner_events(
            vault,
            payout.region,
            f"{payout.region}101201",
            birth=date(1966, 11, 10),
            years=16,
            balance_fen=1_390_000,
            bank_code=bank_code,
            seed=seed,
        )
        await publish(payout.kafka, events)
        residents.append(resident)

    async def awarded() -> bool:
        try:
            await payout.stub.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(MONTH)
                ),
                metadata=signed(PREPARER),
            )
            for resident in residents:
                await payout.stub.GetAward(
                    payout_service_pb2.GetAwardRequest(resident_id=resident),
                    metadata=signed(replace(HOTLINE, resident_id=resident)),
                )
        except grpc.aio.AioRpcError as error:
            # The policy or a resident has not reached payout yet.
            assert from_rpc_error(error).reason in ("POLICY_NOT_IN_FORCE", "AWARD_NOT_FOUND")
            return False
        return True

    await eventually(awarded, deadline=90.0, what="both pensioners awarded")
    prepared = (
        await payout.stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id="prepare", pooling_region_code=payout.region, month=to_year_month(MONTH)
            ),
            metadata=signed(PREPARER),
        )
    ).payroll
    assert prepared.payment_count == 2
    for approver in APPROVERS:
        await payout.stub.ApprovePayroll(
            payout_service_pb2.ApprovePayrollRequest(
                request_id=f"approve-{approver.user_id}", payroll_run_id=prepared.payroll_run_id
            ),
            metadata=signed(approver),
        )
    return str(prepared.payroll_run_id)


def everything_under(root: Path) -> tuple[list[Path], list[Path]]:
    folders, files = [root], []
    for folder, names, file_names in os.walk(root):
        folders += [Path(folder, name) for name in names]
        files += [Path(folder, name) for name in file_names]
    return folders, files


async def test_files_left_readable_by_an_older_version_are_closed_when_the_service_starts(payout: Payout) -> None:
    old_run = payout.bank_files / "PR-411731-202611"
    assert (mode(payout.bank_files), mode(old_run)) == (0o700, 0o700)
    assert mode(old_run / "PR-411731-202611-103.txt") == 0o600


async def test_every_file_of_an_export_is_private_partial_files_included(payout: Payout) -> None:
    run = await approved_run(payout)
    folder = payout.bank_files / run
    assert mode(folder) == 0o700
    assert mode(folder / STAGED_FILE) == 0o600
    # An export interrupted by an older version left a partial batch file any user could read: the export
    # writes over it, closed to others before the first line.
    stale = folder / f"{batch_file_name(f'{run}-ABC')}.partial"
    stale.write_bytes(b"half of a batch file written by an older version\n")
    os.chmod(stale, 0o644)

    exported = (
        await payout.stub.ExportPayroll(
            payout_service_pb2.ExportPayrollRequest(request_id="export", payroll_run_id=run), metadata=signed(PREPARER)
        )
    ).payroll
    assert exported.status == payout_pb2.PAYROLL_STATUS_EXPORTED
    assert sorted(batch.bank_code for batch in exported.batches) == ["ABC", "RCC"]

    folders, files = everything_under(payout.bank_files)
    assert {path.name for path in files if path.parent == folder} == {
        STAGED_FILE,
        *(batch.file_name for batch in exported.batches),
    }  # no partial file is left behind
    assert {str(path): mode(path) for path in folders} == {str(path): 0o700 for path in folders}
    assert {str(path): mode(path) for path in files} == {str(path): 0o600 for path in files}
    header, lines = read_batch((folder / batch_file_name(f"{run}-ABC")).read_bytes())
    assert (header.batch_id, len(lines)) == (f"{run}-ABC", 1)

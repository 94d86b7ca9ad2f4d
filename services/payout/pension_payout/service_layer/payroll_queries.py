"""Reading the payroll: runs, a run's payments, a resident's payments, an exported batch's file."""

from __future__ import annotations

import re
from pathlib import Path

from pension_kit.clock import today_in_china
from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import Month
from pension_kit.identity import Caller
from pension_kit.paging import page_size as checked_page_size
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import payment_id
from pension_payout.domain.payroll import Payment, PayrollRun
from pension_payout.service_layer.arguments import pooling_region
from pension_payout.service_layer.awards import READING_ROLES, AwardService
from pension_payout.service_layer.payroll_runs import DOWNLOADING_ROLES, RUN_READING_ROLES, read_run

# The months before the last that a resident's payments cover when no first month is asked for.
RECENT_MONTHS = 12


class PayrollQueryService:
    """Answers questions about runs and payments; changes nothing."""

    def __init__(
        self, runs: PayrollRunRepository, payments: PaymentRepository, awards: AwardService, bank_files: BankFileWriter
    ) -> None:
        self.runs = runs
        self.payments = payments
        self.awards = awards
        self.bank_files = bank_files

    async def get(self, payroll_run_id: str, *, caller: Caller) -> PayrollRun:
        return await read_run(self.runs, payroll_run_id, caller=caller)

    async def list_runs(
        self, pooling_region_code: str, *, page_size: int, page_token: str, caller: Caller
    ) -> tuple[list[PayrollRun], str]:
        """One page of a region's runs, newest month first; the token is the last id of the page.

        A run's id is its region and month (PR-411731-202612), so within a region the ids sort as the months do:
        the store pages by id, reading one run beyond the page to know whether another page follows.
        """
        size = checked_page_size(page_size)
        region = pooling_region(pooling_region_code)
        if page_token and re.fullmatch(rf"PR-{region}-\d{{6}}", page_token) is None:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token")
        caller.require_role(*RUN_READING_ROLES)
        runs = await self.runs.page_of_region(region, before=page_token, limit=size + 1)
        page = runs[:size]
        return page, page[-1].payroll_run_id if len(runs) > size else ""

    async def run_statuses(self, identifiers: set[str]) -> dict[str, str]:
        """The status of each run of a resident's payments, read by id in one query."""
        return await self.runs.statuses_of(identifiers)

    async def list_payments(
        self, payroll_run_id: str, status: str | None, *, after: str, limit: int, caller: Caller
    ) -> list[Payment]:
        caller.require_role(*READING_ROLES)
        return await self.payments.page_of_run(payroll_run_id, status, after=after, limit=limit)

    async def resident_payments(
        self, resident_id: str, first: Month | None, last: Month | None, *, caller: Caller
    ) -> list[Payment]:
        """A resident's payments, oldest month first, found by their ids (award and month).

        Without a first month, those of the RECENT_MONTHS months before the last and the last: the year a caller
        asks the hotline about. Each month is one payment to read (about half a millisecond each on FerretDB,
        the local store), so the whole history, ten years and more, is asked for with a first month."""
        award = await self.awards.get_award(resident_id, caller=caller)
        # No payment exists beyond next month, and a far end month would make the id list too long for the
        # store to answer from its index (FerretDB reads the whole collection past 32,765 ids).
        next_month = Month.of(today_in_china()).plus_months(1)
        end = min(last, next_month) if last else next_month
        start = max(first or end.plus_months(-RECENT_MONTHS), Month.of(award.birth_date), award.first_month)
        ids = []
        month = start
        while month <= end:
            ids.append(payment_id(award.award_id, month))
            month = month.next()
        found = await self.payments.by_ids(ids)
        return sorted(found, key=lambda payment: payment.month)

    async def batch_file(self, payroll_run_id: str, batch: str, *, caller: Caller) -> tuple[str, Path]:
        """The file of one exported batch, for download."""
        caller.require_role(*DOWNLOADING_ROLES)
        run = await self.get(payroll_run_id, caller=caller)
        _, entry = run.batch(batch)
        return entry.file_name, self.bank_files.batch_path(payroll_run_id, entry)

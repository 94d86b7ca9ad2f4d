"""The monthly payroll run and its payments: their states, and what each step of the run allows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from pension_kit.errors import FailedPrecondition, NotFound, PermissionDenied
from pension_kit.identifiers import Month
from pension_payout.domain.award import BankAccount, Sealed

# A run's states. EXPORTING: the export has begun (no payment may be withdrawn any more), the files are not all
# written yet; to the outside it is still APPROVED.
DRAFT: Final = "DRAFT"
APPROVED: Final = "APPROVED"
EXPORTING: Final = "EXPORTING"
EXPORTED: Final = "EXPORTED"
RETURNED: Final = "RETURNED"
CLOSED: Final = "CLOSED"
# A prepared payment in a run that has begun exporting is in a bank's hands.
EXPORTED_RUN_STATUSES: Final = (EXPORTING, EXPORTED, RETURNED, CLOSED)
# A payment's states: PREPARED -> PAID | FAILED; or CANCELLED (withdrawn before export).
PREPARED: Final = "PREPARED"
PAID: Final = "PAID"
FAILED: Final = "FAILED"
CANCELLED: Final = "CANCELLED"
REGULAR: Final = "REGULAR"
BACK_PAY: Final = "BACK_PAY"


@dataclass(frozen=True)
class PaymentLine:
    """One component of a month's amount and the fund that pays it (explanations are not stored per payment:
    GetAward explains any month from the same rules)."""

    component: int
    level: int
    fund: int
    amount_fen: int


@dataclass(frozen=True)
class Payment:
    """One award's month in one run; its id (award and month) makes it paid at most once."""

    payment_id: str
    award_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    month: Month
    kind: str
    payroll_run_id: str
    attempt: int
    lines: tuple[PaymentLine, ...]
    amount_fen: int
    age_at_month_end: int
    policy_version_id: str
    status: str
    bank_account: BankAccount
    batch_id: str
    sealed_name: Sealed | None = None  # None when read without it (a bank return needs no name)
    failure_code: str = ""
    failure_reason: str = ""
    paid_on: date | None = None

    def status_in(self, run_status: str) -> str:
        """The status shown: a prepared payment of a run that has begun exporting is EXPORTED."""
        if self.status == PREPARED and run_status in EXPORTED_RUN_STATUSES:
            return "EXPORTED"
        return self.status


@dataclass(frozen=True)
class Approval:
    approver_id: str
    approved_at: datetime
    reason: str


@dataclass(frozen=True)
class Batch:
    """One bank's file of a run, and what the bank's return said of it."""

    batch_id: str
    bank_code: str
    bank_name: str
    file_name: str
    record_count: int
    total_fen: int
    sha256: str
    returned: bool = False
    paid_count: int = 0
    paid_fen: int = 0
    failed_count: int = 0
    failed_fen: int = 0
    return_file_sha256: str = ""

    def reconciles(self) -> bool:
        """Paid and failed add up to what was exported, to the fen and the line."""
        return (
            self.paid_fen + self.failed_fen == self.total_fen
            and self.paid_count + self.failed_count == self.record_count
        )


@dataclass(frozen=True)
class FundTotal:
    component: int
    fund: int
    amount_fen: int


@dataclass(frozen=True)
class RunTotals:
    payment_count: int = 0
    total_fen: int = 0
    by_component_and_fund: tuple[FundTotal, ...] = ()
    regular_count: int = 0
    regular_fen: int = 0
    back_pay_count: int = 0
    back_pay_fen: int = 0
    retry_count: int = 0
    retry_fen: int = 0
    suspended_count: int = 0


@dataclass
class Totals:
    """A run's totals as its payments are counted: by component and paying fund, and by kind of payment."""

    by_component_and_fund: Counter[tuple[int, int]] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    amounts: Counter[str] = field(default_factory=Counter)

    def add(self, payment: Payment) -> None:
        for line in payment.lines:
            self.by_component_and_fund[(line.component, line.fund)] += line.amount_fen
        kind = "retry" if payment.attempt > 1 else payment.kind.lower()
        self.counts[kind] += 1
        self.amounts[kind] += payment.amount_fen

    def result(self, suspended_count: int) -> RunTotals:
        return RunTotals(
            payment_count=sum(self.counts.values()),
            total_fen=sum(self.amounts.values()),
            by_component_and_fund=tuple(
                FundTotal(component, fund, amount)
                for (component, fund), amount in sorted(self.by_component_and_fund.items())
            ),
            regular_count=self.counts["regular"],
            regular_fen=self.amounts["regular"],
            back_pay_count=self.counts["back_pay"],
            back_pay_fen=self.amounts["back_pay"],
            retry_count=self.counts["retry"],
            retry_fen=self.amounts["retry"],
            suspended_count=suspended_count,
        )


@dataclass(frozen=True)
class StagedSummary:
    """The file of a run's payments staged at preparation: its line count, total and SHA-256."""

    count: int
    total_fen: int
    sha256: str


@dataclass(frozen=True)
class PayrollRun:
    """One region's payroll for one month: prepared, approved (maker-checker), exported, returned, closed."""

    payroll_run_id: str
    pooling_region_code: str
    month: Month
    status: str
    approvals_required: int
    preparing: bool = False
    preparers: tuple[str, ...] = ()
    approvals: tuple[Approval, ...] = ()
    batches: tuple[Batch, ...] = ()
    withdrawn: frozenset[str] = frozenset()  # payments taken out before export
    totals: RunTotals | None = None
    staged: StagedSummary | None = None
    prepared_at: datetime | None = None
    exported_at: datetime | None = None
    returned_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 0

    def check_approvable_by(self, approver_id: str) -> None:
        """Refuses, naming why, a sign-off the run does not allow: four eyes, each once, on a finished draft."""
        if self.status != DRAFT:
            raise FailedPrecondition(
                "PAYROLL_NOT_DRAFT",
                f"{self.payroll_run_id} is {self.status}: only a draft is approved",
                field="payroll_run_id",
                message_zh="只有待审批的发放批次可以审批",
            )
        if self.preparing:
            raise FailedPrecondition(
                "PAYROLL_BEING_PREPARED",
                f"{self.payroll_run_id} is still being prepared",
                field="payroll_run_id",
                message_zh="发放批次正在生成，请稍后审批",
            )
        if approver_id in self.preparers:
            raise PermissionDenied(
                "PAYROLL_APPROVER_IS_PREPARER",
                f"{approver_id} prepared {self.payroll_run_id} and cannot approve it",
                field="approver_id",
                message_zh="制单人不能审批本人制作的发放批次",
            )
        if any(approval.approver_id == approver_id for approval in self.approvals):
            raise FailedPrecondition(
                "PAYROLL_ALREADY_APPROVED_BY_CALLER",
                f"{approver_id} has approved {self.payroll_run_id} already",
                field="approver_id",
                message_zh="同一审批人不能重复审批",
            )

    def status_after_approval(self) -> str:
        """APPROVED once one more sign-off makes enough, else still DRAFT."""
        return APPROVED if len(self.approvals) + 1 >= self.approvals_required else DRAFT

    def check_exportable(self) -> None:
        if self.status == DRAFT:
            raise FailedPrecondition(
                "PAYROLL_NOT_APPROVED",
                f"{self.payroll_run_id} has {len(self.approvals)} of {self.approvals_required} approvals",
                field="payroll_run_id",
                message_zh="发放批次未完成审批，不能导出",
            )

    def check_returnable(self) -> None:
        if self.status not in (EXPORTED, RETURNED):
            raise FailedPrecondition(
                "PAYROLL_NOT_EXPORTED",
                f"{self.payroll_run_id} is {self.status}: returns answer exported runs",
                field="payroll_run_id",
                message_zh="发放批次尚未导出，不能导入回盘",
            )

    def check_closable(self) -> None:
        """CLOSED only once every return is in and paid + failed = exported, to the fen and the line."""
        if self.status != RETURNED:
            raise FailedPrecondition(
                "PAYROLL_NOT_RETURNED",
                f"{self.payroll_run_id} is {self.status}: every bank's return is needed first",
                field="payroll_run_id",
                message_zh="银行回盘未全部导入，不能结算",
            )
        differences = [
            f"{batch.batch_id}: exported {batch.total_fen} fen in {batch.record_count} lines, returned "
            f"{batch.paid_fen + batch.failed_fen} fen in {batch.paid_count + batch.failed_count}"
            for batch in self.batches
            if not batch.reconciles()
        ]
        if differences:
            raise FailedPrecondition(
                "PAYROLL_DOES_NOT_RECONCILE",
                "; ".join(differences),
                field="payroll_run_id",
                message_zh="发放金额与银行回盘不符，不能结算",
            )

    def batch(self, batch_id: str) -> tuple[int, Batch]:
        """The exported batch and its place in the run."""
        for index, entry in enumerate(self.batches):
            if entry.batch_id == batch_id:
                return index, entry
        raise NotFound(
            "BATCH_NOT_FOUND",
            f"{self.payroll_run_id} has no exported batch {batch_id}",
            field="batch_id",
            message_zh="银行批次不存在",
        )

    def last_return(self, index: int) -> bool:
        """Whether the return of the batch at `index` is the last one the run waits for."""
        return all(batch.returned or i == index for i, batch in enumerate(self.batches))

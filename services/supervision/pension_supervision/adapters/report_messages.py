"""The contract's messages of the notice, the reconciliation and the disclosure (ReconciliationCompleted carries one
too), and the stored form of a reconciliation's lines."""

from __future__ import annotations

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2
from pension_kit.mongo import Document
from pension_kit.protoconv import to_timestamp, to_year_month
from pension_supervision.domain.disclosure import Disclosure
from pension_supervision.domain.facts import FundName
from pension_supervision.domain.notice import PublicNotice
from pension_supervision.domain.reconciliation import Item, Line, Reconciliation


def fund_number(fund: FundName) -> str:
    """The contract's Fund by name (the generated constructors take names)."""
    return "FUND_UNSPECIFIED" if fund is FundName.BOTH else f"FUND_{fund.value}"


def fund_name(number: int) -> FundName:
    return FundName.BOTH if number == types_pb2.FUND_UNSPECIFIED else FundName(types_pb2.Fund.Name(number)[5:])


def item_number(item: Item) -> str:
    return f"RECONCILIATION_ITEM_{item.value}"


def item_name(number: int) -> Item:
    return Item(supervision_pb2.ReconciliationItem.Name(number).removeprefix("RECONCILIATION_ITEM_"))


def notice_message(notice: PublicNotice) -> supervision_pb2.PublicNotice:
    return supervision_pb2.PublicNotice(
        village_code=notice.village_code,
        village_name=notice.village_name,
        month=to_year_month(notice.month),
        contributors=[
            supervision_pb2.NoticeContributor(
                name_masked=line.name_masked,
                citizen_id_masked=line.citizen_id_masked,
                year=line.year,
                kind=f"CONTRIBUTION_KIND_{line.kind.value}",
                grade_fen=line.grade_fen,
                personal_fen=line.personal_fen,
                subsidy_fen=line.subsidy_fen,
                paid_on_behalf_fen=line.paid_on_behalf_fen,
            )
            for line in notice.contributors
        ],
        recipients=[
            supervision_pb2.NoticeRecipient(
                name_masked=line.name_masked,
                citizen_id_masked=line.citizen_id_masked,
                amount_fen=line.amount_fen,
                back_pay_fen=line.back_pay_fen,
            )
            for line in notice.recipients
        ],
        contributed_fen=notice.contributed_fen,
        paid_fen=notice.paid_fen,
        generated_at=to_timestamp(notice.generated_at),
        dispute_contact=notice.dispute_contact,
    )


def line_document(line: Line) -> Document:
    return {
        "item": line.item.value,
        "fund": line.fund.value,
        "ledger_fen": line.ledger_fen,
        "bank_fen": line.bank_fen,
        "fund_account_fen": line.fund_account_fen,
        "difference_fen": line.difference_fen,
        "explanation": line.explanation,
    }


def line_from(document: Document) -> Line:
    return Line(
        item=Item(document["item"]),
        fund=FundName(document["fund"]),
        ledger_fen=document["ledger_fen"],
        bank_fen=document["bank_fen"],
        fund_account_fen=document["fund_account_fen"],
        difference_fen=document["difference_fen"],
        explanation=document["explanation"],
    )


def reconciliation_message(reconciliation: Reconciliation) -> supervision_pb2.Reconciliation:
    """A figure not present (no bank side, no fund-account figure entered) is 0 in the message; the line's
    explanation says which figures were compared."""
    return supervision_pb2.Reconciliation(
        reconciliation_id=reconciliation.reconciliation_id,
        pooling_region_code=reconciliation.pooling_region_code,
        month=to_year_month(reconciliation.month),
        lines=[
            supervision_pb2.ReconciliationLine(
                item=item_number(line.item),
                fund=fund_number(line.fund),
                ledger_fen=line.ledger_fen,
                bank_fen=line.bank_fen or 0,
                fund_account_fen=line.fund_account_fen or 0,
                difference_fen=line.difference_fen,
                explanation=line.explanation,
            )
            for line in reconciliation.lines
        ],
        balanced=reconciliation.balanced,
        completed_at=to_timestamp(reconciliation.completed_at),
    )


def disclosure_message(disclosure: Disclosure) -> supervision_pb2.Disclosure:
    return supervision_pb2.Disclosure(
        pooling_region_code=disclosure.pooling_region_code,
        year=disclosure.period.year,
        month=disclosure.period.month,
        enrolled=disclosure.enrolled,
        contributing=disclosure.contributing,
        receiving=disclosure.receiving,
        income=[
            supervision_pb2.IncomeFigure(source=f"INCOME_SOURCE_{source.value}", amount_fen=amount)
            for source, amount in disclosure.income
        ],
        expenditure=[
            supervision_pb2.ExpenditureFigure(kind=f"EXPENDITURE_KIND_{kind.value}", amount_fen=amount)
            for kind, amount in disclosure.expenditure
        ],
        fund_balances=[
            supervision_pb2.FundBalance(fund=fund_number(fund), balance_fen=balance)
            for fund, balance in disclosure.fund_balances
        ],
        computed_at=to_timestamp(disclosure.computed_at),
    )

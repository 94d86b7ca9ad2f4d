"""Awards, their terms and bank accounts as stored documents, and back: the one mapping of the awards collection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_payout.adapters.store import month_of_payment
from pension_payout.domain.award import Award, BankAccount, FailedPayment
from pension_payout.domain.benefit import AwardTerms, Component, Fund, Line
from pension_payout.domain.reactions import (
    ACTIVE,
    AwardState,
    Stop,
    StopCause,
    Suspension,
    SuspensionCause,
)


def bank_account_of(document: Mapping[str, Any]) -> BankAccount:
    return BankAccount(
        bank_code=document["bank_code"],
        bank_name=document["bank_name"],
        account_masked=document["account_masked"],
        account_token=document["account_token"],
        sealed_card_number=document["sealed_card_number"],
    )


def bank_account_document(account: BankAccount) -> Document:
    return {
        "bank_code": account.bank_code,
        "bank_name": account.bank_name,
        "account_masked": account.account_masked,
        "account_token": account.account_token,
        "sealed_card_number": dict(account.sealed_card_number),
    }


def lines_document(lines: Sequence[Line]) -> list[Document]:
    return [
        {
            "component": int(line.component),
            "level": line.level,
            "fund": int(line.fund),
            "amount_fen": line.amount_fen,
            "explanation": line.explanation,
        }
        for line in lines
    ]


def terms_document(terms: AwardTerms) -> Document:
    return {
        "pension_age_reached_on": terms.pension_age_reached_on.isoformat(),
        "contributed_years": terms.contributed_years,
        "required_years": terms.required_years,
        "extra_years": terms.extra_years,
        "account_balance_at_award_fen": terms.account_balance_at_award_fen,
        "account_pension_divisor": terms.account_pension_divisor,
        "account_pension_fen": terms.account_pension_fen,
        "policy_version_id": terms.policy_version_id,
        "lines": lines_document(terms.first_month_lines),
    }


def terms_of(award: Mapping[str, Any]) -> AwardTerms:
    """The terms fixed at award, from a stored award, with the first month's lines as explained then."""
    terms = award["terms"]
    return AwardTerms(
        resident_id=award["resident_id"],
        pension_age_reached_on=date.fromisoformat(terms["pension_age_reached_on"]),
        first_month=parse_month(award["first_month"]),
        contributed_years=terms["contributed_years"],
        required_years=terms["required_years"],
        extra_years=terms["extra_years"],
        account_balance_at_award_fen=terms["account_balance_at_award_fen"],
        account_pension_divisor=terms["account_pension_divisor"],
        account_pension_fen=terms["account_pension_fen"],
        policy_version_id=terms["policy_version_id"],
        first_month_lines=tuple(
            Line(
                component=Component(line["component"]),
                level=line["level"],
                fund=Fund(line["fund"]),
                amount_fen=line["amount_fen"],
                explanation=line.get("explanation", ""),
            )
            for line in terms.get("lines", [])
        ),
    )


def _suspension(document: Mapping[str, Any] | None) -> Suspension | None:
    if not document:
        return None
    return Suspension(
        SuspensionCause(document["cause"]),
        parse_month(document["from"]),
        parse_month(document["until"]) if document.get("until") else None,
        document.get("cause_event_id", ""),
    )


def _stop(document: Mapping[str, Any] | None) -> Stop | None:
    if not document:
        return None
    return Stop(
        StopCause(document["cause"]),
        parse_month(document["from"]),
        date.fromisoformat(document["date_of_death"]) if document.get("date_of_death") else None,
        document.get("cause_event_id", ""),
    )


def award_state(award: Mapping[str, Any]) -> AwardState:
    """An award document's status, suspension, stop, pending back pay and applied events."""
    return AwardState(
        status=award.get("status", ACTIVE),
        suspension=_suspension(award.get("suspension")),
        stop=_stop(award.get("stop")),
        back_pay_pending=tuple(parse_month(month) for month in award.get("back_pay_pending") or ()),
        ended_suspensions=tuple(
            s for s in (_suspension(d) for d in award.get("ended_suspensions") or ()) if s is not None
        ),
        applied_events=frozenset(award.get("applied_events") or ()),
    )


def suspension_document(suspension: Suspension | None) -> Document | None:
    if suspension is None:
        return None
    return {
        "cause": int(suspension.cause),
        "from": str(suspension.start),
        "until": str(suspension.until) if suspension.until else None,
        "cause_event_id": suspension.cause_event_id,
    }


def stop_document(stop: Stop | None) -> Document | None:
    if stop is None:
        return None
    return {
        "cause": int(stop.cause),
        "from": str(stop.start),
        "date_of_death": stop.date_of_death.isoformat() if stop.date_of_death else None,
        "cause_event_id": stop.cause_event_id,
    }


def failed_payment_document(failed: FailedPayment) -> Document:
    # Field order matters: $addToSet and $pull compare the whole element.
    return {"payment_id": failed.payment_id, "account_token": failed.account_token}


def award_from_document(document: Mapping[str, Any]) -> Award:
    return Award(
        award_id=document["_id"],
        resident_id=document["resident_id"],
        pooling_region_code=document["pooling_region_code"],
        village_code=document["village_code"],
        name_masked=document.get("name_masked", ""),
        citizen_id_masked=document.get("citizen_id_masked", ""),
        sealed_name=document["sealed_name"],
        bank_account=bank_account_of(document["bank_account"]),
        birth_date=date.fromisoformat(document["birth_date"]),
        terms=terms_of(document),
        state=award_state(document),
        failed_payments=tuple(
            FailedPayment(failed["payment_id"], month_of_payment(failed["payment_id"]), failed["account_token"])
            for failed in document.get("failed_payments") or ()
        ),
        granted_at=document["granted_at"],
    )


def award_document(award: Award) -> Document:
    """A new award as stored (its outbox is added by the writer)."""
    state = award.state
    return {
        "_id": award.award_id,
        "resident_id": award.resident_id,
        "pooling_region_code": award.pooling_region_code,
        "village_code": award.village_code,
        "name_masked": award.name_masked,
        "citizen_id_masked": award.citizen_id_masked,
        "sealed_name": dict(award.sealed_name),
        "bank_account": bank_account_document(award.bank_account),
        "birth_date": award.birth_date.isoformat(),
        "first_month": str(award.first_month),
        "terms": terms_document(award.terms),
        "status": state.status,
        "suspension": suspension_document(state.suspension),
        "stop": stop_document(state.stop),
        "back_pay_pending": [str(month) for month in state.back_pay_pending],
        "failed_payments": [failed_payment_document(failed) for failed in award.failed_payments],
        "applied_events": sorted(state.applied_events),
        "granted_at": award.granted_at,
        "version": 1,
    }

"""SHARED_BANK_ACCOUNT: one bank account receiving pensions for more residents than the region allows, or for two
residents of different villages (unrelated people: a couple sharing an account live in one village)."""

from __future__ import annotations

from dataclasses import dataclass

from pension_kit.policy import SupervisionThresholds
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


@dataclass(frozen=True, slots=True)
class AccountPayee:
    """A resident a payment into the account was for (the first such payment heard is the evidence)."""

    resident_id: str
    village_code: str
    evidence: Evidence


def shared_bank_account(
    *,
    account_token: str,
    account_masked: str,
    pooling_region_code: str,
    payees: list[AccountPayee],
    thresholds: SupervisionThresholds,
) -> AlertDraft | None:
    """An alert about the account and the set of residents it was paid for; a larger set later is another alert."""
    first_of: dict[str, AccountPayee] = {}
    for payee in sorted(payees, key=lambda p: (p.evidence.occurred_at, p.evidence.event_id)):
        first_of.setdefault(payee.resident_id, payee)
    residents = sorted(first_of)
    villages = sorted({payee.village_code for payee in first_of.values() if payee.village_code})
    too_many = len(residents) > thresholds.max_pensioners_per_bank_account
    unrelated = len(residents) >= 2 and len(villages) >= 2
    if not (too_many or unrelated):
        return None
    seen_en = [f"{len(residents)} residents paid into account {account_masked}"]
    seen_zh = [f"同一银行账户{account_masked}领取了{len(residents)}名参保人的待遇"]
    score = 50
    parts = []
    if too_many:
        score += 30
        seen_en.append(f"more than the {thresholds.max_pensioners_per_bank_account} allowed")
        seen_zh.append(f"超过允许的{thresholds.max_pensioners_per_bank_account}人")
        parts.append(f"+30 more than {thresholds.max_pensioners_per_bank_account} residents")
    if unrelated:
        score += 20
        seen_en.append(f"living in {len(villages)} different villages ({', '.join(villages)})")
        seen_zh.append(f"分属{len(villages)}个不同的村（{'、'.join(villages)}）")
        parts.append("+20 residents of different villages, unlikely to be one household")
    return AlertDraft(
        rule=AlertRule.SHARED_BANK_ACCOUNT,
        facts=(account_token, *residents),
        pooling_region_code=pooling_region_code,
        score=min(score, 100),
        score_explanation=f"{min(score, 100)}: 50 for an account paid for several residents; " + "; ".join(parts),
        reason_zh="，".join(seen_zh),
        reason_en=", ".join(seen_en),
        evidence=tuple(first_of[resident].evidence for resident in residents),
        resident_ids=tuple(residents),
        amount_fen=0,
    )

"""Policy versions in MongoDB: one document per version of a pooling region, carrying the event that announces it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields
from pension_kit.policy import (
    DEFAULT_FACE_DATA_RETENTION_DAYS,
    SIGN_OF_LIFE_SOURCES,
    BasicPensionPart,
    ContributionGrade,
    InterestRate,
    OldAgeBonusBand,
    PaidOnBehalfRule,
    PolicyVersion,
    SubsidyPart,
    SupervisionThresholds,
)

POLICIES = "policies"

INDEXES = [
    IndexSpec(POLICIES, [("pooling_region_code", 1), ("effective_from", 1)], name="region_effective_from"),
    # The changes of a region are numbered: of two changes made at the same instant only one takes the next
    # number, so every version was validated against all the versions made before it.
    IndexSpec(
        POLICIES, [("pooling_region_code", 1), ("change_number", 1)], unique=True, name="region_change_number_unique"
    ),
    IndexSpec(POLICIES, [("request_id", 1)], unique=True, name="request_id_unique"),
]


class PolicyConflict(Exception):
    """The insert lost to an existing version: `index` is "request_id", "change_number" or "_id"."""

    def __init__(self, index: str) -> None:
        super().__init__(index)
        self.index = index


def policy_document(
    version: PolicyVersion, *, change_number: int, request_id: str, previous_policy_version_id: str
) -> Document:
    """The stored version: amounts in fen, dates as ISO strings, and how it came to be."""
    return {
        "_id": version.policy_version_id,
        "pooling_region_code": version.pooling_region_code,
        "effective_from": version.effective_from.isoformat(),
        "grades": [
            {
                "annual_fen": g.annual_fen,
                "subsidy_fen": g.subsidy_fen,
                "subsidy_parts": [{"level": int(p.level), "annual_fen": p.annual_fen} for p in g.subsidy_parts],
            }
            for g in version.grades
        ],
        "paid_on_behalf_rules": [
            {
                "group": int(rule.group),
                "grade_fen": rule.grade_fen,
                "paid_on_behalf_fen": rule.paid_on_behalf_fen,
                "with_subsidy": rule.with_subsidy,
            }
            for rule in version.paid_on_behalf_rules
        ],
        "scheme_start_date": version.scheme_start_date.isoformat(),
        "pension_age": version.pension_age,
        "full_contribution_years": version.full_contribution_years,
        "basic_pension_parts": [
            {"level": int(part.level), "monthly_fen": part.monthly_fen} for part in version.basic_pension_parts
        ],
        "long_contribution_bonus_per_year_fen": version.long_contribution_bonus_per_year_fen,
        "old_age_bonus_bands": [
            {"from_age": band.from_age, "monthly_fen": band.monthly_fen} for band in version.old_age_bonus_bands
        ],
        "account_pension_divisor": version.account_pension_divisor,
        "interest_rates": [{"year": rate.year, "rate_ppm": rate.rate_ppm} for rate in version.interest_rates],
        "certification_period_months": version.certification_period_months,
        "certification_notice_days": version.certification_notice_days,
        "minimum_enrolment_age": version.minimum_enrolment_age,
        "cash_settlement_days": version.cash_settlement_days,
        "face_data_retention_days": version.face_data_retention_days,
        "data_certification_sources": list(version.data_certification_sources),
        "supervision": asdict(version.supervision),
        "changed_by": version.changed_by,
        "changed_at": version.changed_at,
        "reason": version.reason,
        "change_number": change_number,
        "request_id": request_id,
        "previous_policy_version_id": previous_policy_version_id,
    }


def policy_version(document: Document) -> PolicyVersion:
    return PolicyVersion(
        policy_version_id=document["_id"],
        pooling_region_code=document["pooling_region_code"],
        effective_from=date.fromisoformat(document["effective_from"]),
        grades=tuple(
            ContributionGrade(
                g["annual_fen"],
                g["subsidy_fen"],
                # Versions stored before the parts existed: the county paid all of it.
                tuple(SubsidyPart(p["level"], p["annual_fen"]) for p in g.get("subsidy_parts", [])),
            )
            for g in document["grades"]
        ),
        paid_on_behalf_rules=tuple(
            PaidOnBehalfRule(
                group=rule["group"],
                grade_fen=rule["grade_fen"],
                paid_on_behalf_fen=rule["paid_on_behalf_fen"],
                with_subsidy=rule["with_subsidy"],
            )
            for rule in document["paid_on_behalf_rules"]
        ),
        scheme_start_date=date.fromisoformat(document["scheme_start_date"]),
        pension_age=document["pension_age"],
        full_contribution_years=document["full_contribution_years"],
        basic_pension_parts=tuple(
            BasicPensionPart(part["level"], part["monthly_fen"]) for part in document["basic_pension_parts"]
        ),
        long_contribution_bonus_per_year_fen=document["long_contribution_bonus_per_year_fen"],
        old_age_bonus_bands=tuple(
            OldAgeBonusBand(band["from_age"], band["monthly_fen"]) for band in document["old_age_bonus_bands"]
        ),
        account_pension_divisor=document["account_pension_divisor"],
        interest_rates=tuple(InterestRate(rate["year"], rate["rate_ppm"]) for rate in document["interest_rates"]),
        certification_period_months=document["certification_period_months"],
        certification_notice_days=document["certification_notice_days"],
        minimum_enrolment_age=document["minimum_enrolment_age"],
        cash_settlement_days=document["cash_settlement_days"],
        # Versions stored before these parameters existed take the demo values.
        face_data_retention_days=document.get("face_data_retention_days", DEFAULT_FACE_DATA_RETENTION_DAYS),
        data_certification_sources=tuple(document.get("data_certification_sources", SIGN_OF_LIFE_SOURCES)),
        supervision=SupervisionThresholds(**document.get("supervision", {})),
        changed_by=document["changed_by"],
        changed_at=document["changed_at"],
        reason=document["reason"],
    )


class PolicyRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._policies = database[POLICIES]

    async def versions(self, pooling_region_code: str) -> list[Document]:
        """Every version of the region, in the order the changes were made."""
        cursor = self._policies.find({"pooling_region_code": pooling_region_code}, {"outbox": 0}).sort(
            "change_number", 1
        )
        return await cursor.to_list()

    async def by_request_id(self, request_id: str) -> Document | None:
        return await self._policies.find_one({"request_id": request_id}, {"outbox": 0})

    async def add(self, document: Document, events: list[dict[str, Any]]) -> None:
        """Stores a new version with the events announcing it, in one insert."""
        try:
            await self._policies.insert_one({**document, **outbox_fields(events)})
        except DuplicateKeyError as exc:
            details = exc.details or {}
            key_pattern = details.get("keyPattern") or {}
            message = str(details.get("errmsg", exc))
            for index in ("request_id", "change_number"):
                if index in key_pattern or index in message:
                    raise PolicyConflict(index) from exc
            raise PolicyConflict("_id") from exc

"""The records of a synthetic county and its residents, with their JSON forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring
from typing import Any, Literal

Sex = Literal["M", "F"]
SpecialGroupKind = Literal["severe_disability", "minimum_living_allowance", "extreme_poverty"]
ContributionKind = Literal["personal", "paid_on_behalf", "arrears"]
Channel = Literal["cash", "bank_withholding", "online", "county_batch"]
CertificationMethod = Literal["face", "agent_visit", "data"]


def _date_or_none(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Township:
    """A township (乡/镇) of the county; coordinates are WGS84 in integer micro-degrees."""

    division_code: str
    name: str
    latitude_micro: int
    longitude_micro: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "division_code": self.division_code,
            "name": self.name,
            "latitude_micro": self.latitude_micro,
            "longitude_micro": self.longitude_micro,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Township:
        return cls(data["division_code"], data["name"], data["latitude_micro"], data["longitude_micro"])


@dataclass(frozen=True, slots=True)
class Village:
    """A village (or township-seat community) and how many generated residents live in it."""

    division_code: str
    name: str
    township_code: str
    latitude_micro: int
    longitude_micro: int
    resident_count: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "division_code": self.division_code,
            "name": self.name,
            "township_code": self.township_code,
            "latitude_micro": self.latitude_micro,
            "longitude_micro": self.longitude_micro,
            "resident_count": self.resident_count,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Village:
        return cls(
            data["division_code"],
            data["name"],
            data["township_code"],
            data["latitude_micro"],
            data["longitude_micro"],
            data["resident_count"],
        )


@dataclass(frozen=True, slots=True)
class VillageAgent:
    """The village agent (村代办员) of one village."""

    agent_id: str
    name: str
    mobile: str
    village_code: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "agent_id": self.agent_id,
            "name": self.name,
            "mobile": self.mobile,
            "village_code": self.village_code,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> VillageAgent:
        return cls(data["agent_id"], data["name"], data["mobile"], data["village_code"])


@dataclass(frozen=True, slots=True)
class County:
    """One county, the pooling region: its townships, villages and village agents."""

    pooling_region: str
    division_code: str
    name: str
    city_name: str
    province_name: str
    latitude_micro: int
    longitude_micro: int
    seed: int
    size: int
    reference_date: date
    townships: tuple[Township, ...]
    villages: tuple[Village, ...]
    agents: tuple[VillageAgent, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "type": "county",
            "pooling_region": self.pooling_region,
            "division_code": self.division_code,
            "name": self.name,
            "city_name": self.city_name,
            "province_name": self.province_name,
            "latitude_micro": self.latitude_micro,
            "longitude_micro": self.longitude_micro,
            "seed": self.seed,
            "size": self.size,
            "reference_date": self.reference_date.isoformat(),
            "townships": [township.to_json_dict() for township in self.townships],
            "villages": [village.to_json_dict() for village in self.villages],
            "agents": [agent.to_json_dict() for agent in self.agents],
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> County:
        return cls(
            pooling_region=data["pooling_region"],
            division_code=data["division_code"],
            name=data["name"],
            city_name=data["city_name"],
            province_name=data["province_name"],
            latitude_micro=data["latitude_micro"],
            longitude_micro=data["longitude_micro"],
            seed=data["seed"],
            size=data["size"],
            reference_date=date.fromisoformat(data["reference_date"]),
            townships=tuple(Township.from_json_dict(item) for item in data["townships"]),
            villages=tuple(Village.from_json_dict(item) for item in data["villages"]),
            agents=tuple(VillageAgent.from_json_dict(item) for item in data["agents"]),
        )


@dataclass(frozen=True, slots=True)
class SpecialGroupRecord:
    """Membership of a special group whose contributions the county pays (代缴), with its evidence."""

    kind: SpecialGroupKind
    effective_from: date
    effective_to: date | None
    evidence_ref: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": None if self.effective_to is None else self.effective_to.isoformat(),
            "evidence_ref": self.evidence_ref,
        }

    def to_json_line(self) -> str:
        effective_to = "null" if self.effective_to is None else f'"{self.effective_to.isoformat()}"'
        return (
            f'{{"kind":"{self.kind}","effective_from":"{self.effective_from.isoformat()}",'
            f'"effective_to":{effective_to},"evidence_ref":{encode_basestring(self.evidence_ref)}}}'
        )

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> SpecialGroupRecord:
        return cls(
            data["kind"],
            date.fromisoformat(data["effective_from"]),
            _date_or_none(data["effective_to"]),
            data["evidence_ref"],
        )

    def effective_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class ContributionRecord:
    """One year's contribution: the grade, who paid how much (integer fen), how and when.

    `year` is the year the contribution counts for; for arrears (补缴) it is earlier than `paid_on`.
    A cash contribution names the receipt and the collecting agent; other channels leave both None.
    """

    year: int
    kind: ContributionKind
    grade_fen: int
    personal_fen: int
    paid_on_behalf_fen: int
    channel: Channel
    paid_on: date
    receipt_no: str | None
    agent_id: str | None

    @property
    def paid_on_behalf(self) -> bool:
        return self.kind == "paid_on_behalf"

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "kind": self.kind,
            "grade_fen": self.grade_fen,
            "personal_fen": self.personal_fen,
            "paid_on_behalf_fen": self.paid_on_behalf_fen,
            "channel": self.channel,
            "paid_on": self.paid_on.isoformat(),
            "receipt_no": self.receipt_no,
            "agent_id": self.agent_id,
        }

    def to_json_line(self) -> str:
        """`to_json_dict()` as compact JSON, written directly (the generator writes millions)."""
        receipt_no = "null" if self.receipt_no is None else encode_basestring(self.receipt_no)
        agent_id = "null" if self.agent_id is None else encode_basestring(self.agent_id)
        return (
            f'{{"year":{self.year},"kind":"{self.kind}","grade_fen":{self.grade_fen},'
            f'"personal_fen":{self.personal_fen},"paid_on_behalf_fen":{self.paid_on_behalf_fen},'
            f'"channel":"{self.channel}","paid_on":"{self.paid_on.isoformat()}",'
            f'"receipt_no":{receipt_no},"agent_id":{agent_id}}}'
        )

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> ContributionRecord:
        return cls(
            data["year"],
            data["kind"],
            data["grade_fen"],
            data["personal_fen"],
            data["paid_on_behalf_fen"],
            data["channel"],
            date.fromisoformat(data["paid_on"]),
            data["receipt_no"],
            data["agent_id"],
        )


@dataclass(frozen=True, slots=True)
class PensionRecord:
    """A pensioner's award month (YYYY-MM, first month paid) and last proof of life."""

    award_month: str
    last_certified_on: date
    last_certification_method: CertificationMethod

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "award_month": self.award_month,
            "last_certified_on": self.last_certified_on.isoformat(),
            "last_certification_method": self.last_certification_method,
        }

    def to_json_line(self) -> str:
        return (
            f'{{"award_month":"{self.award_month}","last_certified_on":"{self.last_certified_on.isoformat()}",'
            f'"last_certification_method":"{self.last_certification_method}"}}'
        )

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> PensionRecord:
        return cls(
            data["award_month"],
            date.fromisoformat(data["last_certified_on"]),
            data["last_certification_method"],
        )


@dataclass(frozen=True, slots=True)
class ResidentRecord:
    """An enrolled resident (参保人) as a legacy system would hand them over, with their history.

    `sex` and `birth_date` repeat what `citizen_id` says (they always agree), for convenience.
    `pension` is set for residents aged 60 or more on the reference date.
    """

    index: int
    citizen_id: str
    name: str
    sex: Sex
    birth_date: date
    village_code: str
    mobile: str
    bank_code: str
    bank_name: str
    bank_card: str
    enrolled_on: date
    enrolling_agent_id: str
    photo_ref: str
    special_groups: tuple[SpecialGroupRecord, ...]
    contributions: tuple[ContributionRecord, ...]
    pension: PensionRecord | None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "type": "resident",
            "index": self.index,
            "citizen_id": self.citizen_id,
            "name": self.name,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "village_code": self.village_code,
            "mobile": self.mobile,
            "bank_code": self.bank_code,
            "bank_name": self.bank_name,
            "bank_card": self.bank_card,
            "enrolled_on": self.enrolled_on.isoformat(),
            "enrolling_agent_id": self.enrolling_agent_id,
            "photo_ref": self.photo_ref,
            "special_groups": [group.to_json_dict() for group in self.special_groups],
            "contributions": [contribution.to_json_dict() for contribution in self.contributions],
            "pension": None if self.pension is None else self.pension.to_json_dict(),
        }

    def to_json_line(self) -> str:
        """`to_json_dict()` as compact JSON (separators "," and ":", non-ASCII kept), without a newline.

        Equal to json.dumps(self.to_json_dict(), ensure_ascii=False, separators=(",", ":")) and several
        times faster, which is what lets the generator write a million residents in well under 2 minutes.
        """
        groups = ",".join([group.to_json_line() for group in self.special_groups])
        contributions = ",".join([contribution.to_json_line() for contribution in self.contributions])
        pension = "null" if self.pension is None else self.pension.to_json_line()
        return (
            f'{{"type":"resident","index":{self.index},"citizen_id":{encode_basestring(self.citizen_id)},'
            f'"name":{encode_basestring(self.name)},"sex":"{self.sex}",'
            f'"birth_date":"{self.birth_date.isoformat()}","village_code":{encode_basestring(self.village_code)},'
            f'"mobile":{encode_basestring(self.mobile)},"bank_code":{encode_basestring(self.bank_code)},'
            f'"bank_name":{encode_basestring(self.bank_name)},"bank_card":{encode_basestring(self.bank_card)},'
            f'"enrolled_on":"{self.enrolled_on.isoformat()}",'
            f'"enrolling_agent_id":{encode_basestring(self.enrolling_agent_id)},'
            f'"photo_ref":{encode_basestring(self.photo_ref)},"special_groups":[{groups}],'
            f'"contributions":[{contributions}],"pension":{pension}}}'
        )

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> ResidentRecord:
        pension = data["pension"]
        return cls(
            index=data["index"],
            citizen_id=data["citizen_id"],
            name=data["name"],
            sex=data["sex"],
            birth_date=date.fromisoformat(data["birth_date"]),
            village_code=data["village_code"],
            mobile=data["mobile"],
            bank_code=data["bank_code"],
            bank_name=data["bank_name"],
            bank_card=data["bank_card"],
            enrolled_on=date.fromisoformat(data["enrolled_on"]),
            enrolling_agent_id=data["enrolling_agent_id"],
            photo_ref=data["photo_ref"],
            special_groups=tuple(SpecialGroupRecord.from_json_dict(item) for item in data["special_groups"]),
            contributions=tuple(ContributionRecord.from_json_dict(item) for item in data["contributions"]),
            pension=None if pension is None else PensionRecord.from_json_dict(pension),
        )

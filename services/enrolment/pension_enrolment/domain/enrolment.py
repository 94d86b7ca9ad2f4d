"""Who may enrol (docs/domain.md lifecycle step 1), checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import (
    CitizenId,
    DivisionCode,
    age_on,
    parse_citizen_id,
    validate_bank_card,
    validate_mobile,
    validate_name,
    validate_village_code,
)
from pension_kit.text import (
    BANK_CODE_MAX,
    BANK_NAME_MAX,
    EVIDENCE_REF_MAX,
    ID_MAX,
    IDENTIFIER_MAX,
    PHOTO_REF_MAX,
    check_free_text,
    check_items,
    check_length,
)

MINIMUM_ENROLMENT_AGE = 16
# Three groups, and past memberships are kept with their dates: twenty is many lifetimes of changes.
MAX_SPECIAL_GROUPS = 20


@dataclass(frozen=True, slots=True)
class SpecialGroupClaim:
    group: int  # pension.common.v1.SpecialGroup
    evidence_ref: str
    effective_from: date
    effective_until: date | None


@dataclass(frozen=True, slots=True)
class EnrolmentApplication:
    """What an agent submits, as typed; nothing in it has been checked yet."""

    citizen_id_number: str
    name: str
    village_code: str
    mobile: str
    bank_card_number: str
    bank_code: str
    bank_name: str
    special_groups: tuple[SpecialGroupClaim, ...]
    photo_ref: str
    enrolled_on: date
    agent_id: str
    full_time_student: bool


@dataclass(frozen=True, slots=True)
class ValidatedEnrolment:
    """An application whose every field passed; sex and birth date come from the citizen ID number."""

    citizen: CitizenId
    name: str
    village: DivisionCode
    mobile: str
    bank_card_number: str
    bank_code: str
    bank_name: str
    special_groups: tuple[SpecialGroupClaim, ...]
    photo_ref: str
    enrolled_on: date
    agent_id: str


def validate_application(application: EnrolmentApplication, *, today: date) -> ValidatedEnrolment:
    """Checks every field and the eligibility rules; the first refusal names its field and reason."""
    check_text_fields(application)
    if application.enrolled_on > today:
        raise InvalidArgument(
            "ENROLMENT_DATE_FUTURE",
            "the enrolment date is in the future",
            field="enrolled_on",
            message_zh="参保日期不能晚于今天",
        )
    citizen = parse_citizen_id(application.citizen_id_number, today=today, field="citizen_id_number")
    if age_on(citizen.birth_date, application.enrolled_on) < MINIMUM_ENROLMENT_AGE:
        raise InvalidArgument(
            "AGE_BELOW_MINIMUM",
            f"the resident is under {MINIMUM_ENROLMENT_AGE} on the enrolment date",
            field="citizen_id_number",
            message_zh="未满16周岁，不能参保",
        )
    if application.full_time_student:
        raise InvalidArgument(
            "FULL_TIME_STUDENT",
            "full-time students cannot enrol",
            field="full_time_student",
            message_zh="在校学生不能参加城乡居民养老保险",
        )
    name = validate_name(application.name, field="name")
    village = validate_village_code(application.village_code, field="village_code")
    mobile = validate_mobile(application.mobile, field="mobile")
    card = validate_bank_card(application.bank_card_number, field="bank_card_number")
    if not application.bank_code.strip():
        raise InvalidArgument(
            "BANK_CODE_REQUIRED", "bank_code is required", field="bank_code", message_zh="开户银行必填"
        )
    if not application.agent_id.strip():
        raise InvalidArgument("AGENT_REQUIRED", "agent_id is required", field="agent_id", message_zh="经办协办员必填")
    validate_special_groups(application.special_groups)
    return ValidatedEnrolment(
        citizen=citizen,
        name=name,
        village=village,
        mobile=mobile,
        bank_card_number=card,
        bank_code=application.bank_code.strip(),
        bank_name=application.bank_name.strip(),
        special_groups=application.special_groups,
        photo_ref=application.photo_ref,
        enrolled_on=application.enrolled_on,
        agent_id=application.agent_id.strip(),
    )


def check_text_fields(application: EnrolmentApplication) -> None:
    """Every text of the application within its limit, and no personal number in its free text (docs/limits.md).

    The free text (bank name and code, photo reference) travels in ResidentEnrolled to every consumer of
    the resident topic, so a number typed there would leave the service in the clear. Special groups are
    checked by validate_special_groups.
    """
    for field, value in (
        ("citizen_id_number", application.citizen_id_number),
        ("name", application.name),
        ("village_code", application.village_code),
        ("mobile", application.mobile),
        ("bank_card_number", application.bank_card_number),
    ):
        check_length(value, field=field, max_length=IDENTIFIER_MAX)
    check_length(application.agent_id, field="agent_id", max_length=ID_MAX)
    check_free_text(application.bank_code, field="bank_code", max_length=BANK_CODE_MAX)
    check_free_text(application.bank_name, field="bank_name", max_length=BANK_NAME_MAX)
    check_free_text(application.photo_ref, field="photo_ref", max_length=PHOTO_REF_MAX)


def check_special_group_texts(claims: tuple[SpecialGroupClaim, ...]) -> None:
    """At most MAX_SPECIAL_GROUPS memberships, each evidence reference within its limit and free of numbers.

    A disability certificate number is the holder's citizen ID number with two more digits, so the number
    detector refuses it here: the reference to give is the certificate's file or register reference.
    """
    check_items(claims, field="special_groups", max_items=MAX_SPECIAL_GROUPS)
    for index, claim in enumerate(claims):
        check_free_text(claim.evidence_ref, field=f"special_groups[{index}].evidence_ref", max_length=EVIDENCE_REF_MAX)


def validate_special_groups(claims: tuple[SpecialGroupClaim, ...]) -> None:
    """Each membership names its group, carries evidence, and does not end before it starts."""
    check_special_group_texts(claims)
    for index, claim in enumerate(claims):
        field = f"special_groups[{index}]"
        if claim.group == 0:
            raise InvalidArgument("SPECIAL_GROUP_REQUIRED", f"{field}.group is required", field=f"{field}.group")
        if not claim.evidence_ref.strip():
            raise InvalidArgument(
                "SPECIAL_GROUP_EVIDENCE_REQUIRED",
                f"{field} needs an evidence reference",
                field=f"{field}.evidence_ref",
                message_zh="特殊群体须提供证明材料编号",
            )
        if claim.effective_until is not None and claim.effective_until < claim.effective_from:
            raise InvalidArgument(
                "SPECIAL_GROUP_DATES", f"{field} ends before it starts", field=f"{field}.effective_until"
            )

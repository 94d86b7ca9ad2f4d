"""EMPLOYEE_PENSION_ENROLMENT, DUPLICATE_ENROLMENT and DUPLICATE_RECEIPT: what enrolment refused and verification
found, each an alert for an officer to look at who tried and why."""

from __future__ import annotations

from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


def employee_pension_enrolment(
    *,
    pooling_region_code: str,
    citizen_id_masked: str,
    name_masked: str,
    village_code: str,
    agent_id: str,
    registry_source: str,
    evidence: Evidence,
) -> AlertDraft:
    """An attempt to enrol someone the employees' pension registry lists; one alert per person, village and agent."""
    return AlertDraft(
        rule=AlertRule.EMPLOYEE_PENSION_ENROLMENT,
        facts=(citizen_id_masked, name_masked, village_code, agent_id),
        pooling_region_code=pooling_region_code,
        score=60,
        score_explanation="60: enrolment refused it already; the question is whether the agent knew",
        reason_zh=(
            f"协办员试图为已领取职工养老保险的人员（{name_masked}，{citizen_id_masked}）办理城乡居民养老保险参保，"
            f"已被拒绝（来源：{registry_source or '职工养老保险名册'}）"
        ),
        reason_en=(
            f"an agent tried to enrol {name_masked} ({citizen_id_masked}), who is listed as an employees' pension "
            f"recipient ({registry_source or 'employees pension registry'}); the enrolment was refused"
        ),
        evidence=(evidence,),
        agent_ids=(agent_id,) if agent_id else (),
    )


def duplicate_enrolment(
    *,
    pooling_region_code: str,
    existing_resident_id: str,
    citizen_id_masked: str,
    attempted_village_code: str,
    existing_village_code: str,
    agent_id: str,
    evidence: Evidence,
) -> AlertDraft:
    """A second enrolment of an enrolled resident's ID number; one alert per resident, village and agent."""
    other_village = attempted_village_code != existing_village_code
    score = 70 if other_village else 40
    return AlertDraft(
        rule=AlertRule.DUPLICATE_ENROLMENT,
        facts=(existing_resident_id, attempted_village_code, agent_id),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=(
            f"{score}: "
            + ("tried in another village than the enrolled one" if other_village else "tried in the same village")
        ),
        reason_zh=(
            f"身份证号{citizen_id_masked}已参保（{existing_village_code}），又在{attempted_village_code}重复参保，已被拒绝"
        ),
        reason_en=(
            f"ID number {citizen_id_masked}, enrolled in {existing_village_code}, was enrolled again in "
            f"{attempted_village_code}; refused"
        ),
        evidence=(evidence,),
        resident_ids=(existing_resident_id,),
        agent_ids=(agent_id,) if agent_id else (),
    )


def duplicate_receipt(
    *, pooling_region_code: str, resident_id: str, from_month: str, scheme_ref: str, evidence: Evidence
) -> AlertDraft:
    """A pensioner also receiving an employees' pension from `from_month`; one alert per resident and month."""
    return AlertDraft(
        rule=AlertRule.DUPLICATE_RECEIPT,
        facts=(resident_id, from_month),
        pooling_region_code=pooling_region_code,
        score=90,
        score_explanation="90: a registry record shows the pensioner receiving an employees' pension as well",
        reason_zh=f"参保人自{from_month}起同时领取职工养老保险待遇（{scheme_ref}），属重复领取",
        reason_en=f"the pensioner also receives an employees' pension ({scheme_ref}) from {from_month}",
        evidence=(evidence,),
        resident_ids=(resident_id,),
    )

"""GetPublicNotice: the public notice of a village for a month, from the facts kept (every identifier masked)."""

from __future__ import annotations

from typing import Final

from pension_kit.clock import now_to_millisecond
from pension_kit.errors import NotFound
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_supervision.adapters.report_facts import ReportFacts
from pension_supervision.domain.notice import PublicNotice, compose_notice
from pension_supervision.service_layer.report_checks import checked_village

READERS: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.AUDITOR)


class NoticeService:
    def __init__(self, facts: ReportFacts, *, dispute_contact: str) -> None:
        self._facts = facts
        self._dispute_contact = dispute_contact

    async def notice(self, caller: Caller, village_code: str, month: Month) -> PublicNotice:
        caller.require_role(*READERS)
        code = checked_village(village_code)
        caller.require_village(code)
        village = await self._facts.village(code)
        if village is None:
            raise NotFound(
                "VILLAGE_NOT_FOUND",
                f"village {code} is not in the catalogue",
                field="village_code",
                message_zh="未找到该村",
            )
        contributions = await self._facts.contributions_of_village(code, month)
        payments = await self._facts.payments_of_village(code, month)
        residents = await self._facts.residents(
            [c.resident_id for c in contributions] + [p.resident_id for p in payments]
        )
        return compose_notice(
            village_code=code,
            village_name=village.name,
            month=month,
            contributions=contributions,
            payments=payments,
            residents=residents,
            generated_at=now_to_millisecond(),
            dispute_contact=self._dispute_contact,
        )

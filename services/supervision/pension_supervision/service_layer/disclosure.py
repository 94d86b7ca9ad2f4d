"""GetDisclosure: a region's published figures for a month or a year, recounted from the facts kept."""

from __future__ import annotations

from pension_kit.clock import now_to_millisecond
from pension_kit.identity import Caller
from pension_supervision.adapters.report_facts import FROM_THE_START, ReportFacts
from pension_supervision.domain.disclosure import Disclosure, Period, disclose
from pension_supervision.service_layer.report_checks import checked_region


class DisclosureService:
    def __init__(self, facts: ReportFacts) -> None:
        self._facts = facts

    async def disclosure(self, caller: Caller, pooling_region_code: str, year: int, month: int) -> Disclosure:
        # Public information: anyone signed in reads it (require_caller has already refused the anonymous).
        del caller
        region = checked_region(pooling_region_code)
        period = Period(year, month)
        first, last = str(period.first_month), str(period.last_month)
        return disclose(
            pooling_region_code=region,
            period=period,
            enrolled=await self._facts.enrolled_at(region, period.last_day),
            contributing=await self._facts.contributing(region, str(period)),
            receiving=await self._facts.receiving(region, str(period)),
            in_period=await self._facts.totals(region, first, last),
            to_date=await self._facts.totals(region, FROM_THE_START, last),
            computed_at=now_to_millisecond(),
        )

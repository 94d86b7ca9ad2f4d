"""A pensioner's certification status and proofs passed, and a village agent's task list: who is due or overdue,
oldest first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from pension_kit.clock import today_in_china
from pension_kit.errors import InvalidArgument, NotFound, PermissionDenied
from pension_kit.identifiers import validate_village_code
from pension_kit.identity import Caller, Role
from pension_kit.text import IDENTIFIER_MAX, check_length
from pension_verification.adapters.certification_documents import certification_of
from pension_verification.adapters.certification_repository import Certifications, Position, position_of
from pension_verification.domain.certification import CertificationPolicy, CertificationState
from pension_verification.domain.proofs import PensionerCertification, Proof
from pension_verification.service_layer.arguments import pooling_region, required_id
from pension_verification.service_layer.policies import policy_on

STATUS_ROLES: Final = (
    Role.VILLAGE_AGENT,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
    Role.HOTLINE,
    Role.SYSTEM,
)
LIST_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.AUDITOR, Role.SYSTEM)
_TOKEN_SEPARATOR: Final = "|"


@dataclass(frozen=True)
class Standing:
    """A pensioner's certification and where it stands on the day asked."""

    certification: PensionerCertification
    status: str
    death_reported: bool = False  # an agent's report of the death awaits a decision


@dataclass(frozen=True)
class DuePage:
    standings: list[Standing]
    next_page_token: str


def standing_on(state: CertificationState, day: date, policy: CertificationPolicy) -> str:
    """The status the deadlines job gives the cycle on `day`: a pensioner past the due date is overdue even
    before the job has run (and announced it), as the agent's task list shows them."""
    return state.advance(day, policy).after.status


def _page_token(position: Position) -> str:
    return _TOKEN_SEPARATOR.join(position)


def _position(token: str) -> Position | None:
    if not token:
        return None
    due, separator, identifier = token.partition(_TOKEN_SEPARATOR)
    try:
        date.fromisoformat(due)
    except ValueError:
        separator = ""
    if not separator or not identifier or len(token) > 200:
        raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one this list gave", field="page_token")
    return due, identifier


class CertificationQueries:
    def __init__(
        self,
        repository: Certifications,
        *,
        today: Callable[[], date] = today_in_china,
        death_reported: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self.repository = repository
        self.today = today
        self.death_reported = death_reported

    async def _certification(self, resident_id: str, caller: Caller) -> PensionerCertification:
        caller.require_role(*STATUS_ROLES)
        resident_id = required_id(resident_id, "resident_id")
        certification = await self.repository.certification(resident_id)
        caller.require_resident_found(
            resident_id,
            None if certification is None else certification.state.village_code,
            not_found=lambda: NotFound(
                "CERTIFICATION_NOT_FOUND",
                f"{resident_id} is not a pensioner followed by verification",
                field="resident_id",
                message_zh="未找到该人员的资格认证信息",
            ),
        )
        assert certification is not None
        return certification

    async def proofs(self, resident_id: str, *, caller: Caller) -> list[Proof]:
        """Every proof of life the pensioner passed, newest first (how, when, on what evidence, by whom)."""
        certification = await self._certification(resident_id, caller)
        return list(reversed(certification.proofs))

    async def status(self, resident_id: str, *, caller: Caller) -> Standing:
        certification = await self._certification(resident_id, caller)
        state = certification.state
        reported = await self.death_reported(state.resident_id) if self.death_reported is not None else False
        if state.ended:
            return Standing(certification, state.status, reported)
        today = self.today()
        policy = await policy_on(self.repository, state.pooling_region_code, today)
        return Standing(certification, standing_on(state, today, policy), reported)

    async def due(
        self,
        *,
        pooling_region_code: str,
        village_code: str,
        due_by: date | None,
        page_token: str,
        limit: int,
        caller: Caller,
    ) -> DuePage:
        """The open cycles of a village (or a region, for officers) due by `due_by`, earliest due first; without
        `due_by`, the task list of today: due within the policy's notice days, or overdue."""
        caller.require_role(*LIST_ROLES)
        village = village_code.strip()
        if village:
            check_length(village, field="village_code", max_length=IDENTIFIER_MAX)
            region = validate_village_code(village, field="village_code").county_code
            if pooling_region_code.strip() and pooling_region(pooling_region_code) != region:
                raise InvalidArgument(
                    "VILLAGE_OUTSIDE_POOLING_REGION",
                    f"village {village} is not in pooling region {pooling_region_code.strip()}",
                    field="village_code",
                    message_zh="该村不属于所选统筹地区",
                )
            caller.require_village(village)
        else:
            if caller.role is Role.VILLAGE_AGENT:
                raise PermissionDenied(
                    "VILLAGE_NOT_ASSIGNED",
                    "a village agent lists the pensioners of one of their villages: village_code is required",
                    field="village_code",
                    message_zh="协办员只能查看本人负责的村",
                )
            region = pooling_region(pooling_region_code)
        after = _position(page_token)
        today = self.today()
        policy = await policy_on(self.repository, region, today)
        by = due_by or today + timedelta(days=policy.due_days_before)
        found = await self.repository.open_due_by(
            village_code=village, pooling_region_code=region, by=by, after=after, limit=limit
        )
        standings = [
            Standing(certification, standing_on(certification.state, today, policy))
            for certification in (certification_of(document) for document in found)
        ]
        next_token = _page_token(position_of(found[-1])) if len(found) == limit else ""
        return DuePage(standings, next_token)

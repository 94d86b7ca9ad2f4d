"""Verification's copy of the villages' catalogue, kept from enrolment's VillageRegistered: where each village
committee is, for the distance check of agents' visits."""

from __future__ import annotations

import logging

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import IdentifierError, validate_village_code
from pension_verification.adapters.visit_repository import Village, VisitRecords
from pension_verification.domain.visits import Position, checked_position

log = logging.getLogger(__name__)


class VillageCatalogue:
    def __init__(self, visits: VisitRecords) -> None:
        self.visits = visits

    async def registered(self, village: Village) -> None:
        """Keeps the village as announced. A position out of bounds is kept as unknown (visits there are refused
        VILLAGE_POSITION_UNKNOWN until enrolment corrects it) rather than refused: the event must not block the
        region's later events."""
        try:
            validate_village_code(village.village_code, field="village_code")
        except IdentifierError as error:
            # Enrolment checks its catalogue; a malformed code here is skipped, not retried: retrying cannot mend
            # it, and parking it would hold back the region's policy changes behind it.
            log.warning("a VillageRegistered with a malformed village code was skipped: %s", error.reason)
            return
        position: Position | None = village.position
        if position is not None:
            try:
                checked_position(position, field="position")
            except InvalidArgument:
                position = None
        if position is None:
            log.warning("village %s was registered without a usable position", village.village_code)
        await self.visits.record_village(
            Village(village.village_code, village.name, village.township_code, village.pooling_region_code, position)
        )

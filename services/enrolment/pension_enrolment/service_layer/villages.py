"""Loading a pooling region's catalogue of villages (LoadVillages): each village added or changed is stored and
announced (VillageRegistered, on the region topic) in one write; an unchanged one is left alone; a malformed one is
refused on its own, naming its field. Verification keeps the committees' positions for agents' visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.villages import VILLAGES, VillageRepository, village_entry, village_fields
from pension_enrolment.domain.villages import VillageEntry, VillageProblem, checked_village
from pension_enrolment.service_layer import PRODUCER
from pension_kit.errors import InvalidArgument, NotFound
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import IDENTIFIER_MAX, REASON_MAX, REQUEST_ID_MAX, check_free_text, check_items, check_length
from pension_kit.unit_of_work import Decision, UnitOfWork

LOAD_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
MAX_VILLAGES: Final = 10_000


@dataclass
class VillagesLoaded:
    loaded: int = 0
    unchanged: int = 0
    problems: list[tuple[str, VillageProblem]] = field(default_factory=list)  # (village code as sent, problem)


def village_message(entry: VillageEntry) -> enrolment_pb2.Village:
    message = enrolment_pb2.Village(
        village_code=entry.village_code,
        name=entry.name,
        township_code=entry.township_code,
        township_name=entry.township_name,
        pooling_region_code=entry.pooling_region_code,
    )
    if (entry.latitude_e6, entry.longitude_e6) != (0, 0):
        message.position.CopyFrom(
            types_pb2.GeoPoint(
                latitude_e6=entry.latitude_e6, longitude_e6=entry.longitude_e6, accuracy_m=entry.accuracy_m
            )
        )
    return message


class VillageCatalogue:
    def __init__(self, villages: VillageRepository, *, region_topic: str, notify_relay: NotifyRelay) -> None:
        self.villages = villages
        # Keyed by the region: one region's catalogue changes arrive in order, with its policy changes.
        self.unit = UnitOfWork(
            villages,
            VILLAGES,
            region_topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["pooling_region_code"]),
        )

    async def load(
        self,
        pooling_region_code: str,
        entries: list[VillageEntry],
        *,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> VillagesLoaded:
        caller.require_role(*LOAD_ROLES)
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        if not request_id.strip():
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
        check_items(entries, field="villages", max_items=MAX_VILLAGES)
        # Lengths refuse the whole request (docs/limits.md); a village's content is then refused alone.
        for index, sent in enumerate(entries):
            for name, value in (
                ("village_code", sent.village_code),
                ("name", sent.name),
                ("township_code", sent.township_code),
                ("township_name", sent.township_name),
                ("pooling_region_code", sent.pooling_region_code),
            ):
                check_length(value, field=f"villages[{index}].{name}", max_length=IDENTIFIER_MAX)
        region = pooling_region_code.strip()
        try:
            division_code_of_pooling_region(region, field="pooling_region_code")
        except IdentifierError as error:
            raise InvalidArgument(error.reason, error.message, field=error.field) from None
        reason = check_free_text(reason, field="reason", max_length=REASON_MAX).strip() or "villages loaded"
        outcome = VillagesLoaded()
        for sent in entries:
            checked = checked_village(sent, region)
            if isinstance(checked, VillageProblem):
                outcome.problems.append((sent.village_code, checked))
                continue
            changed = await self._register(checked, reason=reason, request_id=request_id.strip(), caller=caller)
            if changed:
                outcome.loaded += 1
            else:
                outcome.unchanged += 1
        return outcome

    async def _register(self, entry: VillageEntry, *, reason: str, request_id: str, caller: Caller) -> bool:
        await self.villages.ensure(entry.village_code, entry.pooling_region_code)

        def decide(document: Document) -> Decision[bool]:
            registered = bool(document.get("registered"))
            if registered and village_entry(document) == entry:
                return Decision(None, (), False)
            event = events_pb2.VillageRegistered(village=village_message(entry), updated=registered)
            return Decision({"$set": {**village_fields(entry), "registered": True}}, [event], True)

        return await self.unit.write(
            entry.village_code,
            request_id=f"{request_id}/{entry.village_code}",
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=lambda document: False,
            not_found=lambda: NotFound("VILLAGE_NOT_FOUND", f"village {entry.village_code} vanished"),
        )

    async def village(self, village_code: str) -> VillageEntry:
        check_length(village_code, field="village_code", max_length=IDENTIFIER_MAX)
        found = await self.villages.village(village_code.strip())
        if found is None:
            raise NotFound(
                "VILLAGE_NOT_FOUND",
                f"village {village_code.strip()[:32]} is not in the catalogue",
                field="village_code",
                message_zh="未找到该村",
            )
        return found

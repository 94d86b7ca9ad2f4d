"""The resident index kept from enrolment's events, and the keyed hashes a registry record is matched by."""

from __future__ import annotations

import logging
from datetime import date
from typing import Final

from pension_kit.pii import PersonalDataVault, Sealed
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.domain.registry_matching import Resident, name_key

log = logging.getLogger(__name__)

# The purposes of the vault's keyed hashes: enrolment's for the number (pension_enrolment CITIZEN_ID_PURPOSE, the
# hash ResidentEnrolled carries), verification's own for the name.
CITIZEN_ID_PURPOSE: Final = "citizen_id_number"
NAME_KEY_PURPOSE: Final = "registry_name"
SEALED_NAME_PURPOSE: Final = "name"


class RegistryKeys:
    """The vault's keyed hashes of a number and a name, as both the index and a feed's records are keyed."""

    def __init__(self, vault: PersonalDataVault) -> None:
        self.vault = vault

    def citizen_id_hash(self, number: str) -> str:
        """`number` must be valid already (parse_citizen_id's normalized form), as enrolment hashed it."""
        return self.vault.lookup_hash(number, purpose=CITIZEN_ID_PURPOSE)

    def name_key(self, name: str) -> str:
        return name_key(name, lambda normalized: self.vault.lookup_hash(normalized, purpose=NAME_KEY_PURPOSE))


class RegistryResidents:
    """Keeps the index: a resident enrolled, moved to another village, or whose enrolment ended."""

    def __init__(self, index: ResidentIndex, keys: RegistryKeys) -> None:
        self.index = index
        self.keys = keys

    async def enrolled(
        self,
        resident_id: str,
        *,
        citizen_id_hash: str,
        sealed_name: Sealed,
        name_masked: str,
        birth_date: date,
        village_code: str,
        pooling_region_code: str,
    ) -> None:
        """The name is opened only to key it; it is not kept. An event without a name this service can open (an
        enrolment announced before names were sealed for others, or under a key since retired) still indexes the
        resident, matchable by number only: refusing it would park the resident's later events (a death, a move)."""
        try:
            name_key = self.keys.name_key(self.keys.vault.open(sealed_name, purpose=SEALED_NAME_PURPOSE))
        except (KeyError, ValueError):
            log.warning("resident %s indexed without a name key: the sealed name cannot be opened", resident_id)
            name_key = ""
        resident = Resident(
            resident_id=resident_id,
            citizen_id_hash=citizen_id_hash,
            name_key=name_key,
            birth_date=birth_date,
            village_code=village_code,
            pooling_region_code=pooling_region_code,
        )
        await self.index.enrolled(resident, name_masked=name_masked)

    async def moved(self, resident_id: str, village_code: str) -> None:
        await self.index.village_changed(resident_id, village_code)

    async def ended(self, resident_id: str) -> None:
        await self.index.ended(resident_id)

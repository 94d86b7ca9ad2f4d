"""The documents a migration writes: a legacy resident as Enrol writes a resident, with its legacy account, and a
registry record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pension_enrolment.adapters.account_documents import recorded_contribution_document
from pension_enrolment.adapters.resident_documents import CITIZEN_ID_PURPOSE, derived_resident_id
from pension_enrolment.domain.account import balance
from pension_enrolment.domain.contributions import contribution_years, entries_of
from pension_enrolment.domain.migration import LegacyResident, RegistryRow, legacy_contribution_record
from pension_enrolment.service_layer import PRODUCER
from pension_enrolment.service_layer.contributions import contribution_recorded, posted
from pension_enrolment.service_layer.enrolment import enrolled_resident as resident_document
from pension_kit.events import new_event
from pension_kit.masking import mask_citizen_id
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What every document of one import run shares."""

    vault: PersonalDataVault
    topic: str
    actor: str
    source: str
    import_id: str
    now: datetime

    @property
    def reason(self) -> str:
        return f"migration import from {self.source}"


def legacy_resident_document(context: ImportContext, resident: LegacyResident, citizen_id_hash: str) -> Document:
    """The document enrolment would write (same builder), with the legacy contributions, their ledger entries,
    and one ContributionRecorded event per contribution after the ResidentEnrolled event in its outbox."""
    vault = context.vault
    resident_id = derived_resident_id(vault, resident.enrolment.citizen.number)
    document = resident_document(
        vault,
        resident.enrolment,
        resident_id=resident_id,
        request_id=f"import:{resident_id}",
        actor=context.actor,
        topic=context.topic,
        reason=context.reason,
        now=context.now,
        citizen_id_hash=citizen_id_hash,
    )
    contributions: list[Document] = []
    ledger: list[Document] = []
    outbox: list[Document] = document["outbox"]
    # The contributions come oldest first, so the balance and the contributed years after each one are running
    # totals: the balance of its entries added, its counted years joined (one pass, not one per contribution).
    balance_fen = 0
    years: set[int] = set()
    for contribution in resident.contributions:
        record = legacy_contribution_record(resident_id, contribution)
        entries = entries_of(record)
        balance_fen += balance(entries)
        years.update(contribution_years((record,)))
        # Stored as the contributions service stores a recorded contribution, plus the legacy channel.
        contributions.append(
            recorded_contribution_document(record, payment_ref="", recorded_by=context.actor, recorded_at=context.now)
            | {"legacy_channel": contribution.legacy_channel}
        )
        ledger.extend(posted(entries, context.now))
        event = contribution_recorded(
            document,
            record,
            entries,
            balance_after_fen=balance_fen,
            contributed_years=len(years),
            posted_at=context.now,
        )
        outbox.append(
            new_event(
                topic=context.topic,
                payload=event,
                subject_key=resident_id,
                producer=PRODUCER,
                actor=context.actor,
                reason=context.reason,
                occurred_at=context.now,
            )
        )
    document["contributions"] = contributions
    document["ledger"] = ledger
    document["imported_from"] = {
        "source": context.source,
        "line": resident.first_line,
        "import_id": context.import_id,
    }
    return document


def registry_document(vault: PersonalDataVault, row: RegistryRow, *, source: str, pooling_region: str) -> Document:
    """A registry record: the person is found by the keyed hash of the citizen ID number only, never the number."""
    return {
        "citizen_id_hash": vault.lookup_hash(row.citizen_id_number, purpose=CITIZEN_ID_PURPOSE),
        "citizen_id_masked": mask_citizen_id(row.citizen_id_number),
        "scheme_ref": row.scheme_ref,
        "from_month": row.from_month,
        "source": source,
        "pooling_region_code": pooling_region,
    }

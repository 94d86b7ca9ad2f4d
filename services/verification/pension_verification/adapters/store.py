"""Verification's collections, their indexes and deterministic ids: one place that says where each thing lives.

Document shapes (dates "YYYY-MM-DD", which sort as the dates do; instants as BSON dates):
- certifications: one per pensioner (_id certification_id(resident)): the cycle's state (status, valid_until,
  last proof), the proofs passed (`proofs`, oldest first), the inputs applied (`applied_events`), the kit's
  `version` and `applied_requests`, and the outbox; `ended_at` once a death or transfer ended the cycle, and the
  last face proof attempts' decisions (`face_attempts`, adapters/face_documents.py, the newest 20).
- policies: the PolicyChanged events' policies, as the contract's bytes (_id policy version id).
- deadline_runs: one per completed call of the deadlines job (_id region/as_of/request id), with its counts.
- ended_enrolments: residents whose enrolment ended (death, transfer out) when verification had no cycle of
  theirs (_id resident id), so that an award event read after the end starts a cycle that is ended at once;
  `ended_at`, when verification heard of it (face data retention runs from it).
- villages: each village's catalogue entry as enrolment's VillageRegistered announced it (_id the 12-digit village
  code): name, township, region, and the committee's position (latitude_e6, longitude_e6) for agents' visits.
- agent_relations: an agent's recorded relation to a resident, SELF or RELATIVE (_id agent/resident), which bars
  the agent from certifying that resident; who recorded it, when and why.
- photos.files / photos.chunks: the GridFS bucket of photos (adapters/photo_store.py); each file's metadata names
  its resident and kind.
- face_templates: one per resident with an enrolment photo (_id resident id): the model's descriptor of the photo,
  sealed (pension_kit.pii, purpose "face_template"), the model and its version, the photo's reference, created_at
  and the request that made it (adapters/face_templates.py).
- liveness_challenges: one per challenge issued (_id challenge id): resident_id, actions, issued_at, expires_at,
  used_at and used_by (the request that answered it; null until then) (adapters/liveness_challenges.py).
- registry_residents: the resident index registry records are matched against, one per enrolled resident (_id
  resident id), kept from enrolment's events: {_id, citizen_id_hash, name_key, name_masked, birth_date,
  village_code, pooling_region_code, status "ENROLLED"|"ENDED"}; the clear name and number are never stored.
  Face proof reads its village_code for a resident who has no certification yet.
- registry_records: one per registry record applied (_id its record key): the outcome, the resident; and one
  per death of a resident verification keeps no certification for (_id "death:<resident id>"), carrying its
  DeathConfirmed in its outbox, so that death is announced once whoever confirms it.
- registry_reviews: records matched without the number, for an officer (_id the record key); the kit's
  `version`/`applied_requests`, and the outbox of RegistryMatchQueued and the decision's events.
- death_reports: agents' reports of a death (_id report id), REPORTED until an officer or a registry decides.
"""

from __future__ import annotations

import uuid
from typing import Final

from pension_kit.mongo import IndexSpec

CERTIFICATIONS: Final = "certifications"
POLICIES: Final = "policies"
DEADLINE_RUNS: Final = "deadline_runs"
ENDED_ENROLMENTS: Final = "ended_enrolments"
VILLAGES: Final = "villages"
AGENT_RELATIONS: Final = "agent_relations"
PHOTO_BUCKET: Final = "photos"
PHOTO_FILES: Final = f"{PHOTO_BUCKET}.files"
FACE_TEMPLATES: Final = "face_templates"
LIVENESS_CHALLENGES: Final = "liveness_challenges"
REGISTRY_RESIDENTS: Final = "registry_residents"
REGISTRY_RECORDS: Final = "registry_records"
REGISTRY_REVIEWS: Final = "registry_reviews"
DEATH_REPORTS: Final = "death_reports"

# Every collection whose documents carry outbox events.
OUTBOX_COLLECTIONS: Final = [CERTIFICATIONS, REGISTRY_RECORDS, REGISTRY_REVIEWS, DEATH_REPORTS]

# Uniqueness is the _id's everywhere. The task list reads a village's open cycles by due date; the deadlines job
# a region's open cycles by due date.
INDEXES: Final = [
    IndexSpec(CERTIFICATIONS, [("village_code", 1), ("valid_until", 1), ("_id", 1)], name="village_due"),
    IndexSpec(CERTIFICATIONS, [("pooling_region_code", 1), ("valid_until", 1), ("_id", 1)], name="region_due"),
    IndexSpec(POLICIES, [("pooling_region_code", 1)], name="region"),
    # A resident's photos, found to delete them when the retention period has passed (GridFS indexes its chunks).
    IndexSpec(PHOTO_FILES, [("metadata.resident_id", 1)], name="photos_of_resident"),
    # The retention job reads a region's ended cycles by when they ended.
    IndexSpec(CERTIFICATIONS, [("pooling_region_code", 1), ("ended_at", 1)], name="region_ended"),
    IndexSpec(ENDED_ENROLMENTS, [("ended_at", 1)], name="ended_at"),
    # A registry record is matched by its number's keyed hash, else by name key and birth date.
    IndexSpec(REGISTRY_RESIDENTS, [("citizen_id_hash", 1)], name="citizen_id_hash"),
    IndexSpec(REGISTRY_RESIDENTS, [("name_key", 1), ("birth_date", 1)], name="name_birth_date"),
    # The review queue of a region, oldest first (keyset paging on queued_at, _id).
    IndexSpec(
        REGISTRY_REVIEWS, [("pooling_region_code", 1), ("status", 1), ("queued_at", 1), ("_id", 1)], name="queue"
    ),
    # A resident's pending report (the status flag, and a registry death confirming it).
    IndexSpec(DEATH_REPORTS, [("resident_id", 1), ("status", 1)], name="resident_status"),
]

# Proof ids are derived from the resident and the request, so that a repeated request names the same proof.
_PROOF_NAMESPACE: Final = uuid.UUID("5d0c6c1e-3a58-4b59-9f0e-6b1b2f4c9a17")


def certification_id(resident_id: str) -> str:
    return f"CE-{resident_id}"


def proof_id(resident_id: str, request_id: str) -> str:
    return f"CT-{uuid.uuid5(_PROOF_NAMESPACE, f'{resident_id}/{request_id}').hex}"


def enrolment_photo_id(resident_id: str, request_id: str) -> str:
    """The enrolment photo an upload request stores: the same request names the same photo."""
    return f"EP-{uuid.uuid5(_PROOF_NAMESPACE, f'enrolment-photo/{resident_id}/{request_id}').hex}"


def face_attempt_id(resident_id: str, request_id: str) -> str:
    """A face proof attempt (its frames are `<attempt>/<index>` in the photo store), derived from the request."""
    return f"FA-{uuid.uuid5(_PROOF_NAMESPACE, f'face-attempt/{resident_id}/{request_id}').hex}"


def face_frame_id(attempt_id: str, index: int) -> str:
    return f"{attempt_id}/{index}"


_REPORT_NAMESPACE: Final = uuid.UUID("0b7f3a52-8f0e-4f5e-a1c4-2d7e9b6c3f81")


def death_report_id(resident_id: str, request_id: str) -> str:
    """A report's id from the resident and the agent's request, so that a repeated request names the same report."""
    return f"DR-{uuid.uuid5(_REPORT_NAMESPACE, f'{resident_id}/{request_id}').hex}"


def deadline_run_id(pooling_region_code: str, as_of: str, request_id: str) -> str:
    return f"{pooling_region_code}/{as_of}/{request_id}"


def agent_relation_id(agent_id: str, resident_id: str) -> str:
    return f"{agent_id}/{resident_id}"


def visit_photo_id(resident_id: str, request_id: str) -> str:
    """The photo of a visit, named by the visit's request: a repeated upload stores nothing twice."""
    return f"VP-{uuid.uuid5(_PROOF_NAMESPACE, f'visit/{resident_id}/{request_id}').hex}"

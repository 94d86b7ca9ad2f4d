"""Helpers of the verification tests: the certifications in memory, as CertificationRepository keeps them."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date

from pension.enrolment.v1 import enrolment_pb2
from pension_kit.mongo import Document
from pension_kit.policy import PolicyVersion
from pension_kit.unit_of_work import InMemoryRepository
from pension_verification.adapters.certification_documents import certification_of, new_certification_document
from pension_verification.adapters.certification_repository import EndedEnrolment, Position, position_of
from pension_verification.adapters.store import certification_id
from pension_verification.domain.certification import CURRENT, DUE_SOON, OVERDUE, CertificationState
from pension_verification.domain.proofs import PensionerCertification


class InMemoryCertifications(InMemoryRepository):
    """The certifications as CertificationRepository keeps them, in a dict (unit tests of the use cases)."""

    def __init__(self, *versions: PolicyVersion) -> None:
        super().__init__()
        self.versions = list(versions)
        self.runs: dict[str, tuple[int, int]] = {}
        self.ended: dict[str, EndedEnrolment] = {}

    async def certification(self, resident_id: str) -> PensionerCertification | None:
        found = self.documents.get(certification_id(resident_id))
        return certification_of(found) if found is not None else None

    async def start(self, state: CertificationState) -> bool:
        document = new_certification_document(state)
        if document["_id"] in self.documents:
            return False
        self.add(document)
        return True

    def _due(
        self, keep: Callable[[Document], bool], statuses: Iterable[str], by: date, after: Position | None, limit: int
    ) -> list[Document]:
        found = sorted(
            (
                d
                for d in self.documents.values()
                if keep(d)
                and d["status"] in statuses
                and d["valid_until"] <= by.isoformat()
                and (after is None or position_of(d) > after)
            ),
            key=position_of,
        )
        return [{k: copy.deepcopy(v) for k, v in d.items() if k != "outbox"} for d in found[:limit]]

    async def open_due_by(
        self, *, village_code: str = "", pooling_region_code: str = "", by: date, after: Position | None, limit: int
    ) -> list[Document]:
        def keep(d: Document) -> bool:
            return bool(
                d["village_code"] == village_code if village_code else d["pooling_region_code"] == pooling_region_code
            )

        return self._due(keep, (CURRENT, DUE_SOON, OVERDUE), by, after, limit)

    async def to_advance(
        self, pooling_region_code: str, *, by: date, after: Position | None, limit: int
    ) -> list[Document]:
        return self._due(
            lambda d: d["pooling_region_code"] == pooling_region_code, (CURRENT, DUE_SOON), by, after, limit
        )

    async def policy_versions(self, pooling_region_code: str) -> list[PolicyVersion]:
        return [v for v in self.versions if v.pooling_region_code == pooling_region_code]

    async def record_policy(self, policy: enrolment_pb2.Policy) -> None:
        raise NotImplementedError

    async def regions(self) -> list[str]:
        return sorted({v.pooling_region_code for v in self.versions})

    async def deadline_run(self, run_id: str) -> tuple[int, int] | None:
        return self.runs.get(run_id)

    async def deadline_run_done(self, run_id: str, *, due_soon: int, overdue: int, run_by: str) -> None:
        self.runs.setdefault(run_id, (due_soon, overdue))

    async def enrolment_ended(self, resident_id: str, ended: EndedEnrolment) -> None:
        self.ended.setdefault(resident_id, ended)

    async def ended_enrolment(self, resident_id: str) -> EndedEnrolment | None:
        return self.ended.get(resident_id)

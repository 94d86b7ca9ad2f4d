"""Agents' death reports: reported (DeathReported; no benefit changes), confirmed by an officer (DeathConfirmed,
the pensioner DECEASED) or rejected with a reason (DeathReportRejected).

A report is its own document (death_reports, the kit's unit of work); a confirmation changes the pensioner's
certification in its unit of work with the DeathConfirmed event, then marks the report confirmed. A resident
verification keeps no certification for (a contributor) has the death announced once from a document of its
own (RegistryService.announce_death), so that enrolment terminates the enrolment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from pension.verification.v1 import events_pb2, verification_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from pension_kit.events import new_event
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import EVIDENCE_REF_MAX, REASON_MAX, check_free_text
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_verification.adapters.certification_documents import (
    certification_of,
    eligibility_fields,
    ended_fields,
    state_fields,
)
from pension_verification.adapters.certification_messages import status_message
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.registry_messages import death_confirmed_by_officer, death_report_message
from pension_verification.adapters.registry_repository import RegistryRepository, report_document, report_of
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.adapters.store import DEATH_REPORTS, certification_id, death_report_id
from pension_verification.domain.certification import DECEASED
from pension_verification.domain.death_reports import (
    REPORTED,
    DeathReport,
    check_date_of_death,
    rejected,
    reported,
)
from pension_verification.domain.eligibility import died
from pension_verification.service_layer import PRODUCER, certification_unit, change_certification, client_request
from pension_verification.service_layer.arguments import agent_is_caller, required_date, required_id
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.registry import RegistryService

REPORT_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
DECIDE_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)


@dataclass(frozen=True)
class Confirmed:
    """The pensioner's status after a confirmation (a contributor's: DECEASED, with the date only)."""

    status: verification_pb2.CertificationStatus


def _resident_not_found(resident_id: str) -> NotFound:
    return NotFound(
        "RESIDENT_NOT_FOUND", f"{resident_id} is not a resident here", field="resident_id", message_zh="未找到该参保人"
    )


class DeathReportService:
    def __init__(
        self,
        certifications: Certifications,
        registry: RegistryRepository,
        index: ResidentIndex,
        registry_service: RegistryService,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self.certifications = certifications
        self.registry = registry
        self.index = index
        self.registry_service = registry_service
        self.topic = topic
        self.notify_relay = notify_relay
        self.today = today
        self.unit = certification_unit(certifications, topic=topic, notify_relay=notify_relay)
        self.report_unit = UnitOfWork(
            registry.reports,
            DEATH_REPORTS,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["resident_id"]),
        )

    async def report(
        self,
        resident_id: str,
        *,
        agent_id: str,
        date_of_death: date | None,
        evidence_ref: str,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> DeathReport:
        """An agent of the resident's village (or an officer) reports a death; the reporter is the caller, never
        the `agent_id` sent. The same request again answers with the same report."""
        caller.require_role(*REPORT_ROLES)
        request = checked_request_id(request_id)
        resident_id = required_id(resident_id, "resident_id")
        agent_is_caller(agent_id, caller)
        date_of_death = required_date(date_of_death, "date_of_death")
        check_free_text(reason, field="reason", max_length=REASON_MAX)
        resident = await self.index.resident(resident_id)
        caller.require_resident_found(
            resident_id,
            None if resident is None else resident.village_code,
            not_found=lambda: _resident_not_found(resident_id),
        )
        assert resident is not None
        report_id = death_report_id(resident_id, request)
        existing = await self.registry.report(report_id)
        if existing is not None:
            return existing
        certification = await self.certifications.certification(resident_id)
        if certification is not None and certification.state.status == DECEASED:
            raise FailedPrecondition(
                "DEATH_ALREADY_CONFIRMED",
                f"the death of {resident_id} is confirmed already",
                field="resident_id",
                message_zh="该人员已确认死亡",
            )
        pending = await self.registry.pending_report(resident_id)
        if pending is not None:
            raise FailedPrecondition(
                "DEATH_REPORT_PENDING",
                f"report {pending.report_id} of this death awaits a decision",
                field="resident_id",
                message_zh="该人员的死亡报告正在处理中",
            )
        new = reported(
            report_id,
            resident_id=resident_id,
            agent_id=caller.user_id,
            date_of_death=date_of_death,
            evidence_ref=evidence_ref,
            at=now_to_millisecond(),
            today=self.today(),
            village_code=resident.village_code,
            pooling_region_code=resident.pooling_region_code,
        )
        event = new_event(
            topic=self.topic,
            payload=events_pb2.DeathReported(
                report=death_report_message(new), pooling_region_code=resident.pooling_region_code
            ),
            subject_key=resident_id,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=reason or "death reported by the village agent",
        )
        if await self.registry.add_report(new, [event]):
            self.notify_relay(DEATH_REPORTS, [report_id])
            return new
        stored = await self.registry.report(report_id)  # a twin request came first
        assert stored is not None
        return stored

    async def reject(self, report_id: str, *, reason: str, request_id: str, caller: Caller) -> DeathReport:
        caller.require_role(*DECIDE_ROLES)
        request = checked_request_id(request_id)
        report_id = required_id(report_id, "report_id")

        def decide(document: Document) -> Decision[DeathReport]:
            after = rejected(report_of(document), by=caller.user_id, reason=reason)
            event = events_pb2.DeathReportRejected(
                report=death_report_message(after), pooling_region_code=after.pooling_region_code
            )
            fields = report_document(after)
            del fields["_id"]
            return Decision({"$set": fields}, [event], after)

        return await self.report_unit.write(
            report_id,
            request_id=client_request(request),
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=report_of,
            not_found=lambda: NotFound(
                "DEATH_REPORT_NOT_FOUND",
                f"no death report {report_id}",
                field="report_id",
                message_zh="未找到该死亡报告",
            ),
        )

    async def confirm(
        self,
        resident_id: str,
        *,
        report_id: str,
        date_of_death: date | None,
        evidence_ref: str,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Confirmed:
        """An officer confirms a death: an agent's pending report, or directly on evidence. The pensioner is
        DECEASED and DeathConfirmed (source OFFICER) announced once; the report, if any, is confirmed."""
        caller.require_role(*DECIDE_ROLES)
        request = checked_request_id(request_id)
        resident_id = required_id(resident_id, "resident_id")
        check_free_text(evidence_ref, field="evidence_ref", max_length=EVIDENCE_REF_MAX)
        check_free_text(reason, field="reason", max_length=REASON_MAX)
        report: DeathReport | None = None
        if report_id.strip():
            report = await self.registry.report(report_id.strip())
            if report is None or report.resident_id != resident_id:
                raise NotFound(
                    "DEATH_REPORT_NOT_FOUND",
                    f"no death report {report_id.strip()} of {resident_id}",
                    field="report_id",
                    message_zh="未找到该人员的这份死亡报告",
                )
        elif not evidence_ref.strip():
            raise InvalidArgument(
                "EVIDENCE_REQUIRED",
                "a death confirmed without a report needs its evidence",
                field="evidence_ref",
                message_zh="直接确认死亡须提供依据",
            )
        day = required_date(date_of_death or (report.date_of_death if report is not None else None), "date_of_death")
        check_date_of_death(day, today=self.today())
        resident = await self.index.resident(resident_id)
        identifier = certification_id(resident_id)
        document = await self.certifications.get(identifier)
        region = resident.pooling_region_code if resident is not None else ""
        if document is not None:
            region = document["pooling_region_code"]
        message = death_confirmed_by_officer(
            resident_id,
            date_of_death=day,
            evidence_ref=evidence_ref.strip(),
            report_id=report.report_id if report is not None else "",
            officer=caller.user_id,
            pooling_region_code=region,
        )
        why = reason or "death confirmed by an officer"
        if document is None:
            if resident is None:
                raise _resident_not_found(resident_id)
            caller.require_village(resident.village_code)
            self._refuse_decided_report(report)
            await self.registry_service.announce_death(resident_id, message, actor=caller.user_id, reason=why)
            if report is not None:
                await self.registry_service.confirm_report(report.report_id, by=caller.user_id)
            return Confirmed(
                verification_pb2.CertificationStatus(
                    resident_id=resident_id,
                    state=verification_pb2.CERTIFICATION_STATE_DECEASED,
                    village_code=resident.village_code,
                    date_of_death=message.date_of_death,
                )
            )

        def decide(current: Document) -> Decision[Document]:
            certification = certification_of(current)
            if certification.state.status == DECEASED:
                raise FailedPrecondition(
                    "DEATH_ALREADY_CONFIRMED",
                    f"the death of {resident_id} is confirmed already",
                    field="resident_id",
                    message_zh="该人员已确认死亡",
                )
            self._refuse_decided_report(report)
            change = died(certification.state, certification.eligibility, client_request(request), day)
            if change is None:
                raise FailedPrecondition(
                    "CERTIFICATION_ENDED",
                    f"the certification of {resident_id} has ended ({certification.state.status})",
                    field="resident_id",
                    message_zh="该人员已死亡或已转出",
                )
            fields = {
                **state_fields(change.state),
                **eligibility_fields(change.eligibility),
                **ended_fields(certification.state, change.state),
            }
            return Decision({"$set": fields}, [message], {**current, **fields})

        after = await change_certification(
            self.unit,
            resident_id,
            caller=caller,
            request_id=request,
            reason=why,
            decide=decide,
            repeated=lambda current: current,
            not_found=lambda: _resident_not_found(resident_id),
            read=document,
        )
        if report is not None:
            await self.registry_service.confirm_report(report.report_id, by=caller.user_id)
        certification = certification_of(after)
        return Confirmed(status_message(certification, certification.state.status))

    @staticmethod
    def _refuse_decided_report(report: DeathReport | None) -> None:
        if report is not None and report.status != REPORTED:
            raise FailedPrecondition(
                "DEATH_REPORT_ALREADY_DECIDED",
                f"report {report.report_id} was {report.status.lower()} already",
                field="report_id",
                message_zh="该死亡报告已经处理过",
            )

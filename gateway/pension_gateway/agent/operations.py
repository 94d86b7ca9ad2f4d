"""What a village agent records (enrol, change a phone, bank account or village, collect cash, visit, report a death):
one model per operation, told apart by `kind`, and one `apply` that the online routes and offline sync both use."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Final, Literal, Self

import grpc
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_gateway.api.problems import http_status_of
from pension_gateway.api.routes.certifications import IMAGE_RPC_TIMEOUT_SECONDS, GeoPointIn
from pension_gateway.api.routes.fields import (
    BankCardNumber,
    BankCode,
    BankName,
    CalendarDay,
    ContributionYear,
    EvidenceRef,
    GradeFen,
    Image,
    Instant,
    Mobile,
    Note,
    OperationId,
    Reason,
    ReceiptNumber,
    ResidentIdField,
    VillageCode,
)
from pension_gateway.api.routes.residents import EnrolmentDetails
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.clock import CHINA
from pension_kit.grpc_errors import RemoteError, from_rpc_error
from pension_kit.protoconv import to_calendar_date, to_timestamp

# A phone's clock may run a little fast; beyond this, a recorded_at in the future is a wrong clock, not a record.
CLOCK_SKEW: Final = timedelta(minutes=10)
# What an agent recorded offline is synced within weeks; older than this is refused (the township office records
# it by hand, with the paper receipt), so that a phone found in a drawer does not replay a season's work.
MAX_OPERATION_AGE: Final = timedelta(days=60)

# Service refusals that are not about the operation but about the moment (a service down, too busy, a concurrent
# change): the operation stays pending and is applied when resent.
_TRANSIENT: Final = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.CANCELLED,
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNAUTHENTICATED,
    }
)


# --- what an agent records ------------------------------------------------------------------------------------


class Recorded(BaseModel):
    """What every recorded operation carries: the phone's id of it and when the agent recorded it."""

    operation_id: OperationId
    recorded_at: Instant | None = Field(
        default=None,
        description="When the agent recorded it on the phone, with its offset; online, the time it arrives if "
        "left out. At most 10 minutes ahead of the server's clock and at most 60 days old.",
    )


class MobileDetails(BaseModel):
    mobile: Mobile
    reason: Reason


class BankAccountDetails(BaseModel):
    bank_card_number: BankCardNumber
    bank_code: BankCode
    bank_name: BankName = ""
    reason: Reason


class VillageDetails(BaseModel):
    village_code: VillageCode
    reason: Reason


class ContributionDetails(BaseModel):
    """Cash collected by the agent against a numbered paper receipt; the agent is the signed-in one."""

    year: ContributionYear
    grade_fen: GradeFen
    receipt_number: ReceiptNumber


class VisitDetails(BaseModel):
    """A visit as proof of life: the photo taken at the pensioner's home and where; when is `recorded_at`."""

    photo: Image
    position: GeoPointIn
    note: Note = ""


class DeathReportDetails(BaseModel):
    date_of_death: CalendarDay
    evidence_ref: EvidenceRef = ""
    reason: Reason = ""


class ResidentTarget(BaseModel):
    """Whom an operation is about: a resident's id, or the operation that enrolled them (from the same phone, in
    this sync or an earlier one), for a resident enrolled offline whose id the phone does not know yet."""

    resident_id: ResidentIdField | None = None
    resident_operation_id: OperationId | None = Field(
        default=None, description="The `operation_id` of the agent's enrolment of this resident, instead of its id."
    )

    @model_validator(mode="after")
    def _one_resident(self) -> Self:
        if (self.resident_id is None) == (self.resident_operation_id is None):
            raise PydanticCustomError(
                "RESIDENT_REQUIRED",
                "{message}",
                {"message": "name the resident by exactly one of resident_id and resident_operation_id"},
            )
        return self


_SYNCED_AT: Final = "When the agent recorded it on the phone, with its offset (at most 60 days old)."


class Synced(Recorded):
    """An operation as a sync carries it: when the agent recorded it is required there."""

    recorded_at: Instant = Field(description=_SYNCED_AT)


class Enrol(EnrolmentDetails, Synced):
    kind: Literal["enrol"]


class ChangeMobile(MobileDetails, ResidentTarget, Synced):
    kind: Literal["change_mobile"]


class ChangeBankAccount(BankAccountDetails, ResidentTarget, Synced):
    kind: Literal["change_bank_account"]


class ChangeVillage(VillageDetails, ResidentTarget, Synced):
    kind: Literal["change_village"]


class RecordContribution(ContributionDetails, ResidentTarget, Synced):
    kind: Literal["contribution"]


class RecordVisit(VisitDetails, ResidentTarget, Synced):
    kind: Literal["visit"]


class ReportDeath(DeathReportDetails, ResidentTarget, Synced):
    kind: Literal["death_report"]


Operation = Annotated[
    Enrol | ChangeMobile | ChangeBankAccount | ChangeVillage | RecordContribution | RecordVisit | ReportDeath,
    Field(discriminator="kind"),
]
ResidentOperation = ChangeMobile | ChangeBankAccount | ChangeVillage | RecordContribution | RecordVisit | ReportDeath

OperationKind = Literal[
    "enrol", "change_mobile", "change_bank_account", "change_village", "contribution", "visit", "death_report"
]

# What each kind is called where the agent reads it.
KIND_WORDS: Final[dict[str, tuple[str, str]]] = {
    "enrol": ("the enrolment", "参保登记"),
    "change_mobile": ("the change of mobile number", "手机号变更"),
    "change_bank_account": ("the change of bank account", "银行账户变更"),
    "change_village": ("the change of village", "村居变更"),
    "contribution": ("the cash contribution", "现金缴费"),
    "visit": ("the visit", "入户认证"),
    "death_report": ("the death report", "死亡报告"),
}


# --- what comes back ------------------------------------------------------------------------------------------


class OperationResult(BaseModel):
    """What an applied operation produced: the fields its kind has, masked; the others are left out."""

    resident_id: str
    village_code: str | None = None
    name_masked: str | None = None
    citizen_id_masked: str | None = None
    mobile_masked: str | None = None
    bank_account_masked: str | None = None
    contribution_id: str | None = None
    receipt_number: str | None = None
    year: int | None = None
    grade_fen: int | None = None
    personal_fen: int | None = None
    balance_fen: int | None = None
    certification_id: str | None = None
    next_due_on: date | None = None
    report_id: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A final no, in the agent's words: the HTTP status the online route answers, a stable code, both languages."""

    status: int
    code: str
    message: str
    message_zh: str
    field: str = ""


class Refused(Exception):
    """The operation is refused for good (resending it changes nothing)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def is_transient(error: grpc.aio.AioRpcError) -> bool:
    """A failure of the moment, not a refusal of the operation: resending it later may apply it."""
    remote = from_rpc_error(error)
    return remote.code in _TRANSIENT or not remote.error_info


# --- checks that do not need a service ---------------------------------------------------------------------------


def recorded_moment(text: str | None, now: datetime) -> datetime:
    """The moment the agent recorded an operation (now, online, when the phone sent none), checked against the
    server's clock: not ahead of it beyond CLOCK_SKEW, not older than MAX_OPERATION_AGE."""
    if text is None:
        return now
    moment = datetime.fromisoformat(text)
    if moment > now + CLOCK_SKEW:
        raise Refused(
            Refusal(
                400,
                "RECORDED_AT_FUTURE",
                "recorded_at is in the future: check the phone's date and time",
                "记录时间晚于当前时间，请检查手机的日期和时间设置",
                "recorded_at",
            )
        )
    if moment < now - MAX_OPERATION_AGE:
        days = MAX_OPERATION_AGE.days
        raise Refused(
            Refusal(
                422,
                "RECORDED_AT_TOO_OLD",
                f"recorded more than {days} days ago: take the paper record to the township office",
                f"该业务记录已超过{days}天，请携带纸质凭证到乡镇经办机构办理",
                "recorded_at",
            )
        )
    return moment


def service_request_id(agent_id: str, operation_id: str) -> str:
    """The request id the service sees: derived from the agent and the phone's operation id, so that applying the
    same operation again (a crash after the service applied it, a resend) is the service's idempotent replay."""
    digest = hashlib.sha256(f"{agent_id}\x1f{operation_id}".encode()).hexdigest()
    return f"agent-op-{digest[:40]}"


def fingerprint(operation: BaseModel, key: bytes) -> str:
    """A keyed digest of everything an operation says, to tell a resend from a different operation under the same
    id; keyed, because the body holds a citizen ID number, which a plain hash would let anyone recover by trying."""
    body = operation.model_dump(mode="python", exclude={"resident_id"} if _has_reference(operation) else set())
    text = json.dumps(body, sort_keys=True, default=_canonical, ensure_ascii=False)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _has_reference(operation: BaseModel) -> bool:
    # A reference resolved to an id is the same operation as the phone sent it.
    return getattr(operation, "resident_operation_id", None) is not None


def _canonical(value: object) -> str:
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def in_agents_words(kind: str, remote: RemoteError, *, died: bool | None = None, year: int | None = None) -> Refusal:
    """A service's refusal as the agent reads it. Operations overtaken while the phone was offline say what
    happened (the resident died, someone else enrolled them, the year is paid, they moved away); any other refusal
    is the service's own words. `died`: whether the resident's enrolment ended by death, when it ended."""
    what, what_zh = KIND_WORDS[kind]
    status = http_status_of(remote.code)
    if remote.reason in ("ENROLMENT_TERMINATED", "CERTIFICATION_ENDED", "DEATH_ALREADY_CONFIRMED") and died:
        return Refusal(
            422,
            "RESIDENT_DECEASED",
            f"the resident has died; {what} was not recorded",
            f"该参保人已身故，{what_zh}未办理",
            "resident_id",
        )
    if remote.reason in ("ENROLMENT_TERMINATED", "CERTIFICATION_ENDED"):
        return Refusal(
            422,
            "ENROLMENT_ENDED",
            f"the resident's enrolment has ended (transferred out or joined the employees' scheme); {what} was not "
            "recorded",
            f"该参保人已终止参保（已转出或参加职工养老保险），{what_zh}未办理",
            "resident_id",
        )
    if remote.reason == "DUPLICATE_ENROLMENT":
        return Refusal(
            409,
            "ALREADY_ENROLLED",
            "this person is already enrolled (someone else enrolled them meanwhile); nothing was recorded",
            "该居民已由他人办理参保登记，本次登记未办理",
            "citizen_id_number",
        )
    if remote.reason == "CONTRIBUTION_YEAR_ALREADY_PAID":
        paid = f"{year}" if year else "the year"
        return Refusal(
            422,
            "CONTRIBUTION_YEAR_PAID",
            f"{paid} is already paid for this resident; give the cash back and void the receipt",
            f"该参保人{year or ''}年度已缴费，请退还现金并作废收据",
            "year",
        )
    if remote.reason in ("VILLAGE_NOT_ASSIGNED", "RESIDENT_NOT_FOUND") and kind != "enrol":
        # One answer for a resident of another village and for no such resident: an agent learns nothing of who
        # is enrolled outside their villages.
        return Refusal(
            403,
            "RESIDENT_NOT_IN_YOUR_VILLAGES",
            f"the resident is not in your villages (moved to another village, or no such resident); {what} was not "
            "recorded",
            f"该参保人不在您负责的村（可能已迁往他村），{what_zh}未办理",
            "resident_id",
        )
    return Refusal(status, remote.reason, remote.message, remote.message_zh or remote.message, remote.field)


# --- applying an operation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Who records (from the verified token only), and the service clients and settings."""

    caller: SignedInCaller
    clients: ServiceClients
    settings: GatewaySettings


async def apply(
    operation: Enrol | ResidentOperation,
    *,
    request_id: str,
    caller: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    now: datetime | None = None,
) -> OperationResult:
    """Applies one operation at its service, as the signed-in agent; `resident_id` is resolved already for the
    operations about a resident. Raises Refused for a final refusal (in the agent's words); a transient failure
    (grpc.aio.AioRpcError, see is_transient) is left to the caller."""
    moment = recorded_moment(operation.recorded_at, now or datetime.now(UTC))
    context = Context(caller, clients, settings)
    try:
        return await _call(operation, request_id, moment, context)
    except grpc.aio.AioRpcError as error:
        if is_transient(error):
            raise
        remote = from_rpc_error(error)
        died = await _died(operation, context) if _ended(remote) else None
        year = operation.year if isinstance(operation, RecordContribution) else None
        raise Refused(in_agents_words(operation.kind, remote, died=died, year=year)) from None


def _ended(remote: RemoteError) -> bool:
    return remote.reason in ("ENROLMENT_TERMINATED", "CERTIFICATION_ENDED", "DEATH_ALREADY_CONFIRMED")


async def _died(operation: Enrol | ResidentOperation, context: Context) -> bool | None:
    """Whether the resident's enrolment ended by death (read from enrolment); None when it cannot be read."""
    if isinstance(operation, Enrol) or operation.resident_id is None:
        return None
    try:
        response = await context.clients.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=operation.resident_id),
            metadata=context.caller.to_metadata(),
            timeout=context.settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError:
        return None
    return bool(response.resident.termination_cause == enrolment_pb2.TERMINATION_CAUSE_DEATH)


async def _call(
    operation: Enrol | ResidentOperation, request_id: str, moment: datetime, context: Context
) -> OperationResult:
    metadata = context.caller.to_metadata()
    timeout = context.settings.rpc_timeout_seconds
    enrolment = context.clients.enrolment
    day = moment.astimezone(CHINA).date()
    if isinstance(operation, Enrol):
        enrolled = await enrolment.Enrol(
            enrolment_service_pb2.EnrolRequest(
                request_id=request_id,
                citizen_id_number=operation.citizen_id_number,
                name=operation.name,
                village_code=operation.village_code,
                mobile=operation.mobile,
                bank_card_number=operation.bank_card_number,
                bank_code=operation.bank_code,
                bank_name=operation.bank_name,
                photo_ref=operation.photo_ref,
                enrolled_on=to_calendar_date(day),
                agent_id=context.caller.user_id,
                full_time_student=operation.full_time_student,
            ),
            metadata=metadata,
            timeout=timeout,
        )
        return resident_result(enrolled.resident, enrolment=True)
    resident_id = operation.resident_id or ""
    if isinstance(operation, ChangeMobile):
        changed = await enrolment.ChangeMobile(
            enrolment_service_pb2.ChangeMobileRequest(
                request_id=request_id, resident_id=resident_id, mobile=operation.mobile, reason=operation.reason
            ),
            metadata=metadata,
            timeout=timeout,
        )
        return resident_result(changed.resident)
    if isinstance(operation, ChangeBankAccount):
        account = await enrolment.ChangeBankAccount(
            enrolment_service_pb2.ChangeBankAccountRequest(
                request_id=request_id,
                resident_id=resident_id,
                bank_card_number=operation.bank_card_number,
                bank_code=operation.bank_code,
                bank_name=operation.bank_name,
                reason=operation.reason,
            ),
            metadata=metadata,
            timeout=timeout,
        )
        return resident_result(account.resident)
    if isinstance(operation, ChangeVillage):
        moved = await enrolment.ChangeVillage(
            enrolment_service_pb2.ChangeVillageRequest(
                request_id=request_id,
                resident_id=resident_id,
                village_code=operation.village_code,
                reason=operation.reason,
            ),
            metadata=metadata,
            timeout=timeout,
        )
        return resident_result(moved.resident)
    if isinstance(operation, RecordContribution):
        return await _contribute(operation, resident_id, request_id, day, context)
    if isinstance(operation, RecordVisit):
        visited = await context.clients.verification.RecordAgentVisit(
            verification_service_pb2.RecordAgentVisitRequest(
                request_id=request_id,
                resident_id=resident_id,
                agent_id=context.caller.user_id,
                photo=operation.photo,
                position=types_pb2.GeoPoint(
                    latitude_e6=operation.position.latitude_e6,
                    longitude_e6=operation.position.longitude_e6,
                    accuracy_m=operation.position.accuracy_m,
                ),
                visited_at=to_timestamp(moment),
                note=operation.note,
            ),
            metadata=metadata,
            # The service measures the photo with its face model: longer than the usual wait.
            timeout=max(timeout, IMAGE_RPC_TIMEOUT_SECONDS),
        )
        return visit_result(resident_id, visited.certification)
    reported = await context.clients.verification.ReportDeath(
        verification_service_pb2.ReportDeathRequest(
            request_id=request_id,
            resident_id=resident_id,
            agent_id=context.caller.user_id,
            date_of_death=to_calendar_date(date.fromisoformat(operation.date_of_death)),
            evidence_ref=operation.evidence_ref,
            reason=operation.reason,
        ),
        metadata=metadata,
        timeout=timeout,
    )
    return OperationResult(resident_id=resident_id, report_id=reported.report.report_id)


async def _contribute(
    operation: RecordContribution, resident_id: str, request_id: str, paid_on: date, context: Context
) -> OperationResult:
    # Cash for the year it is paid in is the resident's own contribution; for an earlier year, arrears.
    kind = types_pb2.CONTRIBUTION_KIND_OWN if operation.year >= paid_on.year else types_pb2.CONTRIBUTION_KIND_ARREARS
    response = await context.clients.enrolment.RecordContribution(
        enrolment_service_pb2.RecordContributionRequest(
            request_id=request_id,
            resident_id=resident_id,
            year=operation.year,
            kind=kind,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            grade_fen=operation.grade_fen,
            receipt_number=operation.receipt_number,
            agent_id=context.caller.user_id,
            paid_on=to_calendar_date(paid_on),
        ),
        metadata=context.caller.to_metadata(),
        timeout=context.settings.rpc_timeout_seconds,
    )
    contribution = response.contribution
    return OperationResult(
        resident_id=resident_id,
        contribution_id=contribution.contribution_id,
        receipt_number=contribution.receipt_number,
        year=contribution.year,
        grade_fen=contribution.grade_fen,
        personal_fen=contribution.personal_fen,
        balance_fen=response.balance_fen,
    )


def resident_result(resident: enrolment_pb2.Resident, *, enrolment: bool = False) -> OperationResult:
    """A resident after an enrolment or a change, masked (the service's clear mobile is not passed on)."""
    return OperationResult(
        resident_id=resident.resident_id,
        village_code=resident.village_code,
        name_masked=resident.name_masked,
        citizen_id_masked=resident.citizen_id_masked if enrolment else None,
        mobile_masked=resident.mobile_masked,
        bank_account_masked=resident.bank_account.account_masked,
    )


def visit_result(resident_id: str, certification: verification_pb2.Certification) -> OperationResult:
    due = certification.next_due_on
    return OperationResult(
        resident_id=resident_id,
        certification_id=certification.certification_id,
        next_due_on=date(due.year, due.month, due.day) if due.year else None,
    )


def dump_result(result: OperationResult) -> dict[str, Any]:
    """The result as stored and answered: without the fields its kind does not have."""
    return result.model_dump(mode="json", exclude_none=True)

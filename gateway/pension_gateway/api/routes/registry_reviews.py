"""The review queue of registry records matched without a citizen ID number: the pending list and an officer's
decision (confirm one candidate, or reject the match, with a reason).

Each route forwards the caller's own token to the verification service, which decides again who may review
(its REVIEW_ROLES). The officers' pages (pension_gateway.office) call the same functions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, model_validator

from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import RESIDENT_ID_PATTERN, RequestId, _matching
from pension_gateway.api.routes.payrolls import RegionQuery
from pension_gateway.api.routes.supervision_fields import RequiredReason, moment
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.pages import labels
from pension_kit.errors import InvalidArgument
from pension_kit.identity import Role
from pension_kit.paging import MAX_PAGE_SIZE

router = APIRouter(prefix="/registry-reviews", tags=["proof of life"])

# Verification's REVIEW_ROLES.
REVIEWING_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
# A review's id is the record's key: its feed and the feed's reference, printable text (verification caps it at 300).
REVIEW_ID_MAX: Final = 300
REVIEW_ID_PATTERN: Final = r"^[!-~][ -~]*$"
# Verification's cursor: the queue time (ISO 8601) and a review id.
REVIEW_PAGE_TOKEN_PATTERN: Final = r"^[ -~]{0,300}$"

SOURCE_ZH: Final = {
    verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH: "民政死亡登记",
    verification_pb2.REGISTRY_SOURCE_PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: "公安户籍注销",
    verification_pb2.REGISTRY_SOURCE_CREMATION: "火化记录",
    verification_pb2.REGISTRY_SOURCE_EMPLOYEE_PENSION: "职工养老保险领取",
    verification_pb2.REGISTRY_SOURCE_PRISON: "监狱服刑记录",
    verification_pb2.REGISTRY_SOURCE_SIGN_OF_LIFE: "生存数据",
}
KIND_ZH: Final = {
    "DEATH": "死亡",
    "EMPLOYEE_PENSION": "领取职工养老保险",
    "IMPRISONMENT": "服刑",
    "RELEASE": "刑满释放",
    "SIGN_OF_LIFE": "生存迹象",
}
STATUS_ZH: Final = {
    verification_pb2.REGISTRY_REVIEW_STATUS_PENDING: "待核实",
    verification_pb2.REGISTRY_REVIEW_STATUS_ACCEPTED: "已确认",
    verification_pb2.REGISTRY_REVIEW_STATUS_REJECTED: "已否定",
}

ReviewPageToken = Annotated[
    str,
    Query(
        description="The `next_page_token` of the previous page; empty for the first.",
        json_schema_extra={"pattern": REVIEW_PAGE_TOKEN_PATTERN, "maxLength": 300},
    ),
    _matching(REVIEW_PAGE_TOKEN_PATTERN, "PAGE_TOKEN_INVALID", "page_token is not one we issued"),
]


class CandidateOut(BaseModel):
    """A resident the record may concern, and how well it matched (name 50, birth date 30, village 20)."""

    resident_id: str
    name_masked: str
    score: int


class RegistryReviewOut(BaseModel):
    """A record matched by name: what the feed says (masked name, birth date, village) and its candidates."""

    review_id: str
    source: str
    source_zh: str
    record_ref: str
    batch_name: str
    status: str = Field(description="pending, accepted or rejected.")
    status_zh: str
    record_kind: str = Field(description="DEATH, EMPLOYEE_PENSION, IMPRISONMENT, RELEASE or SIGN_OF_LIFE.")
    record_kind_zh: str
    name_masked: str
    birth_date: date | None
    village_code: str
    pooling_region_code: str
    queued_at: datetime | None
    candidates: list[CandidateOut] = Field(description="Best first.")
    decided_by: str
    resident_id: str = Field(description="The candidate confirmed (accepted only).")
    reason: str


class RegistryReviewsPageOut(BaseModel):
    reviews: list[RegistryReviewOut] = Field(description="Pending, oldest first.")
    next_page_token: str


class DecisionIn(BaseModel):
    """Confirm the match with one candidate (`resident_id`), or reject it; the reason is required either way."""

    request_id: RequestId
    review_id: Annotated[
        str,
        Field(min_length=1, max_length=REVIEW_ID_MAX, description="The review's id, as the list gave it."),
        _matching(REVIEW_ID_PATTERN, "REVIEW_ID_FORMAT", "a review id is printable text, as the list gave it"),
    ]
    decision: Literal["confirm", "reject"]
    resident_id: Annotated[
        str,
        Field(max_length=21, description="The candidate confirmed (confirm only): R and 20 hexadecimal digits."),
        _matching(
            f"(?:{RESIDENT_ID_PATTERN})|^$", "RESIDENT_ID_FORMAT", "a resident id is R and 20 hexadecimal digits"
        ),
    ] = ""
    reason: RequiredReason

    @model_validator(mode="after")
    def _candidate_named(self) -> DecisionIn:
        if self.decision == "confirm" and not self.resident_id:
            raise InvalidArgument(
                "RESIDENT_ID_REQUIRED",
                "confirming a match names the candidate",
                field="resident_id",
                message_zh="确认匹配须选择一名候选人",
            )
        return self


class DecisionOut(BaseModel):
    review: RegistryReviewOut
    outcome: str = Field(description="What the record did when confirmed (applied, no_change, ...); empty if rejected.")


def review_out(review: verification_pb2.RegistryReview) -> RegistryReviewOut:
    day = review.birth_date
    return RegistryReviewOut(
        review_id=review.review_id,
        source=labels.contract_name(verification_pb2.RegistrySource, review.source, "REGISTRY_SOURCE_"),
        source_zh=SOURCE_ZH.get(review.source, labels.UNKNOWN),
        record_ref=review.record_ref,
        batch_name=review.batch_name,
        status=labels.contract_name(verification_pb2.RegistryReviewStatus, review.status, "REGISTRY_REVIEW_STATUS_"),
        status_zh=STATUS_ZH.get(review.status, labels.UNKNOWN),
        record_kind=review.record_kind,
        record_kind_zh=KIND_ZH.get(review.record_kind, labels.UNKNOWN),
        name_masked=review.name_masked,
        birth_date=date(day.year, day.month, day.day) if day.year else None,
        village_code=review.village_code,
        pooling_region_code=review.pooling_region_code,
        queued_at=moment(review.queued_at),
        candidates=[
            CandidateOut(resident_id=c.resident_id, name_masked=c.name_masked, score=c.score) for c in review.candidates
        ],
        decided_by=review.decided_by,
        resident_id=review.resident_id,
        reason=review.reason,
    )


async def list_reviews_of(
    caller: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    region: str,
    *,
    page_size: int = 100,
    page_token: str = "",
) -> RegistryReviewsPageOut:
    response = await clients.verification.ListRegistryReviews(
        verification_service_pb2.ListRegistryReviewsRequest(
            pooling_region_code=region, page_size=page_size, page_token=page_token
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return RegistryReviewsPageOut(
        reviews=[review_out(r) for r in response.reviews], next_page_token=response.next_page_token
    )


async def decide_review_of(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, body: DecisionIn
) -> DecisionOut:
    accept = body.decision == "confirm"
    response = await clients.verification.DecideRegistryReview(
        verification_service_pb2.DecideRegistryReviewRequest(
            request_id=body.request_id,
            review_id=body.review_id,
            accept=accept,
            resident_id=body.resident_id if accept else "",
            reason=body.reason,
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    outcome = ""
    if response.HasField("result"):
        outcome = labels.contract_name(verification_pb2.RecordOutcome, response.result.outcome, "RECORD_OUTCOME_")
    return DecisionOut(review=review_out(response.review), outcome=outcome)


@router.get(
    "",
    **allow(*REVIEWING_ROLES),
    response_model=RegistryReviewsPageOut,
    responses=problem_responses(400, 401, 403, 503),
)
async def list_registry_reviews(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: RegionQuery,
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    page_token: ReviewPageToken = "",
) -> RegistryReviewsPageOut:
    """A region's registry records waiting for an officer (matched by name, birth date and village, without the
    citizen ID number), oldest first, each with its candidates and their scores; names masked. Cursor-paged."""
    return await list_reviews_of(
        caller, clients, settings, pooling_region_code, page_size=page_size, page_token=page_token
    )


@router.post(
    "/decisions",
    **allow(*REVIEWING_ROLES),
    response_model=DecisionOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def decide_registry_review(
    body: DecisionIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> DecisionOut:
    """Decide a review: `confirm` acts on the chosen candidate as an exact match would (a death stops payment);
    `reject` acts on nobody. The review is named in the body (its id is the feed's reference, which may hold a
    "/"). A second decision of the same review is refused; a retry with the same `request_id` answers the same."""
    return await decide_review_of(caller, clients, settings, body)

"""The SupervisionService gRPC servicer: the RPCs of each part (audit, alerts, cases, complaints, reports) are
mixins of their own modules; this class only holds the use cases they call."""

from __future__ import annotations

from pension.supervision.v1 import supervision_service_pb2_grpc
from pension_supervision.entrypoints.alert_rpcs import AlertRpcs
from pension_supervision.entrypoints.audit_rpcs import AuditRpcs, entry_message
from pension_supervision.entrypoints.case_rpcs import CaseRpcs
from pension_supervision.entrypoints.complaint_rpcs import ComplaintRpcs
from pension_supervision.entrypoints.report_rpcs import ReportRpcs
from pension_supervision.entrypoints.review_list_rpcs import ReviewListRpcs
from pension_supervision.entrypoints.statistics_rpcs import StatisticsRpcs
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.cases import CaseService
from pension_supervision.service_layer.complaints import ComplaintService
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.monthly_statistics import MonthlyStatisticsService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService
from pension_supervision.service_layer.review_lists import ReviewListService

__all__ = ["SupervisionServicer", "entry_message"]


class SupervisionServicer(
    AuditRpcs,
    AlertRpcs,
    CaseRpcs,
    ComplaintRpcs,
    ReportRpcs,
    ReviewListRpcs,
    StatisticsRpcs,
    supervision_service_pb2_grpc.SupervisionServiceServicer,
):
    def __init__(
        self,
        audit: AuditService,
        *,
        alerts: AlertService,
        cases: CaseService,
        complaints: ComplaintService,
        notices: NoticeService,
        reconciliation: ReconciliationService,
        disclosure: DisclosureService,
        review_lists: ReviewListService,
        statistics: MonthlyStatisticsService,
    ) -> None:
        self._audit = audit
        self._alerts = alerts
        self._cases = cases
        self._complaints = complaints
        self._notices = notices
        self._reconciliation = reconciliation
        self._disclosure = disclosure
        self._review_lists = review_lists
        self._statistics = statistics

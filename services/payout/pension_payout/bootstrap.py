"""Wires the payout service once: store, projection, awards, payroll, reactions; every part overridable in tests."""

from __future__ import annotations

from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_payout.adapters.private_files import tighten_tree
from pension_payout.adapters.store import INDEXES, OUTBOX_COLLECTIONS, PayoutStore
from pension_payout.config import PayoutSettings
from pension_payout.entrypoints.enrolment_consumer import enrolment_consumer
from pension_payout.entrypoints.grpc_servicer import PayoutServicer
from pension_payout.entrypoints.verification_consumer import verification_consumer
from pension_payout.service_layer.awards import AwardService
from pension_payout.service_layer.inheritance import InheritanceService
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_payout.service_layer.payroll import PayrollService
from pension_payout.service_layer.projection import ResidentProjection
from pension_payout.service_layer.reactions import ReactionService

SERVICE_NAME = payout_service_pb2.DESCRIPTOR.services_by_name["PayoutService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, PayoutSettings)
    store = PayoutStore(context.database)
    vault = PersonalDataVault.from_settings(settings)
    awards = AwardService(
        store,
        resident_topic=settings.topic_payout_resident,
        region_topic=settings.topic_payout_region,
        notify_relay=context.relay.notify,
    )
    overpayments = OverpaymentService(
        store, resident_topic=settings.topic_payout_resident, notify_relay=context.relay.notify
    )
    reactions = ReactionService(
        store, overpayments, resident_topic=settings.topic_payout_resident, notify_relay=context.relay.notify
    )
    inheritance = InheritanceService(
        store,
        overpayments,
        vault=vault,
        resident_topic=settings.topic_payout_resident,
        notify_relay=context.relay.notify,
    )
    # Bank files hold names and card numbers: files written before they were made private (0644) are closed now.
    tighten_tree(settings.bank_files_dir)
    payroll = PayrollService(
        store,
        awards,
        vault=vault,
        resident_topic=settings.topic_payout_resident,
        region_topic=settings.topic_payout_region,
        notify_relay=context.relay.notify,
        approvals_required=settings.payroll_approvals_required,
        bank_files_dir=settings.bank_files_dir,
        on_paid_when_not_payable=overpayments.refresh_for_award_id,
    )
    servicer = PayoutServicer(awards, payroll, overpayments, inheritance)
    return ServiceParts(
        grpc_services=[(payout_service_pb2_grpc.add_PayoutServiceServicer_to_server, servicer, SERVICE_NAME)],
        indexes=INDEXES,
        outbox_collections=OUTBOX_COLLECTIONS,
        consumers=[
            enrolment_consumer(
                settings, context.database, settings.enrolment_consumer_group, ResidentProjection(store)
            ),
            verification_consumer(settings, context.database, settings.verification_consumer_group, reactions),
        ],
    )

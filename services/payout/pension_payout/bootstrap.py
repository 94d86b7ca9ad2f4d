"""Wires the payout service once: store, projection, awards, payroll, reactions; every part overridable in tests."""

from __future__ import annotations

from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.private_files import tighten_tree
from pension_payout.adapters.store import INDEXES, OUTBOX_COLLECTIONS, PayoutStore
from pension_payout.config import PayoutSettings
from pension_payout.entrypoints.enrolment_consumer import enrolment_consumer
from pension_payout.entrypoints.grpc_servicer import PayoutServicer, PayrollServices
from pension_payout.entrypoints.verification_consumer import verification_consumer
from pension_payout.service_layer.awards import AwardService
from pension_payout.service_layer.bank_returns import BankReturnService
from pension_payout.service_layer.inheritance import InheritanceService
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_payout.service_layer.payroll_approval import PayrollApprovalService
from pension_payout.service_layer.payroll_close import PayrollCloseService
from pension_payout.service_layer.payroll_preparation import PayrollPreparationService
from pension_payout.service_layer.payroll_queries import PayrollQueryService
from pension_payout.service_layer.projection import ResidentProjection
from pension_payout.service_layer.reactions import ReactionService

SERVICE_NAME = payout_service_pb2.DESCRIPTOR.services_by_name["PayoutService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, PayoutSettings)
    store = PayoutStore(context.database)
    vault = PersonalDataVault.from_settings(settings)
    award_records = AwardRepository(store)
    awards = AwardService(
        store,
        resident_topic=settings.topic_payout_resident,
        region_topic=settings.topic_payout_region,
        notify_relay=context.relay.notify,
        awards=award_records,
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
    runs = PayrollRunRepository(store)
    payments = PaymentRepository(store)
    bank_files = BankFileWriter(settings.bank_files_dir, vault)
    region_topic = settings.topic_payout_region
    payroll = PayrollServices(
        preparation=PayrollPreparationService(
            runs,
            payments,
            award_records,
            awards,
            bank_files,
            region_topic=region_topic,
            notify_relay=context.relay.notify,
            approvals_required=settings.payroll_approvals_required,
        ),
        approval=PayrollApprovalService(
            runs, payments, bank_files, region_topic=region_topic, notify_relay=context.relay.notify
        ),
        bank_returns=BankReturnService(
            runs,
            payments,
            award_records,
            bank_files,
            resident_topic=settings.topic_payout_resident,
            region_topic=region_topic,
            notify_relay=context.relay.notify,
            on_paid_when_not_payable=overpayments.refresh_for_award_id,
        ),
        close=PayrollCloseService(runs, region_topic=region_topic, notify_relay=context.relay.notify),
        queries=PayrollQueryService(runs, payments, awards, bank_files),
    )
    servicer = PayoutServicer(awards, payroll, overpayments, inheritance)
    return ServiceParts(
        grpc_services=[(payout_service_pb2_grpc.add_PayoutServiceServicer_to_server, servicer, SERVICE_NAME)],
        indexes=INDEXES,
        outbox_collections=OUTBOX_COLLECTIONS,
        consumers=[
            enrolment_consumer(
                settings, context.database, settings.enrolment_consumer_group, ResidentProjection(store, award_records)
            ),
            verification_consumer(settings, context.database, settings.verification_consumer_group, reactions),
        ],
    )

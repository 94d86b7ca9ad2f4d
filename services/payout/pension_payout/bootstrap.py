"""Wires the payout service once; its RPCs answer UNIMPLEMENTED until their issues are built."""

from __future__ import annotations

from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts

SERVICE_NAME = payout_service_pb2.DESCRIPTOR.services_by_name["PayoutService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    # The generated base servicer answers UNIMPLEMENTED for every RPC: the contract is published and
    # health-checked now, and the rules arrive with their issue.
    servicer = payout_service_pb2_grpc.PayoutServiceServicer()
    return ServiceParts(
        grpc_services=[(payout_service_pb2_grpc.add_PayoutServiceServicer_to_server, servicer, SERVICE_NAME)],
    )

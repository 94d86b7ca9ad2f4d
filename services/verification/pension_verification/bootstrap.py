"""Wires the verification service once; its RPCs answer UNIMPLEMENTED until their issues are built."""

from __future__ import annotations

from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts

SERVICE_NAME = verification_service_pb2.DESCRIPTOR.services_by_name["VerificationService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    # The generated base servicer answers UNIMPLEMENTED for every RPC: the contract is published and
    # health-checked now, and the rules arrive with their issue.
    servicer = verification_service_pb2_grpc.VerificationServiceServicer()
    return ServiceParts(
        grpc_services=[
            (verification_service_pb2_grpc.add_VerificationServiceServicer_to_server, servicer, SERVICE_NAME)
        ],
    )

"""Channels and stubs to the four services, created once when the gateway starts and closed when it stops."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from pension.enrolment.v1 import enrolment_service_pb2_grpc
from pension.payout.v1 import payout_service_pb2_grpc
from pension.supervision.v1 import supervision_service_pb2_grpc
from pension.verification.v1 import verification_service_pb2_grpc
from pension_gateway.config import GatewaySettings
from pension_kit.grpc_client import create_channel


@dataclass
class ServiceClients:
    """One channel per service; stubs are cheap and share their channel."""

    channels: dict[str, grpc.aio.Channel]
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    payout: payout_service_pb2_grpc.PayoutServiceStub
    verification: verification_service_pb2_grpc.VerificationServiceStub
    supervision: supervision_service_pb2_grpc.SupervisionServiceStub

    @classmethod
    def connect(cls, settings: GatewaySettings) -> ServiceClients:
        channels = {
            "enrolment": create_channel(settings.enrolment_address),
            "payout": create_channel(settings.payout_address),
            "verification": create_channel(settings.verification_address),
            "supervision": create_channel(settings.supervision_address),
        }
        return cls(
            channels=channels,
            enrolment=enrolment_service_pb2_grpc.EnrolmentServiceStub(channels["enrolment"]),
            payout=payout_service_pb2_grpc.PayoutServiceStub(channels["payout"]),
            verification=verification_service_pb2_grpc.VerificationServiceStub(channels["verification"]),
            supervision=supervision_service_pb2_grpc.SupervisionServiceStub(channels["supervision"]),
        )

    async def health(self, deadline_seconds: float = 2.0) -> dict[str, str]:
        """Each service's answer to the standard gRPC health check, or UNREACHABLE."""

        async def check(channel: grpc.aio.Channel) -> str:
            try:
                response = await health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(service=""), timeout=deadline_seconds
                )
            except grpc.aio.AioRpcError:
                return "UNREACHABLE"
            return str(health_pb2.HealthCheckResponse.ServingStatus.Name(response.status))

        names = list(self.channels)
        results = await asyncio.gather(*(check(self.channels[name]) for name in names))
        return dict(zip(names, results, strict=True))

    async def close(self) -> None:
        await asyncio.gather(*(channel.close() for channel in self.channels.values()))

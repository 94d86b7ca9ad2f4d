"""The SupervisionService gRPC servicer: the RPCs of each part, as mixins; others answer UNIMPLEMENTED for now."""

from __future__ import annotations

from pension.supervision.v1 import supervision_service_pb2_grpc
from pension_supervision.entrypoints.audit_rpcs import AuditRpcs, entry_message
from pension_supervision.service_layer.audit import AuditService

__all__ = ["SupervisionServicer", "entry_message"]


class SupervisionServicer(AuditRpcs, supervision_service_pb2_grpc.SupervisionServiceServicer):
    def __init__(self, audit: AuditService) -> None:
        self._audit = audit

"""The audit chain's parts built from the service's settings: for the service's bootstrap and for command lines
(an auditor's verification, a catch-up of the daily heads) that must wire them the same way."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.adapters.audit_publications import AuditPublications
from pension_supervision.adapters.audit_repository import AuditRepository
from pension_supervision.config import SupervisionSettings
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.audit_heads import AuditHeadPublisher


@dataclass(frozen=True)
class AuditParts:
    log: AuditRepository
    service: AuditService  # recording, listing, VerifyAuditChain (AuditService.verify / check)
    heads: AuditHeadPublisher  # the daily heads (AuditHeadPublisher.publish_due)


def audit_parts(
    settings: SupervisionSettings, database: AsyncDatabase[Document], notify_relay: NotifyRelay
) -> AuditParts:
    """The audit chain over `database`, keyed and signed by the settings' keys; `notify_relay` is told of the
    announcements written (a process without a relay passes a function that does nothing: the service's relay
    sweeps them up)."""
    topic = settings.topic_supervision_region
    log = AuditRepository(database, settings.audit_chain_key)
    publications = AuditPublications(database)
    signing_key = Ed25519PrivateKey.from_private_bytes(settings.audit_head_signing_key)
    files = AuditHeadFiles(settings.audit_heads_dir, signing_key.public_key())
    return AuditParts(
        log,
        AuditService(log, settings.audit_chain_key, files, publications, topic, notify_relay),
        AuditHeadPublisher(log, publications, files, signing_key, topic, notify_relay),
    )

"""The supervision service's settings."""

from __future__ import annotations

import base64
from datetime import time
from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator

from pension_kit.config import Environment, ServiceSettings

# Well-known development keys for the audit chain's HMAC and the daily heads' Ed25519 signatures: `make up` works
# with no set-up, and they are refused in production (as the kit's development personal-data keys are).
DEVELOPMENT_AUDIT_CHAIN_KEY = base64.b64encode(b"development-only-audit-chain-key").decode()
DEVELOPMENT_AUDIT_HEAD_SIGNING_KEY = base64.b64encode(b"development-only-audit-head-sign").decode()


def _key_setting(value: object, default: str, what: str, *, exact: bool) -> bytes:
    text = value.decode() if isinstance(value, bytes) else str(value or "")
    try:
        raw = base64.b64decode(text or default, validate=True)
    except ValueError as exc:
        raise ValueError(f"the {what} is not valid base64") from exc
    if (exact and len(raw) != 32) or len(raw) < 32:
        raise ValueError(f"the {what} must decode to {'exactly' if exact else 'at least'} 32 bytes, got {len(raw)}")
    return raw


class SupervisionSettings(ServiceSettings):
    service_name: str = "supervision"
    grpc_port: int = 50054
    audit_consumer_group: str = "supervision-audit"
    case_consumer_group: str = "supervision-cases"
    alerts_consumer_group: str = "supervision-alerts"
    # The daily check of ticket deadlines: on at start and then every day at this time (China Standard Time).
    daily_complaint_deadlines: bool = True
    daily_complaint_deadlines_at: time = time(2, 0)
    reports_consumer_group: str = "supervision-reports"
    # Printed on every public notice: where a resident disputes it (the county's supervision hotline).
    notice_dispute_contact: str = "12333"
    # The audit chain's HMAC key (base64 of at least 32 bytes): held by the service, never by the database, so
    # that someone who can write the database cannot make a consistent chain again. Never logged.
    audit_chain_key: bytes = Field(default=b"", validate_default=True, repr=False)
    # The Ed25519 private key (base64 of its 32-byte seed) that signs the daily audit heads. Never logged.
    audit_head_signing_key: bytes = Field(default=b"", validate_default=True, repr=False)
    # Where the signed daily heads are written, one JSON file per day, and read back by VerifyAuditChain. In
    # production a folder the database's administrators cannot write (another disk, a write-once mount).
    audit_heads_dir: Path = Path("var/audit-heads")
    # The daily audit heads job: on at start and then every day at this time (China Standard Time).
    daily_audit_heads: bool = True
    daily_audit_heads_at: time = time(0, 10)

    @field_validator("audit_chain_key", mode="before")
    @classmethod
    def _parse_chain_key(cls, value: object) -> bytes:
        return _key_setting(value, DEVELOPMENT_AUDIT_CHAIN_KEY, "audit chain key", exact=False)

    @field_validator("audit_head_signing_key", mode="before")
    @classmethod
    def _parse_head_signing_key(cls, value: object) -> bytes:
        return _key_setting(value, DEVELOPMENT_AUDIT_HEAD_SIGNING_KEY, "audit head signing key", exact=True)

    @model_validator(mode="after")
    def _refuse_development_keys_in_production(self) -> Self:
        if self.env is Environment.PRODUCTION:
            if self.audit_chain_key == base64.b64decode(DEVELOPMENT_AUDIT_CHAIN_KEY):
                raise ValueError("PENSION_AUDIT_CHAIN_KEY holds the development key; set a real one")
            if self.audit_head_signing_key == base64.b64decode(DEVELOPMENT_AUDIT_HEAD_SIGNING_KEY):
                raise ValueError("PENSION_AUDIT_HEAD_SIGNING_KEY holds the development key; set a real one")
        return self

"""Process settings: one pydantic-settings object per process, read from PENSION_* variables, failing fast."""

from __future__ import annotations

import base64
import json
import sys
from enum import StrEnum
from typing import Annotated, Self, TypeVar

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pymongo.errors import ConfigurationError
from pymongo.uri_parser import parse_uri

from pension_kit.tokens import (
    DEVELOPMENT_PUBLIC_KEYS,
    ISSUER,
    TokenVerifier,
    audience_of,
    is_development_key,
    read_public_keys,
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


# Well-known development values. They make `make up` work with no set-up, and are refused in production.
DEVELOPMENT_PII_KEY = "dev1:" + base64.b64encode(b"development-only-pii-key-32bytes").decode()
DEVELOPMENT_LOOKUP_KEY = base64.b64encode(b"development-only-lookup-key-32by").decode()


def _decode_key(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise ValueError(f"{what} is not valid base64") from exc
    if len(raw) != 32:
        raise ValueError(f"{what} must decode to 32 bytes, got {len(raw)}")
    return raw


class KitSettings(BaseSettings):
    """What every process of the platform needs; each service subclasses it with its own settings."""

    model_config = SettingsConfigDict(env_prefix="PENSION_", extra="ignore", frozen=True)

    env: Environment = Environment.DEVELOPMENT
    service_name: str
    log_level: str = "INFO"

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    mongo_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true&retryWrites=false"
    mongo_database: str = ""
    # How long a request waits for the database before the caller is told UNAVAILABLE.
    mongo_server_selection_timeout_ms: int = Field(default=3000, ge=100)

    # How often the outbox relay looks for events it was not told about (written by another process,
    # such as a command-line import, or left behind by a crash).
    outbox_sweep_seconds: float = Field(default=30.0, gt=0)

    # Topic names are configuration so that a province can rename them without a code change.
    topic_enrolment_resident: str = "pension.enrolment.resident.v1"
    topic_enrolment_region: str = "pension.enrolment.region.v1"
    topic_payout_resident: str = "pension.payout.resident.v1"
    topic_payout_region: str = "pension.payout.region.v1"
    topic_verification_resident: str = "pension.verification.resident.v1"
    topic_supervision_region: str = "pension.supervision.region.v1"
    # An input topic, not an event topic of the catalogue's list (`topics()`): registry deliverers write
    # IngestRegistryRecordsRequest envelopes to it, with citizen ID numbers in the clear, so only verification
    # reads it (supervision's audit consumer does not).
    topic_registry_record: str = "pension.registry.record.v1"
    # An input topic, not an event stream of ours: other systems (hospitals, banks, government services) publish
    # signs of life for verification to record (docs/topics.md, "Input topics"); not in `topics()`.
    topic_signs_of_life: str = "pension.signs_of_life.v1"

    enrolment_address: str = "127.0.0.1:50051"
    payout_address: str = "127.0.0.1:50052"
    verification_address: str = "127.0.0.1:50053"
    supervision_address: str = "127.0.0.1:50054"

    # Keys for personal data at rest: "key_id:base64(32 bytes)" entries, comma separated; the first seals,
    # all of them open (so that keys can rotate). The lookup key makes the keyed hash used to find a record.
    pii_keys: Annotated[tuple[tuple[str, bytes], ...], NoDecode] = Field(default=(), validate_default=True)
    lookup_key: bytes = b""

    # The public keys that verify callers' tokens: a JWKS document (RFC 7517) of Ed25519 keys, each with its
    # `kid`; several while keys rotate. Only the gateway holds a private key (GatewaySettings).
    token_public_keys: str = ""
    token_issuer: str = ISSUER

    @field_validator("mongo_uri")
    @classmethod
    def _check_mongo_uri(cls, value: str) -> str:
        try:
            parse_uri(value)
        except (ConfigurationError, ValueError) as exc:
            raise ValueError(f"not a MongoDB URI: {exc}") from None
        return value

    @field_validator("pii_keys", mode="before")
    @classmethod
    def _parse_pii_keys(cls, value: object) -> object:
        if isinstance(value, tuple) and value:
            return value
        text = str(value or DEVELOPMENT_PII_KEY)
        keys: list[tuple[str, bytes]] = []
        for part in text.split(","):
            key_id, sep, encoded = part.strip().partition(":")
            if not sep or not key_id:
                raise ValueError("each entry must be key_id:base64key")
            keys.append((key_id, _decode_key(encoded, f"key {key_id!r}")))
        return tuple(keys)

    @field_validator("lookup_key", mode="before")
    @classmethod
    def _parse_lookup_key(cls, value: object) -> bytes:
        if isinstance(value, bytes) and len(value) == 32:
            return value
        text = value.decode() if isinstance(value, bytes) else str(value)
        return _decode_key(text or DEVELOPMENT_LOOKUP_KEY, "lookup key")

    @field_validator("token_public_keys", mode="before")
    @classmethod
    def _check_token_public_keys(cls, value: object) -> str:
        text = str(value or "") or DEVELOPMENT_PUBLIC_KEYS
        read_public_keys(text)
        return text

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> Self:
        if self.env is Environment.PRODUCTION:
            if any(key == _decode_key(DEVELOPMENT_PII_KEY.split(":")[1], "") for _, key in self.pii_keys):
                raise ValueError("PENSION_PII_KEYS holds the development key; set a real one")
            if self.lookup_key == _decode_key(DEVELOPMENT_LOOKUP_KEY, ""):
                raise ValueError("PENSION_LOOKUP_KEY holds the development key; set a real one")
            if any(is_development_key(key) for key in json.loads(self.token_public_keys)["keys"]):
                raise ValueError("PENSION_TOKEN_PUBLIC_KEYS trusts the development key; set the real ones")
        return self

    def token_verifier(self) -> TokenVerifier:
        """Verifies the tokens of callers of this process (its audience is pension-<service name>)."""
        return TokenVerifier(
            read_public_keys(self.token_public_keys), audience_of(self.service_name), issuer=self.token_issuer
        )

    def input_topics(self) -> list[str]:
        """The topics other systems publish to for the platform to read (docs/topics.md, "Input topics")."""
        return [self.topic_registry_record, self.topic_signs_of_life]

    def topics(self) -> list[str]:
        """Every topic of the catalogue (docs/topics.md): the platform's own events, which supervision audits."""
        return [
            self.topic_enrolment_resident,
            self.topic_enrolment_region,
            self.topic_payout_resident,
            self.topic_payout_region,
            self.topic_verification_resident,
            self.topic_supervision_region,
        ]

    @property
    def database_name(self) -> str:
        return self.mongo_database or f"pension_{self.service_name}"


class ServiceSettings(KitSettings):
    """Settings of a gRPC service process; each service sets its own default port."""

    grpc_host: str = "127.0.0.1"
    grpc_port: int = Field(default=0, ge=0, le=65535)
    # The largest request message the server accepts: gRPC's own default (4 MiB) unless a service needs more
    # (verification receives a face proof's frames in one request).
    grpc_max_receive_bytes: int = Field(default=4 * 1024 * 1024, ge=1024 * 1024, le=64 * 1024 * 1024)


SettingsT = TypeVar("SettingsT", bound=KitSettings)


def load_settings(cls: type[SettingsT], **overrides: object) -> SettingsT:
    """Reads the settings, or ends the process with one line naming each missing or malformed setting."""
    try:
        return cls(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        prefix = str(cls.model_config.get("env_prefix", ""))
        problems = "; ".join(
            f"{prefix}{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        sys.stderr.write(f"configuration error: {problems}\n")
        raise SystemExit(2) from None

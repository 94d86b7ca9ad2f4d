"""The daily heads are signed over day, sequence and hash; a head altered or signed by another key is refused."""

import dataclasses
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pension_supervision.domain.audit_heads import ForgedHead, day_end, day_of, read_head, sign_head

KEY = Ed25519PrivateKey.from_private_bytes(b"unit-test-audit-head-signing-key")


def test_a_signed_head_reads_back() -> None:
    head = sign_head(KEY, day=date(2026, 3, 1), sequence=42, head_hash="ab" * 32, entries_that_day=7)
    assert read_head(head.to_json(), KEY.public_key()) == head
    assert len(head.key_id) == 16


@pytest.mark.parametrize("field,value", [("sequence", 41), ("head_hash", "cd" * 32), ("day", "2026-03-02")])
def test_an_altered_head_is_refused(field: str, value: object) -> None:
    document = sign_head(KEY, day=date(2026, 3, 1), sequence=42, head_hash="ab" * 32, entries_that_day=7).to_json()
    with pytest.raises(ForgedHead, match="signature"):
        read_head({**document, field: value}, KEY.public_key())


def test_a_head_signed_by_another_key_is_refused() -> None:
    other = Ed25519PrivateKey.generate()
    head = sign_head(other, day=date(2026, 3, 1), sequence=1, head_hash="ab" * 32, entries_that_day=1)
    with pytest.raises(ForgedHead, match="not by this service's key"):
        read_head(head.to_json(), KEY.public_key())
    # The key id copied over does not help: the signature is still another key's.
    with pytest.raises(ForgedHead, match="signature"):
        read_head(
            dataclasses.replace(
                head, key_id=sign_head(KEY, day=head.day, sequence=1, head_hash="", entries_that_day=0).key_id
            ).to_json(),
            KEY.public_key(),
        )


def test_a_day_closes_at_midnight_china_time() -> None:
    assert day_end(date(2026, 3, 1)) == datetime(2026, 3, 1, 16, 0, tzinfo=UTC)
    assert day_of(datetime(2026, 3, 1, 15, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert day_of(datetime(2026, 3, 1, 16, 0, tzinfo=UTC)) == date(2026, 3, 2)

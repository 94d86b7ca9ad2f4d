"""Personal data at rest: sealed values open only with the right key and purpose; lookups are stable."""

import pytest

from pension_kit.pii import PersonalDataVault, Sealed

OLD = ("k1", b"1" * 32)
NEW = ("k2", b"2" * 32)


def test_sealed_value_opens_and_does_not_contain_the_clear_text() -> None:
    vault = PersonalDataVault((NEW,), b"L" * 32)
    sealed = vault.seal("11010519491231002X", purpose="citizen_id")
    assert b"11010519491231002X" not in sealed.ciphertext
    assert vault.open(sealed, purpose="citizen_id") == "11010519491231002X"
    assert Sealed.from_document(sealed.to_document()) == sealed


def test_a_rotated_key_still_opens_old_values_and_new_values_use_the_new_key() -> None:
    before = PersonalDataVault((OLD,), b"L" * 32).seal("6228480402564890018", purpose="bank_card")
    after = PersonalDataVault((NEW, OLD), b"L" * 32)
    assert after.open(before, purpose="bank_card") == "6228480402564890018"
    assert after.seal("x", purpose="bank_card").key_id == "k2"


def test_a_value_sealed_for_one_purpose_cannot_be_opened_as_another() -> None:
    vault = PersonalDataVault((NEW,), b"L" * 32)
    sealed = vault.seal("6228480402564890018", purpose="bank_card")
    with pytest.raises(ValueError):
        vault.open(sealed, purpose="citizen_id")


def test_lookup_hash_depends_on_the_key_and_purpose() -> None:
    a = PersonalDataVault((NEW,), b"A" * 32)
    b = PersonalDataVault((NEW,), b"B" * 32)
    value = "11010519491231002X"
    assert a.lookup_hash(value, purpose="citizen_id") == a.lookup_hash(value, purpose="citizen_id")
    assert a.lookup_hash(value, purpose="citizen_id") != b.lookup_hash(value, purpose="citizen_id")
    assert a.lookup_hash(value, purpose="citizen_id") != a.lookup_hash(value, purpose="mobile")
    assert value not in a.lookup_hash(value, purpose="citizen_id")

"""The big-batch probe (adapters.resident_scan.BatchIndex) on residents in memory: the same matches as per record."""

from __future__ import annotations

import random
from datetime import date

from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_verification.adapters.resident_scan import BatchIndex, resident_of
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    EXACT,
    NO_MATCH,
    REVIEW,
    Candidate,
    DeathDetail,
    Match,
    RegistryRecord,
    match,
)
from pension_verification.service_layer.registry_residents import RegistryKeys

VAULT = PersonalDataVault((("k1", b"K" * 32),), b"L" * 32)
KEY = RegistryKeys(VAULT).name_key
REGION = "411723"
VILLAGE = "411723101201"
OTHER_VILLAGE = "411723102203"
BORN = date(1950, 3, 8)


def resident(resident_id: str, citizen_id_hash: str, name: str, born: date = BORN, village: str = VILLAGE) -> Document:
    """A resident index document, as the registry index stores it (name_key, never the name)."""
    return {
        "_id": resident_id,
        "citizen_id_hash": citizen_id_hash,
        "name_key": KEY(name),
        "name_masked": name[0] + "*" * (len(name) - 1),
        "birth_date": born.isoformat(),
        "village_code": village,
        "pooling_region_code": village[:6],
        "status": "ENROLLED",
    }


def death(
    citizen_id_hash: str | None, name: str, born: date | None = BORN, village: str | None = VILLAGE
) -> RegistryRecord:
    return RegistryRecord(
        CIVIL_AFFAIRS_DEATH,
        "",
        "civil affairs 2026-07",
        citizen_id_hash,
        KEY(name),
        name[0] + "*" * (len(name) - 1),
        born,
        village,
        DeathDetail(BORN),
    )


def scanned(documents: list[Document], records: list[RegistryRecord]) -> list[Match]:
    index = BatchIndex(records)
    for document in documents:
        index.take(document)
    return index.matches()


WANG = resident("R1", "h-wang", "王秀英")
NAMESAKE_ELSEWHERE = resident("R2", "h-namesake", "王秀英", village=OTHER_VILLAGE)
ZHANG = resident("R3", "h-zhang", "张伟", born=date(1948, 1, 2))
RESIDENTS = [WANG, NAMESAKE_ELSEWHERE, ZHANG]


def test_a_record_with_a_residents_hash_is_an_exact_match_of_that_resident() -> None:
    assert scanned(RESIDENTS, [death("h-zhang", "张伟", date(1948, 1, 2))]) == [Match(EXACT, resident_id="R3")]


def test_a_record_without_a_number_but_name_birth_and_village_goes_to_review() -> None:
    assert scanned(RESIDENTS, [death(None, "王秀英")]) == [Match(REVIEW, candidates=(Candidate("R1", 100),))]


def test_a_mistyped_number_that_matches_nobody_still_finds_the_namesake_of_the_village() -> None:
    assert scanned(RESIDENTS, [death("h-mistyped", "王秀英")]) == [Match(REVIEW, candidates=(Candidate("R1", 100),))]


def test_the_name_is_compared_normalized_through_its_key() -> None:
    assert scanned(RESIDENTS, [death(None, " 王 秀英")]) == [Match(REVIEW, candidates=(Candidate("R1", 100),))]


def test_a_namesake_in_another_village_only_is_no_match() -> None:
    assert scanned([NAMESAKE_ELSEWHERE], [death(None, "王秀英")]) == [Match(NO_MATCH)]


def test_an_unknown_person_and_a_record_without_birth_date_match_nobody() -> None:
    records = [death("h-unknown", "李娜", date(1960, 5, 5)), death(None, "王秀英", born=None)]
    assert scanned(RESIDENTS, records) == [Match(NO_MATCH), Match(NO_MATCH)]


def test_matches_come_in_the_records_order_and_a_repeated_record_matches_twice() -> None:
    records = [death(None, "王秀英"), death("h-wang", "王秀英"), death("h-unknown", "李娜"), death("h-wang", "王秀英")]
    assert [found.kind for found in scanned(RESIDENTS, records)] == [REVIEW, EXACT, NO_MATCH, EXACT]


def test_the_exact_match_does_not_depend_on_the_scan_order_when_two_residents_share_a_hash() -> None:
    twin = resident("R0", "h-wang", "王秀英")
    record = [death("h-wang", "王秀英")]
    assert scanned([WANG, twin], record) == scanned([twin, WANG], record) == [Match(EXACT, resident_id="R0")]


def test_only_the_residents_that_concern_a_record_are_kept_each_once() -> None:
    index = BatchIndex([death("h-wang", "王秀英"), death("h-wang", "王秀英"), death(None, "王秀英")])
    for document in [ZHANG, NAMESAKE_ELSEWHERE | {"birth_date": "1950-03-09"}, WANG]:
        index.take(document)
    assert index.residents_kept == 1


def test_random_batches_match_as_the_per_record_queries_would() -> None:
    """The per-record path: a find by hash, then the namesakes by (name key, birth date); both must agree."""
    rng = random.Random(7)
    names = ["王秀英", "张伟", "李娜", "刘洋"]
    villages = [VILLAGE, OTHER_VILLAGE]
    births = [date(1950, 3, 8), date(1950, 3, 9), date(1951, 1, 1)]
    documents = [
        resident(f"R{i:03d}", f"h{i}", rng.choice(names), rng.choice(births), rng.choice(villages)) for i in range(60)
    ]
    records = [
        death(
            rng.choice([f"h{rng.randrange(80)}", None]),
            rng.choice(names),
            rng.choice([*births, None]),
            rng.choice([*villages, None]),
        )
        for _ in range(200)
    ]
    residents = [resident_of(document) for document in documents]
    expected = []
    for record in records:
        by_hash = next((r for r in residents if r.citizen_id_hash == record.citizen_id_hash), None)
        namesakes = [r for r in residents if r.name_key == record.name_key and r.birth_date == record.birth_date]
        expected.append(match(record, by_hash=by_hash, namesakes=namesakes))
    assert scanned(documents, records) == expected
    assert {found.kind for found in expected} == {EXACT, REVIEW, NO_MATCH}

"""A death file matched by one scan of the resident index on the real database: exact, review, and no match."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.collection import AsyncCollection

from pension_kit.masking import mask_name
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.adapters.resident_scan import match_by_scan
from pension_verification.adapters.store import INDEXES, REGISTRY_RESIDENTS
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    EXACT,
    NO_MATCH,
    REVIEW,
    Candidate,
    DeathDetail,
    Match,
    RegistryRecord,
)
from pension_verification.service_layer.registry_residents import RegistryKeys

VAULT = PersonalDataVault((("k1", b"K" * 32),), b"L" * 32)
KEYS = RegistryKeys(VAULT)
REGION = "411723"
OTHER_REGION = "411724"
VILLAGE = "411723101201"
OTHER_VILLAGE = "411723102203"
BORN = date(1950, 3, 8)


class Finds(monitoring.CommandListener):
    """The find and getMore commands sent: one scan, not a query per record."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in ("find", "getMore"):
            self.sent.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def index(ferretdb: Any) -> AsyncIterator[tuple[AsyncCollection[Document], Finds]]:
    """A resident index in the registry index's shape: 王秀英 of VILLAGE, her namesake born the same day in
    OTHER_VILLAGE, 张伟, and 李娜 of another region; then 40 residents nobody is looking for."""
    finds = Finds()
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, event_listeners=[finds])
    database = client[f"resident_scan_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, [spec for spec in INDEXES if spec.collection == REGISTRY_RESIDENTS])
    people = [
        ("R1", "110101195003081234", "王秀英", BORN, VILLAGE),
        ("R2", "110101195003084321", "王秀英", BORN, OTHER_VILLAGE),
        ("R3", "110101194801021111", "张伟", date(1948, 1, 2), VILLAGE),
        ("R4", "110101196005052222", "李娜", date(1960, 5, 5), f"{OTHER_REGION}101201"),
        *[(f"R{n}", f"1101011955010{n:05d}", "刘洋", date(1955, 1, 1), VILLAGE) for n in range(100, 140)],
    ]
    await database[REGISTRY_RESIDENTS].insert_many(
        [
            {
                "_id": resident_id,
                "citizen_id_hash": KEYS.citizen_id_hash(number),
                "name_key": KEYS.name_key(name),
                "name_masked": mask_name(name),
                "birth_date": born.isoformat(),
                "village_code": village,
                "pooling_region_code": village[:6],
                "status": "ENROLLED",
            }
            for resident_id, number, name, born, village in people
        ]
    )
    finds.sent.clear()
    yield database[REGISTRY_RESIDENTS], finds
    await client.drop_database(database.name)
    await client.close()


def death(number: str | None, name: str, born: date | None = BORN, village: str | None = VILLAGE) -> RegistryRecord:
    return RegistryRecord(
        CIVIL_AFFAIRS_DEATH,
        "",
        "civil affairs 2026-11",
        KEYS.citizen_id_hash(number) if number is not None else None,
        KEYS.name_key(name),
        mask_name(name),
        born,
        village,
        DeathDetail(date(2026, 11, 20)),
    )


async def test_a_death_file_is_matched_exact_review_or_none_in_one_scan(
    index: tuple[AsyncCollection[Document], Finds],
) -> None:
    residents, finds = index
    records = [
        death("110101194801021111", "张伟", date(1948, 1, 2)),  # exact
        death(None, "王秀英"),  # number missing or failed its check: name, birth date and village agree
        death("110101195003081235", "王 秀英"),  # a mistyped number that matches nobody, the name spaced
        death(None, "王秀英", village="411723103205"),  # only namesakes, in other villages
        death("110101199901019999", "赵敏", date(1999, 1, 1)),  # unknown
    ]
    matches = await match_by_scan(residents, records, batch_size=10)
    wang = Match(REVIEW, candidates=(Candidate("R1", 100),))
    assert matches == [Match(EXACT, resident_id="R3"), wang, wang, Match(NO_MATCH), Match(NO_MATCH)]
    # 44 residents, 10 a batch: one find and its getMores, however many records there are.
    assert finds.sent.count("find") == 1
    assert len(finds.sent) <= 6
    # The per-record queries a small delivery takes instead find the same, and an ended resident is no namesake.
    await residents.update_one({"_id": "R1"}, {"$set": {"status": "ENDED"}})
    by_query = await ResidentIndex(residents.database).matches_by_query(records)
    by_scan = await match_by_scan(residents, records)
    assert by_query == by_scan == [Match(EXACT, resident_id="R3"), *[Match(NO_MATCH)] * 4]


async def test_a_region_scan_reads_only_that_region(index: tuple[AsyncCollection[Document], Finds]) -> None:
    residents, _ = index
    records = [
        death("110101196005052222", "李娜", date(1960, 5, 5)),
        death("110101194801021111", "张伟", date(1948, 1, 2)),
    ]
    everywhere = await match_by_scan(residents, records)
    in_region = await match_by_scan(residents, records, pooling_region_code=REGION)
    assert everywhere == [Match(EXACT, resident_id="R4"), Match(EXACT, resident_id="R3")]
    assert in_region == [Match(NO_MATCH), Match(EXACT, resident_id="R3")]

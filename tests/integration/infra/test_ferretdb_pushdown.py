"""FerretDB reads the documents an _id $in filter names through the _id index, and still answers every filter right."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Final

import ferretdb_testkit
import pytest
from bson import ObjectId
from ferretdb_testkit import plan_details, served_by_id_index
from pymongo import AsyncMongoClient

from pension_deploy.infra import FerretDB

# Large enough that reading the whole table shows (seconds, not milliseconds), small enough to insert quickly.
SIZE: Final = 20_000
# SQLite's limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER in modernc's build): an
# _id list up to it minus one (Query may bind a LIMIT too) is pushed down, a longer one cannot be.
SQLITE_MAX_VARIABLE_NUMBER: Final = 32_766


def string_id(n: int) -> str:
    return f"AW-R{n:08d}/2026-12"


@dataclass
class Table(ferretdb_testkit.Table):
    object_ids: list[ObjectId]


@pytest.fixture(scope="module")
async def table(ferretdb: FerretDB) -> AsyncIterator[Table]:
    """SIZE documents with string ids as payout writes them, three with ObjectIds and one with a number id."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferretdb.mongo_uri)
    try:
        database = client[f"pushdown_{uuid.uuid4().hex[:12]}"]
        collection = database["payments"]
        object_ids = [ObjectId() for _ in range(3)]
        await collection.insert_many(
            [{"_id": string_id(n), "n": n, "status": "PAID" if n % 2 else "FAILED"} for n in range(SIZE)]
        )
        await collection.insert_many([{"_id": oid, "n": -1, "status": "PAID"} for oid in object_ids])
        await collection.insert_one({"_id": 7, "n": 7, "status": "PAID"})
        yield Table(database, collection, object_ids)
    finally:
        await client.close()


async def test_an_id_in_list_of_strings_and_object_ids_reads_through_the_id_index(table: Table) -> None:
    present = [string_id(n) for n in (0, 1, 9_999, SIZE - 1)]
    absent = [string_id(SIZE + 5), "AW-R00000001/2026-1", "nobody"]
    query = {"_id": {"$in": [*absent[:1], *present, *absent[1:], table.object_ids[1]]}}

    explanation = await table.explain(query)
    assert served_by_id_index(explanation), explanation
    assert sorted(map(str, await table.ids(query))) == sorted([*present, str(table.object_ids[1])])


async def test_other_conditions_beside_the_id_list_still_apply(table: Table) -> None:
    listed = [string_id(n) for n in range(100, 110)]

    # Another key of the filter: the index narrows the rows, the rest of the filter is still applied to them.
    query: dict[str, Any] = {"_id": {"$in": listed}, "status": "PAID"}
    assert served_by_id_index(await table.explain(query))
    assert sorted(await table.ids(query)) == [string_id(n) for n in range(101, 110, 2)]

    # Another operator on _id itself.
    query = {"_id": {"$in": listed, "$nin": listed[:3]}, "n": {"$lt": 108}}
    assert served_by_id_index(await table.explain(query))
    assert sorted(await table.ids(query)) == listed[3:8]

    # And the ordinary equality, as before.
    query = {"_id": listed[4], "n": 104}
    assert served_by_id_index(await table.explain(query))
    assert await table.ids(query) == [listed[4]]


async def test_a_list_with_a_value_that_is_not_a_string_or_object_id_is_not_pushed_down_and_answered_right(
    table: Table,
) -> None:
    # A number matches other numeric types too, and null a missing field: no plain comparison of stored text.
    query: dict[str, Any] = {"_id": {"$in": [string_id(3), 7, None]}}
    explanation = await table.explain(query)
    assert explanation["filterPushdown"] is False
    assert any(detail.startswith("SCAN ") for detail in plan_details(explanation))
    assert sorted(map(str, await table.ids(query))) == sorted([string_id(3), "7"])
    assert await table.ids({"_id": {"$in": [7.0]}}) == [7]


async def test_an_empty_list_matches_nothing(table: Table) -> None:
    query: dict[str, Any] = {"_id": {"$in": []}}
    # SQLite turns `x IN ()` into a constant false before it plans: its plan still shows the loop over the
    # table (SCAN), which never runs.
    assert (await table.explain(query))["filterPushdown"] is True
    assert await table.ids(query) == []
    assert await table.collection.count_documents(query) == 0


async def test_the_longest_list_sqlite_can_bind_is_pushed_down_and_a_longer_one_is_answered_without_it(
    table: Table, ferretdb: FerretDB
) -> None:
    present = [string_id(n) for n in (2, 4_000, 19_998)]
    longest = present + [f"absent-{n}" for n in range(SQLITE_MAX_VARIABLE_NUMBER - 1 - len(present))]
    assert served_by_id_index(await table.explain({"_id": {"$in": longest}}))
    assert sorted(await table.ids({"_id": {"$in": longest}})) == present

    # One bound parameter per value would exceed SQLite's limit: the table is read as before. On a small
    # collection, because the handler compares every document with every value of the list.
    too_long = [*longest, "absent-a", "absent-b"]
    assert (await table.explain({"_id": {"$in": too_long}}))["filterPushdown"] is False
    small = table.database[f"small_{uuid.uuid4().hex[:8]}"]
    await small.insert_many([{"_id": string_id(n)} for n in range(50)])
    found = [document["_id"] async for document in small.find({"_id": {"$in": [*too_long, string_id(30)]}})]
    assert sorted(found) == [string_id(2), string_id(30)]

"""FerretDB answers an equality on an indexed field from that index (ferretdb-field-pushdown.patch), narrows
the rows before decoding them when the field has no index, and still answers every filter as MongoDB does."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any, Final

import pytest
from ferretdb_testkit import Table, plan_details, served_by_id_index, served_by_index
from pymongo import AsyncMongoClient

from pension_deploy.infra import FerretDB

SIZE: Final = 20_000
VILLAGES: Final = 200


def village(n: int) -> str:
    return f"61092110{n:04d}"


async def ids(table: Table, query: dict[str, Any]) -> list[str]:
    """The ids the filter finds, sorted."""
    return sorted(map(str, await table.ids(query)))


@pytest.fixture(scope="module")
async def table(ferretdb: FerretDB) -> AsyncIterator[Table]:
    """SIZE residents spread over VILLAGES villages (an index on village_code, none on status), and a few whose
    village_code is something else than a string: an array holding a village, a number, a document, none."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferretdb.mongo_uri)
    try:
        database = client[f"field_pushdown_{uuid.uuid4().hex[:12]}"]
        collection = database["residents"]
        await collection.create_index("village_code", name="village_code")
        await collection.create_index("outbox_pending", name="outbox_pending")
        await collection.insert_many(
            [
                {
                    "_id": f"R{n:06d}",
                    "village_code": village(n % VILLAGES),
                    "status": "ACTIVE" if n % 3 else "DIED",
                    "outbox_pending": n % 1000 == 0,
                }
                for n in range(SIZE)
            ]
        )
        await collection.insert_many(
            [
                {"_id": "array", "village_code": ["x", village(7)], "status": "ACTIVE"},
                {"_id": "number", "village_code": 610921100007, "status": "ACTIVE"},
                {"_id": "document", "village_code": {"code": village(7)}, "status": "ACTIVE"},
                {"_id": "missing", "status": "ACTIVE", "outbox_pending": 1},
                {"_id": "text", "village_code": "y", "outbox_pending": "true"},
            ]
        )
        yield Table(database, collection)
    finally:
        await client.close()


def residents_of(n: int, status: str | None = None) -> list[str]:
    return sorted(
        f"R{i:06d}" for i in range(n, SIZE, VILLAGES) if status is None or ("ACTIVE" if i % 3 else "DIED") == status
    )


async def test_an_equality_on_an_indexed_field_reads_through_its_index(table: Table) -> None:
    query = {"village_code": village(7)}
    explanation = await table.explain(query)
    assert served_by_index(explanation, "village_code"), explanation
    # The resident whose field is an array holding the village matches, as in MongoDB; the number and the
    # document do not.
    assert await ids(table, query) == sorted([*residents_of(7), "array"])


async def test_an_equality_to_a_boolean_reads_through_its_index_and_matches_booleans_only(table: Table) -> None:
    """The outbox relay's sweep, {outbox_pending: true}: the few pending rows, not a read of the collection."""
    query = {"outbox_pending": True}
    assert served_by_index(await table.explain(query), "outbox_pending")
    assert await ids(table, query) == [f"R{n:06d}" for n in range(0, SIZE, 1000)]
    assert len(await ids(table, {"outbox_pending": False})) == SIZE - SIZE // 1000


async def test_several_equalities_and_other_operators_are_all_still_applied(table: Table) -> None:
    query: dict[str, Any] = {"village_code": village(8), "status": "DIED"}
    assert served_by_index(await table.explain(query), "village_code")
    assert await ids(table, query) == residents_of(8, "DIED")

    query = {"village_code": village(9), "_id": {"$gt": "R010000"}, "status": {"$ne": "DIED"}}
    assert served_by_index(await table.explain(query), "village_code")
    assert await ids(table, query) == [i for i in residents_of(9, "ACTIVE") if i > "R010000"]

    # An _id equality is the narrowest: it is the one pushed down.
    query = {"_id": "R000010", "village_code": village(10)}
    assert served_by_id_index(await table.explain(query))
    assert await ids(table, query) == ["R000010"]


async def test_a_field_without_an_index_is_filtered_by_sqlite_before_decoding(table: Table) -> None:
    query = {"status": "DIED"}
    explanation = await table.explain(query)
    assert explanation["filterPushdown"] is True
    assert any(detail.startswith("SCAN ") for detail in plan_details(explanation))
    assert await ids(table, query) == sorted(f"R{i:06d}" for i in range(0, SIZE, 3))


async def test_values_that_are_not_strings_are_not_pushed_down_and_answered_right(table: Table) -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"village_code": 610921100007}, ["number"]),
        ({"village_code": {"code": village(7)}}, ["document"]),
        ({"village_code": None}, ["missing"]),
        ({"village_code": [village(7)]}, []),
        ({"village_code": {"$in": [village(3), "x"]}}, sorted([*residents_of(3), "array"])),
    ]
    for query, expected in cases:
        assert (await table.explain(query))["filterPushdown"] is False, query
        assert await ids(table, query) == expected, query


async def test_a_string_nobody_has_and_one_that_needs_escaping_match_nothing(table: Table) -> None:
    for value in ["nobody", 'quote " and \\ backslash', "中文村"]:
        assert served_by_index(await table.explain({"village_code": value}), "village_code")
        assert await ids(table, {"village_code": value}) == []
    await table.collection.insert_one({"_id": "escaped", "village_code": 'quote " and \\ backslash'})
    await table.collection.insert_one({"_id": "chinese", "village_code": "中文村"})
    assert await ids(table, {"village_code": 'quote " and \\ backslash'}) == ["escaped"]
    assert await ids(table, {"village_code": "中文村"}) == ["chinese"]

"""FerretDB's explain for tests: whether a find is answered through the _id index or by reading the whole table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

# A step of SQLite's plan that looks rows up in the table's _id index (FerretDB names it <table>__id_) by value.
ID_INDEX_SEARCH: Final = re.compile(r"SEARCH (\S+) USING INDEX \1__id_ \(<expr>=\?\)")


async def explain_find(
    database: AsyncDatabase[Any], collection: str, query: dict[str, Any], projection: dict[str, Any] | None = None
) -> dict[str, Any]:
    """FerretDB's answer to `explain` of a find: `filterPushdown` (whether the filter narrowed the SQL query)
    and `queryPlanner.Plan`, SQLite's EXPLAIN QUERY PLAN of that query, one line per step."""
    find: dict[str, Any] = {"find": collection, "filter": query}
    if projection is not None:
        find["projection"] = projection
    explanation: dict[str, Any] = await database.command({"explain": find})
    return explanation


def plan_details(explanation: dict[str, Any]) -> list[str]:
    """The `detail=` part of each line of SQLite's plan, e.g. "SEARCH t USING INDEX t__id_ (<expr>=?)"."""
    return [line.split("detail=", 1)[1] for line in explanation["queryPlanner"]["Plan"]]


def served_by_id_index(explanation: dict[str, Any]) -> bool:
    """Whether the find reads only the rows the _id index points at: pushed down, and every step of the plan a
    search of the _id index, none a SCAN of the table."""
    details = plan_details(explanation)
    return explanation["filterPushdown"] is True and bool(details) and all(map(ID_INDEX_SEARCH.fullmatch, details))


def served_by_index(explanation: dict[str, Any], index: str) -> bool:
    """Whether the find reads only rows an index of that name points at: pushed down, at least one step a search
    of that index (FerretDB names it <table>_<index>), and no step a SCAN of the table."""
    details = plan_details(explanation)
    searched = re.compile(rf"SEARCH (\S+) USING INDEX \1_{re.escape(index)} \(.*\)")
    return (
        explanation["filterPushdown"] is True
        and any(map(searched.fullmatch, details))
        and not any(detail.startswith("SCAN ") for detail in details)
    )


def served_by_an_index(explanation: dict[str, Any]) -> bool:
    """Whether the find reads only rows some index points at: pushed down, and no step of SQLite's plan a SCAN of
    the table (each is a SEARCH of an index, or the MULTI-INDEX OR that combines them)."""
    details = plan_details(explanation)
    return (
        explanation["filterPushdown"] is True
        and any(detail.startswith("SEARCH ") for detail in details)
        and not any(detail.startswith("SCAN ") for detail in details)
    )


@dataclass
class Table:
    """A collection and the two questions the pushdown tests ask of a filter: how FerretDB plans it, and the ids
    of the documents it returns."""

    database: AsyncDatabase[dict[str, Any]]
    collection: AsyncCollection[dict[str, Any]]

    async def explain(self, query: dict[str, Any]) -> dict[str, Any]:
        return await explain_find(self.database, self.collection.name, query)

    async def ids(self, query: dict[str, Any]) -> list[Any]:
        return [document["_id"] async for document in self.collection.find(query, {"_id": 1})]

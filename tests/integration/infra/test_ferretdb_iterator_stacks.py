"""FerretDB keeps no pprof profile of its live iterators and cursors, with a stack captured for each of them."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from pension_deploy.infra import FerretDB, Installation, free_port


@pytest.fixture
def ferretdb_with_debug_handler(infra_installation: Installation, tmp_path: Path) -> Iterator[FerretDB]:
    """A FerretDB of its own, with its debug handler on: the shared one runs with the handler off."""
    database = FerretDB(infra_installation.ferretdb_binary, tmp_path, free_port(), debug_port=free_port())
    database.start()
    try:
        yield database
    finally:
        database.stop()


def pprof_index(database: FerretDB) -> str:
    """The debug handler's list of pprof profiles, each with the number of entries it holds."""
    assert database.debug_url is not None
    with urllib.request.urlopen(f"{database.debug_url}/debug/pprof/", timeout=10) as response:
        return str(response.read().decode())


def test_open_cursors_and_iterators_are_not_recorded_with_their_stacks(ferretdb_with_debug_handler: FerretDB) -> None:
    # Unpatched, resource.Track adds every iterator, cursor and SQLite result set to a pprof profile named
    # FerretDB/<type> with the stack that made it (deploy/local/ferretdb-no-iterator-stacks.patch).
    client: MongoClient[dict[str, Any]] = MongoClient(ferretdb_with_debug_handler.mongo_uri)
    try:
        collection = client["iterator_stacks"]["documents"]
        collection.insert_many([{"n": n, "nested": {"list": [n, n + 1]}} for n in range(10)])
        # A cursor left open between batches keeps its cursor, its query iterator and its SQLite rows alive.
        cursor = collection.find({}, batch_size=2)
        first = next(cursor)

        index = pprof_index(ferretdb_with_debug_handler)

        assert "goroutine" in index, index  # the handler answers with its list of profiles
        assert "FerretDB/" not in index, index
        # And the cursor still reads the rest, then closes.
        assert sorted(document["n"] for document in [first, *cursor]) == list(range(10))
    finally:
        client.close()

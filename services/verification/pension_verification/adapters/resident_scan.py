"""A large registry delivery matched in one scan of the resident index, instead of one query per record.

For a delivery of many records (a civil-affairs death file of a million), one indexed query per record costs a
round trip each. Here the batch is indexed in memory instead: records by citizen_id_hash, and records with a
birth date by (name key, birth date); the `registry_residents` collection is read once, in large batches
(optionally one pooling region), and each resident is probed against the batch's index. Every record is then
decided by the domain's own `match`, so the scoring rules stay in one place. Memory follows the batch (its
records, and the residents that hit one of them), never the number of residents.

Names: the resident index keeps no clear name, only `name_key`, the keyed hash of the normalized name; a record
carries the same key (service_layer.registry_residents.RegistryKeys), so the domain compares key with key.

Document shape read (the registry index's): {_id: resident_id, citizen_id_hash, name_key, name_masked,
birth_date "YYYY-MM-DD", village_code, pooling_region_code, status}.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final, TypeVar

from pymongo.asynchronous.collection import AsyncCollection

from pension_kit.mongo import Document
from pension_verification.domain.registry_matching import (
    DEFAULT_REVIEW_THRESHOLD,
    Match,
    RegistryRecord,
    Resident,
    match,
)

# What a probe needs of a resident: nothing else of the document is sent.
SCAN_FIELDS: Final = {
    "_id": 1,
    "citizen_id_hash": 1,
    "name_key": 1,
    "birth_date": 1,
    "village_code": 1,
    "pooling_region_code": 1,
    "status": 1,
}
# Residents per batch of the scan: few round trips, a few MiB of documents in flight.
SCAN_BATCH: Final = 10_000

# (name key, birth date "YYYY-MM-DD"): compared as the stored text, so a skipped resident costs no parsing.
NameKey = tuple[str, str]
K = TypeVar("K", str, NameKey)


ENROLLED: Final = "ENROLLED"


def resident_of(document: Mapping[str, Any], shared: Callable[[str], str] = str) -> Resident:
    """A resident index document as matching sees it.

    `shared` may return one stored copy of a value that many residents repeat (a name key, a village).
    """
    return Resident(
        resident_id=str(document["_id"]),
        citizen_id_hash=str(document["citizen_id_hash"]),
        name_key=shared(str(document["name_key"])),
        birth_date=date.fromisoformat(str(document["birth_date"])),
        village_code=shared(str(document["village_code"])),
        pooling_region_code=shared(str(document["pooling_region_code"])),
    )


class BatchIndex:
    """The records of one delivery, indexed for probing by residents; pure (no I/O), fed one resident at a time.

    A record with a citizen ID hash is found by it. Every record with a birth date is also found by its name key
    and birth date, so that a record whose hash matches nobody (a mistyped number that still passes its check, a
    missing one) gets its namesakes scored as the per-record path would. A resident is kept as a record's namesake
    only when it is not the record's own hash's resident: that one makes the match exact, and the namesakes are
    then unused, so the bulk of a death file (exact matches) keeps nothing beside its one resident.

    A record without a birth date gets its namesakes by name alone, as the per-record path finds them (they score
    70 at most, under the default threshold, but a region may set a lower one). Only enrolled residents are
    namesakes; an ended one is still found by its number.

    Memory: per record, its name key (one stored copy per distinct name) and two dictionary entries; per resident
    kept, one Resident whose repeated values (name key, village, region) are shared.
    """

    def __init__(self, records: Sequence[RegistryRecord]) -> None:
        self._records = records
        self._shared: dict[str, str] = {}
        # A death file repeats common names often: each distinct name key is stored once.
        self._name_keys = [self.shared(r.name_key) for r in records]
        # Positions of the records with a hash; a hash given by several records (a repeated record) keeps a list.
        self._by_hash: dict[str, int | list[int]] = {}
        self._by_name: dict[NameKey, int | list[int]] = {}
        self._by_name_only: dict[str, int | list[int]] = {}
        for position, record in enumerate(records):
            if record.citizen_id_hash:
                _add(self._by_hash, record.citizen_id_hash, position)
            if not record.name_key:
                continue
            if record.birth_date is not None:
                born = self.shared(record.birth_date.isoformat())
                _add(self._by_name, (self._name_keys[position], born), position)
            else:
                _add(self._by_name_only, self._name_keys[position], position)
        self._exact: dict[int, Resident] = {}
        self._namesakes: dict[int, list[Resident]] = {}

    def shared(self, value: str) -> str:
        """The one stored copy of a value many records or residents repeat."""
        return self._shared.setdefault(value, value)

    @property
    def residents_kept(self) -> int:
        """How many residents the scan has kept so far (each once, however many records it concerns)."""
        return len({id(r) for r in self._exact.values()} | {id(r) for rs in self._namesakes.values() for r in rs})

    def take(self, document: Document) -> None:
        """One document of the scan, kept if it concerns a record: most do not, and cost two dictionary lookups."""
        by_hash = self._by_hash.get(document["citizen_id_hash"])
        by_name: int | list[int] | None = None
        if document.get("status") == ENROLLED:
            by_name = self._by_name.get((document["name_key"], document["birth_date"]))
            if self._by_name_only:
                by_name = [*_positions(by_name), *_positions(self._by_name_only.get(document["name_key"]))] or None
        if by_hash is None and by_name is None:
            return
        resident = resident_of(document, self.shared)
        for position in _positions(by_hash):
            # Two residents with one hash would be a broken index; the smaller id wins, whatever the scan order.
            known = self._exact.get(position)
            if known is None or resident.resident_id < known.resident_id:
                self._exact[position] = resident
        for position in _positions(by_name):
            if self._records[position].citizen_id_hash != resident.citizen_id_hash:
                self._namesakes.setdefault(position, []).append(resident)

    def matches(self, review_threshold: int = DEFAULT_REVIEW_THRESHOLD) -> list[Match]:
        """The domain's match of every record, in the order the records were given."""
        return [
            match(
                record,
                by_hash=self._exact.get(position),
                namesakes=self._namesakes.get(position, ()),
                review_threshold=review_threshold,
            )
            for position, record in enumerate(self._records)
        ]


def _add(index: dict[K, int | list[int]], key: K, position: int) -> None:
    found = index.get(key)
    if found is None:
        index[key] = position
    elif isinstance(found, int):
        index[key] = [found, position]
    else:
        found.append(position)


def _positions(found: int | list[int] | None) -> Sequence[int]:
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


async def match_by_scan(
    residents: AsyncCollection[Document],
    records: Sequence[RegistryRecord],
    *,
    pooling_region_code: str | None = None,
    batch_size: int = SCAN_BATCH,
    review_threshold: int = DEFAULT_REVIEW_THRESHOLD,
) -> list[Match]:
    """Each record's match (in the records' order), from one scan of the resident index `residents`.

    With `pooling_region_code`, only that region's residents are read: a record of someone registered elsewhere
    then matches nobody.
    """
    index = BatchIndex(records)
    query: Document = {} if pooling_region_code is None else {"pooling_region_code": pooling_region_code}
    async for document in residents.find(query, SCAN_FIELDS, batch_size=batch_size):
        index.take(document)
    return index.matches(review_threshold)

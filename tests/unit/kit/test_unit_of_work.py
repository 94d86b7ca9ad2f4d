"""The read-decide-write loop of pension_kit.unit_of_work on the in-memory repository."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from google.protobuf.wrappers_pb2 import StringValue

from pension.common.v1 import envelope_pb2
from pension_kit.errors import DomainError, ErrorKind, FailedPrecondition, NotFound
from pension_kit.events import unpack_payload
from pension_kit.mongo import Document
from pension_kit.unit_of_work import Decision, InMemoryRepository, UnitOfWork, apply_update

ID = "A-1"


class Relay:
    def __init__(self) -> None:
        self.hints: list[tuple[str, list[Any]]] = []

    def __call__(self, collection: str, ids: Iterable[Any]) -> None:
        self.hints.append((collection, list(ids)))


def aggregate(**fields: Any) -> Document:
    return {"_id": ID, "region": "411731", "count": 0, "items": [], "version": 4, "applied_requests": [], **fields}


def unit(repository: InMemoryRepository, relay: Relay | None = None, **options: Any) -> UnitOfWork:
    return UnitOfWork(repository, "things", "topic.v1", "test", relay or Relay(), **options)


def not_found() -> DomainError:
    return NotFound("THING_NOT_FOUND", "no such thing", field="id")


class Counter:
    """A decision adding one to `count` and announcing the new count; remembers the states it decided on."""

    def __init__(self) -> None:
        self.seen: list[Document] = []

    def __call__(self, thing: Document) -> Decision[int]:
        self.seen.append(thing)
        after = thing["count"] + 1
        return Decision(
            {"$set": {"count": after}, "$push": {"items": f"item-{after}"}}, [StringValue(value=str(after))], after
        )


async def add_one(work: UnitOfWork, decide: Counter, request_id: str = "R-1", **options: Any) -> int:
    return await work.write(
        ID,
        request_id=request_id,
        actor="officer-1",
        reason="counting",
        decide=decide,
        repeated=lambda thing: int(thing["count"]),
        not_found=not_found,
        **options,
    )


def payloads(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        payload = unpack_payload(envelope_pb2.EventEnvelope.FromString(event["envelope"]))
        assert isinstance(payload, StringValue)
        found.append(payload.value)
    return found


async def test_the_decision_is_written_with_its_events_in_one_write() -> None:
    repository, relay = InMemoryRepository(aggregate(count=2)), Relay()
    assert await add_one(unit(repository, relay), Counter()) == 3
    stored = repository.documents[ID]
    assert (stored["count"], stored["items"], stored["version"]) == (3, ["item-3"], 5)
    assert stored["applied_requests"] == ["R-1"]
    assert stored["outbox_pending"] is True and payloads(stored["outbox"]) == ["3"]
    [event] = repository.events
    assert (event["topic"], event["key"]) == ("topic.v1", ID)
    envelope = envelope_pb2.EventEnvelope.FromString(event["envelope"])
    assert (envelope.producer, envelope.actor, envelope.reason, envelope.subject_key) == (
        "test",
        "officer-1",
        "counting",
        ID,
    )
    assert relay.hints == [("things", [ID])]
    # The outbox is the relay's: a reader gets the state without it.
    read = await repository.get(ID)
    assert read is not None and "outbox" not in read


async def test_decide_sees_the_latest_state_not_a_stale_first_reading() -> None:
    repository = InMemoryRepository(aggregate(count=7))
    decide = Counter()
    stale = aggregate(count=1, version=2)
    assert await add_one(unit(repository), decide, read=stale) == 8
    assert [thing["count"] for thing in decide.seen] == [1, 7]  # the stale reading lost, the latest one won
    assert repository.documents[ID]["count"] == 8 and repository.writes == 1


async def test_a_lost_race_is_read_again_and_decided_again() -> None:
    repository = InMemoryRepository(aggregate())
    repository.lose_races = 2
    decide = Counter()
    assert await add_one(unit(repository), decide) == 1
    assert [thing["version"] for thing in decide.seen] == [4, 5, 6]
    assert repository.documents[ID]["version"] == 7 and len(repository.events) == 1


async def test_a_record_that_keeps_changing_is_refused_as_a_conflict_and_nothing_is_written() -> None:
    repository, relay = InMemoryRepository(aggregate()), Relay()
    repository.lose_races = 3
    decide = Counter()
    with pytest.raises(DomainError) as refused:
        await add_one(unit(repository, relay, attempts=3), decide)
    assert (refused.value.reason, refused.value.kind) == ("CONCURRENT_CHANGE", ErrorKind.CONFLICT)
    assert len(decide.seen) == 3
    assert repository.events == [] and repository.writes == 0 and relay.hints == []
    assert repository.documents[ID]["applied_requests"] == []


async def test_the_refusal_after_lost_races_is_the_callers() -> None:
    repository = InMemoryRepository(aggregate())
    repository.lose_races = 5
    conflict = FailedPrecondition("THING_CHANGED", "the thing kept changing")
    with pytest.raises(DomainError) as refused:
        await add_one(unit(repository, conflict=lambda: conflict), Counter())
    assert refused.value is conflict


async def test_a_repeated_request_is_answered_from_the_stored_state_without_deciding_again() -> None:
    repository = InMemoryRepository(aggregate())
    work = unit(repository)
    assert await add_one(work, Counter()) == 1
    assert await add_one(work, Counter(), request_id="R-2") == 2
    again = Counter()
    assert await add_one(work, again, request_id="R-1") == 2  # the stored state, as `repeated` reads it
    assert again.seen == []
    assert repository.documents[ID]["count"] == 2 and payloads(repository.events) == ["1", "2"]


async def test_a_twin_that_applied_the_same_request_meanwhile_is_answered_as_a_repeat() -> None:
    repository = InMemoryRepository(aggregate())
    work = unit(repository)
    stale = await repository.get(ID)
    assert await add_one(work, Counter()) == 1
    late = Counter()
    assert await add_one(work, late, read=stale) == 1  # decided on the stale reading, lost, then found applied
    assert len(late.seen) == 1 and repository.writes == 1


async def test_no_update_writes_nothing_and_records_no_request() -> None:
    repository, relay = InMemoryRepository(aggregate()), Relay()
    answer = await unit(repository, relay).write(
        ID,
        request_id="R-1",
        actor="a",
        reason="",
        decide=lambda thing: Decision(None, [StringValue(value="never")], "nothing to do"),
        repeated=lambda thing: "repeated",
        not_found=not_found,
    )
    assert answer == "nothing to do"
    assert repository.documents[ID] == aggregate() and repository.events == [] and relay.hints == []


async def test_an_empty_update_records_the_request_id_and_the_events() -> None:
    repository, relay = InMemoryRepository(aggregate()), Relay()
    work = unit(repository, relay, subject_key=lambda thing: thing["region"])
    for _ in range(2):
        await work.write(
            ID,
            request_id="event:E-1",
            actor="system",
            reason="",
            decide=lambda thing: Decision({}, [StringValue(value="noted")], None),
            repeated=lambda thing: None,
            not_found=not_found,
        )
    stored = repository.documents[ID]
    assert (stored["version"], stored["applied_requests"], stored["count"]) == (5, ["event:E-1"], 0)
    [event] = repository.events
    assert event["key"] == "411731" and relay.hints == [("things", [ID])]


async def test_a_write_without_events_tells_the_relay_only_when_asked_to() -> None:
    for always, hints in ((False, []), (True, [("things", [ID])])):
        repository, relay = InMemoryRepository(aggregate()), Relay()
        await unit(repository, relay, notify_without_events=always).write(
            ID,
            request_id="R-1",
            actor="a",
            reason="",
            decide=lambda thing: Decision({"$inc": {"count": 2}}, [], None),
            repeated=lambda thing: None,
            not_found=not_found,
        )
        assert repository.documents[ID]["count"] == 2 and relay.hints == hints
        assert "outbox" not in repository.documents[ID]


async def test_a_refusal_of_decide_writes_nothing() -> None:
    repository = InMemoryRepository(aggregate())

    def refuse(thing: Document) -> Decision[None]:
        raise FailedPrecondition("THING_CLOSED", "closed")

    with pytest.raises(DomainError) as refused:
        await unit(repository).write(
            ID, request_id="R-1", actor="a", reason="", decide=refuse, repeated=lambda t: None, not_found=not_found
        )
    assert refused.value.reason == "THING_CLOSED"
    assert repository.documents[ID] == aggregate()


async def test_check_runs_on_every_reading_before_a_repeat_is_answered() -> None:
    repository = InMemoryRepository(aggregate(applied_requests=["R-1"]))

    def check(thing: Document) -> None:
        raise FailedPrecondition("NOT_YOURS", "not yours")

    with pytest.raises(DomainError) as refused:
        await add_one(unit(repository), Counter(), check=check)
    assert refused.value.reason == "NOT_YOURS"


async def test_a_missing_record_is_the_callers_not_found_or_is_created() -> None:
    repository = InMemoryRepository()
    with pytest.raises(DomainError) as refused:
        await add_one(unit(repository), Counter())
    assert refused.value.reason == "THING_NOT_FOUND"

    created: list[str] = []

    async def create() -> int | None:
        if not created:  # the first insert loses to another writer's, which is then decided upon
            created.append("lost")
            repository.add(aggregate(count=10))
            return None
        raise AssertionError("not called again: the record exists")

    assert await add_one(unit(repository), Counter(), create=create) == 11


async def test_decide_may_read_elsewhere_before_deciding() -> None:
    repository = InMemoryRepository(aggregate())

    async def decide(thing: Document) -> Decision[str]:
        return Decision({"$set": {"count": 5}}, [], "read and decided")

    answer = await unit(repository).write(
        ID, request_id="R-1", actor="a", reason="", decide=decide, repeated=lambda t: "again", not_found=not_found
    )
    assert answer == "read and decided" and repository.documents[ID]["count"] == 5


async def test_annotate_sees_the_update_with_the_events_made_for_it() -> None:
    repository = InMemoryRepository(aggregate())

    def name_the_event(update: Document, events: list[dict[str, Any]]) -> None:
        update["$push"]["items"]["event_id"] = events[0]["event_id"]

    await unit(repository, annotate=name_the_event).write(
        ID,
        request_id="R-1",
        actor="a",
        reason="",
        decide=lambda thing: Decision({"$push": {"items": {"what": "x"}}}, [StringValue(value="x")], None),
        repeated=lambda thing: None,
        not_found=not_found,
    )
    [item] = repository.documents[ID]["items"]
    assert item == {"what": "x", "event_id": repository.events[0]["event_id"]}


def test_the_in_memory_update_operators_follow_mongodb() -> None:
    document: Document = {"a": {"b": 1}, "list": [{"x": 1}, {"x": 2}], "gone": 1}
    apply_update(
        document,
        {
            "$set": {"a.c": 2, "list.1.x": 3},
            "$inc": {"a.b": 4, "n": 1},
            "$push": {"list": {"$each": [{"x": 4}]}, "new": 5},
            "$unset": {"gone": ""},
        },
    )
    assert document == {"a": {"b": 5, "c": 2}, "list": [{"x": 1}, {"x": 3}, {"x": 4}], "new": [5], "n": 1}

"""Writing and reading a synthetic population as JSON lines: the county first, then one resident a line."""

from __future__ import annotations

import codecs
import json
import multiprocessing
import queue as queue_module
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from pension_synthetic.records import County, ResidentRecord
from pension_synthetic.residents import LANES, ResidentLane, iter_residents

_BATCH = 500  # residents per write, and per message from a worker process
_QUEUE_DEPTH = 16  # messages in flight per worker: bounds memory whatever the size


@dataclass(frozen=True, slots=True)
class PopulationSummary:
    """What a write produced, for the one-line report."""

    residents: int = 0
    pensioners: int = 0
    contributions: int = 0
    special_group_members: int = 0

    def __add__(self, other: PopulationSummary) -> PopulationSummary:
        return PopulationSummary(
            self.residents + other.residents,
            self.pensioners + other.pensioners,
            self.contributions + other.contributions,
            self.special_group_members + other.special_group_members,
        )


def county_json_line(county: County) -> str:
    """The county as one line of compact JSON (no newline)."""
    return json.dumps(county.to_json_dict(), ensure_ascii=False, separators=(",", ":"))


class _Counter:
    __slots__ = ("contributions", "members", "pensioners", "residents")

    def __init__(self) -> None:
        self.residents = self.pensioners = self.contributions = self.members = 0

    def lines(self, residents: Iterable[ResidentRecord]) -> Iterator[str]:
        for resident in residents:
            self.residents += 1
            self.contributions += len(resident.contributions)
            if resident.pension is not None:
                self.pensioners += 1
            if resident.special_groups:
                self.members += 1
            yield resident.to_json_line()

    def summary(self) -> PopulationSummary:
        return PopulationSummary(self.residents, self.pensioners, self.contributions, self.members)


def write_residents(residents: Iterable[ResidentRecord], out: IO[str]) -> PopulationSummary:
    """Write each resident as one JSON line, in one process."""
    counter = _Counter()
    batch: list[str] = []
    for line in counter.lines(residents):
        batch.append(line)
        if len(batch) == _BATCH:
            batch.append("")
            out.write("\n".join(batch))
            batch.clear()
    if batch:
        batch.append("")
        out.write("\n".join(batch))
    return counter.summary()


def write_population(county: County, seed: int, out: IO[str], *, workers: int = 1) -> PopulationSummary:
    """Write the residents of `county` for `seed` as JSON lines, generating in up to LANES processes.

    The lines are the same, in the same order, whatever the number of workers: each worker generates
    whole lanes (see ResidentLane) and this process writes their villages in county order.
    """
    workers = max(1, min(workers, LANES))
    if workers == 1:
        return write_residents(iter_residents(county, seed, county.size, county.reference_date), out)
    context = multiprocessing.get_context("spawn")
    queues = [context.Queue(maxsize=_QUEUE_DEPTH) for _ in range(workers)]
    processes = [
        context.Process(target=_lane_worker, args=(county, seed, worker, workers, queues[worker]), daemon=True)
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    write = _bytes_writer(out)
    try:
        for number in range(len(county.villages)):
            worker = number % LANES % workers
            while True:
                village, data, last = _receive(queues[worker], processes[worker])
                if village != number:
                    raise RuntimeError(f"worker {worker} sent village {village}, expected {number}")
                write(data)
                if last:
                    break
        summary = PopulationSummary()
        for worker in range(workers):
            summary += _receive(queues[worker], processes[worker])
        for process in processes:
            process.join()
        return summary
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()


def _bytes_writer(out: IO[str]) -> Callable[[bytes], object]:
    """Write UTF-8 bytes from the workers straight to a UTF-8 text file's buffer, else decode them."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or encoding is None or codecs.lookup(encoding).name != "utf-8":
        return lambda data: out.write(data.decode("utf-8"))
    out.flush()
    return buffer.write  # type: ignore[no-any-return]


def _receive(source: Any, process: Any) -> Any:
    """The next message of a worker; raises if the worker failed or died."""
    while True:
        try:
            message = source.get(timeout=1.0)
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError(f"population worker exited with code {process.exitcode}") from None
            continue
        if isinstance(message, str):
            raise RuntimeError(f"population worker failed:\n{message}")
        return message


def _lane_worker(county: County, seed: int, worker: int, workers: int, sink: Any) -> None:
    """In a worker process: generate the villages of the lanes `worker` owns, send them as UTF-8."""
    try:
        lanes = {
            lane: ResidentLane(county, seed, county.reference_date, lane)
            for lane in range(LANES)
            if lane % workers == worker
        }
        counter = _Counter()
        for number in range(len(county.villages)):
            lane = lanes.get(number % LANES)
            if lane is None:
                continue
            batch: list[str] = []
            for line in counter.lines(lane.residents_of(number)):
                batch.append(line)
                if len(batch) == _BATCH:
                    batch.append("")
                    sink.put((number, "\n".join(batch).encode(), False))
                    batch = []
            batch.append("")
            sink.put((number, "\n".join(batch).encode() if len(batch) > 1 else b"", True))
        sink.put(counter.summary())
    except BaseException:
        sink.put(traceback.format_exc())
        raise


def read_population(lines: Iterable[str]) -> tuple[County | None, Iterator[ResidentRecord]]:
    """Parse JSON lines written by the CLI: the county (None if it was written elsewhere) and residents."""
    iterator = iter(lines)
    county: County | None = None
    first: str | None = next(iterator, None)
    if first is not None:
        data = json.loads(first)
        if data.get("type") == "county":
            county = County.from_json_dict(data)
            first = None

    def residents() -> Iterator[ResidentRecord]:
        if first is not None:
            yield ResidentRecord.from_json_dict(json.loads(first))
        for line in iterator:
            if line.strip():
                yield ResidentRecord.from_json_dict(json.loads(line))

    return county, residents()

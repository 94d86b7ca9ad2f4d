"""Leases in MongoDB: which instance of a service runs a singleton job now, with expiry, so a killed holder's lapses.

One document per job in the `leases` collection (`_id` = the job's name): `holder` (who has it, or None),
`expires_at`, and `completed` (the last day the job finished, an ISO date, so that instances that did not run it
know it is done). A lease is taken with one conditional write (free, expired, or already mine); the first take of a
job, when no document exists yet, is an insert that races on the `_id` unique index (a DuplicateKeyError means
someone else has it). The holder renews it every ttl/3 while the job runs; a renewal that finds it lost cancels the
job, which then stops without recording anything (the job must be idempotent: the next holder runs it again).

Times are the kit's clock (`pension_kit.clock`, each host's NTP-synchronised UTC clock), not the database's: the
database's clock is only readable through `$$NOW` in pipeline updates, which FerretDB (the local database) does not
run, and a lease of a minute is far longer than the skew between synchronised hosts. Every comparison of
`expires_at` is made with one clock per write, so skew can at worst shorten or lengthen a lease by the skew.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.clock import now_to_millisecond
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS, Document

log = logging.getLogger(__name__)

LEASES = "leases"
DEFAULT_TTL = timedelta(seconds=60)

T = TypeVar("T")


class LeaseLost(Exception):
    """The lease was taken by another instance (or could not be renewed before it expired) while the job ran."""


def holder_id(host: str | None = None, pid: int | None = None, nonce: str | None = None) -> str:
    """Who holds a lease: the host (the pod's name in Kubernetes), the process and a random part, so that two
    processes on a host, or a process restarted with the same pid, are never taken for one another."""
    return f"{host or socket.gethostname()}:{pid if pid is not None else os.getpid()}:{nonce or secrets.token_hex(4)}"


@dataclass(frozen=True)
class Leases:
    """The leases of one service's database; one `Leases` per process (its holder id names the process)."""

    database: AsyncDatabase[Document]
    ttl: timedelta = DEFAULT_TTL
    holder: str = field(default_factory=holder_id)
    clock: Callable[[], datetime] = now_to_millisecond

    def lease(self, name: str) -> Lease:
        return Lease(self.database[LEASES], name, ttl=self.ttl, holder=self.holder, clock=self.clock)


class Lease:
    """The lease of the job `name`, as seen by the holder `holder`."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        name: str,
        *,
        ttl: timedelta,
        holder: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.collection = collection
        self.name = name
        self.ttl = ttl
        self.holder = holder
        self._clock = clock
        self._expires_at: datetime | None = None  # as last written by this holder

    async def acquire(self) -> bool:
        """Takes the lease if it is free, expired or already this holder's; False if another instance holds it."""
        now = self._clock()
        expires_at = now + self.ttl
        result = await self.collection.update_one(
            {"_id": self.name, "$or": [{"holder": None}, {"expires_at": {"$lte": now}}, {"holder": self.holder}]},
            {"$set": {"holder": self.holder, "expires_at": expires_at}},
        )
        if result.matched_count == 0:
            try:
                await self.collection.insert_one({"_id": self.name, "holder": self.holder, "expires_at": expires_at})
            except DuplicateKeyError:
                return False  # it exists, and the conditional write above found it held by someone else
        self._expires_at = expires_at
        return True

    async def renew(self) -> bool:
        """Pushes the expiry one ttl on; False if the lease is no longer this holder's."""
        expires_at = self._clock() + self.ttl
        result = await self.collection.update_one(
            {"_id": self.name, "holder": self.holder}, {"$set": {"expires_at": expires_at}}
        )
        if result.matched_count == 1:
            self._expires_at = expires_at
            return True
        return False

    async def release(self) -> None:
        """Frees the lease if it is still this holder's (another instance may take it at once)."""
        await self.collection.update_one(
            {"_id": self.name, "holder": self.holder}, {"$set": {"holder": None, "expires_at": self._clock()}}
        )
        self._expires_at = None

    async def record_completed(self, day: date) -> bool:
        """Records that the job finished the run of `day`; only the holder may (False if it lost the lease)."""
        result = await self.collection.update_one(
            {"_id": self.name, "holder": self.holder}, {"$set": {"completed": day.isoformat()}}
        )
        return result.matched_count == 1

    async def completed(self) -> date | None:
        """The last day whose run finished, by whichever instance."""
        document = await self.collection.find_one({"_id": self.name}, {"completed": 1})
        recorded = (document or {}).get("completed")
        return date.fromisoformat(recorded) if recorded else None

    async def run_while_held(self, work: Callable[[], Awaitable[T]]) -> T:
        """Runs `work`, renewing the lease every ttl/3; raises LeaseLost (after cancelling `work`) if it is lost.

        The lease is not released here: the caller records what was done, then releases it.
        """
        running = asyncio.ensure_future(work())
        lost = asyncio.Event()
        renewing = asyncio.create_task(self._renew_until_lost(running, lost), name=f"lease-{self.name}")
        try:
            return await running
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if lost.is_set() and not (current is not None and current.cancelling()):
                raise LeaseLost(f"lease {self.name} lost while its job ran") from None
            raise
        finally:
            renewing.cancel()
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    async def _renew_until_lost(self, running: asyncio.Future[T], lost: asyncio.Event) -> None:
        interval = self.ttl.total_seconds() / 3
        while True:
            await asyncio.sleep(interval)
            try:
                if await self.renew():
                    continue
                log.warning("lease %s was taken by another instance; stopping its job", self.name)
            except DATABASE_UNAVAILABLE_ERRORS:
                # Keep trying while the lease is still ours by its expiry; past it, another may have taken it.
                if self._expires_at is not None and self._clock() < self._expires_at:
                    log.warning("renewing lease %s failed; trying again", self.name, exc_info=True)
                    continue
                log.warning("lease %s expired while the database was out of reach; stopping its job", self.name)
            lost.set()
            running.cancel()
            return

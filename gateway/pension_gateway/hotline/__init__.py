"""The 12333 hotline's API (/hotline/v1): verify a caller, then read what they ask about, and open tickets."""

from __future__ import annotations

from fastapi import APIRouter
from pymongo.asynchronous.database import AsyncDatabase

from pension_gateway.hotline import calls, tickets, verification
from pension_kit.mongo import Document

router = APIRouter()
router.include_router(verification.router)
router.include_router(calls.router)
router.include_router(tickets.router)


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The hotline's collections (caller verification attempts and locks) and their indexes."""
    await verification.prepare(database)

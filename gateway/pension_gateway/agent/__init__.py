"""The village agent's phone API (/agent/v1): sign-in on a registered device, the agent's villages and residents,
the work an agent records (online or offline, through sync), and proof of life."""

from __future__ import annotations

from fastapi import APIRouter
from pymongo.asynchronous.database import AsyncDatabase

from pension_gateway.agent import proof, reads, session, sync, writes
from pension_kit.mongo import Document

router = APIRouter()
router.include_router(session.router)
router.include_router(reads.router)
router.include_router(proof.router)
router.include_router(writes.router)
router.include_router(sync.router)


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The agent API's collections and their indexes, made when the gateway starts."""
    await session.prepare(database)
    await sync.prepare(database)

"""Offline sync: operations an agent recorded without a connection, applied in order, each at most once."""

from __future__ import annotations

from fastapi import APIRouter
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document

router = APIRouter(tags=["agent: offline sync"])


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The synced operations' collection and its indexes."""

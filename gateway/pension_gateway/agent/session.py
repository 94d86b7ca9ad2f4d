"""Agent sign-in on a registered device: short-lived access tokens, refresh tokens, and devices an officer revokes."""

from __future__ import annotations

from fastapi import APIRouter
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document

router = APIRouter(tags=["agent: sign-in"])


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The devices' and refresh tokens' collections and their indexes."""

"""What an agent reads on the phone: their villages, residents, cash owed, certification tasks and notices."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["agent: villages and residents"])

"""What an agent records online: enrolments, changes, cash contributions, visits and death reports."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["agent: recording"])

"""Rate limits per agent, per device and per hotline client, answered with 429 and Retry-After."""

from __future__ import annotations

from fastapi import Request


async def agent_rate_limit(request: Request) -> None:
    """Counts a request to /agent/v1 against the agent's and the device's limits."""


async def hotline_rate_limit(request: Request) -> None:
    """Counts a request to /hotline/v1 against the hotline client's limit."""

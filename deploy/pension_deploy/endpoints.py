"""What the local stack hands the demo loader: where everything listens, and how progress is reported.

Its own module so that stack.py (which starts the processes, then loads the demo) and demo.py (which loads it)
share these types without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Prints one line of progress for the developer.
Say = Callable[[str], None]


@dataclass(frozen=True)
class Endpoints:
    """Where everything listens, and the environment every process got; handed to the demo loader."""

    gateway_url: str
    kafka_bootstrap_servers: str
    mongo_uri: str
    service_addresses: Mapping[str, str]
    run_dir: Path
    environment: Mapping[str, str] = field(default_factory=dict)
    # The gateway's signing key: the demo loader signs in its loader and the demo users with it.
    token_signing_key: str = ""

    @property
    def docs_url(self) -> str:
        return f"{self.gateway_url}/docs"

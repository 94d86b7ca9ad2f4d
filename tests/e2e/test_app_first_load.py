"""The phone app as built by `make install` (web/dist) loads within its budget: the files a phone fetches for /app/
before the first screen, as the gateway sends them (gzip), add up to at most 300 KB, and none is from outside."""

from __future__ import annotations

from pension_gateway.app_size import BUDGET_BYTES, first_load, report
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app


async def test_the_built_apps_first_load_is_within_its_budget_and_all_from_the_gateway() -> None:
    # An unbuilt app answers 503 "run make install", which first_load raises with.
    fetched, outside = await first_load(create_app(GatewaySettings()))

    assert outside == []
    kinds = {f.path.rsplit(".", 1)[-1] for f in fetched}
    assert {"js", "css", "webmanifest"} <= kinds, report(fetched)
    assert sum(f.wire_bytes for f in fetched) <= BUDGET_BYTES, report(fetched)

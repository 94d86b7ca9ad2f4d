"""Runs the gateway (`python -m pension_gateway`), or mints a bearer token (`python -m pension_gateway token ...`)."""

from __future__ import annotations

import argparse
import sys

import uvicorn

from pension_gateway.auth import mint_token
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app
from pension_kit.config import load_settings
from pension_kit.identity import Caller, Role
from pension_kit.logs import configure_logging
from pension_kit.telemetry import configure_telemetry


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pension_gateway")
    commands = parser.add_subparsers(dest="command")
    token = commands.add_parser("token", help="mint a bearer token for a user (operators and demos)")
    token.add_argument("--user", required=True)
    token.add_argument("--role", required=True, choices=[r.value for r in Role])
    token.add_argument("--villages", default="", help="comma-separated 12-digit village codes (agents)")
    args = parser.parse_args(argv)
    settings = load_settings(GatewaySettings)
    if args.command == "token":
        caller = Caller(args.user, Role(args.role), frozenset(v for v in args.villages.split(",") if v))
        sys.stdout.write(mint_token(settings.session_key, caller, settings.token_ttl_seconds) + "\n")
        return
    configure_logging(settings.service_name, settings.log_level)
    configure_telemetry(settings.service_name)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # keep our JSON logging with the personal-data filter
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()

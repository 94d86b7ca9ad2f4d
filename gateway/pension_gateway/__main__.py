"""Runs the gateway (`python -m pension_gateway`), and its operators' commands: users, keys, development tokens.

    python -m pension_gateway                                   serve HTTP
    python -m pension_gateway users add officer-1 --role county_officer [--villages V,...] [--password-stdin]
    python -m pension_gateway users passwd officer-1 [--password-stdin]
    python -m pension_gateway users disable officer-1 | enable officer-1 | list
    python -m pension_gateway keys new --kid 2026-12            a new signing key and its public JWK
    python -m pension_gateway token --user agent-1 --role village_agent --villages V   development only

`users` writes to the gateway's own database (PENSION_MONGO_URI); a password is asked for on the terminal, or
read from the first line of standard input with --password-stdin, never taken from the command line (which
other users of the machine can see).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys

import uvicorn

from pension_gateway.auth import USERS, UserStore, check_user_id, issue_token
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app
from pension_kit.config import Environment, load_settings
from pension_kit.errors import DomainError
from pension_kit.identity import Caller, Role
from pension_kit.logs import configure_logging
from pension_kit.mongo import create_client
from pension_kit.telemetry import configure_telemetry
from pension_kit.tokens import SigningKey, TokenSigner, public_key_set


def _villages(text: str) -> frozenset[str]:
    return frozenset(v.strip() for v in text.split(",") if v.strip())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


async def _users(settings: GatewaySettings, args: argparse.Namespace) -> None:
    client = create_client(settings)
    try:
        users = UserStore(client[settings.database_name][USERS])
        if args.action == "add":
            await users.add(check_user_id(args.user_id), Role(args.role), _villages(args.villages), args.password)
            sys.stdout.write(f"user {args.user_id} added ({args.role})\n")
        elif args.action == "passwd":
            await users.set_password(args.user_id, args.password)
            sys.stdout.write(f"password of {args.user_id} changed\n")
        elif args.action in ("disable", "enable"):
            await users.set_disabled(args.user_id, args.action == "disable")
            sys.stdout.write(f"user {args.user_id} {args.action}d\n")
        else:
            for user in await users.list():
                state = "disabled" if user.get("disabled") else "active"
                villages = ",".join(user.get("villages", []))
                sys.stdout.write(f"{user['_id']}\t{user['role']}\t{state}\t{villages}\n")
    finally:
        await client.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pension_gateway")
    commands = parser.add_subparsers(dest="command")

    users = commands.add_parser("users", help="the users who may sign in")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create a user")
    add.add_argument("user_id")
    add.add_argument("--role", required=True, choices=[r.value for r in Role if r is not Role.SYSTEM])
    add.add_argument("--villages", default="", help="comma-separated 12-digit village codes (village agents)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd = actions.add_parser("passwd", help="set a user's password")
    passwd.add_argument("user_id")
    passwd.add_argument("--password-stdin", action="store_true")
    for name in ("disable", "enable"):
        actions.add_parser(name, help=f"{name} a user's sign-in").add_argument("user_id")
    actions.add_parser("list", help="every user, with role, state and villages")

    keys = commands.add_parser("keys", help="signing keys")
    key_actions = keys.add_subparsers(dest="action", required=True)
    new = key_actions.add_parser("new", help="print a new Ed25519 signing key (private JWK) and its public JWKS")
    new.add_argument("--kid", required=True, help="the key's id, e.g. the month it starts signing: 2026-12")

    token = commands.add_parser("token", help="mint a token without sign-in (development and test stacks only)")
    token.add_argument("--user", required=True)
    token.add_argument("--role", required=True, choices=[r.value for r in Role if r is not Role.SYSTEM])
    token.add_argument("--villages", default="", help="comma-separated 12-digit village codes (agents)")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "keys":
        key = SigningKey.generate(args.kid)
        sys.stdout.write(
            "# PENSION_TOKEN_SIGNING_KEY (the gateway only; keep it secret):\n"
            f"{key.private_jwk()}\n"
            "# its public JWK, to add to every process's PENSION_TOKEN_PUBLIC_KEYS JWKS:\n"
            f"{json.dumps(key.public_jwk())}\n"
            "# a JWKS with this key alone:\n"
            f"{public_key_set([key])}\n"
        )
        return
    settings = load_settings(GatewaySettings)
    if args.command == "token":
        if settings.env is Environment.PRODUCTION:
            raise SystemExit("token: refused in production; users sign in with POST /v1/auth/token")
        caller = Caller(args.user, Role(args.role), _villages(args.villages))
        signer = TokenSigner(settings.signing_key(), issuer=settings.token_issuer)
        sys.stdout.write(issue_token(signer, caller, settings.token_ttl_seconds) + "\n")
        return
    if args.command == "users":
        if args.action in ("add", "passwd"):
            args.password = _password(args.password_stdin)
        try:
            asyncio.run(_users(settings, args))
        except DomainError as error:
            sys.stderr.write(f"refused: {error.reason} ({error.field}): {error.message}\n")
            raise SystemExit(2) from None
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

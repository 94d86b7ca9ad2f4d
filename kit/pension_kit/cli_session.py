"""An officer's sign-in for the command lines: a token from the gateway's sign-in, kept in a file only they can read."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Final

from pension_kit.tokens import bearer_metadata

TOKEN_FILE_VARIABLE: Final = "PENSION_TOKEN_FILE"
GATEWAY_VARIABLE: Final = "PENSION_GATEWAY_URL"
DEFAULT_GATEWAY: Final = "http://127.0.0.1:8000"


class SignInError(Exception):
    """Sign-in did not give a token (refused, or the gateway could not be reached); the message says which."""


def default_token_file() -> Path:
    configured = os.environ.get(TOKEN_FILE_VARIABLE)
    return Path(configured) if configured else Path.home() / ".config" / "pension-platform" / "token"


def sign_in(gateway_url: str, user_id: str, password: str, *, timeout: float = 30.0) -> str:
    """The token the gateway issues for a user name and password (POST /v1/auth/token)."""
    request = urllib.request.Request(
        f"{gateway_url.rstrip('/')}/v1/auth/token",
        data=json.dumps({"user_id": user_id, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return str(json.load(response)["access_token"])
    except urllib.error.HTTPError as error:
        try:
            problem = json.load(error)
            reason = f"{problem.get('code', error.code)}: {problem.get('title', '')}"
        except ValueError:
            reason = f"HTTP {error.code}"
        raise SignInError(f"sign-in refused: {reason}") from None
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        raise SignInError(f"the gateway at {gateway_url} did not answer the sign-in: {error}") from None


def save_token(path: Path, token: str) -> None:
    """Writes the token readable by its owner only (the folder too): it is the officer's identity until it expires."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(token + "\n")
    os.chmod(path, 0o600)


def load_metadata(path: Path) -> tuple[tuple[str, str], ...]:
    """The call metadata of the signed-in officer; SignInError when nobody signed in with this file."""
    try:
        token = path.read_text().strip()
    except FileNotFoundError:
        raise SignInError(f"not signed in (no token in {path}); run the login command first") from None
    if not token:
        raise SignInError(f"not signed in ({path} is empty); run the login command first")
    return bearer_metadata(token)

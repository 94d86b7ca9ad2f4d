"""The gateway's token check with a memory of tokens already verified: a phone sends the same token all day, and
checking its Ed25519 signature again on every request was the largest single cost of a request in the gateway."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

import jwt

from pension_kit.identity import Caller
from pension_kit.tokens import CLOCK_LEEWAY_SECONDS, TokenVerifier

# Tokens remembered at most (a few hundred bytes each); the least recently used are forgotten first.
MAX_REMEMBERED: Final = 20_000


class VerifiedTokens:
    """TokenVerifier's `verify`, answered from memory for a token it verified before, until that token expires.

    Only tokens that passed the full check are remembered, keyed by the whole token, so a remembered answer is the
    one the check gave; a refused token is checked again each time (the rate limits bound how often). A token is
    forgotten when it expires, with the verifier's own clock leeway, so an expired token is refused as before."""

    def __init__(
        self,
        verifier: TokenVerifier,
        *,
        capacity: int = MAX_REMEMBERED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier = verifier
        self._capacity = capacity
        self._clock = clock
        self._remembered: OrderedDict[str, tuple[Caller, float]] = OrderedDict()

    def verify(self, token: str) -> Caller:
        remembered = self._remembered.get(token)
        if remembered is not None:
            caller, expires = remembered
            if self._clock() < expires:
                self._remembered.move_to_end(token)
                return caller
            del self._remembered[token]
        caller = self._verifier.verify(token)  # raises Unauthenticated as before
        # The expiry the check just accepted; read without checking the signature again, which it did.
        claims = jwt.decode(token, options={"verify_signature": False})
        self._remembered[token] = (caller, float(claims["exp"]) + CLOCK_LEEWAY_SECONDS)
        if len(self._remembered) > self._capacity:
            self._remembered.popitem(last=False)
        return caller

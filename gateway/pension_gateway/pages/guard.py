"""The last check before a notice leaves the gateway: no personal number in the clear, no name left unmasked.

The supervision service masks every identifier of a notice; this is defence in depth, so that a bug there (or a
new field filled with a raw value) shows as a refused page instead of a citizen ID number on a village wall.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from pension_kit.masking import MASK, PersonalNumberKind, personal_numbers_in

log = logging.getLogger(__name__)


class UnmaskedPersonalData(Exception):
    """A page would show a personal number or an unmasked name; it carries only the kinds found, never the data."""

    def __init__(self, page: str, kinds: Iterable[str]) -> None:
        self.page = page
        self.kinds = sorted(set(kinds))
        super().__init__(f"the {page} would show unmasked personal data: {', '.join(self.kinds)}")


def check_page_text(page: str, text: str) -> None:
    """Raise UnmaskedPersonalData when `text` holds a full citizen ID, bank card or mobile number (digits inside a
    hexadecimal id or token, joined to its letters, are not one: personal_numbers_in)."""
    kinds: list[PersonalNumberKind] = personal_numbers_in(text, within_identifiers=False)
    if kinds:
        refuse(page, kinds)


def check_masked_fields(page: str, masked: Iterable[tuple[str, str]]) -> None:
    """Raise UnmaskedPersonalData when a field meant to be masked (name, ID number) has no mask in it.

    `masked` pairs each field's name with its value; an empty value is allowed (nothing is shown).
    """
    unmasked = [field for field, value in masked if value and MASK not in value]
    if unmasked:
        refuse(page, unmasked)


def refuse(page: str, kinds: Iterable[str]) -> None:
    error = UnmaskedPersonalData(page, kinds)
    # The kinds only: the number itself must not reach the log either.
    log.error("refused to serve a %s: it would show unmasked %s", page, ", ".join(error.kinds))
    raise error

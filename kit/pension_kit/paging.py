"""Cursor paging of list RPCs: one rule for page sizes (default 100, at most 1,000)."""

from __future__ import annotations

from typing import Final

from pension_kit.errors import InvalidArgument

DEFAULT_PAGE_SIZE: Final = 100
MAX_PAGE_SIZE: Final = 1000


def page_size(requested: int) -> int:
    """The page size to use: 0 means the default; a negative or too large size is refused."""
    if not 0 <= requested <= MAX_PAGE_SIZE:
        raise InvalidArgument(
            "PAGE_SIZE_INVALID",
            f"page_size must be 0 to {MAX_PAGE_SIZE}, not {requested}",
            field="page_size",
            message_zh=f"每页条数应在0到{MAX_PAGE_SIZE}之间",
        )
    return requested or DEFAULT_PAGE_SIZE

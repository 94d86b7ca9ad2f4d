"""The pages' HTML: Jinja templates beside this module, escaped by default, with the shared stylesheet inlined."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES: Final = Path(__file__).parent / "templates"
# The officers' pages (pension_gateway.office) are rendered by the same environment: one stylesheet, one escaping.
OFFICE_TEMPLATES: Final = Path(__file__).parent.parent / "office" / "templates"

# Served with every page: the page may use its own inline styles and data: images, and nothing else, so even a
# mistake in a template cannot make a village's browser fetch anything from outside the gateway.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader([TEMPLATES, OFFICE_TEMPLATES]),
        autoescape=select_autoescape(["j2", "html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The stylesheet goes inside the page (<style>), not behind a link: a printed or saved page keeps its look.
    environment.globals["stylesheet"] = (TEMPLATES / "pages.css").read_text(encoding="utf-8")
    return environment


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)

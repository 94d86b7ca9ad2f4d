"""The layering every service keeps: domain rules reach no transport, database or contract; the kit, no service."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where each first-party top-level package lives.
PACKAGES = {
    "pension_kit": ROOT / "kit" / "pension_kit",
    **{
        f"pension_{name}": ROOT / "services" / name / f"pension_{name}"
        for name in ("enrolment", "payout", "verification", "supervision")
    },
}
# What a domain module may not reach, directly or through the modules it imports: transports, the database,
# contracts, and the face model's libraries (only verification's adapters/face_model.py loads dlib, numpy, Pillow).
ADAPTER_PACKAGES: tuple[str, ...] = (
    "grpc",
    "grpc_status",
    "grpc_health",
    "pymongo",
    "bson",
    "aiokafka",
    "google",
    "pension",
)
ADAPTER_PACKAGES += ("dlib", "numpy", "PIL")


def _module_file(module: str) -> Path | None:
    top, _, rest = module.partition(".")
    base = PACKAGES.get(top)
    if base is None:
        return None
    path = base.joinpath(*rest.split(".")) if rest else base
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@cache
def _reached(module: str) -> frozenset[str]:
    """Every module `module` imports, following first-party modules transitively."""
    seen: set[str] = set()
    pending = [module]
    while pending:
        path = _module_file(pending.pop())
        if path is None:
            continue
        for imported in _imports(path):
            if imported not in seen:
                seen.add(imported)
                pending.append(imported)
    return frozenset(seen)


def _module_name(path: Path) -> str:
    for top, base in PACKAGES.items():
        if path.is_relative_to(base):
            parts = path.relative_to(base).with_suffix("").parts
            return ".".join((top, *(p for p in parts if p != "__init__")))
    raise AssertionError(path)


def test_no_domain_module_reaches_grpc_the_database_kafka_or_a_generated_contract() -> None:
    offences = {}
    for base in PACKAGES.values():
        for path in sorted(base.glob("domain/**/*.py")):
            name = _module_name(path)
            bad = sorted(m for m in _reached(name) if m.split(".")[0] in ADAPTER_PACKAGES)
            if bad:
                offences[name] = bad
    assert offences == {}


def test_the_kit_imports_no_service() -> None:
    services = tuple(top for top in PACKAGES if top != "pension_kit")
    offences = {
        _module_name(path): sorted(m for m in _imports(path) if m.split(".")[0] in services)
        for path in sorted(PACKAGES["pension_kit"].glob("**/*.py"))
    }
    assert {name: bad for name, bad in offences.items() if bad} == {}


def test_the_kit_imports_no_services_contract() -> None:
    contracts = ("pension.enrolment", "pension.payout", "pension.verification", "pension.supervision")
    offences = {
        _module_name(path): sorted(m for m in _imports(path) if m.startswith(contracts))
        for path in sorted(PACKAGES["pension_kit"].glob("**/*.py"))
    }
    assert {name: bad for name, bad in offences.items() if bad} == {}


# Within a service the layers point inward: entrypoints -> service_layer -> adapters/domain -> domain.
LAYERS_BELOW = {
    "domain": ("domain",),
    "adapters": ("domain", "adapters"),
    "service_layer": ("domain", "adapters", "service_layer"),
}


def test_each_layer_of_a_service_imports_only_the_layers_beneath_it() -> None:
    offences = {}
    for top, base in PACKAGES.items():
        if top == "pension_kit":
            continue
        for layer, allowed in LAYERS_BELOW.items():
            for path in sorted(base.glob(f"{layer}/**/*.py")):
                own = [m for m in _imports(path) if m.startswith(f"{top}.")]
                bad = sorted(
                    {m for m in own if m.split(".")[1] in ("domain", "adapters", "service_layer", "entrypoints")}
                    - {m for m in own if m.split(".")[1] in allowed}
                )
                if bad:
                    offences[_module_name(path)] = bad
    assert offences == {}

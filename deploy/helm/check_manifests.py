"""Validates rendered Kubernetes objects offline and prints a JSON report; run with the deploy checks' own Python.

    <cache>/deploy-checks/venv/bin/python deploy/helm/check_manifests.py RENDERED.yaml --crd CRD.yaml ...

Core objects are validated strictly (unknown fields refused) against the Kubernetes API's JSON schemas that the
PyPI package kubernetes-validate ships, for the given Kubernetes version. A custom resource whose CRD file is given
is validated against that CRD's openAPIV3Schema (JSON Schema, draft 4 as OpenAPI 3.0 uses it); the report lists any
other custom resource as `unchecked` for the caller to check by structure. The report: {"objects": [{"kind", "name",
"apiVersion"}], "errors": ["Kind/name: message"], "unchecked": ["Kind/name"]}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped, import-not-found, unused-ignore]  # in the checks' venv
import kubernetes_validate  # type: ignore[import-untyped, import-not-found, unused-ignore]
import yaml  # type: ignore[import-untyped]


def _crd_schemas(paths: list[Path]) -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the openAPIV3Schema of each served version of each CRD."""
    schemas: dict[tuple[str, str], dict[str, Any]] = {}
    for path in paths:
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served", True):
                    schemas[(f"{group}/{version['name']}", kind)] = version["schema"]["openAPIV3Schema"]
    return schemas


def _errors_against(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft4Validator(schema)
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def check(rendered: Path, crds: list[Path], kubernetes_version: str) -> dict[str, list[Any]]:
    schemas = _crd_schemas(crds)
    report: dict[str, list[Any]] = {"objects": [], "errors": [], "unchecked": []}
    for document in yaml.safe_load_all(rendered.read_text(encoding="utf-8")):
        if not document:
            continue
        kind, api_version = document.get("kind", "?"), document.get("apiVersion", "?")
        name = document.get("metadata", {}).get("name", "?")
        report["objects"].append({"kind": kind, "name": name, "apiVersion": api_version})
        where = f"{kind}/{name}"
        if (api_version, kind) in schemas:
            report["errors"] += [f"{where}: {e}" for e in _errors_against(schemas[(api_version, kind)], document)]
            continue
        try:
            kubernetes_validate.validate(document, kubernetes_version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            report["unchecked"].append(where)
        except kubernetes_validate.ValidationError as exc:
            # It copies jsonschema's error: the path into the object and a one-line message.
            path = ".".join(str(p) for p in exc.absolute_path) or "(root)"
            report["errors"].append(f"{where}: {path}: {exc.message}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rendered", type=Path)
    parser.add_argument("--crd", type=Path, action="append", default=[])
    parser.add_argument("--kubernetes-version", default="1.34.0")
    args = parser.parse_args()
    report = check(args.rendered, args.crd, args.kubernetes_version)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

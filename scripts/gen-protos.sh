#!/usr/bin/env bash
# Regenerates the checked-in Python code (messages, .pyi stubs, gRPC stubs) from protos/.
#
# The code is generated into a temporary folder and replaces protos/gen/pension only when generation
# succeeded, so a failure (a syntax error, a missing tool) leaves the checked-in tree as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
out=protos/gen
work="$(mktemp -d "${TMPDIR:-/tmp}/gen-protos.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mapfile -t files < <(cd protos && find pension -name '*.proto' | sort)
scripts/uv.sh run --frozen python -m grpc_tools.protoc -I protos \
  --python_out="$work" --pyi_out="$work" --grpc_python_out="$work" "${files[@]}"
# Every generated folder is a regular package so that mypy and hatch see one tree.
: > "$work/pension/py.typed"  # the package ships its types (PEP 561)
find "$work/pension" -type d -exec sh -c 'for d; do [ -f "$d/__init__.py" ] || : > "$d/__init__.py"; done' _ {} +
# Swap the new tree in; files of protos that no longer exist go with the old tree.
rm -rf "$out/pension.old"
[ -d "$out/pension" ] && mv "$out/pension" "$out/pension.old"
mv "$work/pension" "$out/pension"
rm -rf "$out/pension.old"

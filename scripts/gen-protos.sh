#!/usr/bin/env bash
# Regenerates the checked-in Python code (messages, .pyi stubs, gRPC stubs) from protos/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=protos/gen
find "$out/pension" -name '*_pb2*.py*' -delete 2>/dev/null || true
mapfile -t files < <(cd protos && find pension -name '*.proto' | sort)
uv run --frozen python -m grpc_tools.protoc -I protos \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" "${files[@]}"
# Every generated folder is a regular package so that mypy and hatch see one tree.
find "$out/pension" -type d -exec sh -c 'for d; do [ -f "$d/__init__.py" ] || : > "$d/__init__.py"; done' _ {} +

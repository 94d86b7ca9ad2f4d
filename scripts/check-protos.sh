#!/usr/bin/env bash
# Checks the protobuf contracts: generated code is current, buf lint is clean, nothing breaks main's contracts.
#
# PROTOS_AGAINST names the git ref to compare against (default: main, then origin/main).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

# 1. The checked-in generated code must be exactly what the generator makes from the .proto files.
scripts/gen-protos.sh
drift="$(git status --porcelain --untracked-files=all -- protos/gen)"
if [ -n "$drift" ]; then
  echo "check-protos: generated code in protos/gen differs from the .proto files:" >&2
  echo "$drift" >&2
  echo "check-protos: run make protos and commit" >&2
  exit 1
fi
echo "check-protos: generated code is current"

buf="$(scripts/install-buf.sh)"

# 2. Lint (STANDARD rules plus COMMENTS: every message, field, enum value, service and RPC is commented)
#    and formatting (buf format).
"$buf" lint protos
if ! "$buf" format --diff --exit-code protos; then
  echo "check-protos: .proto files are not in buf's format; run: \"\$(scripts/install-buf.sh)\" format -w protos" >&2
  exit 1
fi
echo "check-protos: buf lint and format clean"

# 2b. Every event (each message of an events.proto) must be in the topic catalogue provincial systems read.
missing=""
for file in protos/pension/*/v1/events.proto; do
  for event in $(sed -n 's/^message \([A-Za-z0-9_]*\) .*/\1/p' "$file"); do
    grep -q "\`$event\`" docs/topics.md || missing="$missing $event"
  done
done
if [ -n "$missing" ]; then
  echo "check-protos: events missing from docs/topics.md:$missing" >&2
  exit 1
fi
echo "check-protos: every event is in docs/topics.md"

# 3. Breaking changes (FILE rules) against main's contracts.
against="${PROTOS_AGAINST:-main}"
commit=""
for candidate in "$against" "origin/$against"; do
  if commit="$(git rev-parse --verify --quiet "$candidate^{commit}")"; then
    break
  fi
  commit=""
done
if [ -z "$commit" ] && git remote get-url origin >/dev/null 2>&1; then
  # A shallow single-branch clone (as some CI systems make) lacks main: fetch just its tip.
  if git fetch --quiet --depth=1 origin "+refs/heads/$against:refs/remotes/origin/$against" 2>/dev/null; then
    commit="$(git rev-parse --verify --quiet "origin/$against^{commit}" || true)"
  fi
fi
if [ -z "$commit" ]; then
  echo "check-protos: no ref '$against' (nor origin/$against) in this clone; breaking check skipped"
  exit 0
fi
against_files="$(git ls-tree -r --name-only "$commit" -- protos/pension)"
if ! grep -q '\.proto$' <<<"$against_files"; then
  echo "check-protos: $against ($commit) has no .proto files yet; breaking check skipped"
  exit 0
fi
# On main itself this compares main with itself, which passes.
"$buf" breaking protos --against "$root/.git#ref=$commit,subdir=protos"
echo "check-protos: no breaking change against $against (${commit:0:12})"

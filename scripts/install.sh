#!/usr/bin/env bash
# Installs what the project needs (uv, Python packages, Kafka, FerretDB, buf) into the cache folder, Debian's
# chromium, and builds the phone app (scripts/install-web.sh); idempotent, quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tools the installs below need; all are named at once so that one round of apt-get fixes them.
missing=()
if command -v java >/dev/null 2>&1; then
  # `java -version` prints e.g. 'openjdk version "17.0.15"' (or "1.8.0_392" before Java 9) on stderr.
  java_version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)"
  java_major="${java_version%%.*}"
  [ "$java_major" = "1" ] && java_major="$(echo "$java_version" | cut -d. -f2)"
  if ! [ "${java_major:-0}" -ge 17 ] 2>/dev/null; then
    missing+=("java 17+ (found ${java_version:-an unreadable version}; Kafka 4 needs 17)")
  fi
else
  missing+=("java 17+ (Kafka; e.g. apt-get install openjdk-17-jre-headless)")
fi
command -v mvn >/dev/null 2>&1 || missing+=("mvn (fetches Kafka's jars; apt-get install maven)")
command -v go >/dev/null 2>&1 || missing+=("go (builds FerretDB)")
command -v npm >/dev/null 2>&1 || missing+=("npm (installs buf, builds the phone app in web/; apt-get install npm)")
if [ "${#missing[@]}" -gt 0 ]; then
  for tool in "${missing[@]}"; do echo "install: missing $tool" >&2; done
  exit 1
fi

scripts/uv.sh sync --frozen --quiet
deploy/local/install-kafka.sh >/dev/null
deploy/local/install-ferretdb.sh >/dev/null
scripts/install-web.sh
if [ -f scripts/install-buf.sh ]; then
  bash scripts/install-buf.sh >/dev/null
else
  echo "install: scripts/install-buf.sh is not there yet; skipping buf (protos cannot be linted)" >&2
fi

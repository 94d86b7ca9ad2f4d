#!/usr/bin/env bash
# Installs buf (protobuf lint and breaking-change checks) once from npm's @bufbuild/buf; prints the binary's path.
set -euo pipefail
BUF_VERSION="${BUF_VERSION:-1.75.0}"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
home="$CACHE/buf-$BUF_VERSION"
bin="$home/node_modules/.bin/buf"
if [ -f "$home/.complete" ] && [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v npm >/dev/null || { echo "install-buf: npm is not on PATH" >&2; exit 1; }
rm -rf "$home.tmp" && mkdir -p "$home.tmp"
# The package's postinstall picks the platform's binary from an optional dependency, so keep optionals on.
npm install --prefix "$home.tmp" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$BUF_VERSION" >&2
"$home.tmp/node_modules/.bin/buf" --version >/dev/null
touch "$home.tmp/.complete"
rm -rf "$home" && mv "$home.tmp" "$home"
echo "$bin"

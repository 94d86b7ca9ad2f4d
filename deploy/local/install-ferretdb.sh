#!/usr/bin/env bash
# Builds FerretDB (SQLite storage, pure Go) once into the cache folder through the Go module proxy.
set -euo pipefail
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
home="$CACHE/ferretdb-$FERRETDB_VERSION"
if [ -x "$home/bin/ferretdb" ]; then
  echo "$home/bin/ferretdb"
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: go is not on PATH" >&2; exit 1; }
rm -rf "$home.tmp" && mkdir -p "$home.tmp"
# A plain `go install` builds a binary that panics at start (a git-ignored version file,
# FerretDB issue #2982); building from a wrapper module that requires FerretDB avoids it.
(
  cd "$home.tmp"
  go mod init local/fdb >&2 2>/dev/null
  go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$FERRETDB_VERSION" >&2
  CGO_ENABLED=0 go build -o bin/ferretdb github.com/FerretDB/FerretDB/cmd/ferretdb >&2
)
rm -rf "$home" && mv "$home.tmp" "$home"
echo "$home/bin/ferretdb"

#!/usr/bin/env bash
# Builds FerretDB (SQLite storage, pure Go) once into the cache folder through the Go module proxy; prints the binary.
set -euo pipefail
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
here="$(cd "$(dirname "$0")" && pwd)"
patches=("$here/ferretdb-createindexes.patch" "$here/ferretdb-update-batch.patch" "$here/ferretdb-id-pushdown.patch"
  "$here/ferretdb-serialize-writes.patch" "$here/ferretdb-id-in-pushdown.patch" "$here/ferretdb-no-iterator-stacks.patch"
  "$here/ferretdb-field-pushdown.patch")
patches_hash="$(cat "${patches[@]}" | sha256sum | cut -c1-16)"
# One folder per recipe (version and patches): the cache is shared by every clone and worktree, and one on
# another set of patches would otherwise rebuild over this binary, and this one over its.
home="$CACHE/ferretdb-$FERRETDB_VERSION-$patches_hash"
# The marker holds the recipe too, so a build cut short (no marker) is redone.
recipe="ferretdb-$FERRETDB_VERSION $patches_hash"
if [ "$(cat "$home/.complete" 2>/dev/null)" = "$recipe" ] && [ -x "$home/bin/ferretdb" ]; then
  echo "$home/bin/ferretdb"
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: go is not on PATH" >&2; exit 1; }
command -v patch >/dev/null || command -v git >/dev/null \
  || { echo "install-ferretdb: neither patch nor git is on PATH (apt-get install patch)" >&2; exit 1; }
echo "install-ferretdb: building FerretDB $FERRETDB_VERSION into $home (once; about two minutes)" >&2
rm -rf "$home.tmp" && mkdir -p "$home.tmp/bin"
# FerretDB's build/version package panics at start unless build/version/version.txt exists, and that
# file is git-ignored, so neither `go install ...@version` nor a wrapper module that requires FerretDB
# works (FerretDB issue #2982; with Go 1.24+ a tool built from a wrapper module still reports
# FerretDB as its main module, which is what triggers the check). So take the module's source from
# the Go module proxy, add the version file its own `task gen-version` would write, and build it.
(
  cd "$home.tmp"
  dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "install-ferretdb: go mod download gave no source folder" >&2; exit 1; }
  cp -R "$dir" src && chmod -R u+w src
  echo "$FERRETDB_VERSION" >src/build/version/version.txt
  # Three bugs and three limits of 1.24.2 that our services hit, fixed in its source, and one cost:
  # - ferretdb-createindexes.patch: createIndexes with several indexes that all exist already panics
  #   the connection ("slice bounds out of range" in validateIndexesForCreation, FerretDB issue
  #   #3858), and every service re-creates its indexes at start.
  # - ferretdb-update-batch.patch: an update command with 100 or more statements (a bulk_write of
  #   UpdateOne, as the outbox relay sends) keeps every statement's query open until the end and so
  #   holds all 100 SQLite connections of the database while waiting for one more: that database
  #   hangs until FerretDB restarts.
  # - ferretdb-id-pushdown.patch: _id lookups scanned the whole table: the query wrote the _id path
  #   as ->'$._id' while the _id index is on ->'_id', so SQLite never used the index; and a filter was
  #   narrowed to its _id only when _id was its only key, so every conditional update ({_id, version})
  #   scanned too. Now a filter with an _id equality reads one row through the index (the handler
  #   still applies the whole filter to it).
  # - ferretdb-serialize-writes.patch: update and findAndModify read a document, change it in Go and
  #   write it back with no compare, so concurrent updates of one document lost writes and two
  #   conditional updates ({_id, version: n}) could both succeed. They now run one at a time.
  # - ferretdb-id-in-pushdown.patch: a filter with _id: {$in: [...]} read the whole table, so a
  #   resident's payments, found by their ids, took about 110 s among 100,000 payments (the hotline's
  #   route timed out). When every value is a string or ObjectID the query now reads those rows through
  #   the _id index (_id IN (?, ...), in the same function as the equality above, for find and explain
  #   alike): a fraction of a second. A list longer than SQLite's limit on bound parameters (32766) is
  #   read as before, and an empty list reads nothing.
  # - ferretdb-no-iterator-stacks.patch: resource.Track, called for every iterator (several per document
  #   a scan returns: converting it to BSON walks each nested document and array with one), added the
  #   object to a pprof profile, which captures the caller's stack each time: about a tenth of a scan's
  #   CPU, for a leak-debugging profile. Only FerretDB's debug builds keep that profile now; the finalizer
  #   that reports a leaked object stays.
  # - ferretdb-field-pushdown.patch: a filter on any field but _id read the whole table, and FerretDB
  #   decoded every row before comparing it (a village's residents, a run's payments, a subject's audit
  #   entries: a whole-collection read per request). Each top-level equality to a string now goes into
  #   the SQL query, written as the field's index expression, so SQLite answers it from the index when
  #   there is one and skips the other rows before FerretDB decodes them when there is none; a row whose
  #   field is an array is kept for the handler to compare (MongoDB's equality matches an element).
  for p in "${patches[@]}"; do
    if command -v patch >/dev/null; then patch -s -p1 -d src <"$p" >&2; else git -C src apply "$p" >&2; fi
  done
  cd src
  CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -o ../bin/ferretdb ./cmd/ferretdb >&2
)
"$home.tmp/bin/ferretdb" --version >/dev/null || { echo "install-ferretdb: the built binary does not start" >&2; exit 1; }
rm -rf "$home.tmp/src"
echo "$recipe" >"$home.tmp/.complete"
rm -rf "$home" && mv "$home.tmp" "$home"
echo "$home/bin/ferretdb"

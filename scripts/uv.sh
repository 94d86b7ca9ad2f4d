#!/usr/bin/env bash
# Runs uv with the given arguments; installs the pinned uv into the cache folder first if none works here.
set -euo pipefail
UV_VERSION="${UV_VERSION:-0.13.9}"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
# A pyenv shim answers `command -v uv` even when the active Python has no uv, so ask it to run.
if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  exec uv "$@"
fi
home="$CACHE/uv-$UV_VERSION"
if ! [ -x "$home/bin/uv" ]; then
  python="$(command -v python3 || true)"
  [ -n "$python" ] || { echo "uv.sh: neither uv nor python3 is on PATH" >&2; exit 1; }
  echo "uv.sh: installing uv $UV_VERSION into $home (once)" >&2
  rm -rf "$home.tmp"
  # A virtual environment of its own, not `pip install --user`: Debian's system Python refuses --user
  # installs (PEP 668), and a venv keeps uv's version pinned whatever else the user installs.
  if "$python" -m venv "$home.tmp" >/dev/null 2>&1; then
    "$home.tmp/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2
  else
    # python3-venv missing (plain Debian Python): pip can still install into a prefix of our own.
    rm -rf "$home.tmp"
    "$python" -m pip install --quiet --disable-pip-version-check --prefix "$home.tmp" "uv==$UV_VERSION" >&2 \
      || { echo "uv.sh: could not install uv (needs python3 with venv or pip)" >&2; exit 1; }
  fi
  [ -x "$home.tmp/bin/uv" ] || { echo "uv.sh: uv $UV_VERSION installed no bin/uv" >&2; exit 1; }
  rm -rf "$home" && mv "$home.tmp" "$home"
fi
exec "$home/bin/uv" "$@"

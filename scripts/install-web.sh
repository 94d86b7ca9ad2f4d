#!/usr/bin/env bash
# Installs what the agents' phone app needs and builds it: Debian's chromium and a Chinese font (browser tests,
# screenshots) when missing, then `npm ci` and `npm run build` in web/ when web/'s files changed since the last
# build. Idempotent; quiet when there is nothing to do. Called by scripts/install.sh (`make install`).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"

# --- Debian packages: the browser the tests drive (never a downloaded one) and CJK glyphs for its pages ---
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || packages+=(fonts-noto-cjk)
if [ "${#packages[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
  fi
  if ! command -v apt-get >/dev/null 2>&1 || [ "$sudo" = "none" ]; then
    # Only the browser tests and the screenshots need them; those tests are skipped, saying why.
    echo "install-web: please install ${packages[*]} (Debian packages); the browser tests are skipped without them" >&2
  else
    echo "install-web: installing ${packages[*]} with apt-get (once)" >&2
    log="$(mktemp)"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "install-web: apt-get could not install ${packages[*]}" >&2
      exit 1
    fi
    rm -f "$log"
  fi
fi

# --- the app: rebuilt when any of web/'s own files (not node_modules/ or dist/) or Node's version changed ---
[ -f web/package.json ] || exit 0 # a checkout from before the app
sources_hash() {
  {
    node --version
    find web -mindepth 1 \( -path web/node_modules -o -path web/dist -o -type d -path 'web/.*' \) -prune -o -type f -print \
      | LC_ALL=C sort | while IFS= read -r file; do
        printf '%s\n' "$file"
        sha256sum <"$file"
      done
  } | sha256sum | cut -d' ' -f1
}
# One stamp per checkout (the cache folder is shared by every clone on the machine), holding the hash it built.
stamp="$CACHE/web-build/$(printf '%s' "$PWD" | sha256sum | cut -c1-16)"
wanted="$(sources_hash)"
if [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && [ -f web/dist/index.html ] && [ -d web/node_modules ]; then
  exit 0
fi
echo "install-web: building the phone app in web/ (npm ci, npm run build)" >&2
mkdir -p "$(dirname "$stamp")"
rm -f "$stamp"
log="$(mktemp)"
if ! (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build) >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  rm -f "$log"
  echo "install-web: the phone app did not build (above: the last lines of npm's output)" >&2
  exit 1
fi
rm -f "$log"
printf '%s\n' "$wanted" >"$stamp"

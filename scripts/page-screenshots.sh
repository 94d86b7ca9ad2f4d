#!/usr/bin/env bash
# Screenshots of the notice board page (printed, A4) and the disclosure page, in headless Chromium, into
# docs/screenshots/. Installs Debian's chromium, a CJK font and poppler-utils (pdftoppm) first if missing.
# Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
exec scripts/uv.sh run --frozen python -m pension_gateway.pages.screenshots --out docs/screenshots "$@"

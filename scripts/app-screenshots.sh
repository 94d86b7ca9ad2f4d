#!/usr/bin/env bash
# Screenshots of the phone app's main screens at 360x780 into docs/screenshots/app-*.png, from the stack `make up`
# runs (with the demo county), in Debian's headless Chromium driven by Playwright (tests/e2e/app_screenshots.py).
# Not part of `make test`. Arguments: [--gateway URL] [--out FOLDER] [--run-dir FOLDER].
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-web.sh # chromium and the CJK font, and the app built as the gateway serves it
PYTHONPATH=tests exec scripts/uv.sh run --frozen python -m e2e.app_screenshots "$@"

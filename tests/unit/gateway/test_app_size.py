"""The first-load measure of the phone app (pension_gateway.app_size) on a built folder made here: it follows what the
shell and the manifest name, counts the bytes the gateway sends (gzip-encoded where it compresses), and reports
any file named from outside the gateway."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from pension_gateway.app_size import BUDGET_BYTES, first_load, report
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app

SCRIPT = "export function render() { return '村协理员'; }\n" * 300
SHELL = """<!doctype html><html lang="zh-CN"><head>
<link rel="manifest" href="./manifest.webmanifest"><link rel="icon" href="./icon-192.png">
<script type="module" crossorigin src="/app/assets/index-B2x9.js"></script>
<link rel="modulepreload" href="/app/assets/preact-D1a2.js"><link rel="stylesheet" href="/app/assets/index-C7q1.css">
<link rel="prefetch" href="/app/assets/later-E3b4.js"></head><body><div id="app"></div></body></html>"""
MANIFEST = {"name": "城乡居保", "icons": [{"src": "icon-192.png"}, {"src": "/app/icon-512.png"}]}


def built(folder: Path, shell: str = SHELL) -> Path:
    files = {
        "index.html": shell.encode(),
        "manifest.webmanifest": json.dumps(MANIFEST).encode(),
        "icon-192.png": b"\x89PNG" + bytes(range(256)) * 4,
        "icon-512.png": b"\x89PNG" + bytes(range(256)) * 8,
        "assets/index-B2x9.js": SCRIPT.encode(),
        "assets/preact-D1a2.js": b"export const h = 1;\n" * 100,
        "assets/index-C7q1.css": b"body { font-size: 18px; }\n" * 40,
        "assets/later-E3b4.js": b"export const later = 1;\n" * 1000,
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


async def test_the_first_load_is_what_the_shell_and_manifest_name_counted_as_sent(tmp_path: Path) -> None:
    app = create_app(GatewaySettings(app_dir=built(tmp_path)))

    fetched, outside = await first_load(app)

    assert [f.path for f in fetched] == [
        "/app/",
        "/app/manifest.webmanifest",
        "/app/icon-192.png",
        "/app/assets/index-B2x9.js",
        "/app/assets/preact-D1a2.js",
        "/app/assets/index-C7q1.css",
        "/app/icon-512.png",
    ]  # the prefetched chunk is fetched after the first screen, when the phone is idle: not counted
    assert outside == []
    script = next(f for f in fetched if f.path == "/app/assets/index-B2x9.js")
    assert script.plain_bytes == len(SCRIPT.encode())
    # Sent gzip-encoded at the gateway's level: about what gzip makes of it, far less than the file.
    assert abs(script.wire_bytes - len(gzip.compress(SCRIPT.encode(), 6))) < 100
    assert script.wire_bytes < script.plain_bytes / 10
    total = sum(f.wire_bytes for f in fetched)
    assert f"{total:,} B" in report(fetched) and f"budget {BUDGET_BYTES // 1024} KB" in report(fetched)


async def test_a_file_named_from_outside_the_gateway_is_reported(tmp_path: Path) -> None:
    shell = SHELL.replace("</head>", '<script src="https://cdn.example.com/lib.js"></script></head>')
    app = create_app(GatewaySettings(app_dir=built(tmp_path, shell)))

    _, outside = await first_load(app)

    assert outside == ["https://cdn.example.com/lib.js"]

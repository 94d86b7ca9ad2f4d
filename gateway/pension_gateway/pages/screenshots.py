"""Screenshots of the notice board page (as printed, A4) and the disclosure page, in headless Chromium.

Run by scripts/page-screenshots.sh, which installs Debian's chromium, a CJK font and poppler-utils first. The
notice is printed to PDF by Chromium itself (print media: A4, repeated table headers, page numbers) and its
first two pages turned into PNG; the gateway's own PDF (reportlab) has its first page turned into PNG too; the
disclosure page is a screen screenshot. Not part of the tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

from pension_gateway.pages.demo import demo_disclosure, demo_notice
from pension_gateway.pages.disclosure import disclosure_html
from pension_gateway.pages.notice import notice_html, notice_pdf

# Nothing but the local file: no first-run pages, no update checks, no sync, a profile of its own.
_CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
_TIMEOUT_SECONDS: Final = 120


def _chromium(work: Path, *arguments: str) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (scripts/page-screenshots.sh installs it)")
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    subprocess.run(
        [browser, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        check=True,
        timeout=_TIMEOUT_SECONDS,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def notice_screenshots(work: Path, out: Path) -> list[Path]:
    page = work / "notice.html"
    page.write_text(notice_html(demo_notice()), encoding="utf-8")
    pdf = work / "notice-chromium.pdf"
    _chromium(work, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    written = []
    for number, name in ((1, "notice.png"), (2, "notice-page2.png")):
        stem = work / f"notice-{number}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile", pdf, stem],
            check=True,
            timeout=_TIMEOUT_SECONDS,
        )
        target = out / name
        shutil.move(stem.with_suffix(".png"), target)
        written.append(target)
    return written


def notice_pdf_screenshot(work: Path, out: Path) -> Path:
    """The first page of the gateway's own PDF of the notice (reportlab), as a reader's PDF viewer shows it."""
    pdf = work / "notice.pdf"
    pdf.write_bytes(notice_pdf(demo_notice()))
    stem = work / "notice-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
        check=True,
        timeout=_TIMEOUT_SECONDS,
    )
    target = out / "notice-pdf.png"
    shutil.move(stem.with_suffix(".png"), target)
    return target


def disclosure_screenshot(work: Path, out: Path) -> Path:
    page = work / "disclosure.html"
    page.write_text(disclosure_html(demo_disclosure()), encoding="utf-8")
    target = out / "disclosure.png"
    _chromium(work, f"--screenshot={target}", "--window-size=900,2450", page.as_uri())
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    arguments = parser.parse_args(argv)
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="page-screenshots-") as directory:
        work = Path(directory)
        written = [*notice_screenshots(work, out), notice_pdf_screenshot(work, out), disclosure_screenshot(work, out)]
    for path in written:
        sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()

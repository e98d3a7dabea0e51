"""PDF of the deliverable HTML through the system Chromium (Debian `chromium`), never a download."""

from __future__ import annotations

import asyncio
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import ExportError

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "install it with `sudo apt-get install chromium` or set NBKIT_CHROMIUM"


def find_chromium() -> Path:
    """NBKIT_CHROMIUM, /usr/bin/chromium, or `chromium` on PATH; else ExportError with the fix."""
    env = os.environ.get("NBKIT_CHROMIUM")
    if env:
        if Path(env).is_file():
            return Path(env)
        raise ExportError(f"NBKIT_CHROMIUM={env} is not a file; {INSTALL_HINT}")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ExportError(f"no Chromium found to write the PDF; {INSTALL_HINT}")


def html_to_pdf(html: str, executable: Path | None = None) -> bytes:
    """Print the page to a tagged A4 PDF with every network request refused."""
    executable = executable or find_chromium()
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print(html, executable)
    # Inside a kernel (the Export button) this thread runs an asyncio loop, and Playwright's
    # sync API refuses to start in one: print from a worker thread instead.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, executable).result()


def _print(html: str, executable: Path) -> bytes:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise ExportError("PDF export needs Playwright: pip install playwright") from None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)
            try:
                page = browser.new_page(java_script_enabled=False, offline=True)
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="load")
                # tagged: a structure tree (headings, lists, tables, alt text) for screen
                # readers; outline: bookmarks from the headings.
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin=_MARGIN,  # type: ignore[arg-type]
                    tagged=True,
                    outline=True,
                )
            finally:
                browser.close()
    except Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(f"Chromium at {executable} could not print the PDF: {first}") from None


_MARGIN = {"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"}

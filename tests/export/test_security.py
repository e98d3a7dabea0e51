"""Nothing a student typed becomes live markup: static checks, then a real Chromium."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest

from nbkit.export.api import export_lesson

pytestmark = pytest.mark.export
CHROMIUM = "/usr/bin/chromium"  # the Debian package the kit documents
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "footer", "section", "div",
    "h1", "h2", "h3", "h4", "p", "b", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
    "figure", "img", "figcaption", "strong", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRS = {"charset", "http-equiv", "content", "name", "lang", "class", "id", "src", "alt",
                 "style", "scope", "aria-label"}  # fmt: skip


def _inert_picture(url: str) -> bool:
    """A PNG, or an SVG drawn from numbers and fixed words only (an <img> runs no SVG script,
    and the kit puts no student text into one)."""
    if url.startswith("data:image/png;base64,"):
        return True
    prefix = "data:image/svg+xml;base64,"
    if not url.startswith(prefix):
        return False
    svg = base64.b64decode(url[len(prefix) :]).decode("utf-8")
    return not re.search(r"<script|\son\w+=|href|<foreignObject|url\(", svg, re.IGNORECASE)


def _check_markup(markup: str, parse) -> None:
    parsed = parse(markup)
    tags = {t for t, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert not parsed.comments
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert name in ALLOWED_ATTRS, (tag, name)
            if name == "src":
                assert tag == "img" and _inert_picture(value or "")
    assert sum(t == "style" for t, _ in parsed.tags) <= 1


def test_html_has_no_live_payload(simulated_student, html_parse, html_text, payloads):
    (path,) = export_lesson(formats=["html"])
    markup = path.read_text(encoding="utf-8")
    _check_markup(markup, html_parse)
    page = html_text(markup)
    for payload in payloads:  # each payload is on the page as text, every character of it
        assert payload.split("\n")[0] in page
    # Escaped, the payloads are inert text; these raw forms must not appear anywhere.
    for live in ("<script", "<svg", "<img src=x", "<iframe", "<!--", 'onerror="', "<a "):
        assert live not in markup.lower()


def test_ipynb_outputs_are_static(simulated_student, html_parse):
    (path,) = export_lesson(formats=["ipynb"])
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                _check_markup(output.data["text/html"], html_parse)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs the Debian chromium package")
def test_chromium_fires_no_dialog_and_sends_no_request(simulated_student):
    from playwright.sync_api import sync_playwright

    from nbkit.export.pdf import LAUNCH_ARGS

    (path,) = export_lesson(formats=["html"])
    # Without its Content-Security-Policy: escaping alone must keep the page inert.
    bare = path.with_name("no-csp.html")
    bare.write_text(re.sub(r"<meta http-equiv[^>]*>", "", path.read_text("utf-8")), "utf-8")
    dialogs, requests = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()  # JavaScript ON: a live payload would run
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.route("http*://**/*", lambda route: route.abort())
            page.goto(bare.as_uri(), wait_until="load")
            page.mouse.move(200, 300)
            page.wait_for_timeout(500)
            assert page.evaluate("document.scripts.length") == 0
            assert (
                page.evaluate("document.querySelectorAll('iframe,svg,a,link,object').length") == 0
            )
            text = page.inner_text("body")
            # The harness itself can see a live payload (so this test can fail).
            page.set_content("<img src=x onerror=\"alert('probe')\">")
            page.wait_for_timeout(300)
        finally:
            browser.close()
    assert dialogs == ["probe"]
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert "<script>alert('script')</script>" in text

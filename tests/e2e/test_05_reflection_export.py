"""05_reflection in a real browser: drafted reflections, the Export button, and the exported
HTML opened in the browser: answers visible, a script payload shown as text, no dialog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nbkit.content import load_lesson

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "05_reflection.ipynb"
PAYLOAD = "<script>alert('xss')</script> <img src=x onerror=alert('img')>"
SLACK = (
    "This week I learned that networking is a habit, not an event, and that short honest "
    f"messages with two time options get answers. {PAYLOAD} Next I will message my mentor."
)
FREE_TEXT = ("short", "long")  # shown as typed; choices are shown by their labels
EXPORT_TIMEOUT_MS = 180_000  # nbconvert imports and a PDF through Chromium, on 2 busy cores


def test_reflection_and_export(open_notebook, context, store, lab, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    slack = nb.field("reflection.slack")
    expect(slack).to_have_value("")  # running never writes an answer: a draft is a button
    slack.fill(f"Too short {PAYLOAD}")
    expect(nb.message("reflection.slack")).to_contain_text("Write at least 20 words")
    slack.fill(SLACK)
    expect(nb.saved("reflection.slack")).to_be_visible()
    store.wait_for("reflection.slack", SLACK)

    if_then = nb.field("reflection.if_then")
    if_then.fill("If it is Monday at noon, then I will send one networking message.")
    draft = nb.q("reflection.if_then").locator("xpath=..")  # the draft box around the answer
    draft.locator("button").filter(has_text="Draft it from my answers").click()
    expect(draft).to_contain_text("This answer already has your text.")
    draft.locator("button").filter(has_text="No, keep my text").click()
    expect(draft).to_contain_text("Kept your text.")
    store.wait_for("reflection.if_then", lambda v: v and v.startswith("If it is Monday"))

    box = nb.page.locator(".nbkit-export")
    nb.show(box)
    box.locator("button").filter(has_text="Export my lesson").click()
    expect(box).to_contain_text(re.compile("Still missing|Written to"), timeout=EXPORT_TIMEOUT_MS)
    if box.locator(".nbkit-missing").count():  # asks before handing in an incomplete lesson
        expect(box.locator(".nbkit-missing li").first).to_contain_text(": ")
        box.locator("button").filter(has_text="Export anyway").click()
    links = box.locator("a.nbkit-file")
    expect(links.first).to_be_visible(timeout=EXPORT_TIMEOUT_MS)
    expect(box).not_to_contain_text("not written")
    expect(links).to_have_count(4)  # html, json, ipynb, pdf: names only, no server paths
    assert str(lab.root) not in box.inner_text()
    screenshot("05-reflection-export", nb.page)

    with nb.page.expect_download() as info:
        links.filter(has_text=".html").click()
    html_file = lab.exports / info.value.suggested_filename
    assert Path(info.value.path()).read_bytes() == html_file.read_bytes()  # the link serves it
    for suffix in (".pdf", ".json", ".ipynb"):
        assert html_file.with_suffix(suffix).is_file(), suffix
    assert html_file.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    _check_exported_html(context.new_page(), html_file, store, screenshot)


def _check_exported_html(page, path, store, screenshot):
    page.goto(path.as_uri())
    body = page.locator("body")
    expect(body).to_contain_text(PAYLOAD)  # shown as the characters the student typed
    assert page.locator("script").count() == 0  # the deliverable carries no JavaScript
    assert page.locator("img[src=x]").count() == 0
    shown = " ".join(body.inner_text().split())
    lesson = load_lesson()
    typed = {k: v for k, v in store.strings().items() if lesson.question(k).kind in FREE_TEXT}
    assert "reflection.slack" in typed and "needs.notes_key_ideas" in typed
    for answer_id, value in typed.items():
        first_line = " ".join(value.strip().splitlines()[0].split()) if value.strip() else ""
        if lesson.is_private(answer_id):  # the student's own notes never leave the workspace
            assert first_line not in shown, f"private {answer_id} is in the export"
        else:
            assert first_line in shown, f"{answer_id} not visible in the export: {first_line!r}"
    screenshot("05-export-html", page)
    page.get_by_text("This week I learned").first.scroll_into_view_if_needed()
    screenshot("05-export-html-reflection", page)

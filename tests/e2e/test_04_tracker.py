"""04_tracker in a real browser: add, edit and delete contacts through the form; the row
checks are shown; student text stays text in the table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "04_tracker.ipynb"
PAYLOAD = "<img src=x onerror=alert('tracker')>"


def test_tracker_add_edit_delete(open_notebook, store, lab, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    tracker = nb.page.locator(".nbkit-tracker")
    message = tracker.locator("[role=alert]")
    before = {r["row_id"] for r in store.tracker()}

    def col(key: str, selector: str = "input"):
        return tracker.locator(f".nbkit-col-{key} {selector}")

    def save(expect_text: str) -> None:
        tracker.locator("button").filter(has_text="Save contact").click()
        expect(tracker).to_contain_text(expect_text)

    save("Name is required.")
    expect(message).to_be_visible()

    contacted = lab.today - dt.timedelta(days=2)
    col("name").fill("Grace Hopper")
    col("company").fill("Navy")
    col("goal", "select").select_option(label="Goal #1: mentor")
    col("channel", "select").select_option(label="Video call")
    col("date_contacted").fill(contacted.isoformat())
    col("follow_up_due").fill((contacted - dt.timedelta(days=3)).isoformat())
    col("notes", "textarea").fill(f"Talked about compilers. {PAYLOAD}")
    col("thank_you_sent").check()
    col("status", "select").select_option(label="Met")
    save("Follow-up due is before the date you contacted them.")
    col("follow_up_due").fill((lab.today + dt.timedelta(days=7)).isoformat())
    save("Saved Grace Hopper.")
    grace = _new_row(store, before, "Grace Hopper")
    assert grace["company"] == "Navy" and grace["status"] == "met"
    assert grace["thank_you_sent"] is True and grace["notes"].endswith(PAYLOAD)
    assert grace["date_contacted"] == contacted.isoformat()

    tracker.locator("button").filter(has_text="New contact").click()
    expect(col("name")).to_have_value("")
    col("name").fill("Alan Turing")
    col("company").fill("NPL")
    save("Saved Alan Turing.")
    alan = _new_row(store, before, "Alan Turing")
    table = tracker.locator(".nbkit-table-rows")
    expect(table).to_contain_text("Grace Hopper")
    expect(table).to_contain_text("Alan Turing")
    nb.show(tracker.locator(".nbkit-col-follow_up_due"))  # the buttons and the table below
    screenshot("04-tracker", nb.page)

    pick = tracker.locator("select").first  # "Edit a contact"
    pick.select_option(label="Grace Hopper (Navy)")
    expect(col("name")).to_have_value("Grace Hopper")
    expect(col("notes", "textarea")).to_have_value(f"Talked about compilers. {PAYLOAD}")
    col("company").fill("US Navy")
    save("Saved Grace Hopper.")
    store.wait_tracker(lambda rows: _by_id(rows, grace["row_id"])["company"] == "US Navy")

    pick.select_option(label="Alan Turing (NPL)")
    expect(col("name")).to_have_value("Alan Turing")
    tracker.locator("button").filter(has_text="Delete").first.click()
    tracker.locator("button").filter(has_text="Yes, delete it").click()
    expect(tracker).to_contain_text("Deleted.")
    store.wait_tracker(lambda rows: alan["row_id"] not in {r["row_id"] for r in rows})
    expect(table).not_to_contain_text("Alan Turing")
    expect(table).to_contain_text("US Navy")
    assert nb.page.locator(".nbkit-tracker img").count() == 0  # the payload stayed text

    # The download: written inside the served folder, and the link downloads it in the browser.
    nb.page.locator("button").filter(has_text="Download CSV").click()
    link = nb.page.locator("a.nbkit-file").filter(has_text=".csv")
    with nb.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    csv = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "US Navy" in csv and "Alan Turing" not in csv


def _new_row(store, before: set[str], name: str) -> dict:
    rows = store.wait_tracker(
        lambda rows: any(r["name"] == name and r["row_id"] not in before for r in rows)
    )
    return next(r for r in rows if r["name"] == name and r["row_id"] not in before)


def _by_id(rows: list[dict], row_id: str) -> dict:
    return next((r for r in rows if r["row_id"] == row_id), {})


def test_a_contact_typed_but_not_saved_survives_closing_the_tab(open_notebook, fresh, screenshot):
    name = fresh(NOTEBOOK)
    nb = open_notebook(name)
    nb.run_all()
    tracker = nb.page.locator(".nbkit-tracker")
    tracker.locator(".nbkit-col-name input").fill("Katherine Johnson")
    notes = tracker.locator(".nbkit-col-notes textarea")
    notes.click()
    notes.press_sequentially("Orbital mechanics, NASA", delay=100)
    nb.page.close()  # no "Save contact", no blur, no goodbye

    def drafted(rows):
        form = rows[0]["form"] if rows else {}
        return form.get("notes") == "Orbital mechanics, NASA"

    rows = wait_until(lambda: _drafts(fresh.store), drafted, 30, "the tracker's draft row")
    assert rows[0]["form"]["name"] == "Katherine Johnson"
    assert fresh.store.tracker() == []  # typed, not yet a contact

    again = open_notebook(name)
    again.run_all()
    tracker = again.page.locator(".nbkit-tracker")
    expect(tracker.locator(".nbkit-col-name input")).to_have_value("Katherine Johnson")
    expect(tracker.locator(".nbkit-col-notes textarea")).to_have_value("Orbital mechanics, NASA")
    expect(tracker).to_contain_text("not saved yet")
    again.show(tracker.locator(".nbkit-col-notes"))  # the notes, the buttons, the message
    screenshot("04-tracker-draft-restored", again.page)
    tracker.locator("button").filter(has_text="Save contact").click()
    expect(tracker).to_contain_text("Saved Katherine Johnson.")
    fresh.store.wait_tracker(lambda rows: [r["name"] for r in rows] == ["Katherine Johnson"])
    assert _drafts(fresh.store) == []


def _drafts(store) -> list[dict]:
    rows = store._query("SELECT data FROM rows WHERE table_id = 'tracker.draft'")
    return [json.loads(r[0]) for r in rows]

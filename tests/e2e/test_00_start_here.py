"""00_start_here in a real browser: the profile, its validation messages, the time plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "00_start_here.ipynb"


def test_profile_typed_saved_and_validated(open_notebook, store, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    expect(nb.page.locator(".nbkit-time-plan")).to_be_visible()

    name = nb.q("start.name").locator("input")
    name.fill("Ada Lovelace")
    expect(nb.saved("start.name")).to_be_visible()
    store.wait_for("start.name", "Ada Lovelace")

    # Cleared after being answered: the required message, and the store keeps the blank.
    name.fill("")
    expect(nb.message("start.name")).to_have_text("This one is required.")
    store.wait_for("start.name", "")
    name.fill("x" * 201)
    expect(nb.message("start.name")).to_contain_text("under 200 characters")
    name.fill("Ada Lovelace")
    expect(nb.message("start.name")).to_have_count(0)

    student_id = nb.q("start.student_id").locator("input")
    student_id.fill("ada lovelace")
    expect(nb.message("start.student_id")).to_contain_text("no spaces")
    store.wait_for("start.student_id", "ada lovelace")  # saved anyway: validation never blocks
    nb.show(nb.q("start.name"))
    screenshot("00-start-here-validation", nb.page)
    student_id.fill("ada-lovelace")
    expect(nb.saved("start.student_id")).to_be_visible()

    nb.q("start.cohort").locator("input").fill("2611-BE")
    nb.q("start.slack").locator("input").fill("@ada")
    store.wait_for("start.slack", "@ada")
    assert store.value("start.student_id") == "ada-lovelace"

    summary = nb.page.locator(".nbkit-summary")
    expect(summary).to_contain_text("ada-lovelace")
    expect(summary).to_contain_text("@ada")
    nb.show(nb.q("start.name"))
    screenshot("00-start-here", nb.page)

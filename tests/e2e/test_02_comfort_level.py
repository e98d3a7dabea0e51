"""02_comfort_level in a real browser: the Likert scale by radio groups, the live result and its
picture, saving a take, the formats (multiple choice) and the circumstances note."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "02_comfort_level.ipynb"
# E1..E10 answered with these anchors (1..5); the scoring key reverses E2, E4, E6, E8, E10.
ANSWERS = [4, 2, 5, 1, 4, 2, 3, 2, 4, 3]


def test_likert_result_take_and_formats(open_notebook, store, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    qid = "comfort.ipip"
    result = nb.page.locator(".nbkit-comfort-result")
    expect(result).to_contain_text("Answer all 10 statements")
    save_take = result.locator("button").filter(has_text="Save this take")
    expect(save_take).to_be_disabled()

    for item, anchor in enumerate(ANSWERS[:3], start=1):
        nb.likert(qid, item, anchor)
    expect(nb.message(qid)).to_have_text("3 of 10 statements answered.")
    store.wait_for(qid, {"E1": 4, "E2": 2, "E3": 5})
    nb.show(nb.q(qid))
    screenshot("02-comfort-likert", nb.page)

    for item, anchor in enumerate(ANSWERS[3:], start=4):
        nb.likert(qid, item, anchor)
    expected = {f"E{i}": a for i, a in enumerate(ANSWERS, start=1)}
    store.wait_for(qid, expected)
    expect(nb.saved(qid)).to_be_visible()
    expect(nb.q(qid).locator("input[type=radio]:checked")).to_have_count(10)
    expect(result).to_contain_text("Your score:")
    expect(result.locator("img")).to_be_visible()  # the spectrum picture
    expect(save_take).to_be_enabled()
    save_take.click()
    expect(result).to_contain_text("Saved your take of")
    expect(result).to_contain_text("Your saved takes")
    nb.show(result)
    screenshot("02-comfort-result", nb.page)
    takes = store.events("take", qid)
    assert [t["responses"] for t in takes] == [expected]

    nb.tick("comfort.energizes", "One-to-one calls")
    nb.tick("comfort.energizes", "Pairing")
    nb.tick("comfort.drains", "Conferences")
    store.wait_for("comfort.energizes", ["one_to_one", "pairing"])
    store.wait_for("comfort.drains", ["conference"])
    nb.tick("comfort.drains", "Conferences", on=False)
    expect(nb.message("comfort.drains")).to_have_text("This one is required.")
    nb.tick("comfort.drains", "Group events")
    store.wait_for("comfort.drains", ["group_event"])

    note = nb.field("comfort.circumstances")
    note.fill("Tired after work.")
    expect(nb.message("comfort.circumstances")).to_contain_text("Write at least 8 words")
    note.fill("Evenings are hard while my kids are small, so I prefer short calls.")
    expect(nb.saved("comfort.circumstances")).to_be_visible()
    store.wait_for("comfort.circumstances", lambda v: v and v.endswith("short calls."))

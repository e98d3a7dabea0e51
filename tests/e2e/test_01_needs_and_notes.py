"""01_needs_and_notes in a real browser: text areas, multiple choice, the question list with its
prompt bank, add/remove rows, and every validation message they can show."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "01_needs_and_notes.ipynb"
BANK_PROMPT = "What is the tech industry like?"
MINE = [
    "What did your first year as a backend developer in healthcare look like?",
    "Which skills from teaching carried over best into your engineering work?",
    "How did you find your first mentor after switching careers into software?",
]


def test_notes_needs_and_questions(open_notebook, store, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()

    notes = nb.field("needs.notes_key_ideas")
    notes.fill("Networking is relationships.")
    expect(nb.message("needs.notes_key_ideas")).to_contain_text(
        "Write at least 10 words (so far 3)"
    )
    notes.fill("Networking is about relationships built over time, by giving as much as you take.")
    expect(nb.saved("needs.notes_key_ideas")).to_be_visible()
    store.wait_for("needs.notes_key_ideas", lambda v: v and v.endswith("as you take."))

    nb.tick("needs.needs", "Advice on finding a first developer job")
    nb.tick("needs.needs", "A mentor or role model")
    store.wait_for("needs.needs", ["first_job", "mentorship"])
    nb.tick("needs.needs", "Advice on finding a first developer job", on=False)
    nb.tick("needs.needs", "A mentor or role model", on=False)
    expect(nb.message("needs.needs")).to_have_text("This one is required.")
    store.wait_for("needs.needs", [])
    nb.tick("needs.needs", "A mentor or role model")
    expect(nb.saved("needs.needs")).to_be_visible()

    nb.field("needs.needs_own").fill("I want to hear how people really got their first job.")
    nb.field("needs.background").fill("Ten years teaching chemistry.")
    expect(nb.message("needs.background")).to_contain_text("Write at least 20 words")
    nb.field("needs.career_goals").fill("A backend role in a health company ______ soon.")
    expect(nb.message("needs.career_goals")).to_contain_text("Fill in the blank")
    store.wait_for("needs.career_goals", lambda v: v and "______" in v)

    _questions_from_bank_and_own(nb, store)
    nb.show(nb.q("needs.questions"))
    screenshot("01-needs-questions", nb.page)
    expect(nb.page.locator(".nbkit-summary")).to_contain_text(MINE[0])


def _questions_from_bank_and_own(nb, store):
    qid = "needs.questions"
    nb.q(qid).locator("select").select_option(label=BANK_PROMPT)
    nb.click(qid, "Use this prompt")
    expect(nb.rows(qid).first).to_have_value(BANK_PROMPT)
    expect(nb.message(qid)).to_contain_text("Item 1 is a copy of a suggested prompt")
    expect(nb.message(qid)).to_contain_text("Add at least 3 (so far 1)")
    store.wait_for(qid, [BANK_PROMPT, "", ""])  # three rows to start with (at least 3)

    nb.rows(qid).first.fill(MINE[0])
    nb.rows(qid).nth(1).fill(MINE[1])
    nb.rows(qid).nth(2).fill("Too short")
    expect(nb.message(qid)).to_contain_text("Item 3: make it more specific (at least 6 words)")
    nb.click(qid, "Add a question")
    expect(nb.rows(qid)).to_have_count(4)  # the new row is drawn by the kernel: wait for it
    nb.rows(qid).last.fill(MINE[2])
    nb.rows(qid).nth(1).fill(MINE[0])
    expect(nb.message(qid)).to_contain_text("Two items are the same")
    nb.rows(qid).nth(1).fill(MINE[1])
    store.wait_for(qid, [MINE[0], MINE[1], "Too short", MINE[2]])

    nb.q(qid).locator("button[title='Remove item 3']").click()
    expect(nb.rows(qid)).to_have_count(3)
    expect(nb.saved(qid)).to_be_visible()
    store.wait_for(qid, MINE)

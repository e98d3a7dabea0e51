"""Nothing a student types is lost: page reload, kernel restart, two notebooks answered side by
side, and closing the page while still typing. Each test has its own fresh workspace (a copy of
the notebook whose parameters cell points at it, as papermill would inject it)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from nbkit.store import DB_NAME

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTES = "Networking is about relationships built over time, by giving as much as you take."
QUESTIONS = [
    "What did your first year as a backend developer in healthcare look like?",
    "Which skills from teaching carried over best into your engineering work?",
    "How did you find your first mentor after switching careers into software?",
]
NEEDS = {"first_job": "Advice on finding a first developer job", "mentorship": "A mentor or role"}
LIKERT = [4, 2, 5, 1, 4, 2, 3, 2, 4, 3]
MENTOR = "Suggested Goal #1: Networking with your mentor"
KEY_DELAY_MS = 100


def _answer_needs(nb, store):
    nb.field("needs.notes_key_ideas").fill(NOTES)
    for label in NEEDS.values():
        nb.tick("needs.needs", label)
    for i, text in enumerate(QUESTIONS):
        nb.rows("needs.questions").nth(i).fill(text)
    store.wait_for("needs.notes_key_ideas", NOTES)
    store.wait_for("needs.needs", list(NEEDS))
    store.wait_for("needs.questions", QUESTIONS)


def _see_needs(nb):
    expect(nb.field("needs.notes_key_ideas")).to_have_value(NOTES)
    for label in NEEDS.values():
        box = nb.q("needs.needs").locator(".widget-checkbox").filter(has_text=label)
        expect(box.locator("input")).to_be_checked()
    for i, text in enumerate(QUESTIONS):
        expect(nb.rows("needs.questions").nth(i)).to_have_value(text)
    expect(nb.page.locator(".nbkit-summary")).to_contain_text(QUESTIONS[2])


def test_answers_survive_reload_and_kernel_restart(open_notebook, fresh):
    nb = open_notebook(fresh("01_needs_and_notes.ipynb"))
    nb.run_all()
    _answer_needs(nb, fresh.store)

    nb.reload()  # same kernel, new page: run again and the widgets come back from the store
    nb.run_all()
    _see_needs(nb)

    nb.restart_kernel()  # new kernel: nothing in memory survives, the store does
    nb.run_all()
    _see_needs(nb)
    assert fresh.store.value("needs.questions") == QUESTIONS
    assert fresh.store.value("needs.needs") == list(NEEDS)


def test_two_notebooks_side_by_side(open_notebook, fresh, lab, screenshot):
    comfort = open_notebook(fresh("02_comfort_level.ipynb"))
    goals = open_notebook(fresh("03_goals.ipynb"))
    comfort.run_all()
    goals.run_all()
    soon = f"{lab.today + dt.timedelta(days=2)}T14:30"
    later = f"{lab.today + dt.timedelta(days=4)}T09:00"
    target = (lab.today + dt.timedelta(days=6)).isoformat()

    # Interleaved, as a student switching tabs: two kernels write one workspace.
    for item, anchor in enumerate(LIKERT[:5], start=1):
        comfort.likert("comfort.ipip", item, anchor)
    goals.tick("goals.chosen", MENTOR)
    for item, anchor in enumerate(LIKERT[5:], start=6):
        comfort.likert("comfort.ipip", item, anchor)
    goals.field("goals.mentor.contact_name").fill("Sam Lee")
    comfort.tick("comfort.energizes", "Coffee chats")
    goals.choose("goals.mentor.channel", "Email")
    goals.rows("goals.mentor.time_options", "datetime").nth(0).fill(soon)
    comfort.field("comfort.circumstances").fill("Evenings are hard this month, mornings work well.")
    goals.rows("goals.mentor.time_options", "datetime").nth(1).fill(later)
    goals.q("goals.mentor.target_date").locator("input[type=date]").fill(target)
    goals.tick("goals.mentor.steps", "Message sent")

    expected = {
        "comfort.ipip": {f"E{i}": a for i, a in enumerate(LIKERT, start=1)},
        "comfort.energizes": ["coffee_chat"],
        "comfort.circumstances": "Evenings are hard this month, mornings work well.",
        "goals.chosen": ["mentor"],
        "goals.mentor.contact_name": "Sam Lee",
        "goals.mentor.channel": "email",
        "goals.mentor.time_options": [soon, later],
        "goals.mentor.target_date": target,
        "goals.mentor.steps": ["message_sent"],
    }
    for answer_id, value in expected.items():
        fresh.store.wait_for(answer_id, value)
    goals.show(goals.q("goals.mentor.time_options"))
    screenshot("side-by-side-goals", goals.page)

    for nb in (comfort, goals):
        nb.restart_kernel()
        nb.run_all()
    expect(comfort.q("comfort.ipip").locator("input[type=radio]:checked")).to_have_count(10)
    expect(comfort.field("comfort.circumstances")).to_have_value(expected["comfort.circumstances"])
    expect(goals.field("goals.mentor.contact_name")).to_have_value("Sam Lee")
    expect(goals.q("goals.mentor.channel").locator("input:checked")).to_have_count(1)
    pickers = goals.rows("goals.mentor.time_options", "datetime")
    expect(pickers.nth(0)).to_have_value(soon)
    expect(pickers.nth(1)).to_have_value(later)
    expect(goals.q("goals.mentor.target_date").locator("input")).to_have_value(target)
    for answer_id, value in expected.items():
        assert fresh.store.value(answer_id) == value, answer_id


def test_closing_the_page_while_typing_keeps_the_text(open_notebook, fresh):
    nb = open_notebook(fresh("01_needs_and_notes.ipynb"))
    nb.run_all()
    text = "I taught chemistry for ten years and now I build software."
    box = nb.field("needs.background")
    box.click()
    # Real keystrokes at a fast typist's pace (10 a second), focus kept in the field. At machine
    # speed the tail is lost: ipywidgets keeps one update in flight and buffers the rest until
    # the kernel answers, and that buffer dies with the page (see docs/student-guide.md).
    box.press_sequentially(text, delay=KEY_DELAY_MS)
    nb.page.close()  # no blur, no save, no goodbye
    fresh.store.wait_for("needs.background", text, timeout=30)
    assert (fresh.workspace / DB_NAME).is_file()


# -- saving never lies: a control with nothing behind it is read-only and says so ----------------

STOPPED = "The lesson stopped. Run all cells to continue: your saved answers come back."
EDITABLE = (
    ".jp-OutputArea-output :is(input, textarea, select, button):not([disabled]),"
    ".jp-OutputArea-output .widget-toggle-button:not([disabled])"
)


def _stopped(nb, outputs: int) -> None:
    """Every widget output is read-only, says STOPPED, and no "Saved." is left showing."""
    notes = nb.page.locator(".nbkit-stopped-note")
    expect(notes.first).to_have_text(STOPPED)
    assert notes.count() >= outputs  # one per widget output (a cell's questions share one)
    expect(nb.page.locator(EDITABLE)).to_have_count(0)
    expect(
        nb.page.locator(".nbkit-saved", has_text="Saved.").locator("visible=true")
    ).to_have_count(0)


def _kernel(nb, js: str) -> None:
    # Awaited when it is a promise (shut down); nothing comes back (a kernel future stays there).
    nb.page.evaluate(
        f"async () => {{ await window.jupyterapp.shell.currentWidget.sessionContext.{js}; }}"
    )


def test_restart_makes_every_control_read_only(open_notebook, fresh, screenshot):
    nb = open_notebook(fresh("00_start_here.ipynb"))
    nb.run_all()
    nb.field("start.name").fill("Ada Lovelace")
    expect(nb.saved("start.name")).to_be_visible()
    fresh.store.wait_for("start.name", "Ada Lovelace")

    nb.restart_kernel()  # Kernel > Restart, without Run All
    _stopped(nb, outputs=1)
    expect(nb.field("start.name")).to_be_disabled()
    nb.show(nb.q("start.name"))
    screenshot("stopped-after-restart", nb.page)

    nb.run_all()  # the controls come back, connected, with the saved answer
    expect(nb.page.locator(".nbkit-stopped-note")).to_have_count(0)
    expect(nb.field("start.name")).to_have_value("Ada Lovelace")
    nb.field("start.name").fill("Ada King")
    fresh.store.wait_for("start.name", "Ada King")


def test_a_crash_or_shut_down_makes_every_control_read_only(open_notebook, fresh):
    nb = open_notebook(fresh("00_start_here.ipynb"))
    nb.run_all()
    # A crash: the kernel process exits; the server starts a fresh one with no widgets in it.
    _kernel(nb, "session.kernel.requestExecute({code: 'import os; os._exit(1)'})")
    _stopped(nb, outputs=1)
    nb.wait_idle()
    nb.run_all()
    expect(nb.page.locator(".nbkit-stopped-note")).to_have_count(0)
    nb.field("start.student_id").fill("S-1815")
    fresh.store.wait_for("start.student_id", "S-1815")

    _kernel(nb, "shutdown()")  # Kernel > Shut Down
    _stopped(nb, outputs=1)
    assert fresh.store.value("start.student_id") == "S-1815"


def test_a_reopened_notebook_shows_saved_answers_and_nothing_editable(
    open_notebook, fresh, lab, screenshot
):
    name = fresh("01_needs_and_notes.ipynb")
    nb = open_notebook(name)
    nb.run_all()
    _answer_needs(nb, fresh.store)
    expect(nb.page.locator(".nbkit-summary")).to_contain_text(QUESTIONS[2])
    nb.save()  # what JupyterLab's autosave does every two minutes
    _kernel(nb, "shutdown()")
    nb.page.close()

    again = open_notebook(name)  # reopened before Run All, on a fresh kernel
    page = again.page
    expect(page.locator(".nbkit-summary")).to_contain_text(QUESTIONS[2])  # the saved answers
    expect(page.locator(".nbkit-stopped-note").first).to_have_text(STOPPED)
    expect(page.locator(EDITABLE)).to_have_count(0)
    expect(page.get_by_text("model not found")).to_have_count(0)
    again.show(page.locator(".nbkit-stopped-note").nth(2))
    screenshot("reopened-before-run", page)

    saved = json.loads((lab.notebooks / name).read_text(encoding="utf-8"))
    assert "widgets" not in saved["metadata"], "widget state was saved into the notebook"
    text = json.dumps(saved)
    assert "widget-state" not in text
    assert text.count(QUESTIONS[0]) <= 2, "answers beyond the summary (html + plain text)"

    again.run_all()
    _see_needs(again)

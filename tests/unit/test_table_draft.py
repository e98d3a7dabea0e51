"""A lesson table's form keeps what is typed before Save (its draft row), as real ipywidgets
objects on a real store (no kernel): restored when the cell runs again, dropped once saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.notebook import open_section
from nbkit.progress import minutes_spent

pytestmark = pytest.mark.unit


def tracker(workspace: Path):
    lesson = open_section("tracker", workspace=workspace)
    return lesson, lesson.cell("networking.tracker").editor


def test_typed_but_unsaved_contact_comes_back(tmp_path: Path):
    lesson, editor = tracker(tmp_path)
    editor.inputs["name"].value = "Grace Hopper"
    editor.inputs["notes"].value = "Met at the meetup <b>compilers</b>"
    assert lesson.store.rows("tracker") == []  # not saved: a draft only
    _again, reopened = tracker(tmp_path)  # the cell runs again (new kernel, new widgets)
    assert reopened.inputs["name"].value == "Grace Hopper"
    assert reopened.inputs["notes"].value == "Met at the meetup <b>compilers</b>"
    assert "not saved yet" in reopened.message.value
    reopened.save()
    assert [r["name"] for r in lesson.store.rows("tracker")] == ["Grace Hopper"]
    assert lesson.store.rows("tracker.draft") == []
    _third, clean = tracker(tmp_path)
    assert clean.inputs["name"].value == "" and "not saved yet" not in clean.message.value


def test_an_unsaved_edit_to_a_saved_row_comes_back_on_that_row(tmp_path: Path):
    lesson, editor = tracker(tmp_path)
    editor.inputs["name"].value = "Alan Turing"
    editor.inputs["company"].value = "NPL"
    editor.save()
    row_id = editor.row_id
    editor.inputs["company"].value = "Manchester"
    _again, reopened = tracker(tmp_path)
    assert reopened.row_id == row_id and reopened.pick.value == row_id
    assert reopened.inputs["company"].value == "Manchester"
    assert lesson.store.rows("tracker")[0]["company"] == "NPL"


def test_new_and_picking_a_row_drop_the_draft_only_when_asked(tmp_path: Path):
    lesson, editor = tracker(tmp_path)
    editor.inputs["name"].value = "Ada"
    editor.new_b.click()  # the student clears the form on purpose
    assert editor.inputs["name"].value == "" and lesson.store.rows("tracker.draft") == []
    editor.inputs["name"].value = "Ada"
    editor.inputs["date_contacted"].value = dt.date(2020, 1, 2)
    editor.save()  # refused (a slip of the year): the typing stays, as a draft
    assert "check the year" in editor.message.value
    assert lesson.store.rows("tracker.draft")[0]["form"]["name"] == "Ada"


def test_typing_the_draft_is_time_spent_in_the_tables_section(tmp_path: Path):
    lesson, editor = tracker(tmp_path)
    editor.inputs["name"].value = "G"
    editor.inputs["name"].value = "Gr"
    events = lesson.store.events()
    assert any(e.kind == "row" and e.key.startswith("tracker.draft:") for e in events)
    assert minutes_spent(events, "tracker", lesson.lesson) >= 0.0
    drafts = [e for e in events if e.kind == "row" and e.key.startswith("tracker.draft:")]
    from nbkit.progress import section_of

    tables = {t.id: t.section for t in lesson.lesson.tables.values()}
    assert {section_of(e, tables) for e in drafts} == {"tracker"}


def test_a_kit_draft_left_untouched_is_redrafted_when_earlier_answers_change(tmp_path: Path):
    ws = tmp_path / "ws"
    early = open_section("reflection", workspace=ws)
    early.cell("networking.draft", answer="reflection.slack").draft.click()  # before 00-04
    first = early.store.get("reflection.slack")
    assert first and "______" in first
    open_section("comfort", workspace=ws).ask("comfort.energizes")._boxes[
        "coffee_chat"
    ].value = True
    later = open_section("reflection", workspace=ws)
    later.cell("networking.draft", answer="reflection.slack")  # the cell runs again
    assert later.store.get("reflection.slack") != first
    later.controls["reflection.slack"].input.value = "My own words now."
    again = open_section("reflection", workspace=ws)
    again.cell("networking.draft", answer="reflection.slack")
    assert again.store.get("reflection.slack") == "My own words now."  # never over the student's

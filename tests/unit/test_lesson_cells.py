"""Section cells as real ipywidgets objects (no kernel): goal plans appear when ticked, the
composer never overwrites edits unasked, the tracker adds/edits/deletes, takes are kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.notebook import open_section

pytestmark = pytest.mark.unit


def test_goal_plan_appears_when_ticked_and_composes(tmp_path: Path):
    lesson = open_section("goals", workspace=tmp_path)
    plan = lesson.goal_plan("community")
    assert plan.body.layout.display == "none" and not plan._built
    lesson.ask("goals.chosen")._boxes["community"].value = True
    assert plan.body.layout.display == "flex" and plan.hidden_note.layout.display == "none"
    lesson.controls["goals.community.contact_name"].input.value = "Rosa Díaz"
    lesson.controls["goals.community.why"].input.value = "You run the back-end Student Circle"
    plan.draft.draft.click()
    message = lesson.store.get("goals.community.message")
    assert "Rosa Díaz" in message and "you run the back-end Student Circle" in message
    lesson.controls["goals.community.message"].input.value = "My own words, Rosa."
    plan.draft.draft.click()  # asks first
    assert lesson.store.get("goals.community.message") == "My own words, Rosa."
    assert plan.draft.confirm.layout.display == "flex"
    plan.draft.replace.click()
    assert lesson.store.get("goals.community.message") == message
    history = [e.value for e in lesson.store.history("goals.community.message")]
    assert "My own words, Rosa." in history  # the replaced text is kept, not overwritten


def test_tracker_add_edit_delete(tmp_path: Path):
    lesson = open_section("tracker", workspace=tmp_path)
    editor = lesson.tracker()
    editor.save()
    assert "Name is required" in editor.message.value and lesson.store.tracker_rows() == []
    editor.inputs["name"].value = "<img src=x onerror=alert(1)>"
    editor.inputs["status"].value = "met"
    editor.save()
    assert "&lt;img" in editor.table.value and "<img" not in editor.table.value
    assert "1 conversation(s) held" in editor.table.value
    row_id = lesson.store.tracker_rows()[0]["row_id"]
    editor.inputs["company"].value = "Acme"
    editor.save()
    assert [r["company"] for r in lesson.store.tracker_rows()] == ["Acme"]
    editor.new_b.click()
    assert editor.row_id is None and editor.inputs["name"].value == ""
    editor.pick.value = row_id
    editor.delete_b.click()
    assert lesson.store.tracker_rows()  # not before confirming
    editor.confirm_b.click()
    assert lesson.store.tracker_rows() == []


def test_comfort_takes_are_kept_with_their_date(tmp_path: Path):
    lesson = open_section("comfort", workspace=tmp_path)
    control = lesson.ask("comfort.ipip")
    result = lesson.comfort_result()
    assert result.save.disabled
    for toggle in control._rows.values():
        toggle.value = 4
    assert "Your score: 30 of 50" in result.text.value and result.picture.value[:4] == b"\x89PNG"
    result.save.click()
    result.save.click()  # same answers, same day: not a second take
    takes = lesson.store.history("comfort.ipip", kind="take")
    assert len(takes) == 1 and takes[0].value["score"] == 30
    assert f"{dt.date.today():%Y}" in result.history.value


def test_calendar_and_downloads_write_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NBKIT_EXPORTS", str(tmp_path / "exports"))
    lesson = open_section("reflection", workspace=tmp_path / "ws")
    cal = lesson.calendar()
    cal.children[0].children[0].click()
    ics = (tmp_path / "exports" / "networking-calendar-me.ics").read_text(encoding="utf-8")
    assert (
        "Networking action step due" in ics
        and "networking-calendar-me.ics" in cal.children[1].value
    )
    assert lesson.store.get("reflection.smart_goal") is None  # drafts only in their own cells
    lesson.draft("reflection.if_then")
    assert lesson.store.get("reflection.if_then").startswith("If it is ______")

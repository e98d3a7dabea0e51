"""Section cells as real ipywidgets objects (no kernel): goal plans appear when ticked, the
composer never overwrites edits unasked, tables add/edit/delete, takes are kept, the scale result
and the generic cells know no lesson."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.errors import ConfigError
from nbkit.notebook import SectionView, open_section

pytestmark = pytest.mark.unit

INTERVIEW = Path(__file__).parents[2] / "notebooks" / "interview"


def test_goal_plan_appears_when_ticked_and_composes(tmp_path: Path):
    lesson = open_section("goals", workspace=tmp_path)
    plan = lesson.cell("networking.goal_plan", goal="community")
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
    editor = lesson.cell("networking.tracker").editor
    editor.save()
    assert "Name is required" in editor.message.value and lesson.store.rows("tracker") == []
    editor.inputs["name"].value = "<img src=x onerror=alert(1)>"
    editor.inputs["status"].value = "met"
    editor.inputs["date_contacted"].value = dt.date(2026, 12, 5)
    editor.inputs["follow_up_due"].value = dt.date(2026, 12, 1)
    editor.save()
    assert "before the date you contacted" in editor.message.value  # the plugin's own check
    editor.inputs["follow_up_due"].value = None
    editor.save()
    assert "&lt;img" in editor.table.value and "<img" not in editor.table.value
    assert "1 contact(s), 1 conversation(s) held" in editor.table.value
    row_id = lesson.store.rows("tracker")[0]["row_id"]
    editor.inputs["company"].value = "Acme"
    editor.save()
    assert [r["company"] for r in lesson.store.rows("tracker")] == ["Acme"]
    editor.new_b.click()
    assert editor.row_id is None and editor.inputs["name"].value == ""
    editor.pick.value = row_id
    editor.delete_b.click()
    assert lesson.store.rows("tracker")  # not before confirming
    editor.confirm_b.click()
    assert lesson.store.rows("tracker") == []


def test_tracker_starts_a_row_from_a_goal_plan(tmp_path: Path):
    lesson = open_section("tracker", workspace=tmp_path)
    lesson.store.save("goals.chosen", ["mentor"])
    lesson.store.save("goals.mentor.contact_name", "Sam Lee")
    lesson.store.save("goals.mentor.questions", ["How did you start?"])
    tracker = lesson.cell("networking.tracker")
    assert [v for _label, v in tracker.from_goal.options] == [None, "mentor"]
    tracker.from_goal.value = "mentor"
    inputs = tracker.editor.inputs
    assert inputs["name"].value == "Sam Lee" and inputs["goal"].value == "mentor"
    assert (
        inputs["questions"].value == "How did you start?" and inputs["status"].value == "identified"
    )
    assert lesson.store.rows("tracker") == []  # filled in, not saved until the student saves


def test_comfort_takes_are_kept_with_their_date(tmp_path: Path):
    lesson = open_section("comfort", workspace=tmp_path)
    control = lesson.ask("comfort.ipip")
    result = lesson.cell("networking.comfort_result")
    assert result.save.disabled
    for toggle in control._rows.values():
        toggle.value = 4
    assert "Your score: 30 of 50" in result.text.value and result.picture.value.startswith(
        '<img src="data:image/png;base64,iVBOR'
    )
    result.save.click()
    result.save.click()  # same answers, same day: not a second take
    takes = lesson.store.history("comfort.ipip", kind="take")
    assert len(takes) == 1 and takes[0].value["score"] == 30
    assert f"{dt.date.today():%Y}" in result.history.value


def test_calendar_and_downloads_write_files(tmp_path: Path):
    lesson = open_section("reflection", workspace=tmp_path / "ws")
    lesson.exports = tmp_path / "exports"
    cal = lesson.cell("networking.calendar")
    cal.children[0].children[0].click()
    ics = (tmp_path / "exports" / "networking-calendar-me.ics").read_text(encoding="utf-8")
    assert "Networking action step due" in ics
    links = cal.children[2].outputs[0]["data"]["text/html"]  # an output: JupyterLab resolves it
    assert "networking-calendar-me.ics" in links
    assert lesson.store.get("reflection.smart_goal") is None  # drafts only in their own cells
    box = lesson.cell("networking.draft", answer="reflection.if_then")
    assert lesson.store.get("reflection.if_then") is None  # running a cell never writes an answer
    box.draft.click()  # the student asks for a draft
    drafted = lesson.store.answer("reflection.if_then")
    assert drafted.value.startswith("If it is ______") and drafted.source == "draft"
    tracker = open_section("tracker", workspace=tmp_path / "ws")
    tracker.exports = tmp_path / "exports"
    tracker.store.save_row("tracker", {"name": "=cmd", "status": "met"})
    buttons = tracker.cell("networking.tracker_downloads")
    for button in buttons.children[0].children:
        button.click()
    csv = (tmp_path / "exports" / "networking-tracker-me.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd" in csv and (tmp_path / "exports" / "networking-tracker-me.xlsx").is_file()


def test_an_unknown_plugin_cell_is_one_clear_error(tmp_path: Path):
    lesson = open_section("start", workspace=tmp_path)
    with pytest.raises(ConfigError, match="networking.goal_plan"):
        lesson.cell("networking.goal_plam")


def test_generic_cells_on_a_lesson_without_a_plugin(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(INTERVIEW)  # a kernel runs in its notebook's folder
    lesson = open_section("prepare", workspace=tmp_path)
    assert isinstance(lesson, SectionView) and lesson.lesson.id != "module1-week2-networking"
    table = lesson.table("contacts")
    table.inputs["name"].value = "Ana <b>Ruiz</b>"
    table.save()
    assert "Saved Ana &lt;b&gt;Ruiz&lt;/b&gt;." in table.message.value
    assert "1 row(s)." in table.table.value and "<b>Ruiz" not in table.table.value
    summary = lesson._summary_data()
    assert "Ana <b>Ruiz</b>" in summary["text/plain"] and "&lt;b&gt;Ruiz" in summary["text/html"]
    scale = lesson.scale_result("prepare.assertiveness")
    assert "Answer all" in scale.text.value
    items = lesson.lesson.question("prepare.assertiveness").items
    lesson.store.save("prepare.assertiveness", {i.id: 5 if i.key == "+" else 1 for i in items})
    lesson.changed("prepare.assertiveness")
    assert f"Your score: {5 * len(items)} of {5 * len(items)}" in scale.text.value
    plan = lesson._time_plan_html()
    assert "Hold your informational interview" in plan and "networking" not in plan.lower()


def test_may_redraft_only_the_kits_untouched_text():
    from nbkit.widgets.draft import may_redraft

    assert may_redraft("draft", "Kit text", "Kit text", None)
    assert may_redraft("replaced", "Kit text", "Kit text", "Kit text")  # a draft over a draft
    assert not may_redraft("typed", "Kit text", "Kit text", None)  # the student's edit
    assert not may_redraft("unknown", "Kit text", "Kit text", None)  # imported: not known
    assert not may_redraft(None, None, "", None)  # never drafted: drafts come from a button
    assert not may_redraft("draft", "Kit text", "Kit text!", None)  # shown text not saved
    assert not may_redraft("draft", "Kit text", "Kit text", "Other")  # not this box's last draft
    assert not may_redraft("draft", "  ", "  ", None)


def test_an_untouched_draft_follows_answers_changed_in_the_same_kernel(tmp_path: Path):
    lesson = open_section("goals", workspace=tmp_path)
    lesson.ask("goals.chosen")._boxes["mentor"].value = True
    plan = lesson.cell("networking.goal_plan", goal="mentor")
    name = lesson.controls["goals.mentor.contact_name"]
    name.input.value = "Sam Lee"
    plan.draft.draft.click()
    assert "Sam" in lesson.store.get("goals.mentor.message")
    name.input.value = "Rosa Díaz"  # an earlier answer changes: the untouched draft follows
    message = lesson.store.answer("goals.mentor.message")
    assert "Rosa" in message.value and "Sam" not in message.value
    assert plan.draft.current() == message.value and "Updated" in plan.draft.note.value
    assert "Sam" in " ".join(e.value for e in lesson.store.history("goals.mentor.message"))
    lesson.controls["goals.mentor.message"].input.value = message.value + " Thanks, Rosa."
    name.input.value = "Kim Park"  # the student's edit is never replaced
    assert lesson.store.get("goals.mentor.message") == message.value + " Thanks, Rosa."
    assert lesson.store.answer("goals.mentor.message").source == "typed"


def test_a_reflection_draft_follows_in_kernel_and_on_rerun_only_when_untouched(tmp_path: Path):
    lesson = open_section("reflection", workspace=tmp_path)
    box = lesson.cell("networking.draft", answer="reflection.smart_goal")
    own = lesson.cell("networking.draft", answer="reflection.if_then")
    assert lesson.store.get("reflection.smart_goal") is None  # running never drafts
    box.draft.click()
    own.draft.click()
    own.control.input.value = "If it is Monday, then I write to Sam."  # typed: theirs
    lesson.ask("goals.chosen")._boxes["mentor"].value = True  # earlier answers, in this kernel
    lesson.ask("goals.mentor.contact_name").input.value = "Sam Lee"
    drafted = lesson.store.get("reflection.smart_goal")
    assert "message Sam Lee" in drafted and box.current() == drafted
    assert lesson.store.get("reflection.if_then") == "If it is Monday, then I write to Sam."
    # Another notebook (another kernel) changes an answer: seen when the cell runs again.
    other = open_section("goals", workspace=tmp_path)
    other.store.save("goals.mentor.contact_name", "Rosa Díaz")
    again = open_section("reflection", workspace=tmp_path)
    rerun = again.cell("networking.draft", answer="reflection.smart_goal")
    assert rerun.current() == again.store.get("reflection.smart_goal") == rerun.make_text()
    assert "message Rosa Díaz" in rerun.current()
    kept = again.cell("networking.draft", answer="reflection.if_then")
    assert kept.current() == "If it is Monday, then I write to Sam."

"""Answer controls as real ipywidgets objects: restore, write-through, validation messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.content import LikertItem, Option, Question
from nbkit.store import Store
from nbkit.validate import Context
from nbkit.widgets import control_for

pytestmark = pytest.mark.unit

CTX = Context(
    today=dt.date(2026, 11, 30),
    now=dt.datetime(2026, 11, 30, 9, 0),
    dates={"due:action_step": dt.date(2026, 12, 28)},
)


def make(store: Store, **fields):
    fields.setdefault("label", "A question")
    return control_for(Question(**fields), store, CTX)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path) as s:
        yield s


def test_long_text_writes_every_change_and_restores(store: Store):
    control = make(store, id="needs.background", kind="long", min_words=3)
    control.input.value = "Career"
    assert store.get("needs.background") == "Career"
    assert "at least 3 words" in control.message.value
    control.input.value = "Career changer from teaching"
    assert "Saved" in control.message.value
    again = make(store, id="needs.background", kind="long", min_words=3)
    assert again.input.value == "Career changer from teaching"
    assert len(store.history("needs.background")) == 1  # restoring wrote nothing new


def test_messages_escape_student_text(store: Store):
    control = make(store, id="comfort.channel", kind="single", options=(Option("a", "A"),))
    store.save("comfort.channel", "<img src=x onerror=alert(1)>")
    control = make(store, id="comfort.channel", kind="single", options=(Option("a", "A"),))
    assert "<img" not in control.message.value
    assert "&lt;img" in control.message.value


def test_single_and_multi_choice(store: Store):
    options = (Option("slack", "Slack"), Option("email", "Email"), Option("call", "Call"))
    single = make(store, id="goals.mentor.channel", kind="single", options=options)
    assert single.input.value is None
    single.input.value = "email"
    assert store.get("goals.mentor.channel") == "email"
    multi = make(store, id="comfort.energizes", kind="multi", options=options)
    multi._boxes["call"].value = True
    multi._boxes["slack"].value = True
    assert store.get("comfort.energizes") == ["slack", "call"]
    restored = make(store, id="comfort.energizes", kind="multi", options=options)
    assert [k for k, b in restored._boxes.items() if b.value] == ["slack", "call"]


def test_likert_partial_then_complete(store: Store):
    items = tuple(LikertItem(f"E{i}", f"Statement {i}", "+") for i in range(1, 4))
    control = make(
        store, id="comfort.ipip", kind="likert", items=items, scale=("1", "2", "3", "4", "5")
    )
    control._rows["E1"].value = 4
    assert store.get("comfort.ipip") == {"E1": 4}
    assert "1 of 3 statements answered" in control.message.value
    control._rows["E2"].value = 2
    control._rows["E3"].value = 5
    assert "Saved" in control.message.value
    restored = make(store, id="comfort.ipip", kind="likert", items=items)
    assert {k: t.value for k, t in restored._rows.items()} == {"E1": 4, "E2": 2, "E3": 5}


def test_date_range_and_cleared_date(store: Store):
    control = make(
        store,
        id="goals.mentor.target_date",
        kind="date",
        date_min="today",
        date_max="due:action_step",
    )
    control.input.value = dt.date(2027, 1, 15)
    assert store.get("goals.mentor.target_date") == "2027-01-15"
    assert "on or before Mon 28 Dec 2026" in control.message.value
    control.input.value = dt.date(2026, 11, 1)
    assert "on or after" in control.message.value
    control.input.value = None
    assert store.get("goals.mentor.target_date") is None
    assert "required" in control.message.value


def test_time_options_rows(store: Store):
    control = make(
        store,
        id="goals.mentor.time_options",
        kind="datetimes",
        min_items=2,
        date_max="due:action_step",
    )
    assert len(control._inputs) == 2
    control._inputs[0].value = dt.datetime(2026, 11, 29, 10, 0)  # the past
    assert store.get("goals.mentor.time_options") == ["2026-11-29T10:00", None]
    assert "in the past" in control.message.value
    control._inputs[0].value = dt.datetime(2026, 12, 2, 10, 0)
    control._inputs[1].value = dt.datetime(2026, 12, 3, 16, 30)
    assert "Saved" in control.message.value
    control._add.click()
    assert len(control._inputs) == 3
    restored = make(store, id="goals.mentor.time_options", kind="datetimes", min_items=2)
    assert [c.value for c in restored._inputs][:2] == [
        dt.datetime(2026, 12, 2, 10, 0),
        dt.datetime(2026, 12, 3, 16, 30),
    ]


def test_question_list_with_bank_blanks_and_copies(store: Store):
    bank = (
        "I know I'm interested in ______ kind of work. Any advice?",
        "Tell me about your background.",
    )
    control = make(
        store,
        id="needs.questions",
        kind="list",
        min_items=3,
        bank=bank,
        extra={"reject_bank_copies": True},
    )
    control._bank.value = bank[0]
    control._use_prompt()
    control._bank.value = bank[1]
    control._use_prompt()
    assert store.get("needs.questions")[:2] == list(bank)
    text = control.message.value
    assert "fill in the blank" in text and "copy of a suggested prompt" in text
    control._inputs[0].value = "I know I'm interested in data engineering kind of work. Any advice?"
    control._inputs[1].value = "How did your move from finance into backend work go?"
    control._inputs[2].value = "Which Denver companies hire bootcamp grads for backend roles?"
    assert "Saved" in control.message.value
    remove_first = control._rows_box.children[0].children[2]
    remove_first.click()
    assert len(store.get("needs.questions")) == 2
    assert "Add at least 3" in control.message.value


def test_too_large_text_shows_message_and_keeps_last_version(store: Store, monkeypatch):
    monkeypatch.setattr("nbkit.store.MAX_ANSWER_CHARS", 50)
    control = make(store, id="needs.background", kind="long")
    control.input.value = "short and saved"
    control.input.value = "z" * 100
    assert "too long to save" in control.message.value
    assert store.get("needs.background") == "short and saved"


def test_time_options_are_judged_as_of_when_they_were_offered(store: Store):
    # Offered on 25 Nov for 2 and 3 Dec; reopened on 30 Nov (CTX.now) after... still future.
    # Reopened on 10 Dec, after the call: the options were future when offered, so no complaint.
    offered = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    store.save("goals.mentor.time_options", ["2026-12-02T10:00", "2026-12-03T16:30"], at=offered)
    later = Context(
        today=dt.date(2026, 12, 10), now=dt.datetime(2026, 12, 10, 9, 0), dates=CTX.dates
    )
    control = control_for(
        Question(id="goals.mentor.time_options", kind="datetimes", label="T", min_items=2),
        store,
        later,
    )
    assert "in the past" not in control.message.value
    # A fresh edit on 10 Dec is judged against 10 Dec.
    control._inputs[0].value = dt.datetime(2026, 12, 9, 10, 0)
    assert "in the past" in control.message.value


def test_an_unexpected_save_failure_is_shown_not_swallowed(store: Store):
    control = make(store, id="needs.background", kind="long")
    control.input.value = "first"
    store.close()  # a real failure: writing through a closed SQLite connection
    control.input.value = "second, not saved"
    assert "Not saved (ProgrammingError" in control.message.value
    assert "copy it somewhere safe" in control.message.value


def test_export_button_names_what_is_missing_and_asks_first(tmp_path: Path):
    from nbkit.export.button import export_button
    from nbkit.notebook import open_section

    lesson = open_section("reflection", workspace=tmp_path / "ws")
    missing = lesson.missing_answers()
    assert "Start here: Your full name" in missing
    assert all(": " in m for m in missing)
    box = export_button(
        workspace=tmp_path / "ws", out_dir=tmp_path / "out", missing=lambda: missing
    )
    assert len(box.children) == 3  # button row, status, files: the question is made when asked
    row, status, _links = box.children
    row.children[0].click()
    _row, _status, confirm, _links = box.children
    assert confirm.layout.display == "flex"
    assert f"Still missing ({len(missing)})" in status.value
    assert "Your full name" in status.value and "and " in status.value  # long lists are cut
    confirm.children[1].click()  # "Not yet"
    assert confirm.layout.display == "none" and "Not exported" in status.value
    assert not (tmp_path / "out").exists()


def test_download_links_are_relative_escaped_and_download(tmp_path: Path, monkeypatch):
    from nbkit.widgets.downloads import file_link, files_html

    notebooks, exports = tmp_path / "lesson", tmp_path / "exports"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)  # the kernel's folder is the notebook's
    link = file_link(exports / "tracker-ada's <b>.csv")
    assert "href='../exports/tracker-ada%27s%20%3Cb%3E.csv'" in link
    assert "download='tracker-ada&#x27;s &lt;b&gt;.csv'" in link and "<b>" not in link
    shown = files_html([exports / "a.html", exports / "a.pdf"])
    assert "<b>exports</b> folder" in shown and shown.count("<li>") == 2
    assert str(tmp_path) not in shown  # no server paths


def test_a_target_date_already_past_is_said_and_still_saved(store: Store):
    target = dict(id="goals.mentor.target_date", kind="date", date_max="due:action_step")
    control = make(store, **target)
    control.input.value = dt.date(2026, 11, 27)  # CTX's today is Mon 30 Nov 2026
    assert store.get("goals.mentor.target_date") == "2026-11-27"
    assert "Fri 27 Nov 2026 has already passed" in control.message.value
    control.input.value = dt.date(2026, 12, 2)
    assert "passed" not in control.message.value and "Saved." in control.message.value
    plain = make(store, id="needs.birthday", kind="date")  # no due date: not a plan
    plain.input.value = dt.date(2026, 11, 1)
    assert "passed" not in plain.message.value


def test_the_guard_script_says_the_documented_sentence_and_nothing_else_shows():
    from nbkit.widgets.guard import STOPPED_MESSAGE, guard_bundle

    bundle = guard_bundle()
    assert bundle["text/plain"] == ""  # nbval, terminals and plain exports show nothing
    assert STOPPED_MESSAGE in bundle["text/html"]
    assert bundle["text/html"].count("</script>") == 1  # the script cannot close itself early
    assert 'class="nbkit-guard" hidden' in bundle["text/html"]


def _models() -> set[str]:
    """The ids of every widget model the kernel holds (each one a comm the page opens)."""
    from ipywidgets.widgets.widget import _instances  # Widget.widgets, without its warning

    return set(_instances)


def test_a_control_is_three_models_sharing_layouts_and_styles(store: Store):
    make(store, id="needs.warm_up", kind="short")  # the shared layouts and styles exist now
    before = _models()
    control = make(store, id="needs.background", kind="long", min_words=3, help="In a sentence.")
    assert len(_models() - before) == 3  # the box, the heading (label + message), the input
    assert list(control.box.children) == [control.message, control.input]
    other = make(store, id="needs.goals", kind="long")
    assert other.input.layout is control.input.layout and other.input.style is control.input.style
    assert other.message.layout is control.message.layout
    assert control.input.description == "A question"  # the input's accessible name
    control.input.value = "Career"
    head = control.message.value
    assert head.index("A question") < head.index("In a sentence.") < head.index("at least 3")
    assert 'role="alert"' in head and "<li>" in head
    control.input.value = "Career changer from teaching"
    assert 'class="nbkit-saved"' in control.message.value and 'role="alert"' not in (
        control.message.value
    )


def test_a_likert_question_is_one_widget(store: Store):
    items = tuple(LikertItem(f"E{i}", f"Statement {i}", "+") for i in range(1, 11))
    make(store, id="comfort.warm_up", kind="likert", items=items)
    before = _models()
    control = make(store, id="comfort.ipip", kind="likert", items=items)
    assert len(_models() - before) == 3
    assert control.input.statements[0] == "1. Statement 1" and control.input.ids[9] == "E10"
    control.input.value = {"E2": 3}  # as the page sends a click
    assert store.get("comfort.ipip") == {"E2": 3} and control._rows["E2"].value == 3
    control._rows["E2"].value = None
    assert store.get("comfort.ipip") == {}


def test_the_table_form_is_one_labelled_widget_per_column(tmp_path: Path):
    from nbkit.notebook import open_section

    lesson = open_section("tracker", workspace=tmp_path / "ws")
    lesson.cell("networking.tracker")  # the shared layouts and styles exist now
    before = _models()
    tracker = lesson.cell("networking.tracker")
    editor = tracker.editor
    columns = len(editor.cols)
    # One input per column; the picker, "start from my plan", four buttons (and the layout of
    # the one shown and hidden), the message, the table and three boxes: no row box and no
    # label widget per column.
    assert len(_models() - before) == columns + 12
    for col in editor.cols:
        widget = editor.inputs[col.key]
        assert widget in editor.box.children
        if col.kind == "bool":  # the text beside the box, and its tooltip: plain
            assert widget.description == col.label and not widget.description_allow_html
            continue
        assert widget.description.startswith(f"<b>{col.label}</b>")  # its <label for>
        assert widget.description_allow_html
        assert ('aria-hidden="true">*' in widget.description) == col.required

"""A lesson folder read strictly: declared keys, profile, private answers, tables, show_if."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nbkit.content import applies, load_lesson
from nbkit.errors import ConfigError

pytestmark = pytest.mark.unit

LESSON = """
id = "demo-feedback"
version = "2"
title = "Giving and receiving feedback"
plugins = []
rubric = "rubric.toml"
private = ["pair.notes_*"]

[profile]
name = "pair.name"
student_id = "pair.student_id"

[[sections]]
id = "pair"
title = "Your pair"
notebook = "00_pair.ipynb"
content = "sections/pair.toml"

[[sections]]
id = "wrap"
title = "Wrap up"
notebook = "01_wrap.ipynb"

[minutes.pair]
label = "Your pair"
default = 20
[links.guide]
label = "Feedback guide"
default = ""
[due.debrief]
label = "Debrief"
default = "week 3 friday"
"""

SECTION = """
[section]
data = ["prompts"]

[text]
intro = "Allow {minutes_pair} minutes."

[prompts]
sbi = "Situation, behaviour, impact"

[[questions]]
id = "pair.name"
kind = "short"
label = "Your name"

[[questions]]
id = "pair.student_id"
kind = "short"
label = "Your student id"
pattern = "^[a-z0-9-]+$"

[[questions]]
id = "pair.roles"
kind = "multi"
label = "Which roles did you take?"
options = [{ value = "giver", label = "I gave feedback" }, { value = "receiver", label = "I received it" }]

[[questions]]
id = "pair.given"
kind = "long"
label = "What feedback did you give?"
show_if = { "pair.roles" = "giver" }
date_max = "due:debrief"

[[questions]]
id = "pair.notes_private"
kind = "long"
label = "Notes to self"
required = false

[[tables]]
id = "sessions"
label = "Feedback sessions"
[[tables.columns]]
key = "partner"
label = "Partner"
required = true
[[tables.columns]]
key = "held"
label = "Held"
kind = "bool"
"""


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "feedback"
    (folder / "sections").mkdir(parents=True)
    (folder / "lesson.toml").write_text(LESSON, encoding="utf-8")
    (folder / "sections" / "pair.toml").write_text(SECTION, encoding="utf-8")
    (folder / "rubric.toml").write_text("[rubric]\n", encoding="utf-8")
    return folder


def test_a_lesson_folder_loads_with_everything_it_declares(lesson_dir: Path):
    lesson = load_lesson(lesson_dir)
    assert (lesson.id, lesson.version, lesson.dir) == ("demo-feedback", "2", lesson_dir.resolve())
    assert [s.id for s in lesson.ordered()] == ["pair", "wrap"]
    assert lesson.sections["wrap"].questions == {}  # a section without a content file
    assert lesson.sections["pair"].notebook == "00_pair.ipynb"
    assert lesson.rubric == lesson_dir.resolve() / "rubric.toml"
    assert lesson.profile == {"name": "pair.name", "student_id": "pair.student_id"}
    assert (lesson.minutes["pair"].label, lesson.minutes["pair"].default) == ("Your pair", 20)
    assert lesson.due["debrief"].default == "week 3 friday" and lesson.links["guide"].default == ""
    assert lesson.sections["pair"].data == {"prompts": {"sbi": "Situation, behaviour, impact"}}
    assert lesson.question("pair.student_id").extra == {"pattern": "^[a-z0-9-]+$"}
    table = lesson.tables["sessions"]
    assert (table.label, table.section) == ("Feedback sessions", "pair")
    assert [(c.key, c.kind, c.required) for c in table.columns] == [
        ("partner", "short", True),
        ("held", "bool", False),
    ]
    assert load_lesson(lesson_dir / ".." / "feedback") is lesson  # read once per folder


def test_private_answers_match_the_declared_globs(lesson_dir: Path):
    lesson = load_lesson(lesson_dir)
    assert lesson.is_private("pair.notes_private")
    assert not lesson.is_private("pair.given") and not lesson.is_private("pair.notes")


def test_show_if_counts_a_question_only_while_the_answer_holds(lesson_dir: Path):
    given = load_lesson(lesson_dir).question("pair.given")
    assert given.show_if == {"pair.roles": "giver"}
    assert applies(given, {"pair.roles": ["receiver", "giver"]})
    assert not applies(given, {"pair.roles": ["receiver"]})
    assert not applies(given, {})
    assert applies(load_lesson(lesson_dir).question("pair.name"), {})


def test_the_bundled_lesson_declares_goal_applicability_as_data():
    lesson = load_lesson()
    chosen = {"goals.chosen": ["mentor"]}
    goal_questions = [q for q in lesson.questions() if q.id.count(".") == 2]
    assert goal_questions and all(q.show_if for q in goal_questions)
    assert [q.id for q in goal_questions if applies(q, chosen)] == [
        q.id for q in goal_questions if q.id.startswith("goals.mentor.")
    ]
    assert lesson.profile["student_id"] == "start.student_id"
    assert set(lesson.minutes) == {s.id for s in lesson.ordered()}


Edit = Callable[[str], str]
CASES: list[tuple[str, Edit, Edit, str, str]] = [
    # (file, edit lesson.toml, edit section, expected key, expected message part)
    ("lesson.toml", lambda t: t.replace("plugins =", "plugin ="), str, "plugin", "'plugins'"),
    (
        "lesson.toml",
        lambda t: t.replace('notebook = "00', 'notebok = "00'),
        str,
        "sections[0].notebok",
        "'notebook'",
    ),
    (
        "lesson.toml",
        lambda t: t.replace("default = 20", "defualt = 20"),
        str,
        "minutes.pair.defualt",
        "'default'",
    ),
    (
        "lesson.toml",
        lambda t: t.replace("default = 20", "default = 0"),
        str,
        "minutes.pair.default",
        "between 1 and 600",
    ),
    (
        "lesson.toml",
        lambda t: t.replace('"week 3 friday"', '"friday"'),
        str,
        "due.debrief.default",
        "week 6 monday",
    ),
    (
        "lesson.toml",
        lambda t: t.replace('student_id = "pair.student_id"', ""),
        str,
        "profile.student_id",
        "missing",
    ),
    (
        "lesson.toml",
        lambda t: t.replace('name = "pair.name"', 'name = "pair.nmae"'),
        str,
        "profile.name",
        "no question 'pair.nmae'",
    ),
    (
        "lesson.toml",
        lambda t: 'math = "yes"\n' + t,
        str,
        "math",
        "must be true or false",
    ),
    (
        "lesson.toml",
        lambda t: t.replace('"rubric.toml"', '"grading.toml"'),
        str,
        "rubric",
        "not found",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace('label = "Your name"', 'lable = "Your name"'),
        "pair.name.lable",
        "'label'",
    ),
    ("pair.toml", str, lambda t: t.replace("[prompts]", "[prompt]"), "prompt", "'prompts'"),
    ("pair.toml", str, lambda t: t.replace('data = ["prompts"]', ""), "prompts", "unknown key"),
    (
        "pair.toml",
        str,
        lambda t: t.replace('kind = "bool"', 'knd = "bool"'),
        "tables.sessions.columns[1].knd",
        "'kind'",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace('kind = "bool"', 'kind = "boolean"'),
        "tables.sessions.columns[1].kind",
        "must be one of",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace('{ value = "giver"', '{ valeu = "giver"'),
        "pair.roles.options[0].valeu",
        "'value'",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace('"pair.roles" = "giver"', '"pair.role" = "giver"'),
        "pair.given.show_if",
        "no question 'pair.role'",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace("due:debrief", "due:debreif"),
        "pair.given.date_max",
        "not a declared [due] key",
    ),
    (
        "pair.toml",
        str,
        lambda t: t.replace("[section]", '[section]\ntitle = "Pair"'),
        "section.title",
        "unknown key",
    ),
]


@pytest.mark.parametrize(("file", "edit_lesson", "edit_section", "key", "message"), CASES)
def test_every_mistake_names_its_file_and_dotted_key(
    lesson_dir: Path, file: str, edit_lesson: Edit, edit_section: Edit, key: str, message: str
):
    index, section = lesson_dir / "lesson.toml", lesson_dir / "sections" / "pair.toml"
    index.write_text(edit_lesson(index.read_text()))
    section.write_text(edit_section(section.read_text()))
    with pytest.raises(ConfigError) as info:
        load_lesson(lesson_dir)
    assert info.value.path.name == file
    assert info.value.key == key
    assert message in str(info.value)
    assert info.value.exit_code == 3

"""`nbkit grade --lms`: the gradebook in Canvas's and Moodle's import layouts, read back by
each system's rules (termkit.read_canvas / read_moodle), one assignment column per deliverable."""

from __future__ import annotations

from pathlib import Path

import pytest
from termkit import RUBRIC, read_canvas, read_moodle, read_rows

from nbkit.errors import ConfigError
from nbkit.grade.gradebook import PartScore, Row
from nbkit.grade.late import Part
from nbkit.grade.lms import CANVAS_HEAD, canvas_csv, file_name, moodle_csv, write_lms
from nbkit.grade.roster import read_roster
from nbkit.grade.rubric import load_rubric

PARTS = (
    Part("goal", "Reflection sheet: networking goal", "reflection_deliverable", ("a", "b")),
    Part("action_step", "Networking action step", "action_step", ("c",)),
)
MAXIMA = (40.0, 60.0)


def _row(sid: str, name: str, goal: float, step: float, penalty: float = 0) -> Row:
    parts = (
        PartScore("goal", PARTS[0].title, goal, 40, "", False, bool(penalty), 30.0, penalty),
        PartScore("action_step", PARTS[1].title, step, 60, "", False, False, 0.0, 0),
    )
    return Row(sid, name, {"a": goal, "c": step}, bool(penalty), 0, "graded", "", "", (), parts)


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


ROSTER = (
    "student_id,name,email,sis_user_id,sis_login_id,section,canvas_id,extra\n"
    's1,"Lovelace, Ada",ada@uni.example,A001,ada,Sec 1,1001,x\n'
    's2,"Hopper, Grace",grace@uni.example,,grace,Sec 2,,y\n'
    's3,"Never, Handed",nh@uni.example,A003,nh,Sec 1,1003,z\n'
)
ROWS = [
    _row("s1", "Ada L", 40, 45.5, penalty=10),  # 36 after 10% off the goal
    _row("S2", "Grace H", 20, 60),  # the id in another case still finds the roster entry
    Row("", "", {}, False, 0, "invalid", "bad.json: not JSON", ""),
    _row("x9", "Not Enrolled", 10, 0),
]


@pytest.mark.unit
def test_canvas_layout_reads_back_by_canvas_rules(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path, ROSTER))
    path = tmp_path / "canvas.csv"
    path.write_text(canvas_csv(ROWS, PARTS, MAXIMA, roster), encoding="utf-8")
    possible, scores = read_canvas(path)
    goal, step = "Reflection sheet: networking goal (goal)", "Networking action step (action_step)"
    assert possible == {goal: 40, step: 60}
    assert scores["1001"] == {goal: 36, step: 45.5}  # matched by Canvas user id
    assert scores["s2"] == {goal: 20, step: 60}  # no SIS User ID: the kit's id stands in
    assert scores["1003"] == {goal: None, step: None}  # enrolled, nothing handed in: blank
    assert scores["x9"] == {goal: 10, step: 0}
    rows = read_rows(path)
    assert rows[2][:5] == ["Lovelace, Ada", "1001", "A001", "ada", "Sec 1"]
    assert len(rows) == 2 + 4  # the invalid file has no student to give a grade to
    assert path.read_bytes().count(b"\r\n") == len(rows)  # RFC 4180 line ends


@pytest.mark.unit
def test_moodle_layout_reads_back_by_moodle_rules(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path, ROSTER))
    path = tmp_path / "moodle.csv"
    path.write_text(moodle_csv(ROWS, PARTS, roster), encoding="utf-8")
    by_id = read_moodle(path, "ID number")
    goal = "Reflection sheet: networking goal (goal)"
    assert by_id["A001"][goal] == 36 and by_id["A003"][goal] is None
    assert read_rows(path)[0][1] == "Email address"  # the other identifier Moodle can map
    assert read_rows(path)[1][:3] == ["A001", "ada@uni.example", "Lovelace, Ada"]


@pytest.mark.unit
def test_text_a_spreadsheet_would_run_is_defused(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path, 'student_id,name\ns1,"=HYPERLINK(""x"")"\n'))
    text = canvas_csv([_row("s1", "@cmd", 1, 1)], PARTS, MAXIMA, roster)
    assert "'=HYPERLINK" in text and ",=" not in text


@pytest.mark.unit
def test_write_lms_names_the_file_and_students_missing_from_the_roster(tmp_path: Path) -> None:
    rubric_path = tmp_path / "rubric.toml"
    rubric_path.write_text(RUBRIC, encoding="utf-8")
    rubric = load_rubric(rubric_path)
    roster = read_roster(_roster(tmp_path, ROSTER))
    part = PartScore("week2", "W", 10, 10, "", False, True, 30.0, 20)
    row = Row("s1", "Ada", {"named": 10}, True, 30.0, "graded", "", "", (), (part,))
    path, problems = write_lms(tmp_path, "canvas", [row, _row("x9", "X", 1, 1)], rubric, roster)
    assert path == tmp_path / file_name("canvas") == tmp_path / "gradebook-canvas.csv"
    possible, scores = read_canvas(path)
    assert possible == {"Week 2 hand-in (week2)": 10} and scores["1001"] == {
        "Week 2 hand-in (week2)": 8
    }
    assert problems == ["canvas: 'x9' is not on the roster, so the LMS may not match the row"]
    assert write_lms(tmp_path, "csv", [row], rubric, roster) == (None, [])
    assert read_rows(path)[0][:5] == list(CANVAS_HEAD)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "the roster file does not exist"),
        ("student_id,name\ns1,Jos\xe9\n".encode("latin-1"), "is not UTF-8"),
        (b"id,name\ns1,Ada\n", "has no student_id column (columns: id, name)"),
        (b"student_id,name\ns1,Ada\nS1,Ada again\n", "line 3: student_id 'S1' appears twice"),
        (b"student_id,name\n,Nobody\n", "line 2: student_id is empty"),
    ],
)
def test_a_bad_roster_is_one_line(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        read_roster(path)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.exit_code == 3


@pytest.mark.unit
def test_a_roster_from_excel_with_bom_and_blank_lines_reads(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffstudent_id , name\r\ns1,Ada\r\n,\r\ns2,\r\n".encode())
    roster = read_roster(path)
    assert roster.names() == {"s1": "Ada", "s2": ""}
    assert roster.get("S1") is not None and len(roster) == 2

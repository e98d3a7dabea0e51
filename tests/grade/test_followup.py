"""The actionable cohort view: a follow-up list naming exactly the students it should, themes of
the students' own questions, and no statistic or quote about fewer than five students."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nbkit.config import load_config
from nbkit.grade.evaluate import grade_document, intake_folder, rows_for
from nbkit.grade.followup import cohort_view, followup, to_csv
from nbkit.grade.report import MIN_GROUP, hide_small, section_completion
from nbkit.grade.settings import load_settings
from nbkit.grade.themes import stem, themes
from nbkit.lessons.networking.followup import drafts
from nbkit.lessons.networking.simulate import config_text, make_submission, past_week1

pytestmark = pytest.mark.unit


def _lowest(question) -> dict[str, int]:
    return {item.id: 5 if item.key == "-" else 1 for item in question.items}


@pytest.fixture(scope="module")
def flagged(tmp_path_factory):
    """Seven complete students plus one of each case the list must name."""
    root = tmp_path_factory.mktemp("followup")
    (root / "nbkit.toml").write_text(config_text(past_week1()), encoding="utf-8")
    config, settings = load_config(root / "nbkit.toml"), load_settings(root / "nbkit.toml")
    folder = root / "submissions"
    folder.mkdir()
    docs = {
        f"ok{n}": make_submission(config, "complete", f"ok{n}", f"Ok {n}", seed=n) for n in range(7)
    }
    docs["nogoal"] = make_submission(config, "complete", "nogoal", "No Goal")
    docs["nogoal"]["answers"]["goals.chosen"]["value"] = []
    docs["shy"] = make_submission(config, "complete", "shy", "Shy Nogoal")
    docs["shy"]["answers"]["goals.chosen"]["value"] = []
    docs["shy"]["answers"]["comfort.ipip"]["value"] = _lowest(
        settings.lesson.question("comfort.ipip")
    )
    docs["drafty"] = make_submission(config, "complete", "drafty", "Drafty")
    values = {k: a["value"] for k, a in docs["drafty"]["answers"].items()}
    ctx = settings.context(docs["drafty"])
    docs["drafty"]["answers"]["reflection.if_then"]["value"] = drafts(ctx, values)[
        "reflection.if_then"
    ]
    docs["blank"] = make_submission(config, "complete", "blank", "=Blank")
    for entry in docs["blank"]["answers"].values():
        entry["value"] = None
    docs["blank"]["tables"] = {k: [] for k in docs["blank"].get("tables", {})}
    for sid, doc in docs.items():
        (folder / f"{sid}.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    intakes, _copies = intake_folder(folder, settings.max_bytes)
    graded = {i.student_id: grade_document(i, settings) for i in intakes if i.valid}
    roster = {sid: doc["profile"]["name"] for sid, doc in docs.items()} | {"gone": "Gone Missing"}
    return settings, intakes, graded, roster


def _named(flags) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in flags:
        out.setdefault(f.rule, set()).add(f.student_id or f.detail.split(":")[0])
    return out


def test_the_list_names_exactly_the_students_to_follow_up(flagged):
    settings, intakes, graded, roster = flagged
    flags = followup(intakes, graded, settings, roster)
    assert _named(flags) == {
        "overdue": {"gone"},  # the due date of this cohort has passed
        "invalid_file": {"broken.json"},
        "empty": {"blank"},
        "networking.no_goal": {"nogoal", "shy"},
        "networking.low_comfort_no_goal": {"shy"},
        "low_scale": {"shy"},
        "networking.unedited_draft": {"drafty"},
    }
    before = followup(intakes, graded, settings, roster, now=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert {f.student_id for f in before if f.rule == "not_started"} == {"gone"}


def test_the_csv_keeps_a_name_from_running_as_a_formula(flagged):
    settings, intakes, graded, roster = flagged
    text = to_csv(followup(intakes, graded, settings, roster))
    assert text.splitlines()[0] == "student_id,name,rule,what,detail"
    assert "blank,'=Blank,empty," in text


def test_the_cohort_view_parts(flagged):
    settings, intakes, graded, roster = flagged
    rows = rows_for(intakes, graded)
    parts, _flags = cohort_view(intakes, graded, rows, settings, roster)
    dist = parts["distributions"]["comfort"]
    assert sum(dist["counts"].values()) == len(graded) and dist["title"]
    assert set(parts["sections"]) <= set(settings.lesson.sections)
    assert parts["sections"]["start"]["complete"] == pytest.approx(10 / 11, abs=0.001)


def test_no_statistic_about_fewer_than_five():
    few = [{"s": {"answered": 1, "required": 1}}] * (MIN_GROUP - 1)
    assert section_completion(few, {"s": "S"}) == {}
    assert section_completion(few * 2, {"s": "S"})["s"]["complete"] == 1.0
    stats = {"graded": MIN_GROUP - 1, "totals": {"a": 1}, "completion": {"c": 1}, "scales": {1: 1},
             "choices": {1: 1}}  # fmt: skip
    hidden = hide_small(stats)
    assert hidden["totals"] == {} and hidden["scales"] == {} and hidden["hidden"]


MENTOR = ["How did you find a mentor early on?", "Where do new devs meet a mentor?",
          "Is a mentor worth paying for?", "Which mentor programs helped you?",
          "Can a mentor review my code?", "Should my mentor be senior?"]  # fmt: skip
SALARY = ["What salary is fair for juniors?", "Do you negotiate salary offers?",
          "How is salary set at your company?", "Is salary public at startups?",
          "What salary range did you start at?"]  # fmt: skip
REMOTE = ["Is remote onboarding harder?", "Remote or office first?", "Do remote teams pair?",
          "How do remote juniors get noticed?"]  # fmt: skip


def test_questions_group_into_themes_with_quotes_from_five_or_more_students():
    texts = {f"m{n}": [q] for n, q in enumerate(MENTOR)}
    texts |= {f"p{n}": [q] for n, q in enumerate(SALARY)}
    texts |= {f"r{n}": [q] for n, q in enumerate(REMOTE)}
    texts["m0"] += ["Mentors: how often do you meet your mentor?"] * 5  # one student, many times
    found = themes(texts)
    labels = [t.label.split(" / ")[0] for t in found]
    assert labels[:2] == ["mentor", "salary"] and "remote" not in " ".join(t.label for t in found)
    mentor = found[0]
    assert mentor.students == 6 and len(mentor.quotes) == 3
    assert len({q for q in mentor.quotes}) == 3  # one quote per student
    assert all(t.students >= MIN_GROUP for t in found)
    assert stem("mentors") == stem("mentoring") == "mentor"


@pytest.mark.grade
@pytest.mark.slow
def test_nbkit_grade_writes_the_followup_csv_and_the_report_shows_it(graded):
    summary, out, _before = graded
    import csv

    with (out / "followup.csv").open(encoding="utf-8", newline="") as handle:
        flags = list(csv.DictReader(handle))
    assert {f["student_id"] for f in flags if f["rule"] == "overdue"} == {"zz99"}  # on the roster
    assert {f["rule"] for f in flags} >= {"invalid_file", "overdue"}
    stats = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    assert {"followup", "distributions", "sections", "themes"} <= set(stats)
    page = (out / "cohort_report.html").read_text(encoding="utf-8")
    assert "Follow up: whom to contact" in page and "Never Handed In" in page
    assert "<script" not in page


def test_report_tables_show_no_count_of_one_to_four_students():
    from nbkit.grade.views import choices_html, count_text, distributions_html

    assert [count_text(n) for n in (0, 1, 4, 5)] == ["0", "fewer than 5", "fewer than 5", "5"]
    page = choices_html({"label": "<b>Pick</b>", "counts": {"A": 7, "B": 2}})
    assert "&lt;b&gt;Pick" in page and "<td>7</td>" in page and "<td>2</td>" not in page
    stats = {"distributions": {"c": {"title": "C", "max_points": 2, "counts": {"0": 3, "2": 9}}}}
    assert "0 pts: fewer than 5, 2 pts: 9" in distributions_html(stats)

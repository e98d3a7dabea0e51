"""The gaming battery: students who try to score without writing their own words.

Each student is a real workspace filled the way the notebook fills it (choices clicked, prompts
picked from the bank, draft buttons pressed on the real widgets), exported by the real exporter,
read back through the schema and graded with the lesson's rubric. The figures are printed with
-s (`pytest tests/grade/test_gaming.py -s`) for the closing note.

Issue 10's bounds: click-only <= 25/100; filler <= 40/100; an unedited draft <= click-only; a
sincere goal in plain words >= 85% of the goal criterion.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nbkit.config import Config
from nbkit.content import Lesson
from nbkit.grade.evaluate import grade_document
from nbkit.grade.intake import Intake
from nbkit.grade.rubric import Evaluation
from nbkit.grade.settings import Settings, load_settings
from nbkit.lessons.networking.simulate import config_text
from nbkit.notebook import open_section
from nbkit.store import Store
from nbkit.submission import build_submission, read_submission

pytestmark = [pytest.mark.grade, pytest.mark.unit]

GOAL = "mentor"
SINCERE_GOAL = (
    "I want to talk with my mentor Dana Okafor about how she got her first developer job. "
    "I will message her on Slack this Tuesday and offer two times next week."
)
FILLER = {
    "needs.questions": ["word word word word word word", "tech tech tech tech tech tech", "?"],
    "needs.needs_own": "network " * 20,
    "needs.background": "word " * 25,
    "needs.career_goals": "job " * 20,
    "needs.notes_key_ideas": "idea " * 12,
    f"goals.{GOAL}.contact_name": "a",
    f"goals.{GOAL}.contact_role": ".",
    f"goals.{GOAL}.why": "because because because because because because because because",
    f"goals.{GOAL}.message": "word " * 25,
    f"goals.{GOAL}.takeaway": "good good good good good good good good",
    "reflection.smart_goal": "By 1 mentor I will network.",
    "reflection.if_then": "if then...",
    "reflection.mix_it_up": "word " * 25,
    "reflection.slack": "word " * 25,
}
DOT_ROW = {"name": ".", "company": ".", "notes": ".", "takeaway": ".", "follow_up": ".",
           "status": "met"}  # fmt: skip
SCORES: dict[str, float] = {}


@pytest.fixture
def cohort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A cohort in its Week 1 now, so Week 3 call times are in the future and before the due."""
    today = dt.date.today()
    (tmp_path / "nbkit.toml").write_text(
        config_text(today - dt.timedelta(days=today.weekday())), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return load_settings(tmp_path / "nbkit.toml")


def _time(config: Config, weekday: str, hour: int) -> str:
    return f"{config.day(3, weekday).isoformat()}T{hour:02d}:30"


def _clicks(q: Any, config: Config) -> Any:
    """What clicking (never typing) gives a question, or None for a text to type."""
    options = [o.value for o in q.options]
    if q.kind == "likert":
        return {i.id: 3 for i in q.items}
    if q.id == "goals.chosen":
        return [GOAL]
    if q.kind == "single":
        return options[0] if options else None
    if q.kind in ("multi", "checklist"):
        return options
    if q.kind == "date":
        return config.day(3, "friday").isoformat()
    if q.kind == "datetimes":
        return [_time(config, "tuesday", 14), _time(config, "thursday", 10)]
    if q.kind == "list" and q.bank:
        return list(q.bank[: max(q.min_items, 2)])  # "Use this prompt", unchanged
    return None


def click_only(store: Store, lesson: Lesson, config: Config) -> None:
    """Every choice, date and scale clicked, prompts picked, every step ticked, a tracker row
    marked met; the only typing is the name and student id the hand-in needs."""
    store.save("start.name", "Casey Click")
    store.save("start.student_id", "c001")
    for q in lesson.questions():
        value = _clicks(q, config)
        if value is not None and (not q.show_if or f".{GOAL}." in q.id or q.id == "goals.chosen"):
            if q.kind == "list":
                store.mark_source(q.id, "bank")
            store.save(q.id, value)
    store.save_row("tracker", {"status": "met"})


def grade(store: Store, settings: Settings, folder: Path, name: str) -> Evaluation:
    document = build_submission(store, settings.config, settings.lesson)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    intake = Intake(path, "", dict(read_submission(path)))  # through the schema, as a hand-in
    evaluation = grade_document(intake, settings).evaluation
    SCORES[name] = evaluation.total
    return evaluation


def student(
    tmp_path: Path, settings: Settings, name: str, fill: Callable[[Store], None]
) -> Evaluation:
    home = tmp_path / name
    with Store(home) as store:
        click_only(store, settings.lesson, settings.config)
        fill(store)
        return grade(store, settings, tmp_path, name)


def press_every_draft_button(home: Path) -> None:
    """The real widgets: the goal plan's "Draft my message" and each reflection draft button."""
    goals = open_section("goals", workspace=home)
    goals.cell("networking.goal_plan", goal=GOAL).draft.draft.click()
    reflection = open_section("reflection", workspace=home)
    for answer in ("smart_goal", "if_then", "mix_it_up", "slack"):
        reflection.cell("networking.draft", answer=f"reflection.{answer}").draft.click()


def test_click_only_scores_at_most_25(cohort: Settings, tmp_path: Path) -> None:
    result = student(tmp_path, cohort, "click-only", lambda s: None)
    assert result.total <= 25, result.points()


def test_filler_scores_at_most_40(cohort: Settings, tmp_path: Path) -> None:
    def fill(store: Store) -> None:
        for answer_id, value in FILLER.items():
            store.save(answer_id, value)
        store.save_row("tracker", DOT_ROW)

    result = student(tmp_path, cohort, "filler", fill)
    assert result.total <= 40, result.points()
    assert result.points()["smart_goal"] == 0 and result.points()["slack_reflection"] == 0


def test_an_unedited_draft_scores_no_more_than_click_only(cohort: Settings, tmp_path: Path) -> None:
    clicked = student(tmp_path, cohort, "click-only-again", lambda s: None)
    home = tmp_path / "drafts"
    with Store(home) as store:
        click_only(store, cohort.lesson, cohort.config)
    press_every_draft_button(home)
    with Store(home) as store:
        assert set(store.sources("reflection.").values()) == {"draft"}
        assert store.sources(f"goals.{GOAL}.message") == {f"goals.{GOAL}.message": "draft"}
        drafted = grade(store, cohort, tmp_path, "unedited-drafts")
    assert drafted.total <= clicked.total, drafted.points()
    notes = {r.id: r.notes for r in drafted.results}
    assert any("rewrite it in your own words" in n for n in notes["slack_reflection"])


def test_drafts_made_from_a_typed_name_add_nothing_to_it(cohort: Settings, tmp_path: Path) -> None:
    home = tmp_path / "named-drafts"
    with Store(home) as store:
        click_only(store, cohort.lesson, cohort.config)
        store.save(f"goals.{GOAL}.contact_name", "Dana Okafor")  # so the drafts have a name
        named = grade(store, cohort, tmp_path, "click-only-named")
    press_every_draft_button(home)
    with Store(home) as store:
        drafted = grade(store, cohort, tmp_path, "unedited-drafts-named")
    assert drafted.total == named.total, drafted.points()


def test_a_sincere_goal_in_plain_words_earns_85_percent(cohort: Settings, tmp_path: Path) -> None:
    def fill(store: Store) -> None:
        store.save(f"goals.{GOAL}.contact_name", "Dana Okafor")
        store.save("reflection.smart_goal", SINCERE_GOAL)

    result = student(tmp_path, cohort, "sincere-goal", fill)
    goal = next(r for r in result.results if r.id == "smart_goal")
    SCORES["sincere-goal criterion %"] = 100 * goal.points / goal.max_points
    assert goal.points >= 0.85 * goal.max_points, goal.notes


def test_own_cases(cohort: Settings, tmp_path: Path) -> None:
    """Keyword stuffing, a draft with only its blank filled, copied prompts, one-word rows."""

    def stuffed(store: Store) -> None:
        store.save("reflection.smart_goal", "mentor monday I will call if then 1 " * 4)
        store.save("reflection.if_then", "if then I will " * 5)

    result = student(tmp_path, cohort, "keyword-stuffing", stuffed)
    assert result.points()["smart_goal"] == 0

    home = tmp_path / "blank-filled"
    with Store(home) as store:
        click_only(store, cohort.lesson, cohort.config)
        store.save(f"goals.{GOAL}.contact_name", "Dana Okafor")
    press_every_draft_button(home)
    with Store(home) as store:
        plan = str(store.get("reflection.if_then")).replace("______", "Tuesday at nine", 1)
        store.save("reflection.if_then", plan)
        slack = str(store.get("reflection.slack")) + " I also liked it."
        store.save("reflection.slack", slack)
        result = grade(store, cohort, tmp_path, "draft-with-blank-filled")
    assert result.points()["slack_reflection"] <= 5  # 4 words of its own, not a full answer
    assert result.points()["smart_goal"] == 0  # the goal statement is still the kit's

    def one_word_rows(store: Store) -> None:
        store.save_row("tracker", {**DOT_ROW, "notes": "ok", "takeaway": "fine"})

    result = student(tmp_path, cohort, "one-word-rows", one_word_rows)
    assert result.points()["action_step"] == 5  # held, but no takeaway in words
    assert result.points()["industry_questions"] == 0  # suggested prompts, unchanged


def test_a_sincere_week_2_hand_in_completes_the_goal_deliverable(
    cohort: Settings, tmp_path: Path
) -> None:
    def sincere(store: Store) -> None:
        typed = {
            "needs.questions": [
                "Which health-tech companies in Denver hire junior back-end developers?",
                "How did former teachers on your team explain their career change?",
                "What does a code review look like on a team that ships every day?",
            ],
            f"goals.{GOAL}.contact_name": "Dana Okafor",
            f"goals.{GOAL}.questions": [
                "How did you decide between a startup and a bigger company for your first job?",
                "What would you look for in my portfolio if you were hiring a junior developer?",
            ],
            f"goals.{GOAL}.message": (
                "Hi Dana, thank you for the help with my Ruby project last week. I'd love to "
                "hear how you found your first developer job, since I'm changing careers from "
                "teaching too. Could we talk for 20 minutes on Tuesday at 2:30 or Thursday at 10?"
            ),
            "reflection.smart_goal": SINCERE_GOAL,
            "reflection.if_then": "If it is Tuesday after lunch at my desk, then I will send "
            "Dana my message with two times.",
            "reflection.slack": "I learned that small groups and one-to-one talks give me "
            "energy while big events drain me, so I will start with my mentor and one alum "
            "from my student circle before the end of the module.",
        }
        for answer_id, value in typed.items():
            store.save(answer_id, value)
        store.save(f"goals.{GOAL}.steps", ["message_sent", "questions_sent"])
        for row in store.rows("tracker"):  # nothing logged yet in Week 2
            store.delete_row("tracker", row["row_id"])

    result = student(tmp_path, cohort, "sincere-week-2", sincere)
    goal, action = result.deliverables
    assert (goal.points, goal.max, goal.late) == (85, 85, False), result.points()
    assert (action.points, action.late) == (0, False)  # due in Week 6: not done, not late


def test_zz_report_the_figures() -> None:
    """Printed for the closing note (run with -s)."""
    print("\ngaming battery:", json.dumps(SCORES, indent=1))

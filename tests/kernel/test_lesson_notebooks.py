"""A simulated student through notebooks 01-05 with papermill: every answer is restored, nothing a
student typed becomes live HTML, and a second run changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest

from nbkit.store import Store

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

NOTEBOOKS = ("01_needs_and_notes", "02_comfort_level", "03_goals", "04_tracker", "05_reflection")
SCRIPT = "<script>alert('x')</script>"
ANSWERS = {
    "start.name": "Nadia 🌟 نادية",
    "start.student_id": "nadia-01",
    "needs.notes_key_ideas": "Networking is relationships, not asking for jobs. " + SCRIPT,
    "needs.needs": ["industry", "feedback"],
    "needs.needs_own": "مرحبا I want to understand health-tech teams and get feedback on my story 🎯.",
    "needs.background": "x" * 100_000,
    "needs.career_goals": "Back-end work in health tech, on a small team that ships often.",
    "needs.questions": [
        "I know I'm interested in ______ kind of work?",
        "What is the tech industry like?",
    ],
    "comfort.ipip": {f"E{n}": a for n, a in enumerate([2, 4, 4, 3, 3, 2, 2, 5, 2, 4], start=1)},
    "comfort.energizes": ["one_to_one"],
    "comfort.drains": ["conference"],
    "goals.chosen": ["mentor"],
    "goals.mentor.contact_name": "Sam <b>Lee</b>",
    "goals.mentor.why": "You changed careers from teaching",
    "goals.mentor.time_options": ["2020-01-01T10:00", "2099-01-01T10:00"],
    "goals.mentor.target_date": "2099-01-01",
    "reflection.slack": "I learned that I like one-to-one calls. " + SCRIPT,
}


def run(notebook: str, out: Path, repo: Path, **parameters) -> dict:
    folder = repo / "notebooks" / "networking"
    papermill.execute_notebook(
        str(folder / f"{notebook}.ipynb"),
        str(out / f"{notebook}.ipynb"),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(folder),
        progress_bar=False,
        start_timeout=120,
    )
    return json.loads((out / f"{notebook}.ipynb").read_text(encoding="utf-8"))


def outputs(nb: dict, mime: str) -> str:
    return "\n".join(
        "".join(o.get("data", {}).get(mime, "")) for c in nb["cells"] for o in c.get("outputs", [])
    )


@pytest.fixture
def student(tmp_path: Path) -> Path:
    workspace = tmp_path / "student"
    with Store(workspace) as store:
        for answer_id, value in ANSWERS.items():
            store.save(answer_id, value)
        store.save_row("tracker", {"name": "=cmd|' /C calc'!A0", "goal": "mentor", "status": "met"})
    return workspace


def test_every_notebook_restores_and_reruns_unchanged(student: Path, tmp_path: Path, repo: Path):
    with Store(student) as store:
        before = store.values()
    for notebook in NOTEBOOKS:
        for attempt in (1, 2):
            out = tmp_path / f"run{attempt}"
            out.mkdir(exist_ok=True)
            nb = run(notebook, out, repo, workspace=str(student))
            html_out = outputs(nb, "text/html")
            # the student's payload stays text (the kit's own guard script is not theirs)
            assert SCRIPT not in html_out and "<b>Lee</b>" not in html_out
    with Store(student) as store:
        after = store.values()
        rows = store.rows("tracker")
    # Re-running never writes an answer (drafts are buttons the student presses) nor changes one.
    assert after == before
    assert [r["name"] for r in rows] == ["=cmd|' /C calc'!A0"]


def test_summary_and_worked_example(student: Path, tmp_path: Path, repo: Path):
    nb = run("02_comfort_level", tmp_path, repo, workspace=str(student))
    text = outputs(nb, "text/plain") + "".join(
        "".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])
    )
    assert "Total (10..50, middle 30)" in text and text.count(" 25\n") >= 1
    assert "Your answers so far: Comfort level" in text
    nb = run("03_goals", tmp_path, repo, workspace=str(student))
    summary = outputs(nb, "text/plain")
    assert "Sam <b>Lee</b>" in summary  # plain text keeps it; the HTML summary escapes it
    assert "Name of your contact" not in summary  # goals not chosen are not listed


def test_answers_parameter_preloads_an_empty_workspace(student: Path, tmp_path: Path, repo: Path):
    from nbkit.config import load_config
    from nbkit.content import load_lesson
    from nbkit.submission import build_submission

    with Store(student) as store:
        document = build_submission(store, load_config(), load_lesson())
    submission = tmp_path / "submission.json"
    submission.write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh"
    run("01_needs_and_notes", tmp_path, repo, workspace=str(fresh), answers=str(submission))
    with Store(fresh) as store:
        assert store.get("needs.needs_own") == ANSWERS["needs.needs_own"]
        assert store.get("needs.background") == "x" * 100_000


WIDGET = "application/vnd.jupyter.widget-view+json"


def test_the_questions_of_one_cell_share_one_output(student: Path, tmp_path: Path, repo: Path):
    """Every cell and output is work the page does on open and Run All, so a cell asking several
    questions shows them in one output: one box holding every control."""
    nb = run("01_needs_and_notes", tmp_path, repo, workspace=str(student))
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    asked = 0
    for cell in nb["cells"]:
        stamp = cell["metadata"].get("nbkit", {})
        if stamp.get("cell") != "ask":
            continue
        views = [o["data"][WIDGET] for o in cell["outputs"] if WIDGET in o.get("data", {})]
        assert len(views) == 1, cell["source"]
        if len(stamp["answers"]) > 1:
            children = state[views[0]["model_id"]]["state"]["children"]
            assert len(children) == len(stamp["answers"]), cell["source"]
        asked += len(stamp["answers"])
    assert asked == 8  # every question of the section, in 4 cells


def test_a_cell_shows_its_text_block_above_itself(student: Path, tmp_path: Path, repo: Path):
    nb = run("05_reflection", tmp_path, repo, workspace=str(student))
    (cell,) = [c for c in nb["cells"] if c["metadata"].get("nbkit", {}).get("args", {}).get("text")
               == "slack"]  # fmt: skip
    mimes = [next(iter(o.get("data", {})), o["output_type"]) for o in cell["outputs"]]
    assert mimes == ["text/markdown", WIDGET], mimes
    assert "you'll see a Slack message" in "".join(cell["outputs"][0]["data"]["text/markdown"])

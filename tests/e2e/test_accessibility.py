"""axe-core (bundled by axe-playwright-python) in the real JupyterLab and Chromium: every lesson
notebook of both lessons after Run All, the deliverable and the feedback page, with no serious or
critical violation.

In JupyterLab the check is scoped to the kit's own part of the page, the cells' outputs and the
lesson's rendered markdown: JupyterLab's own chrome (toolbars, tabs, menus) is not the kit's to fix,
and is left out. The deliverable and the feedback page are checked whole.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

# At collection `conftest` is this folder's; later tests/hub's conftest takes the name (pytest's
# prepend import mode), so the import must not wait until a test runs.
from conftest import _IDLE

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NETWORKING = sorted(p.name for p in (REPO / "notebooks" / "networking").glob("*.ipynb"))
INTERVIEW = sorted(p.name for p in (REPO / "notebooks" / "interview").glob("*.ipynb"))
SEVERE = ("serious", "critical")
KIT = [".jp-OutputArea-output", ".jp-MarkdownOutput"]  # the kit's part of a JupyterLab page


def axe_problems(page: Any, include: list[str] | None = None) -> list[str]:
    """Serious and critical violations, one line each with the first offending elements."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[s] for s in include]} if include else None
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(f"{n['target']} {n['html'][:160]}" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


@pytest.fixture(scope="module")
def interview_folder(lab: Any) -> str:
    """The second lesson beside the first, under the same nbkit.toml (its own defaults)."""
    target = lab.root / "notebooks" / "interview"
    if not target.exists():
        shutil.copytree(REPO / "notebooks" / "interview", target)
    return "notebooks/interview"


def _open_and_run(context: Any, lab: Any, path: str) -> Any:
    page = context.new_page()
    page.goto(lab.url(f"lab/tree/{path}?reset"))
    idle = _IDLE % f'"{path}"'
    page.wait_for_function(idle, timeout=60_000)
    page.evaluate("window.jupyterapp.shell.collapseLeft()")
    run = "name => window.jupyterapp.commands.execute(name)"
    assert page.evaluate(run, "notebook:run-all-cells") is True, "a cell failed"
    page.wait_for_function(idle, timeout=60_000)
    expect(page.locator(".jp-OutputArea-output .jupyter-widgets").first).to_be_visible()
    return page


def _served(lab: Any, folder: str, name: str) -> str:
    # The server serves the folder of nbkit.toml; older fixtures served the lesson folder.
    served = getattr(lab, "path", None)
    if folder == "notebooks/networking" and served:
        return served(name)
    return f"{folder}/{name}"


@pytest.mark.parametrize("name", NETWORKING)
def test_networking_notebook_has_no_serious_violation(context, lab, name):
    page = _open_and_run(context, lab, _served(lab, "notebooks/networking", name))
    assert axe_problems(page, KIT) == []


@pytest.mark.parametrize("name", INTERVIEW)
def test_interview_notebook_has_no_serious_violation(context, lab, interview_folder, name):
    page = _open_and_run(context, lab, _served(lab, interview_folder, name))
    assert axe_problems(page, KIT) == []


def _networking_workspace(home: Path) -> Path:
    from nbkit.store import Store

    answers = {
        "start.name": "Ada Lovelace",
        "start.student_id": "ada",
        "comfort.ipip": {f"E{i}": 1 + i % 5 for i in range(1, 11)},
        "goals.chosen": ["mentor"],
        "goals.mentor.contact_name": "Sam Lee",
        "goals.mentor.target_date": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
        "reflection.smart_goal": "By Friday I will message Sam Lee offering two times to talk.",
    }
    with Store(home) as store:
        for answer_id, value in answers.items():
            store.save(answer_id, value)
        for n in range(2):
            store.save_row("tracker", {"name": f"Person {n}", "company": "Acme", "role": "Dev"})
        store.record("take", "comfort.ipip", {"responses": answers["comfort.ipip"], "score": 30})
    return home


def test_the_deliverable_has_no_serious_violation(browser, tmp_path):
    from nbkit.export.api import load_sources
    from nbkit.export.html import render_deliverable

    home = _networking_workspace(tmp_path / "home")
    sources = load_sources(workspace=home, start=REPO / "notebooks" / "networking")
    page = browser.new_page()
    try:
        page.set_content(render_deliverable(sources.document, sources.lesson))
        expect(page.locator("img[alt]").first).to_be_attached()  # the spectrum, described
        assert axe_problems(page) == []
    finally:
        page.close()


def test_the_feedback_page_has_no_serious_violation(browser):
    from nbkit.grade.evaluate import grade_document
    from nbkit.grade.feedback import render
    from nbkit.grade.gradebook import graded_row
    from nbkit.grade.intake import Intake
    from nbkit.grade.sample import sample_document
    from nbkit.grade.settings import load_settings

    settings = load_settings(lesson_dir=REPO / "notebooks" / "interview")
    intake = Intake(Path("s.json"), "", dict(sample_document(settings, 1, "Sam Ple")))
    graded = grade_document(intake, settings)
    row = graded_row(graded.evaluation, graded.feedback_file)
    markup = render(row, graded.evaluation, intake.document, settings.lesson, [], "Rubric")
    page = browser.new_page()
    try:
        page.set_content(markup)
        assert axe_problems(page) == []
    finally:
        page.close()

"""The Export button writes the deliverable; a missing Chromium is reported, the rest still lands."""

from __future__ import annotations

import ipywidgets
import pytest

from nbkit.export.button import export_button

pytestmark = pytest.mark.export


def _parts(box):
    (row, status, *_confirm) = box.children  # the "export anyway?" question follows
    button, replace = row.children
    return button, replace, status


def test_button_exports_everything(simulated_student, lesson_root):
    box = export_button()
    assert isinstance(box, ipywidgets.VBox)
    button, _replace, status = _parts(box)
    assert button.description == "Export my lesson"
    button.click()
    written = sorted(p.suffix for p in (lesson_root / "exports").iterdir())
    assert written == [".html", ".ipynb", ".json", ".pdf"]
    assert status.value.count("<li>") == 4


def test_button_reports_missing_chromium_and_refuses_to_replace(
    simulated_student, lesson_root, monkeypatch
):
    monkeypatch.setenv("NBKIT_CHROMIUM", str(lesson_root / "none"))
    button, replace, status = _parts(export_button())
    button.click()
    assert status.value.count("<li>") == 3
    assert "PDF not written" in status.value and "apt-get install chromium" in status.value
    button.click()
    assert "--force" in status.value and "<li>" not in status.value
    replace.value = True
    button.click()
    assert status.value.count("<li>") == 3

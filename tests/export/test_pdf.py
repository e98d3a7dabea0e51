"""The PDF through the system Chromium: pages, the answers' text; a clear error without it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from nbkit.errors import ExportError
from nbkit.export.api import export_lesson
from nbkit.export.pdf import find_chromium

pytestmark = pytest.mark.export


def _has_chromium() -> bool:
    try:
        find_chromium()
    except ExportError:
        return False
    return True


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils' pdftotext")
@pytest.mark.skipif(not _has_chromium(), reason="needs Chromium (Debian package chromium)")
def test_pdf_has_pages_and_answer_text(simulated_student, student_answers):
    (path,) = export_lesson(formats=["pdf"])
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("\f") >= 2, "a complete lesson runs over several pages"
    for needle in ("Ada <script>alert('name')</script> Lovelace", "Answer to reflection.slack."):
        assert needle in text


def test_missing_chromium_says_how_to_install(simulated_student, monkeypatch, lesson_root):
    monkeypatch.setenv("NBKIT_CHROMIUM", str(lesson_root / "no-such-chromium"))
    with pytest.raises(ExportError, match="apt-get install chromium"):
        export_lesson(formats=["html", "pdf"])
    assert not any(lesson_root.glob("exports/*")), "no half export when the PDF fails"

"""Helpers the hub tests share: a cohort folder (nbkit.toml + the networking lesson)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "notebooks" / "networking"
LESSON_ID = "module1-week2-networking"


def copy_lesson(root: Path, inbox: Path | None = None) -> Path:
    """root/nbkit.toml (the repo's, plus [handin] inbox) and root/notebooks/networking/."""
    root.mkdir(parents=True, exist_ok=True)
    text = (REPO / "nbkit.toml").read_text(encoding="utf-8")
    if inbox is not None:
        text += f"\n[handin]\ninbox = {str(inbox)!r}\n"
    (root / "nbkit.toml").write_text(text, encoding="utf-8")
    shutil.copytree(LESSON, root / "notebooks" / "networking",
                    ignore=shutil.ignore_patterns(".*"))  # fmt: skip
    return root

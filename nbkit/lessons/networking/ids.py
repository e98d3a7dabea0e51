"""Answer ids the networking plugin's code reads, in a module with no imports, so that the
export and grading paths can name them without loading the widgets (ipywidgets)."""

from __future__ import annotations

COMFORT_ANSWER = "comfort.ipip"

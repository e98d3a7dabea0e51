"""A Likert scale's result in one cell: score, mean and the band the question declares, updated
as the student answers (any lesson; nbkit.assess does the scoring)."""

from __future__ import annotations

import html

import ipywidgets as w

from ..assess import Result, result_text, score_question
from .base import ViewLike


class ScaleResult:
    def __init__(self, view: ViewLike, question_id: str) -> None:
        self.view, self.question_id = view, question_id
        self.question = view.lesson.question(question_id)
        self.text = w.HTML("")
        self.box = w.VBox([self.text])
        self.box.add_class("nbkit-scale-result")
        self.box.add_class("nbkit-q-" + question_id.replace(".", "-") + "-result")
        view.listen(lambda changed: self.refresh() if changed == question_id else None)
        self.refresh()

    def result(self) -> Result:
        return score_question(self.question, self.view.store.get(self.question_id))

    def refresh(self) -> None:
        self.text.value = (
            f'<p class="nbkit-result"><b>{html.escape(result_text(self.result()))}</b></p>'
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)

"""A Likert scale's result in one cell: score, mean and the band the question declares, updated
as the student answers (any lesson; nbkit.assess does the scoring)."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import ipywidgets as w

from ..assess import Result, result_text, score_question
from . import shared
from .base import ViewLike

# A native fieldset per statement: its legend names the group, each radio is labelled by its
# anchor and exposes its own checked state, the arrow keys move within the group. The selected
# anchor is marked by a filled, outlined box and bold text, not by colour alone.
_LIKERT_ESM = """
function render({ model, el }) {
  const group = document.createElement("fieldset");
  group.className = "nbkit-likert-item";
  const legend = document.createElement("legend");
  legend.textContent = model.get("statement");
  group.append(legend);
  const name = "nbkit-likert-" + Math.random().toString(36).slice(2);
  const inputs = model.get("anchors").map((text, index) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = String(index + 1);
    input.addEventListener("change", () => {
      model.set("value", index + 1);
      model.save_changes();
    });
    label.append(input, text);
    group.append(label);
    return input;
  });
  const sync = () => {
    inputs.forEach((input, index) => {
      input.checked = model.get("value") === index + 1;
      input.disabled = model.get("disabled");
    });
  };
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  sync();
  el.append(group);
  return () => {
    model.off("change:value", sync);
    model.off("change:disabled", sync);
  };
}
export default { render };
"""
_LIKERT_CSS = """
.nbkit-likert-item { border: none; margin: 0 0 10px; padding: 0; }
.nbkit-likert-item legend { padding: 0; margin-bottom: 4px; color: #1b1b1b; }
.nbkit-likert-item label { display: inline-flex; align-items: center; gap: 4px;
  margin: 0 6px 4px 0; padding: 3px 8px; border: 1px solid #6b6b6b; border-radius: 4px;
  color: #1b1b1b; background: #fff; cursor: pointer; }
.nbkit-likert-item label:has(input:checked) { background: #dbe9f6; border: 2px solid #08519c;
  font-weight: 600; }
.nbkit-likert-item input { accent-color: #08519c; margin: 0; }
.nbkit-likert-item input:focus-visible { outline: 2px solid #08519c; outline-offset: 2px; }
"""


@cache
def _likert_class() -> type[w.DOMWidget]:
    # anywidget (and psygnal) load on the first Likert scale, not with every lesson notebook.
    import anywidget
    import traitlets

    class LikertItem(anywidget.AnyWidget):
        """One statement of a Likert scale; `value` is the chosen anchor 1..5, None if none."""

        _esm = _LIKERT_ESM
        _css = _LIKERT_CSS
        statement = traitlets.Unicode("").tag(sync=True)
        anchors = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
        value = traitlets.Int(None, allow_none=True).tag(sync=True)
        disabled = traitlets.Bool(False).tag(sync=True)

    return LikertItem


def likert_item(statement: str, anchors: list[str]) -> Any:
    """A labelled radio group for one statement (see _LIKERT_ESM); `.value` is 1..5 or None."""
    return shared.make(_likert_class(), statement=statement, anchors=anchors)


class ScaleResult:
    def __init__(self, view: ViewLike, question_id: str) -> None:
        self.view, self.question_id = view, question_id
        self.question = view.lesson.question(question_id)
        self.text = shared.html()
        self.box = shared.vbox([self.text])
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

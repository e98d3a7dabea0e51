"""A Likert scale's result in one cell: score, mean and the band the question declares, updated
as the student answers (any lesson; nbkit.assess does the scoring)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from . import shared
from .base import ViewLike

if TYPE_CHECKING:
    from ..assess import Result

# One widget for the whole scale (one model for the page to create, not one per statement): a
# native fieldset per statement, its legend naming the group, each radio labelled by its anchor
# and exposing its own checked state, the arrow keys moving within the group. The selected
# anchor is marked by a filled, outlined box and bold text, not by colour alone.
_LIKERT_ESM = """
function render({ model, el }) {
  const groups = model.get("ids").map((id, row) => {
    const group = document.createElement("fieldset");
    group.className = "nbkit-likert-item";
    const legend = document.createElement("legend");
    legend.textContent = model.get("statements")[row];
    group.append(legend);
    const name = "nbkit-likert-" + Math.random().toString(36).slice(2);
    const inputs = model.get("anchors").map((text, index) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(index + 1);
      input.addEventListener("change", () => {
        model.set("value", { ...model.get("value"), [id]: index + 1 });
        model.save_changes();
      });
      label.append(input, text);
      group.append(label);
      return input;
    });
    el.append(group);
    return { id, inputs };
  });
  const sync = () => {
    const value = model.get("value") || {};
    for (const { id, inputs } of groups) {
      inputs.forEach((input, index) => {
        input.checked = value[id] === index + 1;
        input.disabled = model.get("disabled");
      });
    }
  };
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  sync();
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

    class LikertScale(anywidget.AnyWidget):
        """The statements of one Likert question; `value` maps a statement's id to its chosen
        anchor 1..5 (statements not answered are left out)."""

        _esm = _LIKERT_ESM
        _css = _LIKERT_CSS
        ids = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
        statements = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
        anchors = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
        value = traitlets.Dict(default_value={}).tag(sync=True)
        disabled = traitlets.Bool(False).tag(sync=True)

    return LikertScale


def likert_scale(statements: Mapping[str, str], anchors: list[str]) -> Any:
    """A labelled radio group per statement (id -> text), all in one widget (see _LIKERT_ESM)."""
    return shared.make(
        _likert_class(), ids=list(statements), statements=list(statements.values()), anchors=anchors
    )


class Statement:
    """One statement of a LikertScale as if it were its own control: `.value` is 1..5 or None,
    and setting it changes the scale's value (which its observers see, as a click would)."""

    def __init__(self, scale: Any, item_id: str) -> None:
        self.scale, self.item_id = scale, item_id

    @property
    def value(self) -> int | None:
        found = self.scale.value.get(self.item_id)
        return found if isinstance(found, int) else None

    @value.setter
    def value(self, chosen: int | None) -> None:
        value = {k: v for k, v in self.scale.value.items() if k != self.item_id}
        if chosen is not None:
            value[self.item_id] = chosen
        self.scale.value = value


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
        # Scoring waits for a notebook that shows a result (every notebook imports this module).
        from ..assess import score_question

        return score_question(self.question, self.view.store.get(self.question_id))

    def refresh(self) -> None:
        from ..assess import result_text

        self.text.value = (
            f'<p class="nbkit-result"><b>{html.escape(result_text(self.result()))}</b></p>'
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)

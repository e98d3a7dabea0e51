"""One answer control per question kind (see docs/data-contract.md for the stored values)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from . import shared
from .base import AnswerControl
from .scale import Statement, likert_scale

# Layouts and styles are widget models the page must create one by one: controls share them
# (never changed after creation) instead of each building its own (nbkit.widgets.shared).
FULL = {"width": "95%"}
LONG = {"width": "95%", "height": "110px"}
# A control's description is a <label for=...> of its input: its accessible name. The question's
# visible label is in the heading above it, so the description's own box takes no width.
HIDDEN = "0px"


def input_widget(cls: type[Any], layout: dict[str, str] | None = None, **traits: Any) -> Any:
    """An input with a shared layout and its class's shared style (description box hidden)."""
    return shared.make(cls, layout_=layout, style={"description_width": HIDDEN}, **traits)


def named(control: w.Widget, name: str) -> w.Widget:
    """Give an input its accessible name (a real label, which axe-core and screen readers take;
    a title attribute alone is not enough)."""
    control.description = name
    if control.style.description_width != HIDDEN:  # a shared style is never changed
        control.style = shared.style_for(type(control), description_width=HIDDEN)
    control.add_class("nbkit-named")
    return control


class TextControl(AnswerControl):
    """short -> Text, long -> Textarea; every keystroke is saved (continuous_update)."""

    def build(self) -> w.Widget:
        cls = w.Textarea if self.question.kind == "long" else w.Text
        control = input_widget(
            cls,
            LONG if self.question.kind == "long" else FULL,
            value="",
            placeholder=self.question.placeholder,
            continuous_update=True,
        )
        named(control, self.question.label)
        control.observe(lambda change: self.save(change["new"]), names="value")
        self._control = control
        return control

    def restore(self, value: Any) -> None:
        self._control.value = value if isinstance(value, str) else str(value)


class SingleChoiceControl(AnswerControl):
    def build(self) -> w.Widget:
        options = [(o.label, o.value) for o in self.question.options]
        control = input_widget(w.RadioButtons, FULL, options=options, value=None)
        control.observe(lambda change: self.save(change["new"]), names="value")
        self._control = control
        return control

    def restore(self, value: Any) -> None:
        if value in {o.value for o in self.question.options}:
            self._control.value = value


class MultiChoiceControl(AnswerControl):
    """multi and checklist: a checkbox per option; the value keeps the options' order."""

    def build(self) -> w.Widget:
        self._boxes = {
            o.value: input_widget(w.Checkbox, FULL, value=False, description=o.label, indent=False)
            for o in self.question.options
        }
        for box in self._boxes.values():
            box.observe(lambda _change: self.save(self._picked()), names="value")
        return shared.vbox(list(self._boxes.values()))

    def _picked(self) -> list[str]:
        return [value for value, box in self._boxes.items() if box.value]

    def restore(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option, box in self._boxes.items():
            box.value = option in chosen


class LikertControl(AnswerControl):
    """A set of statements on one 5-point scale: a labelled radio group per statement, all of
    them one widget; `_rows` gives each statement as a control of its own (Statement)."""

    def build(self) -> w.Widget:
        scale = list(self.question.scale or ("1", "2", "3", "4", "5"))
        texts = {
            item.id: f"{number}. {item.text}"
            for number, item in enumerate(self.question.items, start=1)
        }
        self._scale = likert_scale(texts, scale)
        self._scale.observe(lambda _change: self.save(self._responses()), names="value")
        self._rows = {item_id: Statement(self._scale, item_id) for item_id in texts}
        return self._scale

    def _responses(self) -> dict[str, int]:
        return {k: t.value for k, t in self._rows.items() if t.value is not None}

    def restore(self, value: Any) -> None:
        given = value if isinstance(value, dict) else {}
        self._scale.value = {k: given[k] for k in self._rows if given.get(k) in range(1, 6)}


class DateControl(AnswerControl):
    """A calendar date; an impossible or cleared entry arrives as None and is shown as such."""

    def build(self) -> w.Widget:
        control = input_widget(w.DatePicker, value=None)
        named(control, self.question.label)
        control.observe(lambda change: self._changed(change["new"]), names="value")
        self._control = control
        return control

    def _changed(self, value: dt.date | None) -> None:
        self.save(value.isoformat() if value else None)

    def restore(self, value: Any) -> None:
        try:
            self._control.value = dt.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            self._control.value = None

"""Repeatable rows: a list of short texts (optionally picked from a prompt bank) and a list of
date-time options. The whole list is saved on every change of any row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from . import shared
from .base import AnswerControl
from .controls import input_widget, named

# Layouts are widget models too: rows share them (nbkit.widgets.shared; never changed).
ROW = {"width": "85%"}
_NUMBER = {"width": "28px"}
_REMOVE = {"width": "40px"}
_PICKER = {"width": "260px"}


class RowsControl(AnswerControl):
    """Rows plus Add / Remove buttons; subclasses say how one row looks and reads.

    Every widget is a model the front-end must create and draw, so a row's number, input and
    remove button are built once and reused when rows are renumbered (opening a notebook with
    three empty rows used to build eleven throw-away rows)."""

    add_label = "Add"

    def build(self) -> w.Widget:
        self._inputs: list[w.Widget] = []
        self._row_parts: dict[str, tuple[w.HBox, w.Label, w.Button]] = {}
        self._rows_box = shared.vbox()
        self._add = shared.button(self.add_label, icon="plus", tooltip=self.add_label)
        self._add.on_click(lambda _b: self._append(None, save=True))
        controls = [self._add, *self.extra_controls()]
        box = shared.vbox([self._rows_box, shared.hbox(controls)])
        self._fill_to_minimum()
        self._redraw()
        return box

    def extra_controls(self) -> list[w.Widget]:
        return []

    def make_input(self, value: Any) -> w.Widget:
        raise NotImplementedError

    def read(self, control: w.Widget) -> Any:
        raise NotImplementedError

    def _new_input(self, value: Any) -> w.Widget:
        control = self.make_input(value)
        control.observe(lambda _change: self._save_all(), names="value")
        return control

    def _fill_to_minimum(self) -> None:
        while len(self._inputs) < max(self.question.min_items, 1):
            self._inputs.append(self._new_input(None))

    def _append(self, value: Any, save: bool) -> None:
        if len(self._inputs) >= self.question.max_items:
            return
        self._inputs.append(self._new_input(value))
        self._redraw()
        if save:
            self._save_all()

    def _remove(self, control: w.Widget) -> None:
        self._inputs.remove(control)
        self._redraw()
        self._save_all()

    def _row(self, control: w.Widget) -> tuple[w.HBox, w.Label, w.Button]:
        parts = self._row_parts.get(control.model_id)
        if parts is None:
            number = shared.make(w.Label, layout_=_NUMBER, value="")
            remove = shared.make(w.Button, layout_=_REMOVE, description="", icon="trash")
            remove.on_click(lambda _b, c=control: self._remove(c))
            parts = (shared.hbox([number, control, remove]), number, remove)
            self._row_parts[control.model_id] = parts
        return parts

    def _redraw(self) -> None:
        rows = []
        for number, control in enumerate(self._inputs, start=1):
            row, label, remove = self._row(control)
            label.value, remove.tooltip = f"{number}.", f"Remove item {number}"
            named(control, f"{self.question.label}: item {number}")
            rows.append(row)
        self._rows_box.children = rows
        kept = {c.model_id for c in self._inputs}
        for model_id in set(self._row_parts) - kept:  # rows removed or replaced by a restore
            row, label, remove = self._row_parts.pop(model_id)
            for part in (*row.children, row, label, remove):
                part.close()

    def _save_all(self) -> None:
        self.save([self.read(c) for c in self._inputs])

    def restore(self, value: Any) -> None:
        values = value if isinstance(value, list) else []
        self._inputs = [self._new_input(v) for v in values[: self.question.max_items]]
        self._fill_to_minimum()
        self._redraw()


class TextListControl(RowsControl):
    """Drafted questions: type your own, or pick a suggested prompt and make it yours."""

    add_label = "Add a question"

    def extra_controls(self) -> list[w.Widget]:
        if not self.question.bank:
            return []
        self._bank = input_widget(
            w.Dropdown,
            {"width": "60%"},
            options=[("Pick a suggested prompt...", "")] + [(b, b) for b in self.question.bank],
            value="",
        )
        named(self._bank, "Suggested prompts")
        use = shared.button("Use this prompt", icon="copy")
        use.on_click(lambda _b: self._use_prompt())
        return [self._bank, use]

    def _use_prompt(self) -> None:
        prompt = self._bank.value
        if not prompt:
            return
        empty = next((c for c in self._inputs if not c.value.strip()), None)
        self.store.mark_source(self.question.id, "bank")  # provenance of the save that follows
        if empty is not None:
            empty.value = prompt  # observing saves
        else:
            self._append(prompt, save=True)
        self._bank.value = ""

    def make_input(self, value: Any) -> w.Widget:
        return input_widget(
            w.Text,
            ROW,
            value=value if isinstance(value, str) else "",
            continuous_update=True,
            placeholder=self.question.placeholder,
        )

    def read(self, control: w.Widget) -> str:
        return control.value


class DatetimesControl(RowsControl):
    """Time options to offer a contact, local to the cohort's time zone."""

    add_label = "Add a time option"

    def make_input(self, value: Any) -> w.Widget:
        moment = None
        if isinstance(value, str) and value:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
        return input_widget(w.NaiveDatetimePicker, _PICKER, value=moment)

    def read(self, control: w.Widget) -> str | None:
        return control.value.isoformat(timespec="minutes") if control.value else None

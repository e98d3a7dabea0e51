"""The networking tracker: a form to add, edit and delete rows, a table view, and downloads.

Rows live in the store's tracker table (write-through on Save). The table shows student text
escaped; nothing typed here becomes HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..compose import chosen_goals, format_time, plan_for
from ..errors import NbkitError
from ..tracker import Column, clean_row, columns, conversations_held, row_problems
from .base import MESSAGE_STYLE, SAVED_STYLE

if TYPE_CHECKING:
    from ..notebook import SectionView

TABLE_COLUMNS = (
    "name",
    "company",
    "role",
    "goal",
    "channel",
    "date_contacted",
    "status",
    "takeaway",
)


def _input(col: Column) -> w.Widget:
    if col.kind == "bool":
        return w.Checkbox(value=False, indent=False)
    if col.kind == "date":
        return w.DatePicker(value=None)
    if col.kind == "single":
        return w.Dropdown(
            options=[("", None)] + [(o.label, o.value) for o in col.options], value=None
        )
    if col.kind == "long":
        return w.Textarea(value="", layout=w.Layout(width="95%", height="60px"))
    return w.Text(value="", layout=w.Layout(width="95%"))


def _read(widget: w.Widget, col: Column) -> Any:
    value = widget.value
    if col.kind == "date":
        return value.isoformat() if value else None
    return value


def _write(widget: w.Widget, col: Column, value: Any) -> None:
    if col.kind == "date":
        try:
            widget.value = dt.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            widget.value = None
    elif col.kind == "bool":
        widget.value = bool(value)
    elif col.kind == "single":
        widget.value = value if value in {o.value for o in col.options} else None
    else:
        widget.value = value or ""


class TrackerEditor:
    def __init__(self, view: SectionView) -> None:
        self.view = view
        self.cols = columns(view.section)
        self.inputs = {c.key: _input(c) for c in self.cols}
        for key, widget in self.inputs.items():
            widget.add_class(f"nbkit-col-{key}")  # a stable handle for browser tests
        self.row_id: str | None = None
        self.pick = w.Dropdown(description="Edit a contact", style={"description_width": "initial"})
        self.pick.observe(lambda ch: self.load(ch["new"]), names="value")
        self.from_goal = w.Dropdown(
            description="Start from my plan for", style={"description_width": "initial"}
        )
        self.from_goal.observe(lambda ch: self.prefill(ch["new"]), names="value")
        self.save_b = w.Button(
            description="Save contact",
            icon="save",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.new_b = w.Button(description="New contact", icon="plus", layout=w.Layout(width="auto"))
        self.delete_b = w.Button(description="Delete", icon="trash")
        self.confirm_b = w.Button(
            description="Yes, delete it", button_style="danger", layout=w.Layout(display="none")
        )
        self.save_b.on_click(lambda _b: self.save())
        self.new_b.on_click(lambda _b: self.pick.__setattr__("value", ""))
        self.delete_b.on_click(lambda _b: self._ask_delete())
        self.confirm_b.on_click(lambda _b: self.delete())
        self.message = w.HTML("")
        self.table = w.HTML("")
        form = [
            w.HBox(
                [
                    w.HTML(
                        f"<b>{html.escape(c.label)}</b>{' *' if c.required else ''}",
                        layout=w.Layout(width="200px"),
                    ),
                    self.inputs[c.key],
                ]
            )
            for c in self.cols
        ]
        buttons = w.HBox([self.save_b, self.new_b, self.delete_b, self.confirm_b])
        self.box = w.VBox(
            [w.HBox([self.pick, self.from_goal]), *form, buttons, self.message, self.table]
        )
        self.box.add_class("nbkit-tracker")
        view.listen(
            lambda answer_id: self._refresh_goals() if answer_id.startswith("goals.") else None
        )
        self.refresh()

    # -- data ----------------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        return self.view.store.tracker_rows()

    def form_row(self) -> dict[str, Any]:
        return clean_row({c.key: _read(self.inputs[c.key], c) for c in self.cols}, self.cols)

    def save(self) -> None:
        row = self.form_row()
        found = row_problems(row, self.cols)
        if found:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in found)
            self.message.value = f'<ul role="alert" style="{MESSAGE_STYLE}">{items}</ul>'
            return
        try:
            self.row_id = self.view.store.save_tracker_row(row, self.row_id)
        except NbkitError as exc:
            self.message.value = f'<span style="{MESSAGE_STYLE}">{html.escape(str(exc))}</span>'
            return
        self.refresh(select=self.row_id)
        self.message.value = f'<span style="{SAVED_STYLE}">Saved {html.escape(row["name"])}.</span>'

        self.view.changed("tracker")

    def _ask_delete(self) -> None:
        if self.row_id is None:
            self.message.value = (
                f'<span style="{MESSAGE_STYLE}">Pick a contact to delete first.</span>'
            )
            return
        self.confirm_b.layout.display = "inline-flex"

    def delete(self) -> None:
        self.confirm_b.layout.display = "none"
        if self.row_id is not None:
            self.view.store.delete_tracker_row(self.row_id)
        self.row_id = None
        self.refresh(select="")
        self.message.value = f'<span style="{SAVED_STYLE}">Deleted.</span>'

        self.view.changed("tracker")

    def load(self, row_id: str | None) -> None:
        self.confirm_b.layout.display = "none"
        row = next((r for r in self.rows() if r["row_id"] == row_id), {}) if row_id else {}
        self.row_id = row_id or None
        for col in self.cols:
            _write(self.inputs[col.key], col, row.get(col.key))
        self.message.value = ""

    def prefill(self, goal: str | None) -> None:
        """A new row filled from the goal's plan (contact, channel, times, questions)."""
        if not goal:
            return
        values = self.view.store.values()
        plan = plan_for(goal, values)
        self.pick.value = ""
        self.load(None)
        times = "; ".join(format_time(t, self.view.config.timezone) for t in plan.time_options)
        filled = {
            "name": plan.contact_name,
            "role": plan.contact_role,
            "goal": goal,
            "channel": plan.channel or None,
            "time_options": times,
            "questions": "\n".join(plan.questions),
            "status": "identified",
        }
        for col in self.cols:
            if col.key in filled:
                _write(self.inputs[col.key], col, filled[col.key])
        self.from_goal.value = None

    # -- views ---------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        rows = self.rows()
        options = [("(new contact)", "")] + [
            (f"{r.get('name') or '?'} ({r.get('company') or '-'})", r["row_id"]) for r in rows
        ]
        current = select if select is not None else (self.row_id or "")
        self.pick.options = options
        self.pick.value = current if current in {v for _l, v in options} else ""
        self._refresh_goals()
        self.table.value = table_html(rows, self.cols)

    def _refresh_goals(self) -> None:
        from ..compose import goal_title

        values = self.view.store.values("goals.")
        goals = chosen_goals(values)
        self.from_goal.options = [("", None)] + [
            (goal_title(g, values, self.view.lesson), g) for g in goals
        ]
        self.from_goal.value = None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def table_html(rows: list[dict[str, Any]], cols: list[Column]) -> str:
    """The tracker as an escaped HTML table, with a count of conversations held."""
    if not rows:
        return "<p><i>No contacts yet. Add the first person you plan to reach out to.</i></p>"
    shown = [c for c in cols if c.key in TABLE_COLUMNS]
    head = "".join(f"<th style='text-align:left'>{html.escape(c.label)}</th>" for c in shown)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td style='white-space:pre-wrap;text-align:left'>{html.escape(c.label_of(r.get(c.key)) if r.get(c.key) else '')}</td>"
            for c in shown
        )
        + "</tr>"
        for r in rows
    )
    held = conversations_held(rows)
    return (
        f"<p><b>{len(rows)} contact(s), {held} conversation(s) held.</b></p>"
        f"<table class='nbkit-tracker-table'><tr>{head}</tr>{body}</table>"
    )

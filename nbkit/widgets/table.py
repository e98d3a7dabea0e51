"""A lesson table in one cell: a form to add, edit and delete rows, and the rows as a table.

Rows live in the store's table (write-through on Save). What is typed into the form but not yet
saved is kept too, as it is typed: one draft row per table in the store's table
`<table id>.draft` (not a lesson table, so never exported), restored into the form when the cell
runs again, dropped when the row is saved, deleted or the form is cleared. The table shows
student text escaped; nothing typed here becomes HTML. A plugin extends the editor through its keyword arguments (its
own row checks, a caption, widgets above the form) instead of subclassing it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from ..errors import NbkitError
from ..progress import DRAFT_SUFFIX
from ..tables import ColumnLike, clean_row, label_of, row_problems
from . import shared
from .base import MESSAGE_STYLE, SAVED_STYLE, ViewLike

Row = dict[str, Any]
DRAFT_ROW = "form"  # the one draft row of a table's form
NOTE_STYLE = "color:#555;font-size:0.9em"
LABEL_WIDTH = "200px"  # the form's labels, left of their inputs


def _input(col: ColumnLike) -> w.Widget:
    """A column's input with its visible label as the input's own description: a <label for>
    beside it, so one widget per column (no row box, no label widget) and the label is the
    input's accessible name. A required column's " *" is hidden from screen readers."""
    required = ' <span aria-hidden="true">*</span>' if col.required else ""
    traits: dict[str, Any] = {
        "description": f"<b>{html.escape(col.label)}</b>{required}",
        "description_allow_html": True,
    }
    if col.kind == "bool":  # its description is also its title (a tooltip): plain text there
        plain = col.label + (" *" if col.required else "")
        return _make(w.Checkbox, {"width": "95%"}, value=False, indent=True, description=plain)
    if col.kind == "date":
        return _make(w.DatePicker, {}, value=None, **traits)
    if col.kind == "single":
        options = [("", None)] + [(o.label, o.value) for o in col.options]
        return _make(w.Dropdown, {}, options=options, value=None, **traits)
    if col.kind == "long":
        return _make(w.Textarea, {"width": "95%", "height": "60px"}, value="", **traits)
    return _make(w.Text, {"width": "95%"}, value="", **traits)


def _make(cls: type[Any], layout: dict[str, str], **traits: Any) -> Any:
    return shared.make(cls, layout_=layout, style={"description_width": LABEL_WIDTH}, **traits)


def _read(widget: w.Widget, col: ColumnLike) -> Any:
    value = widget.value
    if col.kind == "date":
        return value.isoformat() if value else None
    return value


def _write(widget: w.Widget, col: ColumnLike, value: Any) -> None:
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


class TableEditor:
    """`noun` names one row in buttons and messages ("Save contact"); `shown` picks the columns of
    the table view; `checks(row)` adds a plugin's own problems; `caption(rows)` heads the table."""

    def __init__(
        self,
        view: ViewLike,
        table_id: str,
        *,
        noun: str = "row",
        shown: Sequence[str] | None = None,
        checks: Callable[[Row], list[str]] | None = None,
        caption: Callable[[list[Row]], str] | None = None,
        empty: str = "",
        header: Sequence[w.Widget] = (),
    ) -> None:
        self.view, self.table_id, self.noun = view, table_id, noun
        table = view.lesson.tables[table_id]
        self.cols: list[ColumnLike] = list(table.columns)
        self.shown = [c for c in self.cols if shown is None or c.key in shown]
        self._checks, self._caption = checks, caption
        self._empty = empty or f"No {noun}s yet."
        self.inputs = {c.key: _input(c) for c in self.cols}  # labelled: accessible names
        self._quiet = False  # True while the kit itself fills the form
        for key, widget in self.inputs.items():
            widget.add_class(f"nbkit-col-{key}")  # a stable handle for browser tests
            widget.observe(lambda _change: self._typed(), names="value")
        self.row_id: str | None = None
        self.pick = shared.make(
            w.Dropdown, description=f"Edit a {noun}", style={"description_width": "initial"}
        )
        self.pick.observe(lambda ch: None if self._quiet else self.load(ch["new"]), names="value")
        self.save_b = shared.button(f"Save {noun}", icon="save", button_style="primary")
        self.new_b = shared.button(f"New {noun}", icon="plus")
        self.delete_b = shared.button("Delete", icon="trash")
        # Its own layout: shown and hidden (a shared layout is never changed).
        self.confirm_b = w.Button(
            description="Yes, delete it",
            button_style="danger",
            layout=w.Layout(display="none"),
            style=shared.style_for(w.Button),
        )
        self.save_b.on_click(lambda _b: self.save())
        self.new_b.on_click(lambda _b: self._pick(""))
        self.delete_b.on_click(lambda _b: self._ask_delete())
        self.confirm_b.on_click(lambda _b: self.delete())
        self.message = shared.html()
        self.table = shared.html()
        buttons = shared.hbox([self.save_b, self.new_b, self.delete_b, self.confirm_b])
        self.box = shared.vbox(
            [shared.hbox([self.pick, *header]), *self.inputs.values(), buttons, self.message,
             self.table]
        )  # fmt: skip
        self.box.add_class("nbkit-table")
        self.box.add_class(f"nbkit-{table_id}")
        self.refresh()
        self._restore_draft()

    # -- data ----------------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        return self.view.store.rows(self.table_id)

    def form_row(self) -> Row:
        return clean_row({c.key: _read(self.inputs[c.key], c) for c in self.cols}, self.cols)

    def problems(self, row: Row) -> list[str]:
        return row_problems(row, self.cols) + (self._checks(row) if self._checks else [])

    def save(self) -> None:
        row = self.form_row()
        found = self.problems(row)
        if found:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in found)
            self.message.value = f'<div role="alert" style="{MESSAGE_STYLE}"><ul>{items}</ul></div>'
            return
        try:
            self.row_id = self.view.store.save_row(self.table_id, row, self.row_id)
        except NbkitError as exc:
            self.message.value = f'<span style="{MESSAGE_STYLE}">{html.escape(str(exc))}</span>'
            return
        self.refresh(select=self.row_id)
        self._drop_draft()
        saved = _first_text(row, self.cols) or self.noun
        self.message.value = f'<span style="{SAVED_STYLE}">Saved {html.escape(saved)}.</span>'
        self.view.changed(self.table_id)

    def _ask_delete(self) -> None:
        if self.row_id is None:
            self.message.value = (
                f'<span style="{MESSAGE_STYLE}">Pick a {html.escape(self.noun)} to delete '
                "first.</span>"
            )
            return
        self.confirm_b.layout.display = "inline-flex"

    def delete(self) -> None:
        self.confirm_b.layout.display = "none"
        if self.row_id is not None:
            self.view.store.delete_row(self.table_id, self.row_id)
        self._pick("")
        self.message.value = f'<span style="{SAVED_STYLE}">Deleted.</span>'
        self.view.changed(self.table_id)

    def load(self, row_id: str | None) -> None:
        self.confirm_b.layout.display = "none"
        self.row_id = row_id or None
        self._show(self._saved_row())
        self.message.value = ""
        self._keep_draft()

    def _pick(self, row_id: str) -> None:
        """Show a saved row (or "" for a new, empty one) in the picker and the form."""
        self.refresh(select=row_id)
        self.load(row_id)

    def fill(self, values: Mapping[str, Any]) -> None:
        """Start a new row with some columns filled in (a plugin's "start from my plan")."""
        self._pick("")
        self._show({c.key: values.get(c.key) for c in self.cols if c.key in values}, clear=False)
        self._keep_draft()

    # -- the draft: the form as typed, kept until it is saved -------------------------------------

    @property
    def draft_table(self) -> str:
        return self.table_id + DRAFT_SUFFIX

    def _saved_row(self) -> Row:
        found = next((r for r in self.rows() if r["row_id"] == self.row_id), None)
        return clean_row(found or {}, self.cols)

    def _show(self, values: Mapping[str, Any], clear: bool = True) -> None:
        """Put values into the form without treating it as typing."""
        self._quiet = True
        try:
            for col in self.cols:
                if clear or col.key in values:
                    _write(self.inputs[col.key], col, values.get(col.key))
        finally:
            self._quiet = False

    def _typed(self) -> None:
        if not self._quiet:
            self._keep_draft()

    def _keep_draft(self) -> None:
        """Save the form as a draft when it differs from the saved row, else drop the draft."""
        form = self.form_row()
        if form == self._saved_row():
            self._drop_draft()
            return
        draft = {"editing": self.row_id, "form": form}
        if self._draft() == draft:
            return
        try:
            self.view.store.save_row(self.draft_table, draft, DRAFT_ROW)
        except NbkitError as exc:
            self.message.value = f'<span style="{MESSAGE_STYLE}">{html.escape(str(exc))}</span>'

    def _draft(self) -> dict[str, Any] | None:
        found = next((r for r in self.view.store.rows(self.draft_table)), None)
        return {"editing": found.get("editing"), "form": found.get("form")} if found else None

    def _drop_draft(self) -> None:
        if self._draft() is not None:
            self.view.store.delete_row(self.draft_table, DRAFT_ROW)

    def _restore_draft(self) -> None:
        draft = self._draft()
        if draft is None or not isinstance(draft["form"], dict):
            return
        editing = draft["editing"]
        exists = editing in {r["row_id"] for r in self.rows()}
        self.row_id = editing if exists else None
        self.refresh()
        self._show(draft["form"])
        self.message.value = (
            f'<span class="nbkit-draft-note" style="{NOTE_STYLE}">Back where you left off: this '
            f"{html.escape(self.noun)} is not saved yet. Press Save {html.escape(self.noun)} to "
            "keep it.</span>"
        )

    # -- view ----------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        rows = self.rows()
        options = [(f"(new {self.noun})", "")] + [
            (_row_name(r, self.cols), r["row_id"]) for r in rows
        ]
        current = select if select is not None else (self.row_id or "")
        self._quiet = True  # the picker follows the form here; it does not reload it
        try:
            self.pick.options = options
            self.pick.value = current if current in {v for _l, v in options} else ""
        finally:
            self._quiet = False
        caption = self._caption(rows) if self._caption else f"{len(rows)} {self.noun}(s)."
        self.table.value = table_html(rows, self.shown, caption, self._empty)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _first_text(row: Mapping[str, Any], cols: Sequence[ColumnLike]) -> str:
    return next((str(row[c.key]) for c in cols if c.kind == "short" and row.get(c.key)), "")


def _row_name(row: Mapping[str, Any], cols: Sequence[ColumnLike]) -> str:
    """How a row is named in the picker: its first two short texts, e.g. "Sam Lee (Acme)"."""
    texts = [str(row.get(c.key) or "") for c in cols if c.kind == "short"][:2]
    first = texts[0] if texts and texts[0] else "?"
    return f"{first} ({texts[1] or '-'})" if len(texts) > 1 else first


def table_html(
    rows: Sequence[Mapping[str, Any]], cols: Sequence[ColumnLike], caption: str, empty: str
) -> str:
    """The rows as an escaped HTML table under a caption (plain text, escaped here)."""
    if not rows:
        return f"<p><i>{html.escape(empty)}</i></p>"
    head = "".join(f"<th style='text-align:left'>{html.escape(c.label)}</th>" for c in cols)
    body = "".join(
        "<tr>"
        + "".join(
            "<td style='white-space:pre-wrap;text-align:left'>"
            f"{html.escape(label_of(c, r.get(c.key)) if r.get(c.key) else '')}</td>"
            for c in cols
        )
        + "</tr>"
        for r in rows
    )
    return (
        f"<p><b>{html.escape(caption)}</b></p>"
        f"<table class='nbkit-table-rows'><tr>{head}</tr>{body}</table>"
    )

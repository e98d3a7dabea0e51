"""A long-text answer with a "draft it for me" button: fills the answer from earlier answers when
it is empty, and replaces the student's own edits only after they confirm."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from .base import MESSAGE_STYLE, AnswerControl

NOTE_STYLE = "color:#555;font-size:0.9em"


class DraftBox:
    """Wraps a text AnswerControl; `make_text()` assembles the draft from the store (pure call)."""

    def __init__(
        self,
        control: AnswerControl,
        make_text: Callable[[], str],
        button_label: str,
        fill_when_empty: bool = False,
    ) -> None:
        self.control, self.make_text = control, make_text
        self.draft = w.Button(description=button_label, icon="magic", layout=w.Layout(width="auto"))
        self.replace = w.Button(
            description="Yes, replace my text",
            button_style="danger",  # white on red is 5:1; "warning" orange was 2.7:1
            layout=w.Layout(width="auto"),
        )
        self.keep = w.Button(description="No, keep my text", layout=w.Layout(width="auto"))
        self.note = w.HTML("")
        self.confirm = w.HBox([self.replace, self.keep], layout=w.Layout(display="none"))
        self.draft.on_click(lambda _b: self.ask())
        self.replace.on_click(lambda _b: self.fill(confirmed=True))
        self.keep.on_click(lambda _b: self._hide_confirm("Kept your text."))
        self.box = w.VBox([w.HBox([self.draft]), self.confirm, self.note, control.box])
        if fill_when_empty and not self.current().strip():
            self.fill(confirmed=True)
        elif self._stale_draft():
            self.fill(confirmed=True)
            self._hide_confirm("Updated from your latest answers. Now make it yours: edit it.")

    def _stale_draft(self) -> bool:
        """Still the kit's draft, untouched by the student, and earlier answers changed since it
        was made (e.g. 05 opened before 00-04 were done): redrafting it loses nothing of theirs."""
        saved = self.control.store.answer(self.control.question.id)
        kit_text = saved is not None and saved.source in ("draft", "replaced")
        return kit_text and self.current() != self.make_text()

    def current(self) -> str:
        value = self.control.input.value
        return value if isinstance(value, str) else ""

    def ask(self) -> None:
        if self.current().strip() and self.current() != self.make_text():
            self.note.value = (
                f'<span style="{MESSAGE_STYLE}">This answer already has your text. Replace it with a '
                "fresh draft from your answers?</span>"
            )
            self.confirm.layout.display = "flex"
            return
        self.fill(confirmed=True)

    def fill(self, confirmed: bool) -> None:
        if confirmed:
            # The student's replaced text stays in the answer's history as its own event.
            self.control.store.end_burst(self.control.question.id)
            text = self.make_text()
            if text != self.current():  # provenance: the observer's save is the kit's draft
                self.control.store.mark_source(self.control.question.id, "draft")
            self.control.input.value = text  # the control's observer saves it
            self._hide_confirm(
                "Drafted from your answers. Now make it yours: edit it, and fill any ______."
            )

    def _hide_confirm(self, note: str) -> None:
        self.confirm.layout.display = "none"
        self.note.value = f'<span style="{NOTE_STYLE}">{html.escape(note)}</span>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)

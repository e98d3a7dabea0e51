"""A long-text answer with a "draft it for me" button: fills the answer from earlier answers when
it is empty, and replaces the student's own edits only after they confirm. A draft the student
has not touched follows the answers it is drafted from (`DraftBox.refresh`)."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from . import shared
from .base import MESSAGE_STYLE, AnswerControl

NOTE_STYLE = "color:#555;font-size:0.9em"
# Sources whose text the kit wrote: a draft, or a draft saved over earlier text (nbkit.store).
KIT_SOURCES = ("draft", "replaced")
UPDATED = "Updated from your latest answers. Now make it yours: edit it."


def may_redraft(source: str | None, saved: object, shown: str, last_draft: str | None) -> bool:
    """Whether a box's text is still the kit's own, so redrafting it loses nothing the student
    typed: saved by a draft (no typing since), still what the box shows, and, once this box has
    drafted, still that last draft. Empty answers stay empty: drafts come only from a button."""
    if source not in KIT_SOURCES or saved != shown or not shown.strip():
        return False
    return last_draft is None or shown == last_draft


class DraftBox:
    """Wraps a text AnswerControl; `make_text()` assembles the draft from the store (pure call)."""

    def __init__(
        self,
        control: AnswerControl,
        make_text: Callable[[], str],
        button_label: str,
        fill_when_empty: bool = False,
        listen: Callable[[Callable[[str], None]], None] | None = None,
    ) -> None:
        """`listen` (SectionView.listen) lets the draft follow answers changed in this kernel."""
        self.control, self.make_text = control, make_text
        self.last_draft: str | None = None
        self.draft = shared.button(button_label, icon="magic")
        self.note = shared.html()
        self._confirm: w.HBox | None = None  # built when first asked (see `confirm`)
        self.draft.on_click(lambda _b: self.ask())
        self.box = shared.vbox([self.draft, self.note, control.box])
        if fill_when_empty and not self.current().strip():
            self.fill(confirmed=True)
        else:
            self.refresh()  # e.g. 05 opened before 00-04 were done, then run again
        if listen is not None:
            listen(self.refresh)

    @property
    def confirm(self) -> w.HBox:
        """The question before replacing the student's text ("Yes, replace my text" / "No, keep
        my text"): four widget models most students never need, so they are made, and put under
        the draft button, the first time they are."""
        if self._confirm is None:
            replace = shared.button(
                "Yes, replace my text",
                button_style="danger",  # white on red is 5:1; "warning" orange was 2.7:1
            )
            keep = shared.button("No, keep my text")
            replace.on_click(lambda _b: self.fill(confirmed=True))
            keep.on_click(lambda _b: self._hide_confirm("Kept your text."))
            # Its own layout: shown and hidden (a shared layout is never changed).
            self._confirm = w.HBox([replace, keep], layout=w.Layout(display="none"))
            first, *rest = self.box.children
            self.box.children = (first, self._confirm, *rest)
        return self._confirm

    @property
    def replace(self) -> w.Button:
        return self.confirm.children[0]

    @property
    def keep(self) -> w.Button:
        return self.confirm.children[1]

    def refresh(self, key: str = "") -> None:
        """Redraft when the text is still the kit's untouched draft and the answers it is made
        from now give another one. Called on any answer change in this notebook's kernel; an
        answer saved in another notebook's kernel is seen when this cell runs again."""
        answer_id = self.control.question.id
        if key == answer_id:
            return  # its own save (typing, or this very redraft)
        saved = self.control.store.answer(answer_id)
        source, value = (saved.source, saved.value) if saved else (None, None)
        if not may_redraft(source, value, self.current(), self.last_draft):
            return
        if self.make_text() != self.current():
            self.fill(confirmed=True)
            self._hide_confirm(UPDATED)

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
            self.last_draft = text
            self.control.input.value = text  # the control's observer saves it
            self._hide_confirm(
                "Drafted from your answers. Now make it yours: edit it, and fill any ______."
            )

    def _hide_confirm(self, note: str) -> None:
        if self._confirm is not None:
            self._confirm.layout.display = "none"
        self.note.value = f'<span style="{NOTE_STYLE}">{html.escape(note)}</span>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)

"""The shared shape of every answer control: a heading (label, help, message), the input, and
write-through.

Widget state is never the record (see jupyter-facts.md): the value lives in the store, the
control restores from it when its cell runs and writes every change straight back.

Every widget is a model the page creates one by one before the notebook is ready, so a control
is three of them: its box, one HTML heading that carries the question's label and help and, under
them, what the kit says about the answer ("Saved.", or its problems as an alert list), and the
input itself; layouts and styles are shared (nbkit.widgets.shared).
"""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import ipywidgets as w

from ..config import Config
from ..content import Lesson, Question
from ..errors import NbkitError
from ..progress import BURST_SPLIT
from ..store import Store
from ..validate import Context, problems
from . import shared

MESSAGE_STYLE = "color:#a4000f;font-size:0.9em"
SAVED_STYLE = "color:#3b6e22;font-size:0.85em"


class ViewLike(Protocol):
    """What a composite cell needs of the section it sits in (nbkit.notebook.SectionView).

    A protocol rather than an import: the notebook module builds widgets, so widgets importing
    it back would be an import cycle.
    """

    store: Store
    lesson: Lesson
    config: Config
    ctx: Context

    def ask(self, answer_id: str) -> AnswerControl: ...
    def listen(self, callback: Callable[[str], None]) -> None: ...
    def changed(self, key: str) -> None: ...
    def export_path(self, stem: str, suffix: str) -> Path: ...


class AnswerControl:
    """Base: subclasses build `self.input` and convert between widget values and stored JSON."""

    def __init__(
        self,
        question: Question,
        store: Store,
        ctx: Context,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        self.question, self.store, self.ctx = question, store, ctx
        self._live_ctx = ctx
        self._on_change = on_change
        self._restoring = False
        self._burst_started = 0.0
        self._label = _label_html(question)
        # The label and the message share one widget (the message right under the label, above
        # the input, where a form's error messages sit); `message` is that widget.
        self.message = shared.html(self._label, margin="8px 0 2px 0")
        self.input = self.build()
        self.box = shared.vbox([self.message, self.input], margin="0 0 10px 0", width="100%")
        self.box.add_class("nbkit-answer")
        self.box.add_class(f"nbkit-kind-{question.kind}")
        self.box.add_class("nbkit-q-" + question.id.replace(".", "-"))
        saved = store.answer(question.id)
        stored = saved.value if saved else None
        if saved is not None:
            # A restored answer is judged as of when it was written (see Context.as_of).
            self.ctx = ctx.as_of(saved.updated_at)
            # Setting widget values fires the same observers a student's edit does; restoring
            # must not write the value back (it would add history and move its timestamp).
            self._restoring = True
            try:
                self.restore(stored)
            finally:
                self._restoring = False
        self.show_problems(stored, touched=stored is not None)

    # -- subclass hooks ---------------------------------------------------------------------

    def build(self) -> w.Widget:
        raise NotImplementedError

    def restore(self, value: Any) -> None:
        raise NotImplementedError

    # -- shared behaviour -------------------------------------------------------------------

    def save(self, value: Any) -> None:
        """Write through; a failure shows next to the control and keeps the last saved value."""
        if self._restoring:
            return
        self.ctx = self._live_ctx  # a fresh edit is judged against now
        self._split_long_burst()
        try:
            self.store.save(self.question.id, value)
        except NbkitError as exc:
            self._alert(str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            # A callback's exception only reaches the kernel log, where no student looks: an
            # unexpected failure (disk full, a bug) must say so next to the answer instead.
            self._alert(
                f"Not saved ({type(exc).__name__}: {exc}). Your text is still in the box: copy "
                "it somewhere safe and tell your instructor."
            )
            return
        self.show_problems(value, touched=True)
        if self._on_change:
            self._on_change(self.question.id)

    def _split_long_burst(self) -> None:
        """The store folds a run of keystrokes into one history event; a long run is cut every
        BURST_SPLIT so time spent sees the minutes of typing (nbkit.progress.ACTIVE_GAP)."""
        now = time.monotonic()
        if now - self._burst_started > BURST_SPLIT.total_seconds():
            if self._burst_started:
                self.store.end_burst(self.question.id)
            self._burst_started = now

    def _say(self, message: str) -> None:
        """Show `message` under the label (an unchanged value sends nothing to the page)."""
        self.message.value = self._label + message

    def _alert(self, text: str) -> None:
        self._say(
            f'<div class="nbkit-message" role="alert" style="{MESSAGE_STYLE}">'
            f"{html.escape(text)}</div>"
        )

    def show_problems(self, value: Any, touched: bool) -> None:
        found = problems(self.question, value, self.ctx) if touched else []
        found += [n for n in [plan_in_past(self.question, value, self.ctx)] if n and touched]
        if found:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in found)
            # role="alert" sits on a wrapper: on the <ul> itself it would replace the list's
            # role, and screen readers (and axe) would find list items outside any list.
            self._say(
                f'<div class="nbkit-message" role="alert" style="{MESSAGE_STYLE}">'
                f'<ul style="margin:2px 0;padding-left:1.2em">{items}</ul></div>'
            )
        else:
            saved = "Saved." if touched else ""
            self._say(f'<div class="nbkit-saved" style="{SAVED_STYLE}">{saved}</div>')

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def plan_in_past(q: Question, value: Any, ctx: Context) -> str | None:
    """A date that must fall by a due date is a day the student plans ahead (a goal's target
    date); one already past when it was written is most likely a slip. Said next to the
    answer, which stays saved; progress and grading keep the lesson's own date rules."""
    if q.kind != "date" or not q.date_max.startswith("due:") or not isinstance(value, str):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if day >= ctx.now.date():
        return None
    return f"{day:%a %d %b %Y} has already passed: pick a day still ahead of you."


def _label_html(q: Question) -> str:
    required = ' <span title="required" style="color:#a4000f">*</span>' if q.required else ""
    help_text = (
        f'<div style="color:#555;font-size:0.9em;margin-top:2px">{html.escape(q.help)}</div>'
        if q.help
        else ""
    )
    return f'<div class="nbkit-label"><b>{html.escape(q.label)}</b>{required}{help_text}</div>'

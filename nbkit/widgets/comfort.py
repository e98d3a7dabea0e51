"""The comfort-level result: score, plain-language band and picture, updated as the student
answers; "Save this take" keeps each complete answer set with its date (store event "take")."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..assess import Result, score
from ..store import parse_iso
from .base import MESSAGE_STYLE, SAVED_STYLE

if TYPE_CHECKING:
    from ..notebook import SectionView

ANSWER_ID = "comfort.ipip"


def result_text(result: Result) -> str:
    """The plain-language reading of a result (never a fixed type)."""
    if not result.complete:
        return f"Answer all {result.minimum} statements to see your place on the spectrum."
    return (
        f"Your score: {result.score} of {result.maximum} (average per statement {result.mean:.1f} "
        f"of 5). Where you are right now: {result.band}. This is your typical level at the moment, not a "
        "fixed type: it can move with your circumstances."
    )


def takes_of(view: SectionView) -> list[tuple[dt.date, int, dict[str, Any]]]:
    out = []
    for event in view.store.history(ANSWER_ID, kind="take"):
        if isinstance(event.value, dict) and isinstance(event.value.get("score"), int):
            day = parse_iso(event.at).astimezone(view.config.tz).date()
            out.append((day, event.value["score"], event.value.get("responses") or {}))
    return out


class ComfortResult:
    def __init__(self, view: SectionView) -> None:
        self.view = view
        self.items = view.lesson.question(ANSWER_ID).items
        self.text = w.HTML("")
        self.picture = w.Image(format="png", layout=w.Layout(max_width="700px", display="none"))
        self.save = w.Button(
            description="Save this take", icon="save", tooltip="Keep this result with today's date"
        )
        self.save.on_click(lambda _b: self.save_take())
        self.message = w.HTML("")
        self.history = w.HTML("")
        self.box = w.VBox(
            [self.text, self.picture, w.HBox([self.save]), self.message, self.history]
        )
        self.box.add_class("nbkit-comfort-result")
        self._shown: tuple[Any, ...] | None = None
        view.listen(lambda answer_id: self.refresh() if answer_id == ANSWER_ID else None)
        self.refresh()

    def current(self) -> tuple[dict[str, int], Result]:
        raw = self.view.store.get(ANSWER_ID)
        responses = {k: v for k, v in (raw or {}).items() if isinstance(v, int)}
        return responses, score(responses, self.items)

    def refresh(self) -> None:
        responses, result = self.current()
        takes = takes_of(self.view)
        self.text.value = f"<p><b>{html.escape(result_text(result))}</b></p>"
        self.save.disabled = not result.complete
        self.history.value = _history_html(takes)
        key = (result.score, tuple((d, s) for d, s, _r in takes))
        if result.complete and key != self._shown:
            # matplotlib loads here, the first time there is a complete answer set to draw.
            from ..plots import spectrum_png

            self.picture.value = spectrum_png(result, [(d, s) for d, s, _r in takes])
            self.picture.layout.display = "block"
            self._shown = key
        elif not result.complete:
            self.picture.layout.display = "none"

    def save_take(self) -> None:
        responses, result = self.current()
        if not result.complete:
            self.message.value = (
                f'<span style="{MESSAGE_STYLE}">Answer all statements first.</span>'
            )
            return
        today = dt.datetime.now(self.view.config.tz).date()
        if any(d == today and r == responses for d, _s, r in takes_of(self.view)):
            self.message.value = (
                f'<span style="{SAVED_STYLE}">This take is already saved for today.</span>'
            )
            return
        self.view.store.record("take", ANSWER_ID, {"responses": responses, "score": result.score})
        self.message.value = (
            f'<span style="{SAVED_STYLE}">Saved your take of {today:%d %B %Y}.</span>'
        )
        self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _history_html(takes: list[tuple[dt.date, int, dict[str, Any]]]) -> str:
    if not takes:
        return "<p>No saved takes yet. Save this one, and take the assessment again in a few weeks to compare.</p>"
    rows = "".join(f"<li>{d:%a %d %B %Y}: {s}</li>" for d, s, _r in takes)
    return f"<p><b>Your saved takes</b></p><ul>{rows}</ul>"


def worked_example(view: SectionView) -> str:
    """The scoring of the content file's example answer set, as a fixed-width table."""
    responses = view.section.data["example"]["responses"]
    items = view.lesson.question(ANSWER_ID).items
    lines = [f"{'Statement':<50} {'answer':>6} {'key':>4} {'counts':>7}"]
    for item in items:
        answer = responses[item.id]
        counted = 6 - answer if item.key == "-" else answer
        how = f"6-{answer}={counted}" if item.key == "-" else str(counted)
        lines.append(f"{item.id + ' ' + item.text:<50} {answer:>6} {item.key:>4} {how:>7}")
    result = score(responses, items)
    lines.append(f"{'Total (10..50, middle 30)':<50} {'':>6} {'':>4} {result.score:>7}")
    lines.append(f"Average per statement: {result.mean:.2f} -> {result.band}")
    return "\n".join(lines)

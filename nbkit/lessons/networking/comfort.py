"""The comfort-level result: score, plain-language band and the spectrum picture, updated as the
student answers; "Save this take" keeps each complete answer set with its date (store event
"take"), and the takes are drawn over time."""

from __future__ import annotations

import base64
import datetime as dt
import html
from typing import Any

import ipywidgets as w

from ...assess import Result, result_text, score_question
from ...store import parse_iso
from ...widgets import shared
from ...widgets.base import MESSAGE_STYLE, SAVED_STYLE, ViewLike
from .ids import COMFORT_ANSWER

ANSWER_ID = COMFORT_ANSWER
INSTRUMENT = "ipip-bfm-extraversion-10"

Take = tuple[dt.date, int, dict[str, Any]]


def takes_of(view: ViewLike, answer_id: str = ANSWER_ID) -> list[Take]:
    out = []
    for event in view.store.history(answer_id, kind="take"):
        if isinstance(event.value, dict) and isinstance(event.value.get("score"), int):
            day = parse_iso(event.at).astimezone(view.config.tz).date()
            out.append((day, event.value["score"], event.value.get("responses") or {}))
    return out


class ComfortResult:
    def __init__(self, view: ViewLike, answer_id: str = ANSWER_ID) -> None:
        self.view, self.answer_id = view, answer_id
        self.question = view.lesson.question(answer_id)
        self.text = shared.html()
        # An <img> in an HTML widget, not w.Image: it carries a real alt text, and ipywidgets'
        # ImageView fails to render at all (updateTooltip) once a tooltip is set on it.
        self.picture = w.HTML("", layout=w.Layout(max_width="700px", display="none"))
        self.save = shared.button(
            "Save this take", icon="save", tooltip="Keep this result with today's date"
        )
        self.save.on_click(lambda _b: self.save_take())
        self.message = shared.html()
        self.history = shared.html()
        # The picture is shown and hidden: its layout is its own; the rest share theirs.
        self.box = shared.vbox([self.text, self.picture, self.save, self.message, self.history])
        self.box.add_class("nbkit-comfort-result")
        self._shown: tuple[Any, ...] | None = None
        view.listen(lambda changed: self.refresh() if changed == answer_id else None)
        self.refresh()

    def current(self) -> tuple[dict[str, int], Result]:
        raw = self.view.store.get(self.answer_id)
        responses = {k: v for k, v in (raw or {}).items() if isinstance(v, int)}
        return responses, score_question(self.question, responses)

    def refresh(self) -> None:
        _responses, result = self.current()
        takes = takes_of(self.view, self.answer_id)
        self.text.value = f"<p><b>{html.escape(result_text(result))}</b></p>"
        self.save.disabled = not result.complete
        self.history.value = _history_html(takes)
        key = (result.score, tuple((d, s) for d, s, _r in takes))
        if result.complete and key != self._shown:
            # matplotlib loads here, the first time there is a complete answer set to draw.
            from .plots import spectrum_png

            png = spectrum_png(result, [(d, s) for d, s, _r in takes])
            alt = html.escape(picture_text(result, [s for _d, s, _r in takes]), quote=True)
            self.picture.value = (
                f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" '
                'style="max-width:100%">'
            )
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
        if any(d == today and r == responses for d, _s, r in takes_of(self.view, self.answer_id)):
            self.message.value = (
                f'<span style="{SAVED_STYLE}">This take is already saved for today.</span>'
            )
            return
        self.view.store.record(
            "take", self.answer_id, {"responses": responses, "score": result.score}
        )
        self.message.value = (
            f'<span style="{SAVED_STYLE}">Saved your take of {today:%d %B %Y}.</span>'
        )
        self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def picture_text(result: Result, earlier: list[int]) -> str:
    """The spectrum picture in words (its text alternative)."""
    text = (
        f"Spectrum picture: your score {result.score} on a line from 10 (introverted) to 50 "
        f"(extraverted)" + (f", {result.band}." if result.band else ".")
    )
    if earlier:
        text += " Saved takes over time: " + ", ".join(str(s) for s in earlier) + "."
    return text


def _history_html(takes: list[Take]) -> str:
    if not takes:
        return "<p>No saved takes yet. Save this one, and take the assessment again in a few weeks to compare.</p>"
    rows = "".join(f"<li>{d:%a %d %B %Y}: {s}</li>" for d, s, _r in takes)
    return f"<p><b>Your saved takes</b></p><ul>{rows}</ul>"


def worked_example(view: ViewLike, section_id: str = "comfort") -> str:
    """The scoring of the section file's example answer set, as a fixed-width table."""
    responses = view.lesson.sections[section_id].data["example"]["responses"]
    question = view.lesson.question(ANSWER_ID)
    lines = [f"{'Statement':<50} {'answer':>6} {'key':>4} {'counts':>7}"]
    for item in question.items:
        answer = responses[item.id]
        counted = 6 - answer if item.key == "-" else answer
        how = f"6-{answer}={counted}" if item.key == "-" else str(counted)
        lines.append(f"{item.id + ' ' + item.text:<50} {answer:>6} {item.key:>4} {how:>7}")
    result = score_question(question, responses)
    lines.append(f"{'Total (10..50, middle 30)':<50} {'':>6} {'':>4} {result.score:>7}")
    lines.append(f"Average per statement: {result.mean:.2f} -> {result.band}")
    return "\n".join(lines)

"""One goal's plan in one cell: shown when the goal is ticked (no re-run needed), hidden with a
note when it is not. Controls are built on first reveal, which keeps "Run All" fast.

The outreach message is drafted only when the student presses "Draft my message"; the note under
it counts how much of the message is theirs, with the grader's own measure (validate.own_words).
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...validate import own_words
from ...widgets import shared
from ...widgets.base import ViewLike
from ...widgets.draft import NOTE_STYLE, DraftBox
from .compose import goal_title, message_checks, outreach_message, plan_for, thank_you_message

FIELDS = (
    "contact_name", "contact_role", "connection", "channel", "contact_timezone", "topic", "why",
    "time_options", "questions",
)  # fmt: skip
AFTER = ("steps", "target_date", "takeaway")


class GoalPlan:
    def __init__(self, view: ViewLike, goal: str) -> None:
        self.view, self.goal = view, goal
        self.heading = shared.html()
        # hidden_note and body are shown and hidden: layouts of their own (shared ones never
        # change); the rest share theirs (nbkit.widgets.shared).
        self.hidden_note = w.HTML(
            f'<p style="{NOTE_STYLE}">Tick this goal under <i>Which goal(s) will you work on?</i> '
            "above and its plan appears here.</p>"
        )
        self.body = w.VBox([])
        self.checks = shared.html()
        self.box = shared.vbox([self.heading, self.hidden_note, self.body])
        self.box.add_class(f"nbkit-goal-{goal}")
        self._built = False
        view.listen(self._changed)
        self.refresh()

    def chosen(self) -> bool:
        chosen = self.view.store.get("goals.chosen")
        return isinstance(chosen, list) and self.goal in chosen

    def refresh(self) -> None:
        values = self.view.store.values("goals.")
        title = goal_title(self.goal, values, self.view.lesson)
        self.heading.value = f"<h4>{html.escape(title)}</h4>"
        shown = self.chosen()
        if shown and not self._built:
            self._build()
        self.hidden_note.layout.display = "none" if shown else "block"
        self.body.layout.display = "flex" if shown else "none"
        if self._built:
            self._update_checks()

    def _build(self) -> None:
        prefix = f"goals.{self.goal}."
        before = [self.view.ask(prefix + f).box for f in FIELDS]
        self.draft = DraftBox(
            self.view.ask(prefix + "message"),
            self._compose,
            "Draft my message",
            listen=self.view.listen,
        )
        after = [self.view.ask(prefix + f).box for f in AFTER]
        thanks = DraftBox(
            self.view.ask(prefix + "thank_you"),
            self._thanks,
            "Draft my thank-you",
            listen=self.view.listen,
        )
        self.body.children = [*before, self.draft.box, self.checks, *after, thanks.box]
        self._built = True

    def _compose(self) -> str:
        values = self.view.store.values()
        return outreach_message(plan_for(self.goal, values), values, self.view.config.timezone)

    def _thanks(self) -> str:
        values = self.view.store.values()
        return thank_you_message(plan_for(self.goal, values), values)

    def _update_checks(self) -> None:
        values = self.view.store.values()
        message = values.get(f"goals.{self.goal}.message")
        if not isinstance(message, str) or not message.strip():
            self.checks.value = ""
            return
        found = message_checks(message, plan_for(self.goal, values), self.view.config.timezone)
        items = (
            "".join(
                f"<li>{'&#10004;' if c.ok else '&#10008;'} {html.escape(c.text)}</li>"
                for c in found
            )
            + f"<li>{html.escape(yours_note(message, self._compose()))}</li>"
        )
        self.checks.value = (
            f'<div class="nbkit-message-checks" style="{NOTE_STYLE}"><b>Your message, ready to '
            "copy</b> (select the text above, then copy):<ul style='list-style:none;padding-left:"
            f"0.5em'>{items}</ul></div>"
        )

    def _changed(self, answer_id: str) -> None:
        if answer_id in ("goals.chosen", "goals.own_title") or answer_id.startswith(
            f"goals.{self.goal}."
        ):
            self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def yours_note(text: str, draft: str) -> str:
    """How much of a text is the student's own, as the grader counts it: the kit's draft words
    do not count, so an unedited draft earns nothing."""
    mine = own_words(text, draft)
    if not mine:
        return "Still the kit's draft word for word: rewrite it in your own words so it counts."
    return f"{mine} words of your own (the draft's words do not count toward your grade)."

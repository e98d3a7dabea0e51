"""Widgets that share their layout and style models.

Every ipywidgets widget built without a layout gets a Layout of its own, and one with a style a
style of its own (an HTML its HTMLStyle, a Button its ButtonStyle): each is a model the kernel
announces with a comm message and the page must create before anything is drawn. In ipywidgets 8
widgets may share them, so the kit builds one per distinct set of traits and every widget that
asks for the same look gets the same model. A shared layout or style is never changed after it
is made: a widget that is shown and hidden (layout.display) gets a Layout of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

import ipywidgets as w

W = TypeVar("W", bound=w.Widget)


@cache
def _layout(traits: tuple[tuple[str, str], ...]) -> w.Layout:
    return w.Layout(**dict(traits))


@cache
def _style(kind: type[w.Widget], traits: tuple[tuple[str, str], ...]) -> w.Widget:
    return kind(**dict(traits))


def layout(**traits: str) -> w.Layout:
    """The shared Layout with these traits (never change it; see the module docstring)."""
    return _layout(tuple(sorted(traits.items())))


def style_for(cls: type[w.Widget], **traits: str) -> w.Widget:
    """The shared style model a widget class takes (TextStyle, ButtonStyle...) with these traits."""
    kind = cls.class_traits()["style"].klass
    return _style(kind, tuple(sorted(traits.items())))


def make(
    cls: type[W],
    *,
    layout_: dict[str, str] | None = None,
    style: dict[str, str] | None = None,
    **traits: Any,
) -> W:
    """`cls(**traits)` with the shared layout (and style, when the class has one)."""
    traits["layout"] = layout(**(layout_ or {}))
    if "style" in cls.class_trait_names():
        traits["style"] = style_for(cls, **(style or {}))
    return cls(**traits)


def html(value: str = "", **layout_traits: str) -> w.HTML:
    return make(w.HTML, layout_=layout_traits, value=value)


def vbox(children: Sequence[w.Widget] = (), **layout_traits: str) -> w.VBox:
    return make(w.VBox, layout_=layout_traits, children=list(children))


def hbox(children: Sequence[w.Widget] = (), **layout_traits: str) -> w.HBox:
    return make(w.HBox, layout_=layout_traits, children=list(children))


def button(description: str, **traits: Any) -> w.Button:
    """A button as wide as its text (in a VBox it would stretch to the full width)."""
    traits.setdefault("layout_", {"width": "auto", "align_self": "flex-start"})
    return make(w.Button, description=description, **traits)


def display_together(parts: Sequence[Any]) -> None:
    """Several kit parts (controls, plans, drafts: anything with a `.box`, or widgets) as one
    output of one cell. The page pays for every cell and every output when a notebook opens and
    runs, far more than for one more box model (benchmarks/bench_lesson_ready.py)."""
    from IPython.display import display

    display(vbox([getattr(part, "box", part) for part in parts]))

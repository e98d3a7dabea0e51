"""IPIP Extraversion scoring (6 - x for "-" items) against hand calculations, and the picture."""

from __future__ import annotations

import datetime as dt

import pytest

from nbkit.assess import score
from nbkit.content import load_lesson

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def items():
    return load_lesson().question("comfort.ipip").items


def test_items_keys_and_anchors_are_ipips(items):
    question = load_lesson().question("comfort.ipip")
    assert [(i.id, i.key) for i in items] == [
        (f"E{n}", "+" if n % 2 else "-") for n in range(1, 11)
    ]
    assert (
        items[3].text == "Keep in the background." and items[9].text == "Am quiet around strangers."
    )
    assert (
        question.scale[0] == "Very Inaccurate"
        and question.scale[2] == "Neither Accurate Nor Inaccurate"
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # all 5: + items 5 each (25), - items 6-5=1 each (5) -> 30
        ([5] * 10, 30),
        # + items 5, - items 1 -> 25 + 5*(6-1) = 50
        ([5, 1] * 5, 50),
        # + items 1, - items 5 -> 5 + 5*1 = 10
        ([1, 5] * 5, 10),
        # the notebook's worked example, by hand: 2+2+4+3+3+4+2+1+2+2
        ([2, 4, 4, 3, 3, 2, 2, 5, 2, 4], 25),
    ],
)
def test_score_matches_hand_calculation(items, answers, expected):
    result = score({f"E{n}": a for n, a in enumerate(answers, start=1)}, items)
    assert result.complete and result.score == expected
    assert result.mean == expected / 10


def test_worked_example_in_content_scores_25(items):
    example = load_lesson().sections["comfort"].data["example"]["responses"]
    assert score(example, items).score == 25


def test_incomplete_set_has_no_score(items):
    result = score({"E1": 3}, items)
    assert not result.complete and result.score is None


def test_spectrum_picture_is_a_png_and_grows_with_history(items):
    from nbkit.plots import spectrum_png

    result = score({f"E{n}": 4 for n in range(1, 11)}, items)
    alone = spectrum_png(result)
    with_history = spectrum_png(result, [(dt.date(2026, 11, 24), 22), (dt.date(2026, 12, 8), 30)])
    assert alone.startswith(b"\x89PNG\r\n\x1a\n") and with_history.startswith(b"\x89PNG")
    height = lambda png: int.from_bytes(png[20:24], "big")  # noqa: E731 - IHDR height
    assert height(with_history) > height(alone)

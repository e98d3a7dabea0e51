"""Likert scoring (6 - x for "-" items) on the IPIP Extraversion items against hand calculations,
bands declared as data on the question, and the networking plugin's picture."""

from __future__ import annotations

import datetime as dt

import pytest

from nbkit.assess import Band, bands_of, parse_bands, result_text, score, score_question
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
    from nbkit.lessons.networking.plots import spectrum_png

    result = score({f"E{n}": 4 for n in range(1, 11)}, items)
    alone = spectrum_png(result)
    with_history = spectrum_png(result, [(dt.date(2026, 11, 24), 22), (dt.date(2026, 12, 8), 30)])
    assert alone.startswith(b"\x89PNG\r\n\x1a\n") and with_history.startswith(b"\x89PNG")
    height = lambda png: int.from_bytes(png[20:24], "big")  # noqa: E731 - IHDR height
    assert height(with_history) > height(alone)


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ([1, 5] * 5, "leans introverted"),  # 10
        ([3, 3, 3, 3, 2, 4, 2, 4, 2, 4], "leans introverted"),  # 24: item mean 2.4
        ([2, 4, 4, 3, 3, 2, 2, 5, 2, 4], "in the middle of the spectrum (ambivert)"),  # 25: 2.5
        ([4, 2, 4, 2, 3, 3, 3, 3, 3, 3], "in the middle of the spectrum (ambivert)"),  # 34
        ([4, 2, 4, 2, 4, 3, 3, 3, 3, 3], "leans extraverted"),  # 35: item mean 3.5
        ([5, 1] * 5, "leans extraverted"),  # 50
    ],
)
def test_the_lessons_bands_are_data_on_the_question(answers, band):
    question = load_lesson().question("comfort.ipip")
    result = score_question(question, {f"E{n}": a for n, a in enumerate(answers, start=1)})
    assert result.band == band
    assert "not a fixed type" in result.band_text and band in result_text(result)


def test_bands_hold_scores_up_to_their_max_and_the_last_holds_the_rest():
    bands = parse_bands(
        [{"max": 14, "label": "high", "text": "b"}, {"max": 9, "label": "low", "text": "a"}]
    )
    assert bands == (Band(9, "low", "a"), Band(14, "high", "b"))
    items = load_lesson().question("comfort.ipip").items[:4]
    assert score({"E1": 2, "E2": 4, "E3": 2, "E4": 4}, items, bands).band == "low"  # 8
    assert score({"E1": 3, "E2": 3, "E3": 3, "E4": 3}, items, bands).band == "high"  # 12
    assert score({"E1": 5, "E2": 1, "E3": 5, "E4": 1}, items, bands).band == "high"  # 20 > 14
    assert score({"E1": 3}, items, bands).band is None
    assert score({"E1": 5, "E2": 1, "E3": 5, "E4": 1}, items).band is None  # no bands declared


def test_incomplete_answers_ask_for_the_rest():
    result = score_question(load_lesson().question("comfort.ipip"), {"E1": 3, "E2": 9})
    assert result_text(result) == "Answer all 10 statements to see your result."
    assert bands_of(load_lesson().question("comfort.energizes")) == ()

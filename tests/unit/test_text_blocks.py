"""Text blocks: placeholders filled, several blocks in one output, and the `_missing` variant
chosen by itself when the cohort left a link empty (in the notebook and in the exported .ipynb)."""

from __future__ import annotations

import pytest

from nbkit.content import load_lesson
from nbkit.export.preprocessors import StaticAnswersPreprocessor, text_blocks

pytestmark = pytest.mark.unit

BLOCKS = {
    "video": "Watch [the video]({link_video}).",
    "video_missing": "{instructor_name} will share the video.",
    "hours": "Office hours: {link_hours}.",
}


def fill(names, **values):
    from nbkit.placeholders import block_text

    return block_text(BLOCKS, names, {"instructor_name": "Ana", **values})


def test_a_set_link_shows_the_block_an_empty_one_its_variant():
    assert (
        fill(["video"], link_video="https://v.example/1")
        == "Watch [the video](https://v.example/1)."
    )
    assert fill(["video"], link_video="") == "Ana will share the video."
    assert fill(["video"]) == "Ana will share the video."  # not declared at all


def test_a_block_without_a_variant_keeps_an_empty_value_and_blocks_join():
    assert fill(["hours", "video"], link_hours="", link_video="x") == (
        "Office hours: .\n\nWatch [the video](x)."
    )


def test_the_exported_notebook_shows_the_same_text_as_the_notebook():
    lesson = load_lesson()
    pre = StaticAnswersPreprocessor(
        document={"answers": {}}, lesson=lesson, text_values={"link_coaching_request": ""}
    )
    pre._section = "reflection"
    stamp = {"v": 1, "cell": "text", "answers": [], "args": {"blocks": ["coaching", "due_dates"]}}
    (out,) = pre._outputs(stamp)
    text = out["data"]["text/markdown"]
    assert "the\n  coaching request form (your instructor will share the link)" in text
    assert "One of your deliverables by Monday of Week 6" in text
    # A cell that shows a block above itself exports the block; progress itself stays silent.
    intro = {"v": 1, "cell": "progress", "answers": [], "args": {"text": "due_dates"}}
    assert [o["data"]["text/markdown"] for o in pre._outputs(intro)] == [
        pre._outputs({**stamp, "args": {"block": "due_dates"}})[0]["data"]["text/markdown"]
    ]
    assert text_blocks({"block": "a"}) == ["a"]
    assert text_blocks({"blocks": ["a", "b"]}) == ["a", "b"]

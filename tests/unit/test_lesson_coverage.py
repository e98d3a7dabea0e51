"""Nothing in the source lesson may be dropped: every sentence of the seed page is in the content
files, word for word, or is one of the listed adaptations (with the phrase that replaces it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SEED = Path(__file__).parents[1] / "data" / "seed-module1-week2-networking.md"
CONTENT = Path(__file__).parents[2] / "notebooks" / "networking" / "sections"

# Seed sentence (start) -> the phrase in the content that carries it in the kit.
ADAPTED = {
    "Lesson Plan": "Lesson plan",
    "Allow yourself X mins": "Allow yourself",  # minutes come from nbkit.toml
    "As you follow along, use this note-taking template": "note",  # the notes widgets
    "Provide examples/extra information": "Examples and extra information",
    "Complete the final section of the refection sheet": "reflection sheet",
    "**This is a deliverable for Mod 1.**": "This is a deliverable for Mod 1",
    "On Friday, you'll see a Slack message": "you'll see a Slack message in your cohort channel",
    "One of your deliverables by Monday of Week 6": "One of your deliverables by Monday of Week 6",
    "Take time now to set aside time": "set aside time",  # instructor from nbkit.toml
    "Reminder that you can reach out to Allison": "this request form",
    "Check out upcoming PD office hours": "PD office hours",
}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def seed_sentences() -> list[str]:
    out = []
    for line in SEED.read_text(encoding="utf-8").split("---", 2)[2].splitlines():
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links -> their text
        line = re.sub(r"<a name=\"\w+\"></a>", "", line).strip(" *#->")
        out += [s for s in re.split(r"(?<=[.?!])\s+", line) if len(norm(s)) > 20]
    return out


def test_every_seed_sentence_lives_in_the_content():
    content = norm(" ".join(p.read_text(encoding="utf-8") for p in CONTENT.glob("*.toml")))
    missing = []
    for sentence in seed_sentences():
        adapted = next((v for k, v in ADAPTED.items() if sentence.startswith(k)), None)
        if norm(adapted or sentence) not in content:
            missing.append(sentence)
    assert not missing, "dropped from the lesson:\n" + "\n".join(missing)


def test_the_check_can_fail():
    assert any("lets_grab_donuts" in s for s in seed_sentences())
    assert norm("a sentence no lesson has ever contained, surely") not in norm(SEED.read_text())

"""What one grading run is configured with: the cohort config, the rubric, the check context.

Resolved once (at the edge, with file I/O) and shared by the batch, the grade notebook and the
cohort report so they agree on the due date, the rubric and the comfort items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..assess import score
from ..config import Config, load_config
from ..content import LikertItem, load_lesson
from ..errors import ConfigError
from .checks import Context
from .rubric import Rubric, load_rubric

# IPIP Big-Five Factor Markers, Extraversion (ipip.ori.org): used when the lesson content
# has no comfort section yet, so grading does not depend on the lesson notebooks' files.
FALLBACK_ITEMS = tuple(LikertItem(f"E{n}", f"E{n}", "+" if n % 2 else "-") for n in range(1, 11))


@dataclass(frozen=True)
class Settings:
    config: Config
    rubric: Rubric
    items: tuple[LikertItem, ...]

    @property
    def context(self) -> Context:
        return Context(
            deadline=self.config.deadline("action_step"),
            tz=self.config.tz,
            ipip_item_ids=tuple(i.id for i in self.items),
        )

    @property
    def max_bytes(self) -> int:
        return int(self.config.max_submission_mb * 1024 * 1024)

    def comfort_score(self, responses: object) -> int | None:
        """Recomputed from the responses; the exported score is never trusted."""
        if not isinstance(responses, dict):
            return None
        return score(responses, self.items).score


def comfort_items() -> tuple[LikertItem, ...]:
    try:
        items = load_lesson().question("comfort.ipip").items
    except (ConfigError, KeyError):
        return FALLBACK_ITEMS
    return items or FALLBACK_ITEMS


def load_settings(
    config_path: Path | str | None = None, rubric_path: Path | str | None = None
) -> Settings:
    """--rubric wins over nbkit.toml's [grading] rubric, which wins over the kit's default."""
    config = load_config(Path(config_path) if config_path else None)
    rubric = load_rubric(rubric_path or config.rubric)
    return Settings(config=config, rubric=rubric, items=comfort_items())

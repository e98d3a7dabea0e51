"""`submit_lesson`: the student's submission JSON, handed in to the cohort's inbox (nbkit.inbox).

Used by `nbkit submit` and by the Export button when nbkit.toml names a hand-in folder.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError, NbkitError
from ..inbox import hand_in
from ..paths import hub_user, resolve_paths
from .api import find_format, load_sources


def submit_lesson(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    inbox: Path | str | None = None,
) -> Path:
    """Build the submission from the workspace and write it as a new file in the inbox.

    The inbox is `inbox`, else nbkit.toml's [handin] inbox. On a hub the file is named by the
    hub user (the submission's student id is that user too, see nbkit.submission).
    """
    sources = load_sources(workspace, config_path)
    folder = Path(inbox) if inbox else sources.config.inbox
    if folder is None:
        raise ConfigError(
            sources.config.path,
            "handin.inbox",
            "no hand-in folder: your instructor names it in nbkit.toml ([handin] inbox = ...)",
        )
    _suffix, data = find_format("json", sources.lesson)(
        sources.document, sources.lesson, sources.config
    )
    user = hub_user() or sources.document["profile"]["student_id"]
    return hand_in(folder, user, data)


def submit_if_configured(
    workspace: Path | str | None = None, config_path: Path | str | None = None
) -> Path | None:
    """Hand in when nbkit.toml names a hand-in folder (the Export button), else do nothing."""
    from ..config import default_config_path, load_config
    from ..content import load_lesson

    paths = resolve_paths(
        config=Path(config_path) if config_path else None,
        home=Path(workspace) if workspace else None,
    )
    config = load_config(paths.config or default_config_path(), load_lesson(paths.need_lesson()))
    return submit_lesson(workspace, config_path, config.inbox) if config.inbox else None


def hand_in_note(workspace: Path | str | None, config_path: Path | str | None) -> str:
    """The Export button's hand-in line (HTML): handed in, why not, or '' without an inbox."""
    import html

    try:
        path = submit_if_configured(workspace, config_path)
    except NbkitError as exc:
        return f"<p style='color:#a4000f'>Not handed in: {html.escape(str(exc))}</p>"
    if path is None:
        return ""
    return f"<p>Handed in to your instructor: <code>{html.escape(path.name)}</code></p>"

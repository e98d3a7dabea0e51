"""The expected errors, each mapped by the CLI to an exit code and a one-line message."""

from __future__ import annotations

from pathlib import Path


class NbkitError(Exception):
    """An expected failure with a message meant for a person, not a traceback."""

    exit_code = 1

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback, so in a notebook an expected error is
        # one clear line; the cell still fails (Run All stops, nbval and papermill see it).
        return [f"\x1b[1;31mnbkit: {self}\x1b[0m"]


class ConfigError(NbkitError):
    exit_code = 3

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        self.path, self.key = Path(path), key
        where = f"{self.path}: {key}" if key else str(self.path)
        super().__init__(f"{where}: {message}")


class StoreError(NbkitError):
    """The workspace cannot be read or written (locked too long, corrupt, unwritable)."""

    exit_code = 4


class AnswerTooLarge(StoreError):
    pass


class SubmissionError(NbkitError):
    """A submission file is not a valid nbkit submission document (any schema version)."""

    exit_code = 5


class ExportError(NbkitError):
    exit_code = 6


class WorkspaceExists(NbkitError):
    exit_code = 7

"""The on-request formats (.ics, tracker CSV/XLSX): written by the lesson's own modules."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..errors import ExportError


def produce(fmt: str, document: dict[str, Any], config: Config) -> bytes | str:
    raise ExportError(f"the {fmt} export is not available in this version of the kit")

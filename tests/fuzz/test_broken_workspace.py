"""A broken workspace (0 bytes, not SQLite, damaged) is refused in one line naming the file and
what to do, and the file is kept byte for byte: never treated as a new, empty workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbkit.cli import main
from nbkit.errors import StoreError
from nbkit.store import DB_NAME, Store

REPO = Path(__file__).resolve().parents[2]
SUBMISSION = REPO / "tests" / "data" / "grades-1" / "submissions" / "good.json"


def _damaged(db: Path) -> bytes:
    with Store(db.parent) as store:
        for n in range(400):
            store.save(f"start.note{n}", "some words " * 40)
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * 8192  # pages after the header: the tables' contents
    return bytes(data)


@pytest.mark.parametrize("kind", ["empty", "not_sqlite", "damaged"])
def test_a_broken_workspace_is_refused_and_kept(kind: str, tmp_path: Path, capsys) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    db = home / DB_NAME
    content = {"empty": b"", "not_sqlite": b"answers,as,csv\n" * 10}.get(kind) or _damaged(db)
    for leftover in home.glob(f"{DB_NAME}-*"):  # the WAL of the store that made it
        leftover.unlink()
    db.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(home)
    message = str(caught.value)
    assert str(db) in message and "kept" in message and "\n" not in message
    assert main(["import", str(SUBMISSION), "--workspace", str(home)]) == 4
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(db) in err and "Traceback" not in err
    assert db.read_bytes() == content

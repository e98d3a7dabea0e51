"""The export path stays light: an HTML + JSON export imports no jsonschema (1.4 s of RFC 3987
grammar), no matplotlib, no nbformat/nbconvert; the compiled validators are cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nbkit.submission import compile_schema

pytestmark = pytest.mark.export
HEAVY = ("jsonschema", "matplotlib", "numpy", "PIL", "nbformat", "nbconvert", "ipywidgets")
PROBE = """
import json, sys
from nbkit.cli import main
code = main(["export", "--to", "html,json", "--force", "--out", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def test_html_json_export_imports_nothing_heavy(simulated_student, lesson_root, tmp_path):
    env = {**os.environ, "NBKIT_HOME": str(simulated_student), "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache, the second reads it
        out = subprocess.run(
            [sys.executable, "-c", PROBE, str(tmp_path / "out")],
            capture_output=True, text=True, check=True, env=env, cwd=lesson_root,
        )  # fmt: skip
        result = json.loads(out.stdout.strip().splitlines()[-1])
        assert result["code"] == 0
        assert not set(HEAVY) & set(result["modules"]), set(HEAVY) & set(result["modules"])
    assert list((tmp_path / "nbkit").glob("schema-*.marshal"))
    assert list((tmp_path / "nbkit" / "templates").iterdir())


def test_a_cached_validator_still_refuses(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schema = {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
    for _ in range(2):  # compiled, then loaded from the cache
        validate = compile_schema(schema)
        validate({"a": 1})
        with pytest.raises(Exception, match="data.a must be integer"):
            validate({"a": "x"})
    assert len(list((tmp_path / "nbkit").glob("schema-*.marshal"))) == 1

"""A real kernel: fill in the profile through the widgets, restart the kernel, re-run: same values."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = [pytest.mark.kernel, pytest.mark.slow]


def run(client, code: str) -> str:
    reply_parts: list[str] = []

    def on_output(msg):
        if msg["msg_type"] == "stream":
            reply_parts.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            reply_parts.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])

    reply = client.execute_interactive(code, timeout=60, output_hook=on_output)
    assert reply["content"]["status"] == "ok", "".join(reply_parts)
    return "".join(reply_parts)


def test_profile_survives_kernel_restart(isolated_workspace: Path, repo: Path):
    cwd = repo / "notebooks" / "networking"
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        run(client, "from nbkit.notebook import open_section\nlesson = open_section('start')")
        run(client, "c = lesson.ask('start.name'); c.input.value = 'Nadia 🌟 نادية'")
        run(client, "lesson.ask('start.slack').input.value = '@nadia'")
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=60)
        out = run(
            client,
            "from nbkit.notebook import open_section\nlesson = open_section('start')\n"
            "print(lesson.ask('start.name').input.value); print(lesson.ask('start.slack').input.value)",
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert out.splitlines() == ["Nadia 🌟 نادية", "@nadia"]


def test_kit_errors_show_one_clear_line_and_still_fail_the_cell(repo: Path, tmp_path: Path):
    bad = tmp_path / "nbkit.toml"
    bad.write_text('[cohort]\nname = "x"\nweek1_start = 2026-10-19\ntimezone = "Nowhere/Land"\n')
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(repo))
    outputs: list[dict] = []
    try:
        reply = client.execute_interactive(
            f"from nbkit.notebook import open_section\nopen_section('start', config={str(bad)!r})",
            timeout=60,
            output_hook=lambda msg: outputs.append(msg),
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    assert reply["content"]["status"] == "error"  # the cell fails: Run All stops, nbval sees it
    assert len(errors) == 1 and len(errors[0]["traceback"]) == 1  # one line, no stack frames
    assert "cohort.timezone" in errors[0]["traceback"][0] and str(bad) in errors[0]["traceback"][0]


def test_a_change_redraws_only_the_outputs_it_changes(isolated_workspace: Path, repo: Path):
    """The live progress line and summary are display updates the page redraws: a keystroke
    that leaves the progress as it was sends the summary only."""
    cwd = repo / "notebooks" / "networking"
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    updates: list[dict] = []

    def execute(code: str) -> None:
        updates.clear()
        reply = client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda m: (
                updates.append(m) if m["msg_type"] == "update_display_data" else None
            ),
        )
        assert reply["content"]["status"] == "ok"

    try:
        execute(
            "from nbkit.notebook import open_section\nlesson = open_section('start')\n"
            "name = lesson.ask('start.name')\nlesson.progress()\nlesson.summary()"
        )
        execute("name.input.value = 'Ada'")  # one more answered: progress and summary change
        assert len(updates) == 2
        execute("name.input.value = 'Ada L'")  # still answered: the summary alone changes
        assert len(updates) == 1 and "Ada L" in str(updates[0]["content"]["data"])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

"""The hand-in folder: students write their own file; nobody reads, replaces or deletes another's."""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import stat
from pathlib import Path

import pytest
from hub_helpers import LESSON_ID, USERS, copy_lesson, run_as

from nbkit.cli import main
from nbkit.export.handin import hand_in_note
from nbkit.grade.intake import find_submissions, read_one, resolve_duplicates
from nbkit.inbox import FILE_MODE, INBOX_MODE, create_inbox, hand_in
from nbkit.store import Store

AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


@pytest.mark.unit
def test_inbox_create_and_resubmission_keeps_the_earlier_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert "inbox ready" in create_inbox(inbox)
    assert stat.S_IMODE(inbox.stat().st_mode) == INBOX_MODE
    first = hand_in(inbox, "ada", b'{"n": 1}', at=AT)
    second = hand_in(inbox, "ada", b'{"n": 2}', at=AT)  # the same instant: still a new file
    assert first != second and first.name == "ada-20261130T120000000000Z.json"
    assert first.read_bytes() == b'{"n": 1}' and second.read_bytes() == b'{"n": 2}'
    assert stat.S_IMODE(first.stat().st_mode) == FILE_MODE


@pytest.mark.unit
def test_a_planted_link_is_never_followed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    create_inbox(inbox)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    planted = inbox / "ada-20261130T120000000000Z.json"
    planted.symlink_to(victim)
    written = hand_in(inbox, "ada", b"{}", at=AT)
    assert written != planted and victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.unit
def test_submit_without_a_hand_in_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_lesson(tmp_path / "course")
    monkeypatch.chdir(root)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    with Store(os.environ["NBKIT_HOME"]) as store:
        store.save("start.name", "Ada")
    assert main(["submit"]) == 3
    err = capsys.readouterr().err
    assert "handin.inbox" in err and "Traceback" not in err


@pytest.mark.unit
def test_submit_hands_in_to_the_configured_inbox(
    hub_user_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = hub_user_home.parent / "inbox"
    create_inbox(inbox)
    course = copy_lesson(hub_user_home / "course", inbox)
    with Store(hub_user_home / ".nbkit" / LESSON_ID) as store:
        store.save("start.name", "Ada")
    monkeypatch.chdir(course)
    assert main(["submit"]) == 0
    assert main(["submit"]) == 0  # handing in again keeps the first
    files = sorted(inbox.glob("ada-*.json"))
    assert len(files) == 2
    assert f"Handed in: {files[0]}" in capsys.readouterr().out
    assert json.loads(files[1].read_text(encoding="utf-8"))["profile"]["student_id"] == "ada"


@pytest.mark.unit
def test_the_export_buttons_hand_in_line(
    hub_user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = hub_user_home.parent / "inbox"
    create_inbox(inbox)
    plain = copy_lesson(hub_user_home / "plain")
    course = copy_lesson(hub_user_home / "course", inbox)
    with Store(hub_user_home / ".nbkit" / LESSON_ID) as store:
        store.save("start.name", "Ada")
    assert hand_in_note(None, plain / "nbkit.toml") == ""  # no [handin]: the button as before
    note = hand_in_note(None, course / "nbkit.toml")
    assert note.startswith("<p>Handed in to your instructor: <code>ada-")
    missing = copy_lesson(hub_user_home / "missing", hub_user_home / "no-such-inbox")
    note = hand_in_note(None, missing / "nbkit.toml")
    assert "Not handed in:" in note and "does not exist" in note


ATTEMPTS = """
import json, os, sys
target, inbox = sys.argv[1], sys.argv[2]
def attempt(action):
    try:
        action()
        return "allowed"
    except PermissionError:
        return "refused"
print(json.dumps({
    "read": attempt(lambda: open(target, "rb").read()),
    "overwrite": attempt(lambda: open(target, "r+b").write(b"forged")),
    "truncate": attempt(lambda: open(target, "wb")),
    "delete": attempt(lambda: os.unlink(target)),
    "rename": attempt(lambda: os.rename(target, target + ".old")),
    "list": attempt(lambda: os.listdir(inbox)),
}))
"""


def _nbkit(user: pwd.struct_passwd, args: list[str], cwd: Path, **env: str) -> str:
    code = f"import sys; from nbkit.cli import main; sys.exit(main({args!r}))"
    result = run_as(user, code, cwd, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _student_copy(home: Path, inbox: Path, user: pwd.struct_passwd, name: str) -> Path:
    """A student's home: the lesson checkout and some answers, all owned by the student."""
    course = copy_lesson(home / "course", inbox)
    with Store(home / ".nbkit" / LESSON_ID) as store:
        store.save("start.name", name)
        store.save("start.student_id", "nbkitbob")  # typed: not who the hub says they are
        store.save("needs.background", f"{name}'s background")
    for folder, _dirs, files in os.walk(home):
        for entry in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(entry, user.pw_uid, user.pw_gid)
    return course


@pytest.mark.slow
def test_students_cannot_read_replace_or_delete_each_others_hand_in(
    unix_users: dict[str, pwd.struct_passwd], public_dir: Path, tmp_path: Path
) -> None:
    teach, ada, bob = (unix_users[name] for name in USERS)
    srv = public_dir / "srv"  # the instructor's course folder, like /srv/nbkit
    srv.mkdir()
    os.chown(srv, teach.pw_uid, teach.pw_gid)
    inbox = srv / "inbox"
    _nbkit(teach, ["inbox", "create", str(inbox)], public_dir)
    assert inbox.stat().st_uid == teach.pw_uid

    ada_home = public_dir / "ada"
    course = _student_copy(ada_home, inbox, ada, "Ada")
    for _ in range(2):  # a re-submission is a new file: the earlier one is kept
        _nbkit(ada, ["submit"], course, JUPYTERHUB_USER=ada.pw_name, HOME=str(ada_home))
    ada_files = sorted(p for p in inbox.iterdir() if not p.name.startswith("."))
    assert len(ada_files) == 2 and all(p.name.startswith("nbkitada-") for p in ada_files)
    document = json.loads(ada_files[0].read_text(encoding="utf-8"))
    assert document["profile"]["student_id"] == "nbkitada"  # the hub's user, not the typed id

    result = run_as(bob, f"import sys; sys.argv = ['x', {str(ada_files[0])!r}, {str(inbox)!r}]\n"
                    + ATTEMPTS, public_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout).values()) == {"refused"}, result.stdout
    assert ada_files[0].read_text(encoding="utf-8") == json.dumps(document, indent=2,
                                                                  ensure_ascii=False) + "\n"  # fmt: skip

    # Bob forges a hand-in under Ada's name: a new file (nothing of Ada's is replaced) that
    # grading refuses, because Bob's uid wrote it.
    forged = dict(document, answers={})
    forge = (f"import json; from nbkit.inbox import hand_in; print(hand_in(__import__('pathlib')"
             f".Path({str(inbox)!r}), 'nbkitada', json.dumps({forged!r}).encode()))")  # fmt: skip
    made = run_as(bob, forge, public_dir)
    assert made.returncode == 0, made.stderr
    forged_path = Path(made.stdout.strip())
    assert forged_path not in ada_files and forged_path.stat().st_uid == bob.pw_uid
    read_back = run_as(teach, f"print(open({str(ada_files[1])!r}).read()[:1])", public_dir)
    assert read_back.stdout.strip() == "{", read_back.stderr  # the instructor reads, not root
    assert (
        "written by Unix user nbkitbob"
        in read_one(forged_path, 10**7, dt.datetime.now(dt.UTC)).reason
    )

    # Grading's own intake (test_hub_e2e runs the whole `nbkit grade` on an inbox): the latest
    # hand-in per student counts, the forged one never does.
    now = dt.datetime.now(dt.UTC)
    kept, _copies = resolve_duplicates([read_one(p, 10**7, now) for p in find_submissions(inbox)])
    graded = [i for i in kept if i.valid]
    assert [(i.student_id, i.path) for i in graded] == [("nbkitada", ada_files[1])]
    refused = {i.path: i.reason for i in kept if not i.valid}
    assert "the newer " + ada_files[1].name in refused[ada_files[0]]
    assert "written by Unix user nbkitbob" in refused[forged_path]

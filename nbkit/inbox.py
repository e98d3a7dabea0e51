"""The cohort's hand-in folder (the inbox): a plain folder on the hub's disk, no exchange server.

Students write their own submission into it; nobody but its owner (the instructor) can list it,
read another student's file, replace it or delete it. The guarantees come from the kernel's
permission checks, so they hold whatever a student runs in their own server:

- mode 3733 = setgid + sticky + rwx-wx-wx: anyone may create a file and open one by name, only
  the owner may list (no r for others), the sticky bit stops anyone renaming or deleting a file
  they do not own, and setgid gives every new file the folder's group (the instructor's own), so
  a file created 0640 is readable by its writer and the instructor's group, never by a classmate;
- a file is created with O_CREAT|O_EXCL|O_NOFOLLOW: it never replaces an existing file, nor
  follows a link someone planted under a guessed name; the name is `<hub user>-<UTC time>.json`,
  so a re-submission is a new file and the earlier one is kept;
- names can still be guessed, so grading trusts a file only for the Unix user who wrote it
  (`sender_problem`): a file owned by another student is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import errno
import grp
import os
import pwd
import re
from pathlib import Path

from .errors import NbkitError

INBOX_MODE = 0o3733
FILE_MODE = 0o640
MARKER = ".nbkit-inbox"
# TLJH names the Unix user of hub user `ada` `jupyter-ada`.
UNIX_PREFIXES = ("", "jupyter-")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class InboxError(NbkitError):
    """The inbox cannot be created or written (exit 4, like a workspace problem)."""

    exit_code = 4


def create_inbox(folder: Path, group: str | None = None) -> str:
    """Make `folder` an inbox owned by the caller (created if missing); returns a summary line."""
    folder = folder.expanduser().absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            raise InboxError(f"{folder} must be a folder you own (not a link): pick another path")
        if group is not None:
            os.chown(folder, -1, _group_id(group))
        os.chmod(folder, INBOX_MODE)
        _write_marker(folder)
    except OSError as exc:
        raise InboxError(f"cannot make {folder} an inbox: {exc.strerror or exc}") from None
    info = folder.stat()
    return (
        f"inbox ready: {folder} (mode {INBOX_MODE:o}, owner {_user_name(info.st_uid)}, "
        f"group {_group_name(info.st_gid)}): students write their own file and read no one's; "
        f"name it in nbkit.toml as [handin] inbox = {str(folder)!r}"
    )


def _group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise InboxError(f"no Unix group {name!r} on this machine") from None


def _write_marker(folder: Path) -> None:
    # Marks the folder as an inbox for grading (sender checks); a dot file, so grading skips it.
    marker = folder / MARKER
    if not marker.exists():
        marker.write_text("An nbkit hand-in folder: see `nbkit inbox create`.\n", encoding="utf-8")
        os.chmod(marker, 0o644)


def file_name(user: str, at: dt.datetime) -> str:
    """`<user>-<UTC time to the microsecond>.json`; the user part made safe for a file name."""
    safe = _UNSAFE.sub("-", user).strip("-.")[:64] or "student"
    return f"{safe}-{at.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%S%fZ')}.json"


def hand_in(folder: Path, user: str, data: bytes, at: dt.datetime | None = None) -> Path:
    """Write `data` as a new file in the inbox; never replaces a file, never follows a link."""
    moment = at or dt.datetime.now(dt.UTC)
    for attempt in range(5):
        path = folder / file_name(user, moment + dt.timedelta(microseconds=attempt))
        try:
            _write_new(path, data)
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise InboxError(_write_problem(folder, exc)) from None
    raise InboxError(f"{folder}: could not find a free file name; try again")


def _write_new(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have dropped the group's read bit
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_problem(folder: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"the hand-in folder {folder} does not exist: ask your instructor to create it"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"you may not write into the hand-in folder {folder}: ask your instructor to run "
            "`nbkit inbox create` on it"
        )
    return f"cannot hand in to {folder}: {exc.strerror or exc}"


def sender_problem(path: Path, student_id: str) -> str:
    """Why a file in an inbox must not count for `student_id` ('' when it may).

    Outside an inbox (no marker) there is nothing to check. In one, a file counts only for the
    Unix user who wrote it (as `<id>` or TLJH's `jupyter-<id>`) under a name starting with the
    id, or when the inbox's owner (the instructor) put it there.
    """
    folder = path.parent
    if not (folder / MARKER).is_file():
        return ""
    owner = path.lstat().st_uid
    if owner == folder.stat().st_uid:
        return ""
    writer = _user_name(owner)
    if writer not in {prefix + student_id for prefix in UNIX_PREFIXES}:
        return f"written by Unix user {writer}, not by {student_id}: not counted for {student_id}"
    if not path.name.startswith(f"{student_id}-"):
        return f"file name does not start with the student id {student_id}"
    return ""


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)

"""The installed lessons, and copying one into a student's working folder.

Lessons come from two places (docs/kit-shape.md section 3):
- bundled: `nbkit/bundled/<name>/` in the wheel (force-included from `notebooks/<name>/`); in a
  checkout, `notebooks/<name>/lesson.toml` beside the package (notebooks/instructor is not a lesson);
- the `nbkit.lessons` entry-point group: a third-party package's entry point loads to its
  lesson folder (a path, or a module whose folder is the lesson).

A copy is made once and never overwrites a student's file. The copy records what it copied
(`.nbkit-lesson.json`: version and a hash per file) so a later, newer installed version can be
offered and applied to the files the student has not changed, never forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from .errors import ConfigError, NbkitError
from .strict import read_toml

ENTRY_POINT_GROUP = "nbkit.lessons"
LESSON_FILE = "lesson.toml"
PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = ".nbkit-lesson.json"
# Never part of a lesson: caches, editor droppings, a workspace someone ran the lesson in.
SKIP = (".ipynb_checkpoints", "__pycache__", ".nbkit", "exports", MANIFEST, ".DS_Store")


@dataclass(frozen=True)
class LessonRef:
    id: str
    title: str
    version: str
    dir: Path

    @property
    def name(self) -> str:
        """The folder name a copy gets (`<name>` for notebooks/<name>)."""
        return self.dir.name


@dataclass(frozen=True)
class UpdateReport:
    copied: tuple[str, ...]  # new or unchanged-by-the-student files replaced by the new version
    kept: tuple[str, ...]  # files the student changed: left exactly as they are


def installed_lessons() -> dict[str, LessonRef]:
    """Every lesson this installation can start, by id (bundled first, then entry points)."""
    found: dict[str, LessonRef] = {}
    for folder in [*_bundled_folders(), *_entry_point_folders()]:
        ref = read_ref(folder)
        found.setdefault(ref.id, ref)
    return found


def find_lesson(lesson_id: str) -> LessonRef:
    lessons = installed_lessons()
    if lesson_id not in lessons:
        known = ", ".join(sorted(lessons)) or "none"
        raise NbkitError(f"no installed lesson {lesson_id!r} (installed: {known})")
    return lessons[lesson_id]


def default_lesson_id() -> str:
    """The lesson the kit's default config names (nbkit/default-nbkit.toml), else the only one."""
    lessons = installed_lessons()
    default = read_toml(PACKAGE_DIR / "default-nbkit.toml").get("lesson", {}).get("id")
    if isinstance(default, str) and default in lessons:
        return default
    if len(lessons) == 1:
        return next(iter(lessons))
    raise NbkitError(
        "several lessons are installed; choose one with `nbkit start --lesson ID`: "
        + ", ".join(sorted(lessons))
    )


def read_ref(folder: Path) -> LessonRef:
    """id, title and version from a lesson folder's lesson.toml (the rest is content.py's job)."""
    path = folder / LESSON_FILE
    raw = read_toml(path)
    for key in ("id", "title", "version"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ConfigError(path, key, "missing: a lesson needs id, title and version strings")
    return LessonRef(id=raw["id"], title=raw["title"], version=raw["version"], dir=folder.resolve())


def install_lesson(lesson_id: str, dest_root: Path) -> Path:
    """Copy an installed lesson into dest_root/<name>/ unless a copy is already there."""
    ref = find_lesson(lesson_id)
    dest = dest_root / ref.name
    if (dest / LESSON_FILE).is_file():
        return dest
    if dest.exists() and any(dest.iterdir()):
        raise NbkitError(
            f"{dest} already exists and holds no lesson.toml; nbkit will not copy the lesson "
            "over your files: move that folder or start in another folder"
        )
    for rel in lesson_files(ref.dir):
        _copy(ref.dir / rel, dest / rel)
    write_manifest(dest, ref, lesson_files(ref.dir))
    return dest


def update_notice(copy: Path) -> str | None:
    """A sentence offering a newer installed version of the lesson copied in `copy`, if any."""
    copied = read_ref(copy)
    installed = installed_lessons().get(copied.id)
    if installed is None or not is_newer(installed.version, copied.version):
        return None
    return (
        f"a newer version of this lesson is installed ({installed.version}; your copy in {copy} "
        f"is {copied.version}). Run `nbkit start --update-lesson` to bring in the files you have "
        "not changed; your answers are kept in the workspace either way."
    )


def update_lesson(copy: Path) -> UpdateReport:
    """Bring a copy up to the installed version, replacing only files the student left as copied."""
    copied = read_ref(copy)
    installed = find_lesson(copied.id)
    recorded = _manifest_hashes(copy)
    copied_files, kept = [], []
    for rel in lesson_files(installed.dir):
        target = copy / rel
        if target.exists() and file_hash(target) != recorded.get(rel):
            kept.append(rel)  # the student's edits (or a file nbkit never copied) win
            continue
        _copy(installed.dir / rel, target)
        copied_files.append(rel)
    write_manifest(copy, installed, [rel for rel in lesson_files(installed.dir) if rel not in kept])
    return UpdateReport(copied=tuple(copied_files), kept=tuple(kept))


def is_newer(candidate: str, current: str) -> bool:
    """Compare dotted versions numerically where they are numbers ("10" > "9", "1.2" > "1")."""
    return _version_key(candidate) > _version_key(current)


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.strip().split("."))


def lesson_files(folder: Path) -> list[str]:
    """The lesson's files as sorted posix paths relative to the folder."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP)
        for name in filenames:
            if name not in SKIP and not name.endswith(".pyc"):
                out.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return sorted(out)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(copy: Path, ref: LessonRef, files: list[str]) -> None:
    hashes = {rel: file_hash(copy / rel) for rel in files if (copy / rel).is_file()}
    record = {"id": ref.id, "version": ref.version, "files": hashes}
    (copy / MANIFEST).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


def _manifest_hashes(copy: Path) -> dict[str, str]:
    try:
        record = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no record: every existing file counts as the student's own
    files = record.get("files") if isinstance(record, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)  # contents only: a read-only installed file stays editable


def _bundled_folders() -> list[Path]:
    bundled = PACKAGE_DIR / "bundled"
    if bundled.is_dir():  # an installed wheel
        return sorted(p.parent for p in bundled.glob(f"*/{LESSON_FILE}"))
    checkout = PACKAGE_DIR.parent / "notebooks"
    if (PACKAGE_DIR.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return sorted(
            p.parent for p in checkout.glob(f"*/{LESSON_FILE}") if p.parent.name != "instructor"
        )
    return []


def _entry_point_folders() -> list[Path]:
    """Third-party lessons: each `nbkit.lessons` entry point loads to its folder (a path, a
    callable returning one, or a module whose folder is the lesson)."""
    from . import registry

    folders = []
    for name in registry.lessons.names():
        loaded = registry.lessons.get(name)
        if callable(loaded) and not isinstance(loaded, ModuleType):
            loaded = loaded()
        if isinstance(loaded, ModuleType):
            folder = Path(str(loaded.__file__)).parent
        else:
            folder = Path(os.fspath(loaded))
        if not (folder / LESSON_FILE).is_file():
            raise ConfigError(
                folder / LESSON_FILE,
                None,
                f"entry point {name!r} in group {ENTRY_POINT_GROUP} names no lesson folder",
            )
        folders.append(folder)
    return folders

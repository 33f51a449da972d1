"""The data folder: immutable index versions and an atomically swapped `current` pointer.

    data/
      current -> versions/20261125T101500-3f2a   (symlink, replaced with os.replace)
      versions/<stamp>/index.sqlite3, vectors.faiss[, vectors.hnsw.faiss]
      versions/.building-<stamp>/                (a build in progress; removed if it fails)
      build.lock                                 (one builder at a time, across processes)
      state.sqlite3                              (votes and counters; not part of a version)

A build copies the current version into a `.building-*` folder, changes the copy, and
only then points `current` at it, so a failed or killed build leaves the old one serving.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .errors import Busy

CURRENT = "current"
VERSIONS = "versions"
LOCK = "build.lock"
KEEP_VERSIONS = 2  # the current one and its predecessor, for readers still holding it


class DataDir:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def versions(self) -> Path:
        return self.root / VERSIONS

    def current(self) -> Path | None:
        link = self.root / CURRENT
        if not link.is_symlink() and not link.exists():
            return None
        target = link.resolve()
        return target if target.is_dir() else None

    def new_work_folder(self) -> Path:
        """The name of a fresh working folder (nothing is created yet)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        return self.versions / f".building-{stamp}"

    def fill_work_folder(self, work: Path) -> None:
        """Copy the current version's files into `work` (an empty folder when there is none)."""
        current = self.current()
        if current is not None:
            shutil.copytree(current, work)
        else:
            work.mkdir()

    def start_version(self) -> Path:
        """A fresh working folder holding a copy of the current version's files."""
        work = self.new_work_folder()
        self.fill_work_folder(work)
        return work

    def publish(self, work: Path) -> Path:
        """Make `work` the current version atomically and prune old versions."""
        for path in work.iterdir():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        final = work.with_name(work.name.removeprefix(".building-"))
        os.replace(work, final)
        tmp_link = self.root / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
        os.symlink(os.path.relpath(final, self.root), tmp_link)
        os.replace(tmp_link, self.root / CURRENT)
        self._fsync_dir(self.root)
        self.prune()
        return final

    def discard(self, work: Path) -> None:
        shutil.rmtree(work, ignore_errors=True)

    def prune(self) -> None:
        """Drop versions beyond the newest few, and leftovers of killed builds."""
        current = self.current()
        done = sorted(
            (p for p in self.versions.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
        for old in done[:-KEEP_VERSIONS]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)

    def remove_stale_builds(self) -> None:
        """Called under the build lock: any `.building-*` left is from a killed build."""
        if self.versions.exists():
            for p in self.versions.glob(".building-*"):
                shutil.rmtree(p, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One build at a time; a second one is told so instead of waiting."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy("a build is already running; try again when it has finished") from None
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    @staticmethod
    def _fsync_dir(path: Path) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

"""Helpers for the question-log tests: a settable clock, unwritable paths (also as root), the db files."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

# The fallback user when the tests run as root, who ignores permission bits.
NOBODY = 65534
START = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Make `paths` read-only for this process for the block, also when the tests run as root.

    Root ignores permission bits, so as root the block runs with the effective ids of `nobody`, for whom the
    root-owned paths made 0o555/0o444 are readable and not writable.
    """
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in paths}
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    as_root = os.geteuid() == 0
    if as_root:
        try:
            os.setegid(NOBODY)
            os.seteuid(NOBODY)
        except OSError as error:
            os.setegid(0)
            for path, mode in modes.items():
                path.chmod(mode)
            pytest.skip(f"running as root and cannot act as an unprivileged user here: {error}")
    try:
        yield
    finally:
        if as_root:
            os.seteuid(0)
            os.setegid(0)
        for path, mode in modes.items():
            path.chmod(mode)


def database_files(data_dir: Path) -> list[Path]:
    """The database and its WAL and shared-memory files, whichever exist."""
    return sorted(path for path in data_dir.iterdir() if path.name.startswith("questions.sqlite3"))


@contextmanager
def traversable_data_dir(prefix: str) -> Iterator[Path]:
    """A data folder under a parent any user can enter (pytest's tmp_path is private to root when run as
    root), so that when a test acts as an unprivileged user (see `unwritable`) "read-only" is what it meets,
    not "unreachable"."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)
    data = base / "data"
    data.mkdir()
    data.chmod(0o755)
    try:
        yield data
    finally:
        for path in [base, *base.rglob("*")]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IRWXU)
        shutil.rmtree(base)

"""Fixtures for the question log: a data folder any user can reach, and a settable clock."""

from __future__ import annotations

import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.storage.support import Clock


def pytest_configure(config: pytest.Config) -> None:
    # Also registered by tests/bot/conftest.py; repeated here so this folder runs on its own.
    config.addinivalue_line("markers", "logs_errors: the test makes the bot log errors on purpose")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data folder under a world-traversable parent (pytest's tmp_path is private to root when run as root,
    which would make every "read-only" failure an "unreachable" failure instead)."""
    base = Path(tempfile.mkdtemp(prefix="question-log-"))
    base.chmod(0o755)
    data = base / "data"
    data.mkdir()
    data.chmod(0o755)
    yield data
    for path in [base, *base.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
    shutil.rmtree(base)


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "questions.sqlite3"

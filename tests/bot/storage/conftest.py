"""Fixtures for the question log: a data folder any user can reach, and a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.storage.support import Clock, traversable_data_dir


def pytest_configure(config: pytest.Config) -> None:
    # Also registered by tests/bot/conftest.py; repeated here so this folder runs on its own.
    config.addinivalue_line("markers", "logs_errors: the test makes the bot log errors on purpose")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with traversable_data_dir("question-log-") as data:
        yield data


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "questions.sqlite3"

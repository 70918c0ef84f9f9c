"""The heartbeat behind Docker's HEALTHCHECK: fresh while connected; stale, missing or cleared fails."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from bot import health
from bot.cli import main


@pytest.fixture
def heartbeat(tmp_path: Path) -> Path:
    return tmp_path / "run" / "heartbeat"


def age_file(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_fresh_stale_missing_and_cleared(heartbeat: Path) -> None:
    assert not health.is_fresh(heartbeat)
    assert health.beat(heartbeat)
    assert health.is_fresh(heartbeat)
    age_file(heartbeat, health.MAX_AGE + 1)
    assert not health.is_fresh(heartbeat)
    assert health.is_fresh(heartbeat, max_age=health.MAX_AGE + 60)
    health.beat(heartbeat)
    health.clear(heartbeat)
    assert not heartbeat.exists() and not health.is_fresh(heartbeat)
    health.clear(heartbeat)


def test_a_heartbeat_from_the_future_is_not_trusted(heartbeat: Path) -> None:
    health.beat(heartbeat)
    future = time.time() + 3600
    os.utime(heartbeat, (future, future))
    assert not health.is_fresh(heartbeat)


@pytest.mark.logs_errors
def test_a_failed_beat_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert not health.beat(blocker / "heartbeat")


def test_cli_health_exit_codes(heartbeat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["health", "--heartbeat", str(heartbeat)]) == 1
    assert "no heartbeat" in capsys.readouterr().err
    health.beat(heartbeat)
    assert main(["health", "--heartbeat", str(heartbeat)]) == 0
    assert capsys.readouterr().out.startswith("healthy")
    age_file(heartbeat, 120)
    assert main(["health", "--heartbeat", str(heartbeat)]) == 1
    assert main(["health", "--heartbeat", str(heartbeat), "--max-age", "300"]) == 0


def test_cli_health_reads_the_path_from_the_environment(
    heartbeat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECSITE_BOT_HEARTBEAT", str(heartbeat))
    assert main(["health"]) == 1
    health.beat(heartbeat)
    assert main(["health"]) == 0


async def test_keep_beating_only_while_connected(heartbeat: Path) -> None:
    states = iter([False, False, True])
    checked = asyncio.Event()
    calls = 0

    def is_connected() -> bool:
        nonlocal calls
        calls += 1
        state = next(states, True)
        if not state:
            assert not heartbeat.exists()
        if calls >= 4:
            checked.set()
        return state

    task = asyncio.create_task(health.keep_beating(is_connected, heartbeat, interval=0))
    # A bound only against a hang, not a timing measurement.
    await asyncio.wait_for(checked.wait(), timeout=10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert health.is_fresh(heartbeat)


def test_a_folder_where_the_heartbeat_should_be_is_unhealthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "heartbeat"
    folder.mkdir()  # fresh, as a folder made a moment ago is: its age must not vouch for the bot
    assert not health.is_fresh(folder)
    assert main(["health", "--heartbeat", str(folder)]) == 1
    assert "is a folder" in capsys.readouterr().err

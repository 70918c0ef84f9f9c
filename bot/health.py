"""A heartbeat file that proves the bot is connected to Discord, for Docker's HEALTHCHECK.

The running bot touches the file while its gateway connection is up (`keep_beating`); `ecsite-bot health`
(`check`) succeeds only if the file was touched recently. A process that is alive but disconnected, stuck
reconnecting or wedged stops touching it and turns unhealthy. Where the file is comes from the settings
(`ECSITE_BOT_HEARTBEAT`, read in bot/settings.py). Nothing here imports discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

# Outside the data volume on purpose: a heartbeat left by a previous container must not vouch for this one.
DEFAULT_HEARTBEAT = Path(tempfile.gettempdir()) / "ecsite-bot.heartbeat"
BEAT_INTERVAL = 30.0
# Three missed beats: a gateway resume (seconds) stays healthy, a lasting outage does not.
MAX_AGE = 90.0

_warned = False


def beat(path: Path) -> bool:
    """Mark the bot as connected now. Never raises: a failed beat only makes the health check fail."""
    global _warned
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{time.time():.0f}\n", encoding="ascii")
    except OSError as error:
        if not _warned:
            _warned = True
            log.error("cannot write the heartbeat file %s (%s); the health check will fail", path, error)
        return False
    return True


def clear(path: Path) -> None:
    """Forget the heartbeat, at shutdown, so the health check fails at once rather than after MAX_AGE."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def heartbeat_age(path: Path, now: float | None = None) -> float | None:
    """Seconds since the last beat, or None if there is no heartbeat file (a folder is none either)."""
    try:
        status = path.stat()
    except OSError:
        return None
    # Only the bot's beats touch a regular file there; a folder's time says nothing about the bot.
    if not stat.S_ISREG(status.st_mode):
        return None
    return (time.time() if now is None else now) - status.st_mtime


def is_fresh(path: Path, max_age: float = MAX_AGE, now: float | None = None) -> bool:
    age = heartbeat_age(path, now)
    # A little tolerance for a clock that reads behind the file system's timestamp, not for the future.
    return age is not None and -5.0 <= age <= max_age


def check(path: Path, max_age: float = MAX_AGE) -> tuple[bool, str]:
    """(healthy, a sentence for the operator): what `ecsite-bot health` prints and exits with."""
    age = heartbeat_age(path)
    if age is None and path.is_dir():
        return False, f"unhealthy: {path} is a folder, not the heartbeat file (check ECSITE_BOT_HEARTBEAT)"
    if age is None:
        return False, f"unhealthy: no heartbeat at {path} (the bot is not connected to Discord yet)"
    if not is_fresh(path, max_age):
        return False, f"unhealthy: last heartbeat {age:.0f} s ago (limit {max_age:.0f} s): not connected"
    return True, f"healthy: last heartbeat {age:.0f} s ago"


async def keep_beating(is_connected: Callable[[], bool], path: Path, interval: float = BEAT_INTERVAL) -> None:
    """Beat every `interval` seconds while `is_connected()` is true; runs until cancelled.

    Run it as a task from the Discord client's setup_hook. The file write goes to a thread so the event loop
    never waits on the disk.
    """
    while True:
        if is_connected():
            await asyncio.to_thread(beat, path)
        await asyncio.sleep(interval)

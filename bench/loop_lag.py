#!/usr/bin/env python3
"""Event-loop lag of the real bot under load, through simcord's offline Discord (no network).

    .venv/bin/python bench/loop_lag.py     # about 30 s; bench/run.py runs it too, in a fresh process

Two loads, each with the cyclic garbage collector tuned as `ecsite-bot run` tunes it
(bot.client.freeze_startup_heap) and with it switched off, so its share of the lag shows:
- 500 questions in flight at once (500 people, one mention each, while the question log's disk is stalled);
- the same with a `/reload` of a cold copy of the knowledge base in the middle.

Lag is how late a task that sleeps 5 ms wakes up, over every wake-up during the load: p50, p99 and max, in
ms. The figure belongs here and not in the tests: on a busy machine (a shared CI runner) the operating
system's scheduler adds its own delays, so a bound on it would fail for reasons that are not the bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOAD = 500
QUESTIONS = (
    "when was Ecsite founded?",
    "who takes part in WATER-MINING?",
    "mission or vision",
    "what is the capital of Peru?",
    "which projects involve NEMO?",
    "where is Ecsite based?",
)
INTERVAL = 0.005
DONE_WITHIN = 120.0


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile, as bench/run.py computes it."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


class LagProbe:
    """Records how late each wake-up of a task sleeping `interval` seconds is, and the collector's pauses."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.late: list[float] = []
        self.gc_pauses: list[float] = []
        self._gc_started = 0.0
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_pauses.append(time.perf_counter() - self._gc_started)

    async def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.late.append(max(0.0, time.perf_counter() - started - self.interval))

    async def __aenter__(self) -> LagProbe:
        gc.callbacks.append(self._on_gc)
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(self.interval * 2)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._task is not None
        await self._task
        gc.callbacks.remove(self._on_gc)


@dataclass
class Result:
    load: str
    collector: str
    wake_ups: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    collections: int
    longest_collection_ms: float


@contextmanager
def stalled_disk(question_log: Any) -> Iterator[Callable[[], None]]:
    """Hold the question log's one writer thread, as a stuck disk would; yields the function releasing it."""
    gate = threading.Event()
    question_log._executor.submit(gate.wait, DONE_WITHIN)
    try:
        yield gate.set
    finally:
        gate.set()


class Counted:
    """Counts answers sent and recorded, by wrapping the question log's `log_question` (called after a
    reply is sent)."""

    def __init__(self, bot: Any, expected: int) -> None:
        self.expected = expected
        self.entered = 0
        self.logged = 0
        self.all_sent = asyncio.Event()
        self.all_logged = asyncio.Event()
        self._log_question = bot.question_log.log_question
        bot.question_log.log_question = self._counting

    async def _counting(self, **record: Any) -> str:
        self.entered += 1
        if self.entered >= self.expected:
            self.all_sent.set()
        try:
            return await self._log_question(**record)
        finally:
            self.logged += 1
            if self.logged >= self.expected:
                self.all_logged.set()


async def one_load(load: str, collector: str, folder: Path) -> Result:
    import simcord

    from bot.client import create_bot
    from bot.settings import Settings
    from knowledge import load_engine
    from knowledge.loader import DATA_DIR

    edited = folder / "knowledge"
    if not edited.exists():
        shutil.copytree(DATA_DIR, edited)
    settings = Settings(
        token=None,
        db_path=folder / f"{load}-{collector}.sqlite3",
        heartbeat_path=folder / "heartbeat",
        data_dir=edited,
    )
    bot = create_bot(load_engine(edited), settings)
    thresholds = gc.get_threshold()
    try:
        async with simcord.run(bot) as env:
            guild = env.create_guild("Science centres")
            channel = guild.create_text_channel("general")
            visitors = [guild.add_member(env.create_user(f"visitor{n}")) for n in range(LOAD)]
            assert bot.user is not None
            mention = bot.user.mention
            if collector == "off":
                gc.disable()
            else:
                from bot.client import freeze_startup_heap

                freeze_startup_heap()
            counted = Counted(bot, LOAD)
            async with LagProbe() as lag:
                if load == "500 in flight":
                    with stalled_disk(bot.question_log) as disk_recovers:
                        for number, visitor in enumerate(visitors):
                            question = QUESTIONS[number % len(QUESTIONS)]
                            env.backend.create_message(channel.id, visitor.id, f"{mention} {question}")
                            await asyncio.sleep(0)
                        await asyncio.wait_for(counted.all_sent.wait(), DONE_WITHIN)
                        disk_recovers()
                else:
                    reload: asyncio.Task[Any] | None = None
                    for number, visitor in enumerate(visitors):
                        if number == LOAD // 2:
                            reload = asyncio.create_task(bot.reload_engine())
                        env.backend.create_message(channel.id, visitor.id, f"{mention} {QUESTIONS[0]}")
                        await asyncio.sleep(0)
                    assert reload is not None
                    await asyncio.wait_for(reload, DONE_WITHIN)
                await asyncio.wait_for(counted.all_logged.wait(), DONE_WITHIN)
            await bot.question_log.close()
    finally:
        gc.enable()
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    return Result(
        load=load,
        collector=collector,
        wake_ups=len(lag.late),
        p50_ms=percentile(lag.late, 0.5) * 1000,
        p99_ms=percentile(lag.late, 0.99) * 1000,
        max_ms=max(lag.late) * 1000,
        collections=len(lag.gc_pauses),
        longest_collection_ms=max(lag.gc_pauses, default=0.0) * 1000,
    )


LOADS = {
    "500 in flight": "500 questions in flight at once, disk stalled",
    "reload": "500 questions with a /reload (cold) in the middle",
}
COLLECTORS = {"run": "tuned as `run` tunes it", "off": "off (gc.disable)"}


def table(results: list[Result]) -> str:
    header = ["event-loop lag", "garbage collector", "wake-ups", "p50", "p99", "max", "collections (longest)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for result in results:
        cells = [
            LOADS[result.load], COLLECTORS[result.collector], str(result.wake_ups),
            f"{result.p50_ms:.2f} ms", f"{result.p99_ms:.2f} ms", f"{result.max_ms:.2f} ms",
            f"{result.collections} ({result.longest_collection_ms:.1f} ms)",
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def measure() -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="ecsite-bench-lag-") as folder:
        for load in LOADS:
            for collector in COLLECTORS:
                results.append(await one_load(load, collector, Path(folder)))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    # A private cache and no discord.py chatter: only the table goes to stdout.
    os.environ.setdefault("ECSITE_BOT_CACHE_DIR", "")
    results = asyncio.run(measure())
    text = table(results)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

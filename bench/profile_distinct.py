"""Where the time of distinct questions goes: the stages of reading and answering, then a cProfile listing.

    .venv/bin/python bench/profile_distinct.py                  # the time of each stage
    .venv/bin/python bench/profile_distinct.py --profile 40     # the 40 dearest functions by own time

The questions are bench/run.py's 6,000 distinct chat questions, each asked once, as the whole-process figure
asks them: a cache that only helps a repeated question does not show here. The stage times are wall time on
a shared machine, so compare runs made one after the other, and several of them.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from run import distinct_questions


def _timed(spent: Counter[str], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter_ns()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter_ns() - started

    return timed


def stages(questions: list[str]) -> None:
    from bot.render.text import render_text
    from knowledge import load_engine

    engine = load_engine()
    spent: Counter[str] = Counter()
    reader = engine.reader
    reader.translator.to_english = _timed(spent, "read: translate", reader.translator.to_english)
    for name in ("_reword", "_exact_names", "_typo_names", "_organisation_words", "_plain_words"):
        setattr(reader, name, _timed(spent, f"read: {name.strip('_')}", getattr(reader, name)))
    reader.read = _timed(spent, "read (all)", reader.read)
    engine.understanding.understand = _timed(spent, "understand", engine.understanding.understand)
    engine.ranker.rank = _timed(spent, "rank", engine.ranker.rank)
    started = time.perf_counter_ns()
    for question in questions:
        render_text(engine.ask(question))
    total = time.perf_counter_ns() - started
    print(f"{len(questions):,} distinct questions: {total / 1e9:.3f} s")
    for label, ns in sorted(spent.items()):
        print(f"  {label:<24} {ns / 1e9:.3f} s  {ns / len(questions) / 1e3:6.1f} µs a question")


def profile(questions: list[str], top: int) -> None:
    from bot.render.text import render_text
    from knowledge import load_engine

    engine = load_engine()
    profiler = cProfile.Profile()
    profiler.enable()
    for question in questions:
        render_text(engine.ask(question))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", type=int, metavar="TOP", help="list the TOP functions by own time")
    args = parser.parse_args(argv)
    questions = distinct_questions()
    # One or the other, never both in one process: the second would find the words of the first cached.
    if args.profile:
        profile(questions, args.profile)
    else:
        stages(questions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

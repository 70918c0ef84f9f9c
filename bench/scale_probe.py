#!/usr/bin/env python3
"""One scale figure in a fresh process, for controlled before/after measurements (run it alternating).

    python bench/scale_probe.py cold DATA_DIR [CACHE_DIR]   # load + index build (CPU and wall), RSS growth
    python bench/scale_probe.py cached DATA_DIR CACHE_DIR    # start-up from the cache (as run.py times it)

DATA_DIR is a knowledge base made by bench/synthetic.py; `cold` with CACHE_DIR also writes the cache there.
Prints one JSON line.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def resident_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> int:
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    cache_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    from knowledge import cache, collector
    from knowledge.engine import Engine, load_engine
    from knowledge.loader import load_knowledge_base

    if mode == "cold":
        gc.collect()
        before = resident_mb()
        with collector.paused():
            started, cpu = time.perf_counter(), time.process_time()
            knowledge = load_knowledge_base(data_dir)
            loaded, loaded_cpu = time.perf_counter(), time.process_time()
            engine = Engine(knowledge)
            built, built_cpu = time.perf_counter(), time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
        out = {
            "load_s": round(loaded - started, 3), "load_cpu": round(loaded_cpu - cpu, 3),
            "index_s": round(built - loaded, 3), "index_cpu": round(built_cpu - loaded_cpu, 3),
            "rss_mb": round(peak, 1),
        }  # fmt: skip
        if cache_dir is not None:
            cache.store(cache_dir, cache.cache_key(data_dir), engine.knowledge, engine.index)
    else:
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        load_engine(data_dir, cache_dir=cache_dir)
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        out = {"cached_s": round(wall, 3), "cached_cpu": round(used, 3)}
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Loading without the cyclic garbage collector.

Loading, validating, indexing and unpickling a knowledge base make millions of objects that all stay alive;
the collector, triggered by every few hundred of them, scans the growing heap again and again for cycles
that are not there (about half of the time of a large load). Pausing it while loading changes nothing that
is built, only when garbage is looked for.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the duration; nested and concurrent pauses (a /reload in a worker thread while
    another load runs) turn it back on only when the last one ends, and only if it was on before."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()

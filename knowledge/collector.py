"""Loading without the cyclic garbage collector.

Loading, validating, indexing and unpickling a knowledge base make millions of objects that all stay alive;
the collector, triggered by every few hundred of them, scans the growing heap again and again for cycles
that are not there (about half of the time of a large load). Pausing it while loading changes nothing that
is built, only when garbage is looked for; what was made during the pause is then left to the full
collections, as what lives as long as a knowledge base would be.
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
                _promote_unscanned()
                gc.enable()


def _promote_unscanned() -> None:
    """Move everything made during the pause to the oldest generation without scanning it.

    Otherwise the first allocation after the pause starts a young collection over all of it (a knowledge base
    of 100,000 entries: half a second), then the middle generation scans it again during the first questions.
    Freezing and unfreezing at once does the move and nothing else: the objects stay collectable, by the next
    full collection. Skipped when something is frozen (the bot freezes its start-up heap), since unfreezing
    would thaw that too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()

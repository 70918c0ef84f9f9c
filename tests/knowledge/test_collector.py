"""Loading pauses the garbage collector (knowledge/collector.py): what a pause leaves behind."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from knowledge import collector


@pytest.fixture
def enabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_a_pause_turns_the_collector_off_and_back_on_even_nested(enabled: None) -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_keeps_the_collector_off_if_it_was_off(enabled: None) -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_what_a_pause_made_is_promoted_unscanned_and_stays_collectable(enabled: None) -> None:
    gc.unfreeze()  # an earlier test may have run the command line in this process, which freezes its heap
    with collector.paused():
        made = [[n] for n in range(5_000)]
        cycle: list[object] = []
        cycle.append(cycle)
    assert gc.get_count()[0] < 1_000  # no young collection is owed for what the pause made
    assert gc.get_freeze_count() == 0  # nothing left frozen
    assert all(gc.is_tracked(item) for item in made[:10])
    del cycle
    assert gc.collect() >= 1  # the cycle made during the pause is still found by a full collection


def test_a_frozen_heap_stays_frozen_after_a_pause(enabled: None) -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector.paused():
            _ = [[n] for n in range(1_000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

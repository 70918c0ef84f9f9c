"""Settings every test shares."""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, settings

# No test may depend on how fast the machine is: on a shared CI runner with every core busy, hypothesis's
# per-example deadline and its "too slow" health check would fail tests for reasons that are not the bot's.
settings.register_profile("any-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("any-machine")


def pytest_configure() -> None:
    # Tests (and the CLI subprocesses they start) keep their knowledge cache to themselves, not in ~/.cache.
    os.environ["ECSITE_BOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="ecsite-bot-test-cache-")

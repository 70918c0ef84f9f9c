"""Settings every test shares."""

from __future__ import annotations

import os
import tempfile


def pytest_configure() -> None:
    # Tests (and the CLI subprocesses they start) keep their knowledge cache to themselves, not in ~/.cache.
    os.environ["ECSITE_BOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="ecsite-bot-test-cache-")

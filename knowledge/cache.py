"""A start-up cache of the validated knowledge base and its index, keyed by the content of every YAML file.

The key also covers this package's own source, so a new version of the engine never reads an old index. A
YAML file that changes (or is added, removed or renamed) changes the key: the cache cannot serve stale facts.
Only a knowledge base that passed validation is ever written, so a broken one is always reported.

The caller says where the cache lives (the bot's settings, `ECSITE_BOT_CACHE_DIR`): this package reads no
environment of its own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from knowledge import translate
from knowledge.index import Index
from knowledge.loader import KnowledgeBase, read_bytes, yaml_files

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent
# Bump when the pickled layout changes in a way the source hash would not show.
FORMAT = b"2"


def cache_key(data_dir: Path, extra: Iterable[Path] = ()) -> str:
    """The hash of the engine's source and of every YAML file; raises KnowledgeError, as loading would, for
    a file that is not a regular one (the loader's own listing and reading, so both refuse the same).

    `extra` files loaded with the folder (the learned phrasings) are keyed by their path too, and a missing
    one differently from an empty one."""
    digest = hashlib.sha256(FORMAT)
    for source in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for path in yaml_files(data_dir):
        name = str(path.relative_to(data_dir))
        digest.update(name.encode() + b"\0" + read_bytes(path, name) + b"\0")
    for path in extra:
        # Only a regular file is read (a FIFO would block); anything else the loader refuses, uncached.
        content = b"\1" + read_bytes(path, str(path)) if path.is_file() else b"\2"
        digest.update(str(path.resolve()).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"knowledge-{key[:32]}.pickle"


def load(cache_dir: Path, key: str) -> tuple[KnowledgeBase, Index] | None:
    path = cache_file(cache_dir, key)
    try:
        with path.open("rb") as handle:
            # Only files this package wrote, named by the hash of their own inputs, are read.
            knowledge, index, prepared = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: rebuild rather than fail
        log.warning("ignoring unreadable knowledge cache %s: %s", path, error)
        return None
    if not isinstance(knowledge, KnowledgeBase) or not isinstance(index, Index):
        return None
    if isinstance(prepared, translate.Prepared):
        # The translator made for this knowledge base starts with its tables built (`store`).
        translate.offer(knowledge, prepared)
    return knowledge, index


def store(cache_dir: Path, key: str, knowledge: KnowledgeBase, index: Index) -> None:
    """Write atomically (a reader sees the whole file or none); a cache that cannot be written is skipped.

    The translator's tables are built and written too, so the first question in another language after a
    cached start does not build them with every text cache cold (about 4 ms for the real knowledge base, a
    second at 30,000 entries)."""
    prepared = translate.Translator(knowledge).prepare()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("knowledge-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=cache_dir, delete=False, suffix=".tmp") as handle:
            pickle.dump((knowledge, index, prepared), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, cache_file(cache_dir, key))
    except OSError as error:
        log.info("knowledge cache not written to %s: %s", cache_dir, error)

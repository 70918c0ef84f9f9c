"""Loading and validating the YAML knowledge base (work in progress)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class KnowledgeError(ValueError):
    """A malformed knowledge base: the message names the file, the entry and the field."""


class KnowledgeBase:
    def stats(self) -> dict[str, int]:
        raise NotImplementedError


def load_knowledge_base(data_dir: Path | None = None) -> KnowledgeBase:
    raise NotImplementedError

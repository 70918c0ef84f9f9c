"""The shared evaluation's rule for a correct reply (../shared/eval/README.md), for our own question sets."""

from __future__ import annotations

import unicodedata
from typing import Any


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    for ch in "*_`~\\":
        text = text.replace(ch, "")
    return " ".join(text.split())


def judge(case: dict[str, Any], answered: bool, text: str) -> str | None:
    """None when the reply passes, else why not."""
    if case.get("answerable", True) is False:
        return None if not answered else "answered an out-of-scope question"
    if not answered:
        return "declined an answerable question"
    reply = normalise(text)
    for group in case.get("expect", []):
        if not any(normalise(alternative) in reply for alternative in group.split("|")):
            return f"missing {group!r}"
    for bad in case.get("forbid", []):
        if normalise(bad) in reply:
            return f"contains forbidden {bad!r}"
    return None

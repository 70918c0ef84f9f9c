#!/usr/bin/env python3
"""Whether the C stemmers (PyStemmer) give the same stems as snowballstemmer's pure-Python ones.

    .venv/bin/python bench/stemmers.py

snowballstemmer uses PyStemmer's libstemmer when it is installed; the engine depends on that only if every
stem is the same. Words: every word of the knowledge base (all languages), of the questions in
../shared/eval, tests/knowledge and eval/blind, of bench/exactness.py's variations and of the raw sources,
stemmed by each language the engine stems with (English, and each translation's `name`), also in their
accented forms as typed; then the words of a synthetic knowledge base (bench/synthetic.py) and random words
over the letters of the six languages, with a fixed seed. Prints the count per language and exits 1 on the
first difference.
"""

from __future__ import annotations

import importlib
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
LETTERS = "abcdefghijklmnopqrstuvwxyz" * 3 + "äöüßéèêëàâçîïôûùÿñáíóúìò"
ENDINGS = ("", "s", "es", "ing", "ed", "ation", "ment", "ions", "ungen", "heit", "ità", "ción", "eren")
RANDOM_WORDS = 30_000


def vocabulary() -> set[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from exactness import real_questions, with_variations

    from knowledge.text import words

    texts: list[str] = []
    for folder in (ROOT / "knowledge" / "data", ROOT / "eval", ROOT / "tests", ROOT.parent / "shared"):
        texts += [path.read_text(encoding="utf-8") for path in folder.rglob("*.yaml")]
        texts += [path.read_text(encoding="utf-8") for path in folder.rglob("*.txt")]
    questions, conversations = real_questions()
    texts += with_variations(questions, conversations)
    from synthetic import generate

    with tempfile.TemporaryDirectory(prefix="ecsite-stemmers-") as folder:
        generate(Path(folder), 2_000, questions=0)
        texts += [path.read_text(encoding="utf-8") for path in Path(folder).rglob("*.yaml")]
    rng = random.Random(9)
    texts += [
        "".join(rng.choices(LETTERS, k=rng.randint(2, 14))) + rng.choice(ENDINGS) for _ in range(RANDOM_WORDS)
    ]
    found: set[str] = set()
    for text in texts:
        found.update(words(text))  # folded, as the engine stems them
        found.update(w.casefold() for w in _WORD.findall(text))  # accents kept, as typed
    return found


def main() -> int:
    import Stemmer

    words = sorted(vocabulary())
    pure = importlib.import_module("snowballstemmer")
    if pure.stemmer is not Stemmer.Stemmer:
        print("snowballstemmer does not use PyStemmer here: nothing to compare")
        return 1
    for language in ("english", "french", "german", "spanish", "italian", "dutch"):
        module = importlib.import_module(f"snowballstemmer.{language}_stemmer")
        python = getattr(module, f"{language.capitalize()}Stemmer")()
        c = Stemmer.Stemmer(language)
        for word in words:
            if python.stemWord(word) != c.stemWord(word):
                print(f"{language}: {word!r}: {python.stemWord(word)!r} (Python) != {c.stemWord(word)!r} (C)")
                return 1
        print(f"{language}: {len(words)} words, identical stems")
    return 0


if __name__ == "__main__":
    sys.exit(main())

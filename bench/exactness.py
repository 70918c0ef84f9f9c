#!/usr/bin/env python3
"""Every reply the engine gives, written to one file, so a speed change can be proved to change no answer.

    .venv/bin/python bench/exactness.py --output /tmp/before.txt          # on the code before the change
    .venv/bin/python bench/exactness.py --compare /tmp/before.txt         # after it: exit 1 on any change

The questions: ../shared/eval/dev_questions.yaml, tests/knowledge/questions.yaml, every
eval/blind/round*/questions.yaml, the turns of every eval/blind/round*/conversations.yaml (asked as one
conversation each, so follow-ups are covered), and chat variations of all of them generated with a fixed seed
(greetings, "pls", case, a swapped, dropped or doubled letter, no punctuation), several thousand in all. Each
reply is written as its rendered text (bot.render.text.render_text) and its JSON object (as `ask --json`
gives it), so the file changes when anything a user could see changes.

With `--synthetic N` the same is done on a synthetic knowledge base of N entries (bench/synthetic.py) with
its generated questions and their variations: the typo scans only have many candidates there.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = 9
VARIATIONS_PER_QUESTION = 3
GREETINGS = ("hi", "hey all,", "hello!", "yo", "Hi there :)", "good morning,")
TAILS = (" pls", " please", " thx", "??", " pls?", " thanks!")


def question_files() -> list[Path]:
    return [
        SHARED / "eval" / "dev_questions.yaml",
        ROOT / "tests" / "knowledge" / "questions.yaml",
        *sorted((ROOT / "eval" / "blind").glob("round*/questions.yaml")),
    ]


def conversation_files() -> list[Path]:
    return sorted((ROOT / "eval" / "blind").glob("round*/conversations.yaml"))


def _cases(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def _swap(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _typo(question: str, rng: random.Random) -> str:
    """One letter swapped, dropped or doubled in one word of four letters or more."""
    tokens = question.split(" ")
    long = [i for i, token in enumerate(tokens) if len(token) >= 4 and token.isalpha()]
    if not long:
        return question
    at = rng.choice(long)
    word = tokens[at]
    kind = rng.randrange(3)
    if kind == 0:
        word = _swap(word, rng)
    elif kind == 1:
        cut = rng.randrange(len(word))
        word = word[:cut] + word[cut + 1 :]
    else:
        cut = rng.randrange(len(word))
        word = word[:cut] + word[cut] + word[cut:]
    tokens[at] = word
    return " ".join(tokens)


def variation(question: str, rng: random.Random) -> str:
    """A chat-style rewording: one to three of greeting, tail, case, typo, no punctuation."""
    text = question
    for change in rng.sample(range(5), rng.randint(1, 3)):
        if change == 0:
            text = f"{rng.choice(GREETINGS)} {text}"
        elif change == 1:
            text = text.rstrip("?.! ") + rng.choice(TAILS)
        elif change == 2:
            text = rng.choice((str.lower, str.upper, str.title, str.swapcase))(text)
        elif change == 3:
            text = _typo(text, rng)
        else:
            text = text.rstrip("?.!")
    return text


def real_questions() -> tuple[list[str], list[list[str]]]:
    questions = [" ".join(str(case["q"]).split()) for path in question_files() for case in _cases(path)]
    conversations = [
        [" ".join(str(turn["q"]).split()) for turn in case["turns"]]
        for path in conversation_files()
        for case in _cases(path)
    ]
    return questions, conversations


def with_variations(questions: list[str], conversations: list[list[str]]) -> list[str]:
    rng = random.Random(SEED)
    bases = [*questions, *(turn for turns in conversations for turn in turns)]
    return [*questions, *(variation(q, rng) for q in bases for _ in range(VARIATIONS_PER_QUESTION))]


def replies(engine: Any, questions: list[str], conversations: list[list[str]]) -> Iterator[str]:
    from bot.render.json_object import render_json
    from bot.render.text import render_text
    from knowledge import Conversation

    def shown(label: str, answer: Any) -> str:
        text = render_text(answer, engine.knowledge)
        data = json.dumps(render_json(answer, engine.knowledge), ensure_ascii=False, sort_keys=True)
        return f"=== {label}\n{text}\n--- json\n{data}\n"

    for question in questions:
        yield shown(repr(question), engine.ask(question))
    for number, turns in enumerate(conversations):
        conversation = Conversation()
        for turn in turns:
            yield shown(f"conversation {number}: {turn!r}", engine.ask(turn, conversation))


def run(synthetic: int | None, *, through_cache: bool = False) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from knowledge.engine import Engine
    from knowledge.loader import load_knowledge_base

    def engine_for(data_dir: Path | None) -> Engine:
        engine = Engine(load_knowledge_base(data_dir))
        if not through_cache:
            return engine
        # As the start-up cache gives it back (knowledge/cache.py): written, read and unpickled by it, with
        # whatever else it keeps (the translator's tables).
        from knowledge import cache

        with tempfile.TemporaryDirectory(prefix="ecsite-exactness-") as folder:
            cache.store(Path(folder), "exactness", engine.knowledge, engine.index)
            loaded = cache.load(Path(folder), "exactness")
        assert loaded is not None, "the start-up cache was not written"
        knowledge, index = loaded
        return Engine(knowledge, index)

    if synthetic is None:
        questions, conversations = real_questions()
        engine = engine_for(None)
        return "".join(replies(engine, with_variations(questions, conversations), conversations))
    from synthetic import generate

    with tempfile.TemporaryDirectory(prefix="ecsite-exactness-") as folder:
        data_dir = Path(folder) / "data"
        generated = [q.text for q in generate(data_dir, synthetic)]
        engine = engine_for(data_dir)
        return "".join(replies(engine, with_variations(generated, []), []))


def main(argv: Sequence[str] | None = None) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # The order of a set of strings follows the hash seed, and a few replies follow that order (the two
        # projects of "is X in both A and B?"): one seed for every run, so a difference is the code's.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, help="write every reply to this file")
    parser.add_argument(
        "--compare", type=Path, help="compare with a file written by --output; exit 1 on a change"
    )
    parser.add_argument("--synthetic", type=int, metavar="N", help="a synthetic knowledge base of N entries")
    parser.add_argument(
        "--through-cache", action="store_true",
        help="answer from the knowledge base and index as the start-up cache gives them back (pickled)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    text = run(args.synthetic, through_cache=args.through_cache)
    count = text.count("\n=== ") + text.startswith("=== ")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{count} replies written to {args.output}")
    if args.compare:
        before = args.compare.read_text(encoding="utf-8")
        if before == text:
            print(f"identical: {count} replies, byte for byte")
            return 0
        diff = difflib.unified_diff(before.splitlines(), text.splitlines(), "before", "after", lineterm="")
        for line in list(diff)[:80]:
            print(line)
        print("CHANGED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

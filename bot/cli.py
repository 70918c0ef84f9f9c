"""The `ecsite-bot` command line: ask, chat, check, teach, learned, run, report and health.

Discord is imported only by `run`, so answering from the command line starts fast.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.render.json_object import render_json
from bot.render.text import render_text
from bot.settings import Settings, SettingsError
from knowledge import Conversation, Engine, KnowledgeError, load_engine
from knowledge.learned import export_yaml, teachable_topics

if TYPE_CHECKING:
    from bot.storage.report import Report
    from knowledge.teaching import Lesson


class _Refused(Exception):
    """A command cannot go on; its message has been printed and it exits with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _settings() -> Settings:
    """The bot's own settings (environment over ./.env), so every command reads what `run` would; exit 2 for
    a malformed one, as `run` does."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        raise _Refused(2) from None


def _learned_file(args: argparse.Namespace, settings: Settings) -> Path:
    """--learned, else the file the bot uses (ECSITE_BOT_LEARNED, or learned.yaml beside the question log),
    so the command line answers as `run` does."""
    return Path(args.learned) if getattr(args, "learned", None) else settings.learned_file


def _data_dir(args: argparse.Namespace, settings: Settings) -> Path | None:
    return Path(args.data) if args.data else settings.data_dir


def _engine(args: argparse.Namespace, *, use_cache: bool = True, invalid: int = 2) -> Engine:
    """The engine for `--data` (else the knowledge folder of the settings) with the learned phrasings; exit
    `invalid` after saying on stderr what is wrong with the knowledge base or the learned file."""
    settings = _settings()
    try:
        engine = load_engine(
            _data_dir(args, settings),
            cache_dir=settings.cache_dir if use_cache else None,
            learned=_learned_file(args, settings),
        )
    except KnowledgeError as error:
        print(f"error: {error}", file=sys.stderr)
        raise _Refused(invalid) from None
    # The knowledge base lives as long as the process: the collector need never scan it again.
    gc.freeze()
    return engine


def _ask(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.jsonl:
        conversation = Conversation() if args.session else None
        # One undecodable line must not end the run and lose the lines after it.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")
        # json.dumps with options builds a new encoder for every call.
        encode = json.JSONEncoder(ensure_ascii=False).encode
        for line in sys.stdin:
            question = line.rstrip("\n")
            answer = engine.ask(question, conversation)
            sys.stdout.write(encode(render_json(answer, engine.knowledge)) + "\n")
            sys.stdout.flush()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        print('error: give a question, e.g. ecsite-bot ask "When was Ecsite founded?"', file=sys.stderr)
        return 2
    answer = engine.ask(question)
    if args.json:
        print(json.dumps(render_json(answer, engine.knowledge), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, engine.knowledge))
    return 0


def _chat(args: argparse.Namespace) -> int:
    engine = _engine(args)
    conversation = Conversation()
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about Ecsite (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        if not question.strip():
            if interactive:
                break
            continue
        print(render_text(engine.ask(question, conversation), engine.knowledge))
        print()
    return 0


def _check(args: argparse.Namespace) -> int:
    # A check reads and validates every file, always; an invalid knowledge base is its exit 1.
    engine = _engine(args, use_cache=False, invalid=1)
    stats = engine.knowledge.stats()
    print("knowledge base OK: " + ", ".join(f"{count} {name}" for name, count in stats.items()))
    return 0


def _teach(args: argparse.Namespace) -> int:
    from bot.storage.question_log import scrub_question
    from knowledge.teaching import forget, teach

    question = " ".join(args.question).strip()
    if not question or (args.topic is None) == (not args.undo):
        print('error: give a question and --topic ID, or --undo: ecsite-bot teach "QUESTION" --topic ID',
              file=sys.stderr)  # fmt: skip
        return 2
    engine = _engine(args, invalid=1)
    knowledge = engine.knowledge
    settings = _settings()
    learned = _learned_file(args, settings)
    data_dir = _data_dir(args, settings)
    # The same text the question log would keep: no Discord ids in a file kept beyond retention.
    question = scrub_question(question)
    try:
        if args.undo:
            undone = forget(data_dir, learned, question, cache_dir=settings.cache_dir)
            if undone is None:
                print(knowledge.message("untaught_missing", question=question), file=sys.stderr)
                return 1
            title = teachable_topics(knowledge).get(undone.entry.topic, undone.entry.topic)
            print(knowledge.message("untaught_done", question=undone.entry.question, topic=title))
            return 0
        lesson = teach(engine, data_dir, learned, question, args.topic, cache_dir=settings.cache_dir)
    except KnowledgeError as error:
        print("error: " + knowledge.message("teach_refused", error=error), file=sys.stderr)
        return 1
    print(lesson_text(lesson))
    return 0


def lesson_text(lesson: Lesson) -> str:
    """What teaching did, then the answer the bot now gives, as plain text."""
    knowledge = lesson.engine.knowledge
    topic = f"{teachable_topics(knowledge)[lesson.entry.topic]} ({lesson.entry.topic})"
    lines = [knowledge.message("teach_taught", question=lesson.entry.question, topic=topic)]
    if lesson.replaced is not None:
        lines.append(knowledge.message("teach_replaced", topic=lesson.replaced.topic))
    if lesson.also_like:
        titles = ", ".join(f"“{title}”" for title in lesson.also_like)
        lines.append(knowledge.message("teach_also_like", titles=titles, topic=topic))
    key = "teach_now_answers" if lesson.answered_as_taught else "teach_not_as_taught"
    lines.append(knowledge.message(key, topic=topic))
    return "\n".join(lines) + "\n\n" + render_text(lesson.answer, knowledge)


def _learned(args: argparse.Namespace) -> int:
    engine = _engine(args, invalid=1)
    knowledge = engine.knowledge
    titles = teachable_topics(knowledge)
    if args.topics:
        for topic_id, title in titles.items():
            print(f"{topic_id}\t{title}")
        return 0
    if args.export:
        print(export_yaml(knowledge, knowledge.learned), end="")
        return 0
    file = knowledge.learned_file or str(_learned_file(args, _settings()))
    if not knowledge.learned:
        print(knowledge.message("learned_none", file=file))
        return 0
    print(knowledge.message("learned_count", count=len(knowledge.learned), file=file))
    for entry in knowledge.learned:
        topic = f"{titles.get(entry.topic, entry.topic)} ({entry.topic})"
        print(
            "  "
            + knowledge.message("learned_line", question=entry.question, topic=topic, taught=entry.taught)
        )
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.client import run_bot  # discord is imported only here

    return run_bot()


def _report(args: argparse.Namespace) -> int:
    from bot.storage.report import ReportError, format_report, load_report

    # The same settings as the bot, so both find the same database.
    path = Path(args.db) if args.db else _settings().db_path
    try:
        report = load_report(path, days=args.days, limit=args.limit)
    except (ReportError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    if report.chosen:
        print(_chosen_text(report, args))
    return 0


def _chosen_text(report: Report, args: argparse.Namespace) -> str:
    """The "did you mean" picks several people made, each with the command that teaches it."""
    knowledge = _engine(args).knowledge
    titles = teachable_topics(knowledge)
    lines = ["", knowledge.message("chosen_title") + ":"]
    for item in report.chosen:
        title = titles.get(item.topic, item.topic)
        line = knowledge.message("chosen_line", count=item.count, question=item.question, topic=title)
        command = shlex.join(["ecsite-bot", "teach", item.question, "--topic", item.topic])
        lines += ["  " + line, "    " + knowledge.message("chosen_accept", command=command)]
    return "\n".join(lines)


def _health(args: argparse.Namespace) -> int:
    from bot import health

    if args.heartbeat:
        path = Path(args.heartbeat)
    else:
        try:
            path = Settings.from_env().heartbeat_path
        except SettingsError as error:
            # 1, not 2: Docker reserves a HEALTHCHECK's exit 2, and a bot with this setting is not running.
            print(f"unhealthy: {error}", file=sys.stderr)
            return 1
    healthy, message = health.check(path, args.max_age)
    print(message, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


def _at_least_one(most: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 (to `most`), refused with one line rather than a traceback."""

    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1 or (most is not None and value > most):
            upper = f" and at most {most}" if most is not None else ""
            raise argparse.ArgumentTypeError(f"must be a whole number of at least 1{upper}, not {raw!r}")
        return value

    return parse


DATA_HELP = "knowledge base folder (default: ECSITE_BOT_DATA_DIR, else the bundled one)"


def build_parser() -> argparse.ArgumentParser:
    from bot.storage.report import MAX_DAYS

    parser = argparse.ArgumentParser(prog="ecsite-bot", description="Answers questions about Ecsite.")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer one question (or many with --jsonl)")
    ask.add_argument("question", nargs="*", help="the question, as you would type it in Discord")
    output = ask.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--jsonl", action="store_true", help="read questions from stdin, one JSON line each")
    ask.add_argument("--session", action="store_true", help="with --jsonl: the lines are one conversation")
    _knowledge_options(ask)
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", help="an interactive prompt that keeps the conversation's context")
    _knowledge_options(chat)
    chat.set_defaults(handler=_chat)

    check = commands.add_parser("check", help="validate the knowledge base and the learned phrasings")
    _knowledge_options(check)
    check.set_defaults(handler=_check)

    teach = commands.add_parser("teach", help="answer a question with a topic from now on (or --undo it)")
    teach.add_argument("question", nargs="*", help="the question, as people asked it")
    teach.add_argument(
        "--topic", metavar="ID", help="the topic id to answer it with (ecsite-bot learned --topics)"
    )
    teach.add_argument("--undo", action="store_true", help="forget what this question was taught")
    _knowledge_options(teach)
    teach.set_defaults(handler=_teach)

    learned = commands.add_parser("learned", help="list the taught phrasings")
    learned_output = learned.add_mutually_exclusive_group()
    learned_output.add_argument(
        "--export", action="store_true", help="print them as YAML to paste into the knowledge base's files"
    )
    learned_output.add_argument("--topics", action="store_true", help="list the topic ids one can teach")
    _knowledge_options(learned)
    learned.set_defaults(handler=_learned)

    run = commands.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.set_defaults(handler=_run)

    report = commands.add_parser("report", help="most frequent declined questions, most disliked answers")
    report.add_argument(
        "--days", type=_at_least_one(MAX_DAYS), default=30, metavar="N", help="the last N days (default: 30)"
    )
    report.add_argument(
        "--limit", type=_at_least_one(), default=10, metavar="N", help="lines per list (default: 10)"
    )
    report.add_argument(
        "--db",
        metavar="PATH",
        help="question log (default: ECSITE_BOT_DB from the environment or .env, else ./data/)",
    )
    _knowledge_options(report)
    report.set_defaults(handler=_report)

    health = commands.add_parser("health", help="exit 0 only if the running bot is connected (HEALTHCHECK)")
    health.add_argument("--heartbeat", metavar="PATH", help="heartbeat file (default: ECSITE_BOT_HEARTBEAT)")
    health.add_argument("--max-age", type=float, default=90.0, metavar="S", help="seconds (default: 90)")
    health.set_defaults(handler=_health)
    return parser


def _knowledge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="DIR", help=DATA_HELP)
    parser.add_argument(
        "--learned",
        metavar="PATH",
        help="learned phrasings (default: ECSITE_BOT_LEARNED, else learned.yaml beside the question log)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except _Refused as refused:
        return refused.code
    except BrokenPipeError:
        # The reader stopped early (`ecsite-bot ask ... | head`): not an error, and nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

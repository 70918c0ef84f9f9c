"""The `ecsite-bot` command line: ask, chat, check and run.

Discord is imported only by `run`, so answering from the command line starts fast.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.render.json_object import render_json
from bot.render.text import render_text
from bot.settings import Settings, SettingsError
from knowledge import Conversation, Engine, KnowledgeError, load_engine


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


def _engine(data_dir: str | None, *, use_cache: bool = True, invalid: int = 2) -> Engine:
    """The engine for `--data`, else the knowledge folder of the settings; exit `invalid` after saying on
    stderr what is wrong with the knowledge base."""
    settings = _settings()
    folder = Path(data_dir) if data_dir else settings.data_dir
    try:
        return load_engine(folder, cache_dir=settings.cache_dir if use_cache else None)
    except KnowledgeError as error:
        print(f"error: {error}", file=sys.stderr)
        raise _Refused(invalid) from None


def _ask(args: argparse.Namespace) -> int:
    engine = _engine(args.data)
    if args.jsonl:
        conversation = Conversation() if args.session else None
        # One undecodable line must not end the run and lose the lines after it.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")
        for line in sys.stdin:
            question = line.rstrip("\n")
            answer = engine.ask(question, conversation)
            sys.stdout.write(json.dumps(render_json(answer, engine.knowledge), ensure_ascii=False) + "\n")
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
    engine = _engine(args.data)
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
    engine = _engine(args.data, use_cache=False, invalid=1)
    stats = engine.knowledge.stats()
    print("knowledge base OK: " + ", ".join(f"{count} {name}" for name, count in stats.items()))
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
    return 0


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
    ask.add_argument("--data", metavar="DIR", help=DATA_HELP)
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", help="an interactive prompt that keeps the conversation's context")
    chat.add_argument("--data", metavar="DIR", help=DATA_HELP)
    chat.set_defaults(handler=_chat)

    check = commands.add_parser("check", help="validate the knowledge base")
    check.add_argument("--data", metavar="DIR", help=DATA_HELP)
    check.set_defaults(handler=_check)

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
    report.set_defaults(handler=_report)

    health = commands.add_parser("health", help="exit 0 only if the running bot is connected (HEALTHCHECK)")
    health.add_argument("--heartbeat", metavar="PATH", help="heartbeat file (default: ECSITE_BOT_HEARTBEAT)")
    health.add_argument("--max-age", type=float, default=90.0, metavar="S", help="seconds (default: 90)")
    health.set_defaults(handler=_health)
    return parser


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

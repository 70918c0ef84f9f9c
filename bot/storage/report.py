"""The gap report: what the bot could not answer, and which answers people voted down, over the last N days.

Used by `ecsite-bot report` (plain text) and, later, the admin-only `/unanswered` command (from `Report`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bot.storage.question_log import (
    SCHEMA_VERSION,
    from_timestamp,
    normalise_question,
    open_database,
    schema_version,
    shown_question,
    to_timestamp,
    utc_now,
)

__all__ = ["normalise_question", "shown_question"]  # where the report's readers have always found them

DEFAULT_DAYS = 30
DEFAULT_LIMIT = 10
# A hundred years: longer than any retention, and far from the end of the calendar datetime can count to.
MAX_DAYS = 36_500
# One person's pick may be a guess; the same pick by several people is worth teaching.
MIN_CHOOSERS = 2
# Long questions are cut in the text report only; the database keeps them whole.
SHOWN_QUESTION_CHARS = 120


class ReportError(Exception):
    """The report cannot be made (no database there, unreadable, ...); the message says what to do."""


@dataclass(frozen=True, slots=True)
class DeclinedQuestion:
    # The spelling people used most for this question, for a human to read.
    question: str
    count: int
    last_asked: datetime


@dataclass(frozen=True, slots=True)
class DislikedAnswer:
    # None gathers the declines, which carry vote buttons too.
    topic: str | None
    down: int
    up: int
    # How many times this topic was given as the answer in the period, to put the 👎 count in proportion.
    given: int


@dataclass(frozen=True, slots=True)
class ChosenSuggestion:
    """People whose question was declined and who then pressed the same "did you mean" suggestion."""

    # The spelling people used most for this question.
    question: str
    topic: str
    # How many declines of this question ended with this suggestion pressed (one per declined answer).
    count: int


@dataclass(frozen=True, slots=True)
class Report:
    days: int
    since: datetime
    until: datetime
    questions: int
    answered: int
    top_declined: tuple[DeclinedQuestion, ...]
    most_disliked: tuple[DislikedAnswer, ...]
    # Pairs that at least MIN_CHOOSERS people chose: candidates to teach (ecsite-bot teach, /teach).
    chosen: tuple[ChosenSuggestion, ...] = ()

    @property
    def declined(self) -> int:
        return self.questions - self.answered


def build_report(
    conn: sqlite3.Connection,
    *,
    days: int,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    guild_id: int | None = None,
) -> Report:
    """The report over the last `days` days; with `guild_id`, over the questions asked in that server only
    (what `/unanswered` shows a server's admins: never what was asked in other servers, or in DMs)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"the report period must be at least 1 and at most {MAX_DAYS} days, not {days}")
    until = now or utc_now()
    since = until - timedelta(days=days)
    stamp = to_timestamp(since)
    # The questions in the period (and, given one, the server): `q` is the questions table's alias.
    where = "q.asked_at >= ?" + (" AND q.guild_id = ?" if guild_id is not None else "")
    params: tuple[str | int, ...] = (stamp,) if guild_id is None else (stamp, guild_id)

    total, answered = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions q WHERE {where}", params
    ).fetchone()

    spellings: dict[str, Counter[str]] = {}
    last_asked: dict[str, str] = {}
    # A person asking the same question again (the cooldown over, another way of asking) counts once: the
    # list is what people need, not how insistent one of them was.
    seen: set[tuple[str, str]] = set()
    for question, asked_at, asker in conn.execute(
        f"SELECT question, asked_at, asker FROM questions q WHERE answered = 0 AND {where} ORDER BY id",
        params,
    ):
        key = normalise_question(question)
        if not key:
            continue
        last_asked[key] = max(last_asked.get(key, asked_at), asked_at)
        if asker is not None:
            if (key, asker) in seen:
                continue
            seen.add((key, asker))
        spellings.setdefault(key, Counter())[shown_question(question)] += 1
    # Two stable sorts: most asked first, and among equals the most recently asked first.
    ranked = sorted(spellings, key=lambda key: last_asked[key], reverse=True)
    ranked.sort(key=lambda key: spellings[key].total(), reverse=True)
    top_declined = tuple(
        DeclinedQuestion(
            question=spellings[key].most_common(1)[0][0],
            count=spellings[key].total(),
            last_asked=from_timestamp(last_asked[key]),
        )
        for key in ranked[:limit]
    )

    given = dict(
        conn.execute(f"SELECT topic, COUNT(*) FROM questions q WHERE {where} GROUP BY topic", params)
    )
    disliked_rows = conn.execute(
        "SELECT q.topic, SUM(v.vote = -1) AS down, SUM(v.vote = 1) AS up"
        " FROM votes v JOIN questions q ON q.id = v.question_id"
        f" WHERE {where} GROUP BY q.topic HAVING down > 0"
        " ORDER BY down DESC, up ASC, q.topic IS NULL, q.topic LIMIT ?",
        (*params, limit),
    ).fetchall()
    most_disliked = tuple(
        DislikedAnswer(topic=topic, down=int(down), up=int(up), given=int(given.get(topic, 0)))
        for topic, down, up in disliked_rows
    )
    chosen = _chosen(conn, where, params, limit)
    return Report(
        days=days,
        since=since,
        until=until,
        questions=int(total),
        answered=int(answered),
        top_declined=top_declined,
        most_disliked=most_disliked,
        chosen=chosen,
    )


def _chosen(
    conn: sqlite3.Connection, where: str, params: tuple[str | int, ...], limit: int
) -> tuple[ChosenSuggestion, ...]:
    """The (declined question, suggestion pressed) pairs chosen at least MIN_CHOOSERS times, most first."""
    spellings: dict[tuple[str, str], Counter[str]] = {}
    # One person asking again and picking the same again is one person (their asker key); rows logged
    # without a key count one each.
    seen: set[tuple[str, str, str]] = set()
    for question, topic, person in conn.execute(
        "SELECT q.question, c.topic, COALESCE(q.asker, 'row:' || q.id) FROM choices c"
        f" JOIN questions q ON q.id = c.question_id WHERE {where} ORDER BY q.id",
        params,
    ):
        key = (normalise_question(question), topic)
        if not key[0] or (*key, person) in seen:
            continue
        seen.add((*key, person))
        spellings.setdefault(key, Counter())[" ".join(question.split())] += 1
    ranked = sorted(
        (key for key in spellings if spellings[key].total() >= MIN_CHOOSERS),
        key=lambda key: (-spellings[key].total(), key),
    )
    return tuple(
        ChosenSuggestion(spellings[key].most_common(1)[0][0], key[1], spellings[key].total())
        for key in ranked[:limit]
    )


def load_report(
    path: Path, *, days: int = DEFAULT_DAYS, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> Report:
    """The report from the database at `path`, which must already exist (a typo must not make a new one).

    Read-only: a read-only file, a copy, or a file that is not a question log is left as it was."""
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"no question log at {path}: set ECSITE_BOT_DB or pass --db (the bot creates it)")
    try:
        conn = _open_for_reading(path)
    except sqlite3.Error as error:
        raise ReportError(f"cannot read the question log {path}: {error}") from error
    try:
        return build_report(conn, days=days, now=now, limit=limit)
    except sqlite3.Error as error:
        raise ReportError(f"cannot read the question log {path}: {error}") from error
    finally:
        conn.close()


def _open_for_reading(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        version = schema_version(conn)
    except sqlite3.OperationalError:
        # A WAL file is read through its -shm index, which a reader may not create beside a file it cannot
        # write (a read-only folder or mount): then the file alone, as the bot last checkpointed it.
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True)
        version = schema_version(conn)
    if version == 0:
        conn.close()
        raise ReportError(f"{path} is not a question log (it has none of the bot's tables)")
    if version < SCHEMA_VERSION:
        # Made by an older bot and not opened by this one yet: brought up to date as the bot would.
        conn.close()
        return open_database(path, create=False, check_writable=False)
    return conn


def _shorten(text: str, width: int = SHOWN_QUESTION_CHARS) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(report: Report) -> str:
    """The report as plain text for a terminal (ASCII apart from the questions themselves)."""
    period = f"{report.since:%Y-%m-%d %H:%M} to {report.until:%Y-%m-%d %H:%M} UTC"
    lines = [f"Question log, last {report.days} day{'s' if report.days != 1 else ''} ({period})"]
    if report.questions:
        share = round(100 * report.declined / report.questions)
        lines.append(
            f"{report.questions} questions: {report.answered} answered,"
            f" {report.declined} declined ({share}%)."
        )
    else:
        lines.append("No questions in this period.")

    lines += ["", "Most frequent declined questions:"]
    if report.top_declined:
        width = len(str(report.top_declined[0].count))
        for item in report.top_declined:
            lines.append(f"  {item.count:>{width}} x  {_shorten(item.question)}")
    else:
        lines.append("  (none)")

    lines += ["", "Answers with the most thumbs down:"]
    if report.most_disliked:
        for item in report.most_disliked:
            topic = item.topic if item.topic is not None else "(declines)"
            times = "time" if item.given == 1 else "times"
            lines.append(f"  {item.down} down, {item.up} up  {topic}  (given {item.given} {times})")
    else:
        lines.append("  (none)")
    return "\n".join(lines)

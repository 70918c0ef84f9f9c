"""The question log and the 👍/👎 feedback store, in one embedded SQLite file.

Privacy (Ecsite is in the EU, so the GDPR applies):

- No Discord user id or name is stored. A question row holds the time (UTC, to the second), the guild id,
  the channel id (only for guild channels: a DM channel id identifies one person's conversation with the
  bot, so it is dropped), the question text, the topic, the score, whether it was answered, and the latency.
- The question text is scrubbed before it is stored: mentions (`<@123>`, `<@&123>`, `<#123>`, custom emoji)
  and any bare Discord-id-sized number become placeholders, so an id typed or pasted into a question is not
  kept. Free text can still contain whatever a person chose to type; retention pruning bounds how long.
- Votes must be one per user per answer without storing who voted. Each vote row is keyed by
  HMAC-SHA256(salt, user id + answer id), where the salt is 32 random bytes made once per database and kept
  in its `meta` table. The hash cannot be turned back into a user id and differs for every answer, so votes
  by the same person cannot be linked across answers. It is pseudonymous rather than anonymous: someone
  holding both the database file and a given user id could test whether that user voted on a given answer.
- `answer_id` is a random UUID, never the Discord message id, so a row cannot be looked up on Discord by id.
- Deleted rows are overwritten (`PRAGMA secure_delete`) and the WAL, which keeps earlier copies of the pages,
  is emptied after each prune, so pruning really removes the text from the files.
- The file, its -wal and -shm files and any folder made for them are the bot's user's only (0600, 0700).

Durability and concurrency: WAL journal, one commit per write, so a crash loses at most the write in flight.
All database work runs on one background thread that owns the only connection; the async methods hand work to
it and await the result, so the event loop never waits on the disk and concurrent writes are simply queued and
committed one after the other (none are dropped).

Failure: storage is a side concern of answering questions. No method raises into the bot for a storage
problem (missing or read-only file or directory, a full disk, a database from a newer version): the first
failure is logged once at ERROR ("cannot record ..."), later ones are silent until recording works again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import sqlite3
import stat
import unicodedata
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

if TYPE_CHECKING:
    from bot.storage.report import Report

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_DB_PATH = Path("data") / "questions.sqlite3"
DEFAULT_RETENTION_DAYS = 90

# Discord accepts messages far shorter than this; the cap only bounds what a pathological input costs on disk.
MAX_QUESTION_CHARS = 4000
# Pruning on every write would be wasted work; retention is in days, so hourly is precise enough.
PRUNE_EVERY = timedelta(hours=1)

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Vote(IntEnum):
    UP = 1
    DOWN = -1


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    answer_id: str
    asked_at: datetime
    guild_id: int | None
    channel_id: int | None
    question: str
    topic: str | None
    score: float
    answered: bool
    latency_ms: int
    # asker_key() of who asked and what, or None (not known, or logged before the key existed).
    asker: str | None = None


class SchemaTooNewError(sqlite3.DatabaseError):
    """The file comes from a newer version of the bot; writing to it could corrupt what that version made."""


# --- time and text helpers --------------------------------------------------------------------------------


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware (UTC)")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def from_timestamp(text: str) -> datetime:
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


_MENTION = re.compile(r"<(?:@!?|@&|#|/[^:>]{1,64}:|a?:[^:>]{1,64}:)\d+>")
_MENTION_PLACEHOLDER = {"@": "@user", "@&": "@role", "#": "#channel", "/": "/command"}
# Discord ids are 17-20 digits today; a little wider also catches phone-number-like strings, equally unwanted.
_LONG_NUMBER = re.compile(r"(?<!\d)\d{15,21}(?!\d)")


def _mention_placeholder(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.startswith("<@&"):
        return _MENTION_PLACEHOLDER["@&"]
    for prefix in ("@", "#", "/"):
        if text.startswith("<" + prefix):
            return _MENTION_PLACEHOLDER[prefix]
    return ":emoji:"


def scrub_question(question: str) -> str:
    """The question as it may be stored: no Discord ids, bounded length."""
    text = _MENTION.sub(_mention_placeholder, question)
    text = _LONG_NUMBER.sub("[number]", text)
    if len(text) > MAX_QUESTION_CHARS:
        text = text[: MAX_QUESTION_CHARS - 1] + "…"
    return text


_PLACEHOLDER = re.compile(r"(?<!\w)(?:@user|@role|#channel)(?!\w)")
_EDGE_PUNCTUATION = " \t\r\n?!.,;:…¿¡\"'«»“”\u2018\u2019"
# Characters that act on a terminal or reorder the text around them rather than show: C0 and C1 controls
# (escape sequences), and the bidi marks, embeddings, overrides and isolates (an RTL override turns
# "txt.exe" into what looks like "exe.txt"). Zero-width joiners stay: emoji are built with them.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown_question(question: str) -> str:
    """A stored question as it may be shown to an operator: one line, with nothing that acts on a terminal
    or turns the text around (people typed it; the report must not let them write to the reader's screen)."""
    return " ".join(_INVISIBLE.sub(" ", question).split())


def normalise_question(question: str) -> str:
    """One key for the ways people type the same question: case, spacing, mentions and end punctuation."""
    text = unicodedata.normalize("NFKC", shown_question(question)).casefold()
    text = _PLACEHOLDER.sub(" ", text)
    text = " ".join(text.split())
    return text.strip(_EDGE_PUNCTUATION)


def new_answer_id() -> str:
    """A random id for one answer: its vote buttons carry it, and it links to nothing on Discord."""
    return uuid.uuid4().hex


def voter_key(salt: bytes, user_id: int, answer_id: str) -> str:
    """The one-way key that makes a vote unique per (user, answer) without storing the user id."""
    message = f"{int(user_id)}\x00{answer_id}".encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()


def asker_key(salt: bytes, user_id: int, question: str) -> str:
    """The one-way key that tells the report one person asked the same question again, without storing who:
    the same for one user and one question (however typed), different for their other questions."""
    message = f"asked\x00{int(user_id)}\x00{normalise_question(question)}".encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()


# --- schema -------------------------------------------------------------------------------------------------


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            answer_id TEXT NOT NULL UNIQUE,
            asked_at TEXT NOT NULL,
            guild_id INTEGER,
            channel_id INTEGER,
            question TEXT NOT NULL,
            topic TEXT,
            score REAL NOT NULL,
            answered INTEGER NOT NULL CHECK (answered IN (0, 1)),
            latency_ms INTEGER NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX questions_asked_at ON questions (asked_at)")


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    # Feedback arrived after the first release of the log: votes, and the salt that keeps voters anonymous.
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    conn.execute("INSERT INTO meta (key, value) VALUES ('vote_salt', ?)", (secrets.token_bytes(32),))
    conn.execute(
        """
        CREATE TABLE votes (
            voter TEXT PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1))
        )
        """
    )
    conn.execute("CREATE INDEX votes_question ON votes (question_id)")


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    # The report counts a person's repeated question once; older rows have no key and count each.
    conn.execute("ALTER TABLE questions ADD COLUMN asker TEXT")


def _migrate_to_4(conn: sqlite3.Connection) -> None:
    # "Did you mean" picks: which suggestion the person whose question was declined pressed. Keyed by the
    # declined question's row, so a pick holds no user id and goes when retention deletes the question.
    conn.execute(
        """
        CREATE TABLE choices (
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            topic TEXT NOT NULL,
            PRIMARY KEY (question_id, topic)
        )
        """
    )


# Index i upgrades a database from version i to i + 1. Append only: released steps must never change.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, check_writable: bool = True) -> int:
    """Bring the schema up to date; returns the version it started from.

    BEGIN IMMEDIATE makes two processes opening the same new file (the bot and `ecsite-bot report`) take
    turns. SQLite quietly opens a read-only file read-only, so `check_writable` rewrites the version as a
    probe: a file that cannot be written is found at open, not at the first question.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = schema_version(conn)
        if start > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"schema version {start} is newer than this bot knows ({SCHEMA_VERSION}); upgrade the bot"
            )
        for version in range(start, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        if check_writable:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if start < SCHEMA_VERSION:
        log.info("question log schema migrated from version %d to %d", start, SCHEMA_VERSION)
    return start


def open_database(path: Path, *, create: bool = True, check_writable: bool = True) -> sqlite3.Connection:
    """Open (and with `create`, make) the database at `path`, in WAL mode, migrated to the current schema."""
    path = Path(path)
    is_new = not path.exists()
    if create:
        _make_private_folders(path.parent)
        if is_new:
            _make_private_file(path)
    mode = "rwc" if create else "rw"
    # isolation_level=None: transactions are explicit, so each write is exactly one commit.
    conn = sqlite3.connect(
        f"file:{quote(str(path.absolute()))}?mode={mode}", uri=True, isolation_level=None, timeout=5.0
    )
    try:
        journal = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(journal).lower() != "wal":
            log.warning("question log %s cannot use WAL (journal mode is %s)", path, journal)
        # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, not only on a crash.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        migrate(conn, check_writable=check_writable)
    except BaseException:
        conn.close()
        raise
    _match_side_files(path)
    return conn


# The questions are people's words: the log is readable by the bot's user only, whatever the umask. Best
# effort (some mounts ignore modes): a log that cannot be made private is still better kept than lost.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm")


def _make_private_folders(folder: Path) -> None:
    """Make the missing folders down to `folder`, each 0700; the folders already there are left alone."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir(mode=PRIVATE_FOLDER)
            # mkdir's mode passes through the umask, which may take away the owner's own bits too.
            with contextlib.suppress(OSError):
                made.chmod(PRIVATE_FOLDER)


def _make_private_file(path: Path) -> None:
    """Create the empty database file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
    database file's mode when it makes them, so a file made private only afterwards leaves them readable."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return  # another process (the bot, a report) made it first
    try:
        with contextlib.suppress(OSError):
            os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)


def _match_side_files(path: Path) -> None:
    """Give a -wal or -shm file left by an older version or a crash no more access than the log itself."""
    with contextlib.suppress(OSError):
        allowed = stat.S_IMODE(os.stat(path).st_mode)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                if stat.S_IMODE(os.stat(side).st_mode) & ~allowed:
                    os.chmod(side, allowed)


# --- the plain (synchronous) operations, run on the writer thread or by the CLI ---------------------------


def _vote_salt(conn: sqlite3.Connection) -> bytes:
    row = conn.execute("SELECT value FROM meta WHERE key = 'vote_salt'").fetchone()
    if row is None:
        raise sqlite3.DatabaseError("the vote salt is missing from the meta table")
    return bytes(row[0])


def insert_question(conn: sqlite3.Connection, record: LoggedQuestion, asker_id: int | None = None) -> None:
    """Store `record`; given who asked, under the key that counts their repeated question once."""
    asker = asker_key(_vote_salt(conn), asker_id, record.question) if asker_id is not None else record.asker
    conn.execute(
        "INSERT INTO questions (answer_id, asked_at, guild_id, channel_id, question, topic, score, answered,"
        " latency_ms, asker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.answer_id,
            to_timestamp(record.asked_at),
            record.guild_id,
            record.channel_id,
            record.question,
            record.topic,
            float(record.score),
            int(record.answered),
            int(record.latency_ms),
            asker,
        ),
    )


def upsert_vote(conn: sqlite3.Connection, answer_id: str, user_id: int, vote: Vote) -> bool:
    row = conn.execute("SELECT id FROM questions WHERE answer_id = ?", (answer_id,)).fetchone()
    if row is None:
        return False
    conn.execute(
        "INSERT INTO votes (voter, question_id, vote) VALUES (?, ?, ?)"
        " ON CONFLICT (voter) DO UPDATE SET vote = excluded.vote",
        (voter_key(_vote_salt(conn), user_id, answer_id), row[0], int(vote)),
    )
    return True


def insert_choice(conn: sqlite3.Connection, answer_id: str, topic: str) -> bool:
    """Record that the suggestion `topic` was picked under the decline `answer_id` (once per pair)."""
    sql = "SELECT id FROM questions WHERE answer_id = ? AND answered = 0"
    row = conn.execute(sql, (answer_id,)).fetchone()
    if row is None:
        return False
    conn.execute("INSERT OR IGNORE INTO choices (question_id, topic) VALUES (?, ?)", (row[0], topic))
    return True


def delete_older_than(conn: sqlite3.Connection, cutoff: datetime) -> int:
    stamp = to_timestamp(cutoff)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Explicit rather than ON DELETE CASCADE, so votes go even from a connection without foreign keys.
        conn.execute(
            "DELETE FROM votes WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)", (stamp,)
        )
        conn.execute(
            "DELETE FROM choices WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)", (stamp,)
        )
        deleted = conn.execute("DELETE FROM questions WHERE asked_at < ?", (stamp,)).rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(deleted)


def forget_deleted(conn: sqlite3.Connection) -> bool:
    """Empty the WAL into the database file: secure_delete zeroes deleted rows in the pages it writes, but
    the WAL still holds the earlier copies of those pages, the deleted text with them, until it is reset.
    False when a reader (`ecsite-bot report`) was in the middle of reading, so it could not be emptied."""
    # Without waiting for the reader: queued writes must not wait seconds; the next write tries again.
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return not busy


def select_questions(conn: sqlite3.Connection, since: datetime | None = None) -> list[LoggedQuestion]:
    sql = (
        "SELECT answer_id, asked_at, guild_id, channel_id, question, topic, score, answered, latency_ms,"
        " asker FROM questions"
    )
    params: tuple[str, ...] = ()
    if since is not None:
        sql += " WHERE asked_at >= ?"
        params = (to_timestamp(since),)
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [
        LoggedQuestion(
            answer_id=row[0],
            asked_at=from_timestamp(row[1]),
            guild_id=row[2],
            channel_id=row[3],
            question=row[4],
            topic=row[5],
            score=float(row[6]),
            answered=bool(row[7]),
            latency_ms=int(row[8]),
            asker=row[9],
        )
        for row in rows
    ]


def count_votes(conn: sqlite3.Connection, answer_id: str) -> tuple[int, int]:
    row = conn.execute(
        "SELECT COALESCE(SUM(v.vote = 1), 0), COALESCE(SUM(v.vote = -1), 0)"
        " FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.answer_id = ?",
        (answer_id,),
    ).fetchone()
    return int(row[0]), int(row[1])


# --- the async store the bot uses ----------------------------------------------------------------------


class QuestionLog:
    """The bot's question log. Create one at start-up, `await open()`, share it, `await close()` at shutdown.

    Every method is safe to call from the event loop and never raises for a storage problem; each returns a
    neutral value (False, 0, empty, None) when it could not do its work.
    """

    def __init__(
        self,
        path: Path | str = DEFAULT_DB_PATH,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self._clock = clock
        # One worker: the only thread that touches the connection, and a FIFO queue for every write.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="question-log")
        self._conn: sqlite3.Connection | None = None
        self._file_identity: tuple[int, int] | None = None
        self._failing = False
        self._last_prune: datetime | None = None
        # Rows were deleted but a reader kept the WAL, and the text in it, from being emptied: try again.
        self._wal_holds_deleted = False
        self._closed = False

    async def __aenter__(self) -> QuestionLog:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- public API --

    async def open(self) -> bool:
        """Open and migrate now, so a problem shows in the log at start-up. True if the log can record."""
        return await self._submit(lambda conn: True, False)

    async def log_question(
        self,
        *,
        question: str,
        topic: str | None,
        score: float,
        answered: bool,
        latency_ms: float,
        guild_id: int | None,
        channel_id: int | None,
        asked_at: datetime | None = None,
        answer_id: str | None = None,
        asker_id: int | None = None,
    ) -> str:
        """Record one answered (or declined) question; returns its answer id for the vote buttons.

        Pass an `answer_id` from `new_answer_id()` to put vote buttons on the reply before it is sent and log
        it afterwards with the full latency; a vote is queued behind this write, so it always finds it.
        Without one, an id is made here. Either way the caller gets an id even when nothing could be recorded
        (a vote on it then finds nothing). Pass `guild_id=None` for a DM: the channel id is then dropped.
        `asker_id` (the Discord user id of who asked) is not stored; only a key that is the same when that
        person asks the same question again, so the report counts it once.
        """
        answer_id = answer_id or new_answer_id()
        record = LoggedQuestion(
            answer_id=answer_id,
            asked_at=asked_at or self._clock(),
            guild_id=guild_id,
            channel_id=channel_id if guild_id is not None else None,
            question=scrub_question(question),
            topic=topic,
            score=score,
            answered=answered,
            latency_ms=round(latency_ms),
        )

        def write(conn: sqlite3.Connection) -> None:
            insert_question(conn, record, asker_id)
            self._prune_if_due(conn)

        await self._submit(write, None)
        return answer_id

    async def record_vote(self, answer_id: str, user_id: int, vote: Vote) -> bool:
        """Store `vote` for the answer; the same user voting again on it replaces their earlier vote.

        False when the answer is unknown (never recorded, or pruned) or nothing can be recorded.
        """
        vote = Vote(vote)
        return await self._submit(lambda conn: upsert_vote(conn, answer_id, user_id, vote), False)

    async def record_choice(self, answer_id: str, topic: str) -> bool:
        """Record that whoever was declined by the answer `answer_id` then pressed the suggestion `topic`.

        False when that answer is not a recorded decline, or nothing can be recorded.
        """
        return await self._submit(lambda conn: insert_choice(conn, answer_id, topic), False)

    async def votes(self, answer_id: str) -> tuple[int, int]:
        """(👍 count, 👎 count) for one answer."""
        return await self._submit(lambda conn: count_votes(conn, answer_id), (0, 0))

    async def questions(self, since: datetime | None = None) -> list[LoggedQuestion]:
        return await self._submit(lambda conn: select_questions(conn, since), [])

    async def prune(self, older_than_days: int) -> int:
        """Delete the questions (and their votes) older than `older_than_days` days; returns how many."""
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        cutoff = self._clock() - timedelta(days=older_than_days)
        return await self._submit(lambda conn: self._delete_older_than(conn, cutoff), 0)

    async def report(self, days: int, limit: int = 10, *, guild_id: int | None = None) -> Report | None:
        """The gap report (see `bot.storage.report`) from the live database, e.g. for `/unanswered`; with
        `guild_id`, over that server's questions only."""
        from bot.storage.report import build_report  # report builds on this module, so not at the top

        now = self._clock()
        return await self._submit(
            lambda conn: build_report(conn, days=days, now=now, limit=limit, guild_id=guild_id), None
        )

    async def close(self) -> None:
        """Finish every queued write, then close. Later calls do nothing."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(RuntimeError):
            self._executor.submit(self._close_connection)
        await asyncio.to_thread(self._executor.shutdown, wait=True)

    # -- the writer thread --

    async def _submit(self, work: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        if self._closed:
            log.debug("question log is closed; not recording")
            return fallback
        try:
            future = self._executor.submit(self._run, work, fallback)
        except RuntimeError:
            return fallback
        # Shielded: if the caller's task is cancelled, the queued write still lands rather than vanishing.
        return await asyncio.shield(asyncio.wrap_future(future))

    def _run(self, work: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        try:
            conn = self._connection()
            result = work(conn)
            if self._wal_holds_deleted:
                self._wal_holds_deleted = not forget_deleted(conn)
        except (sqlite3.Error, OSError) as error:
            self._cannot_record(error)
            self._close_connection()
            return fallback
        except Exception:
            # A bug here must not take the bot's answer down with it; say so loudly instead.
            log.exception("question log: unexpected error")
            return fallback
        if self._failing:
            self._failing = False
            log.warning("question log %s: recording again", self.path)
        return result

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and not self._same_file():
            self._close_connection()
            # An open connection would keep writing into the deleted file's inode, silently losing everything.
            log.warning(
                "cannot record to question log %s any more: the file was deleted or replaced while open;"
                " the questions logged in it are gone, starting a new log there",
                self.path,
            )
        if self._conn is None:
            conn = open_database(self.path)
            stat = os.stat(self.path)
            self._conn, self._file_identity = conn, (stat.st_dev, stat.st_ino)
            self._prune_if_due(conn)
        return self._conn

    def _same_file(self) -> bool:
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._file_identity

    def _prune_if_due(self, conn: sqlite3.Connection) -> None:
        if self.retention_days <= 0:
            return
        now = self._clock()
        if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = now
        deleted = self._delete_older_than(conn, now - timedelta(days=self.retention_days))
        if deleted:
            log.info("question log: pruned %d questions older than %d days", deleted, self.retention_days)

    def _delete_older_than(self, conn: sqlite3.Connection, cutoff: datetime) -> int:
        deleted = delete_older_than(conn, cutoff)
        if deleted:
            self._wal_holds_deleted = not forget_deleted(conn)
        return deleted

    def _cannot_record(self, error: BaseException) -> None:
        if self._failing:
            return
        self._failing = True
        log.error(
            "cannot record questions in the question log %s (%s); the bot keeps answering without them",
            self.path,
            error,
        )

    def _close_connection(self) -> None:
        conn, self._conn, self._file_identity = self._conn, None, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

"""The question log: what it stores (and does not), votes, retention, migration, concurrency and failures."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import uuid
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from bot.storage import question_log
from bot.storage.question_log import (
    SCHEMA_VERSION,
    QuestionLog,
    Vote,
    new_answer_id,
    scrub_question,
)
from tests.bot.storage.support import START, Clock, database_files, unwritable

USER = 987654321098765432
OTHER_USER = 876543210987654321
GUILD = 1122334455667788990
CHANNEL = 2233445566778899001


async def log_one(log: QuestionLog, question: str = "When was it founded?", **overrides: object) -> str:
    fields: dict[str, object] = {
        "question": question,
        "topic": "organisation.founding",
        "score": 0.93,
        "answered": True,
        "latency_ms": 12.4,
        "guild_id": GUILD,
        "channel_id": CHANNEL,
    }
    fields.update(overrides)
    return await log.log_question(**fields)  # type: ignore[arg-type]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def cannot_record_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if "cannot record" in record.getMessage()]


async def test_logged_questions_read_back(db_path: Path, clock: Clock) -> None:
    async with QuestionLog(db_path, clock=clock) as log:
        first = await log_one(log)
        clock.advance(seconds=5)
        second = await log_one(
            log, "weather in Brussels?", topic=None, score=0.2, answered=False, latency_ms=3.6
        )
        logged = await log.questions()

    assert first != second
    assert [entry.answer_id for entry in logged] == [first, second]
    assert logged[0].asked_at == START and logged[0].asked_at.tzinfo == UTC
    assert (logged[0].guild_id, logged[0].channel_id) == (GUILD, CHANNEL)
    assert (logged[0].question, logged[0].topic, logged[0].answered) == (
        "When was it founded?",
        "organisation.founding",
        True,
    )
    assert logged[0].score == pytest.approx(0.93)
    assert logged[0].latency_ms == 12
    assert logged[1].asked_at == START + timedelta(seconds=5)
    assert (logged[1].topic, logged[1].answered, logged[1].latency_ms) == (None, False, 4)


async def test_an_answer_id_made_before_sending_is_kept(db_path: Path) -> None:
    answer_id = new_answer_id()
    async with QuestionLog(db_path) as log:
        # The vote is queued right behind the write, on the same writer, so it finds the question.
        logged, voted = await asyncio.gather(
            log_one(log, answer_id=answer_id), log.record_vote(answer_id, USER, Vote.UP)
        )
        assert (logged, voted) == (answer_id, True)
        assert await log.votes(answer_id) == (1, 0)
    assert len({new_answer_id() for _ in range(100)}) == 100


async def test_the_file_is_in_wal_mode_and_at_the_current_schema(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        await log_one(log)
        assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


async def test_each_write_is_committed_before_the_call_returns(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        answer_id = await log_one(log)
        # Read from a separate connection while the log is still open: the row must already be durable.
        assert rows(db_path, "SELECT answer_id FROM questions") == [(answer_id,)]


async def test_a_dm_keeps_no_channel_id(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        await log_one(log, guild_id=None, channel_id=CHANNEL)
    assert rows(db_path, "SELECT guild_id, channel_id FROM questions") == [(None, None)]


def test_scrubbing_removes_discord_ids_from_question_text() -> None:
    text = f"<@{USER}> <@!{USER}> ask <@&{GUILD}> in <#{CHANNEL}> <:ecsite:{GUILD}> id {USER}?"
    scrubbed = scrub_question(text)
    assert scrubbed == "@user @user ask @role in #channel :emoji: id [number]?"
    assert scrub_question("founded in 1989 with 400 members") == "founded in 1989 with 400 members"
    assert len(scrub_question("x" * 10_000)) == question_log.MAX_QUESTION_CHARS


async def test_no_user_id_anywhere_in_the_database_files(db_path: Path, data_dir: Path) -> None:
    async with QuestionLog(db_path) as log:
        answer_id = await log_one(log, f"<@{USER}> hi, I am {USER}, when was it founded?")
        assert await log.record_vote(answer_id, USER, Vote.UP)
        assert await log.record_vote(answer_id, OTHER_USER, Vote.DOWN)
        while_open = b"".join(path.read_bytes() for path in database_files(data_dir))
    after_close = b"".join(path.read_bytes() for path in database_files(data_dir))

    for content in (while_open, after_close):
        # Controls: the search does find what is stored, as text and as a big-endian integer.
        assert answer_id.encode() in content
        assert GUILD.to_bytes(8, "big") in content
        for user in (USER, OTHER_USER):
            assert str(user).encode() not in content
            assert user.to_bytes(8, "big") not in content
            assert str(user).encode("utf-16-le") not in content


# --- votes ----------------------------------------------------------------------------------------


async def test_one_vote_per_user_per_answer_and_a_second_vote_replaces_the_first(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        first = await log_one(log)
        second = await log_one(log)
        assert await log.record_vote(first, USER, Vote.UP)
        assert await log.votes(first) == (1, 0)
        assert await log.record_vote(first, USER, Vote.UP)
        assert await log.votes(first) == (1, 0)
        assert await log.record_vote(first, USER, Vote.DOWN)
        assert await log.votes(first) == (0, 1)
        assert await log.record_vote(first, OTHER_USER, Vote.UP)
        assert await log.votes(first) == (1, 1)
        # The same user on another answer is another vote.
        assert await log.record_vote(second, USER, Vote.DOWN)
        assert await log.votes(second) == (0, 1)
        assert await log.votes(first) == (1, 1)
    assert rows(db_path, "SELECT COUNT(*) FROM votes") == [(3,)]


async def test_a_vote_on_an_unknown_answer_is_refused(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        await log_one(log)
        assert not await log.record_vote("0" * 32, USER, Vote.UP)
    assert rows(db_path, "SELECT COUNT(*) FROM votes") == [(0,)]


async def test_vote_keys_are_salted_per_database(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same answer id in both files, so only the per-database salt can make the stored keys differ.
    monkeypatch.setattr(question_log.uuid, "uuid4", lambda: uuid.UUID(int=7))
    keys = []
    for name in ("a.sqlite3", "b.sqlite3"):
        async with QuestionLog(data_dir / name) as log:
            answer_id = await log_one(log)
            assert answer_id == uuid.UUID(int=7).hex
            assert await log.record_vote(answer_id, USER, Vote.UP)
        keys.append(rows(data_dir / name, "SELECT voter FROM votes")[0][0])
    assert keys[0] != keys[1]


# --- retention ------------------------------------------------------------------------------------


async def test_prune_deletes_old_questions_and_their_votes(db_path: Path, clock: Clock) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        old = await log_one(log, "old", asked_at=START - timedelta(days=100))
        edge = await log_one(log, "edge", asked_at=START - timedelta(days=30) + timedelta(seconds=1))
        recent = await log_one(log, "recent", asked_at=START - timedelta(days=1))
        for answer_id in (old, edge, recent):
            await log.record_vote(answer_id, USER, Vote.DOWN)

        assert await log.prune(30) == 1
        assert [entry.question for entry in await log.questions()] == ["edge", "recent"]
        assert await log.votes(old) == (0, 0)
        assert await log.prune(30) == 0
    assert rows(db_path, "SELECT COUNT(*) FROM votes") == [(2,)]
    assert rows(db_path, "SELECT COUNT(*) FROM questions WHERE question = 'old'") == [(0,)]


async def test_a_suggestion_picked_under_a_decline_is_recorded_once_and_pruned_with_it(
    db_path: Path, clock: Clock
) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        old = await log_one(log, "old", answered=False, asked_at=START - timedelta(days=100))
        recent = await log_one(log, "recent", answered=False, asked_at=START - timedelta(days=1))
        answered = await log_one(log, "answered", asked_at=START - timedelta(days=1))
        assert await log.record_choice(old, "mission") and await log.record_choice(recent, "mission")
        assert await log.record_choice(recent, "mission")  # pressed twice: still one pick
        assert not await log.record_choice(answered, "mission")  # nothing was declined there
        assert not await log.record_choice(new_answer_id(), "mission")
        assert rows(db_path, "SELECT COUNT(*) FROM choices") == [(2,)]

        assert await log.prune(30) == 1
    assert rows(db_path, "SELECT topic FROM choices") == [("mission",)]


async def test_retention_setting_prunes_on_open_and_while_running(db_path: Path, clock: Clock) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await log_one(log, "ancient", asked_at=START - timedelta(days=400))
        await log_one(log, "fresh")

    async with QuestionLog(db_path, retention_days=90, clock=clock) as log:
        assert [entry.question for entry in await log.questions()] == ["fresh"]
        # Two hundred days on, the next write prunes "fresh".
        clock.advance(days=200)
        await log_one(log, "later")
        assert [entry.question for entry in await log.questions()] == ["later"]


async def test_pruned_text_is_gone_from_the_file(db_path: Path, data_dir: Path, clock: Clock) -> None:
    secret = "my-secret-question-text-xyzzy"
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await log_one(log, secret, asked_at=START - timedelta(days=100))
        await log_one(log, "kept")
        assert await log.prune(30) == 1
    content = b"".join(path.read_bytes() for path in database_files(data_dir))
    assert b"kept" in content
    assert secret.encode() not in content


async def test_pruned_text_is_gone_from_the_files_while_the_log_stays_open(
    db_path: Path, data_dir: Path, clock: Clock
) -> None:
    secret = "my-secret-question-text-plugh"
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await log_one(log, secret, asked_at=START - timedelta(days=100))
        await log_one(log, "kept")
        assert secret.encode() in b"".join(path.read_bytes() for path in database_files(data_dir))
        assert await log.prune(30) == 1
        # The bot runs for weeks: the promise holds while it does, not only once it stops.
        content = b"".join(path.read_bytes() for path in database_files(data_dir))
        assert b"kept" in content
        assert secret.encode() not in content
        await log_one(log, "after")
        assert [entry.question for entry in await log.questions()] == ["kept", "after"]


async def test_pruned_text_a_reader_kept_in_the_wal_goes_with_the_next_write(
    db_path: Path, data_dir: Path, clock: Clock
) -> None:
    secret = "my-secret-question-text-xyzzy-2"
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await log_one(log, secret, asked_at=START - timedelta(days=100))
        reader = sqlite3.connect(db_path)  # `ecsite-bot report` in the middle of reading
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM questions").fetchone()
        assert await log.prune(30) == 1
        reader.close()
        await log_one(log, "the next question")
        content = b"".join(path.read_bytes() for path in database_files(data_dir))
        assert secret.encode() not in content


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o000])
async def test_the_log_and_every_folder_it_makes_are_the_bot_users_only(data_dir: Path, umask: int) -> None:
    db_path = data_dir / "made" / "for" / "the-log" / "questions.sqlite3"
    previous = os.umask(umask)
    try:
        async with QuestionLog(db_path) as log:
            await log_one(log)
            files = database_files(db_path.parent)
            assert [path.name for path in files] == [
                "questions.sqlite3",
                "questions.sqlite3-shm",
                "questions.sqlite3-wal",
            ]
            assert {path.name: oct(mode_of(path)) for path in files} == {path.name: "0o600" for path in files}
    finally:
        os.umask(previous)
    made = [data_dir / "made", data_dir / "made" / "for", db_path.parent]
    assert [oct(mode_of(folder)) for folder in made] == ["0o700"] * 3
    assert mode_of(data_dir) == 0o755  # a folder that was there already is not the log's to change


# --- schema migration -----------------------------------------------------------------------------

# Version 1 as it was released, written out so that a change to the migration code cannot hide here.
V1_SCHEMA = """
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
);
CREATE INDEX questions_asked_at ON questions (asked_at);
INSERT INTO questions
    (answer_id, asked_at, guild_id, channel_id, question, topic, score, answered, latency_ms)
VALUES ('a1', '2026-02-27T10:00:00Z', 1, 2, 'who funds DOORS', 'project.doors', 0.9, 1, 15),
       ('a2', '2026-02-28T10:00:00Z', 1, 2, 'capital of France', NULL, 0.1, 0, 4);
PRAGMA user_version = 1;
"""


def make_v1_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()


def table_names(path: Path) -> set[str]:
    return {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


async def test_a_version_1_database_is_migrated_on_open(db_path: Path, clock: Clock) -> None:
    make_v1_database(db_path)
    assert table_names(db_path) == {"questions"}

    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        assert [entry.question for entry in await log.questions()] == ["who funds DOORS", "capital of France"]
        assert await log.record_vote("a1", USER, Vote.DOWN)
        assert await log.votes("a1") == (0, 1)
        await log_one(log)

    assert SCHEMA_VERSION == 4
    assert rows(db_path, "PRAGMA user_version") == [(4,)]
    # Rows from before the asker key count one each in the report, as they always did.
    assert rows(db_path, "SELECT asker FROM questions WHERE answer_id IN ('a1', 'a2')") == [(None,), (None,)]
    assert table_names(db_path) == {"questions", "votes", "meta", "choices"}
    salt = rows(db_path, "SELECT value FROM meta WHERE key = 'vote_salt'")
    assert len(salt) == 1 and len(salt[0][0]) == 32
    assert rows(db_path, "SELECT COUNT(*) FROM questions") == [(3,)]


@pytest.mark.logs_errors
async def test_a_failed_migration_leaves_the_old_database_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    make_v1_database(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(question_log, "MIGRATIONS", (*question_log.MIGRATIONS[:1], broken))
    async with QuestionLog(db_path) as log:
        assert not await log.open()
        await log_one(log)

    assert rows(db_path, "PRAGMA user_version") == [(1,)]
    assert table_names(db_path) == {"questions"}
    assert rows(db_path, "SELECT COUNT(*) FROM questions") == [(2,)]
    assert len(cannot_record_messages(caplog)) == 1


@pytest.mark.logs_errors
async def test_a_database_from_a_newer_bot_is_left_alone(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_v1_database(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()

    async with QuestionLog(db_path) as log:
        assert not await log.open()
        await log_one(log)

    assert rows(db_path, "PRAGMA user_version") == [(99,)]
    assert rows(db_path, "SELECT COUNT(*) FROM questions") == [(2,)]
    [message] = cannot_record_messages(caplog)
    assert "newer" in message


# --- concurrency ----------------------------------------------------------------------------------


async def test_500_concurrent_writes_all_land(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        answer_ids = await asyncio.gather(
            *(log_one(log, f"question number {n}", latency_ms=n) for n in range(500))
        )
    assert len(set(answer_ids)) == 500
    stored = rows(db_path, "SELECT answer_id, question, latency_ms FROM questions")
    assert {answer_id for answer_id, _, _ in stored} == set(answer_ids)
    assert sorted(latency for _, _, latency in stored) == list(range(500))


async def test_a_write_lands_even_if_the_caller_is_cancelled(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        tasks = [asyncio.create_task(log_one(log, f"q{n}")) for n in range(50)]
        await asyncio.sleep(0)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    assert rows(db_path, "SELECT COUNT(*) FROM questions") == [(50,)]


async def test_a_closed_log_ignores_calls(db_path: Path) -> None:
    log = QuestionLog(db_path)
    await log_one(log)
    await log.close()
    await log.close()
    assert isinstance(await log_one(log), str)
    assert not await log.record_vote("x", USER, Vote.UP)
    assert await log.questions() == []
    assert rows(db_path, "SELECT COUNT(*) FROM questions") == [(1,)]


# --- when the file cannot be written --------------------------------------------------------------


@pytest.mark.logs_errors
async def test_read_only_directory_logs_once_and_never_raises(
    db_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with unwritable(data_dir):
        log = QuestionLog(db_path)
        assert not await log.open()
        answer_id = await log_one(log)
        assert isinstance(answer_id, str) and answer_id
        await log_one(log)
        assert not await log.record_vote(answer_id, USER, Vote.UP)
        assert await log.questions() == []
        assert await log.prune(1) == 0
        assert await log.report(7) is None
        await log.close()

    assert not db_path.exists()
    messages = cannot_record_messages(caplog)
    assert len(messages) == 1
    assert str(db_path) in messages[0]
    levels = [record.levelname for record in caplog.records if "cannot record" in record.getMessage()]
    assert levels == ["ERROR"]


@pytest.mark.logs_errors
@pytest.mark.parametrize("directory_writable", [True, False], ids=["file-only", "file-and-directory"])
async def test_read_only_file_logs_once_and_never_raises(
    db_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture, directory_writable: bool
) -> None:
    async with QuestionLog(db_path) as log:
        await log_one(log, "before")
    if directory_writable:
        data_dir.chmod(0o777)

    with unwritable(db_path):
        async with QuestionLog(db_path) as log:
            assert not await log.open()
            await log_one(log, "during")
            await log_one(log, "during again")

    assert rows(db_path, "SELECT question FROM questions") == [("before",)]
    assert len(cannot_record_messages(caplog)) == 1


async def test_deleted_file_is_started_again_and_says_so(
    db_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with QuestionLog(db_path) as log:
        await log_one(log, "before")
        for path in database_files(data_dir):
            path.unlink()
        await log_one(log, "after")
        await log_one(log, "after again")

    assert rows(db_path, "SELECT question FROM questions") == [("after",), ("after again",)]
    messages = cannot_record_messages(caplog)
    assert len(messages) == 1 and "deleted" in messages[0]


@pytest.mark.logs_errors
async def test_deleted_file_in_read_only_directory_logs_once_and_never_raises(
    db_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with QuestionLog(db_path) as log:
        answer_id = await log_one(log, "before")
        for path in database_files(data_dir):
            path.unlink()
        with unwritable(data_dir):
            await log_one(log, "lost")
            await log_one(log, "lost again")
            assert not await log.record_vote(answer_id, USER, Vote.UP)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "cannot record" in errors[0]

        # Once the folder is writable again, recording resumes, and the log says so.
        caplog.clear()
        await log_one(log, "back")
        assert any("recording again" in record.getMessage() for record in caplog.records)
    assert rows(db_path, "SELECT question FROM questions") == [("back",)]

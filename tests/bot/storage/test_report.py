"""The gap report: declined questions grouped as people type them, answers ranked by 👎, over a period."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.question_log import QuestionLog, Vote
from bot.storage.report import ReportError, format_report, load_report, normalise_question
from tests.bot.storage.support import START, Clock, database_files, unwritable

USERS = [100000000000000001 + n for n in range(5)]


async def ask(
    log: QuestionLog, question: str, topic: str | None, *, days_ago: float = 1, asker: int | None = None
) -> str:
    return await log.log_question(
        asker_id=asker,
        question=question,
        topic=topic,
        score=0.9 if topic else 0.1,
        answered=topic is not None,
        latency_ms=10,
        guild_id=1,
        channel_id=2,
        asked_at=START - timedelta(days=days_ago),
    )


async def vote(log: QuestionLog, answer_id: str, downs: int, ups: int = 0) -> None:
    for user in USERS[:downs]:
        assert await log.record_vote(answer_id, user, Vote.DOWN)
    for user in USERS[downs : downs + ups]:
        assert await log.record_vote(answer_id, user, Vote.UP)


@pytest.fixture
async def filled(db_path: Path, clock: Clock) -> Path:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        # The same declined question typed three ways, plus a mention placeholder, within the week.
        await ask(log, "What's the weather in Brussels?", None, days_ago=3)
        await ask(log, "what's   the WEATHER in brussels", None, days_ago=2)
        await ask(log, f"<@{USERS[0]}> What's the weather in Brussels?", None, days_ago=1)
        await ask(log, "capital of France?", None, days_ago=1)
        await ask(log, "Capital of France", None, days_ago=0.5)
        await ask(log, "asdfgh", None, days_ago=4)
        # Declined long ago: outside a 7-day report, inside a 60-day one.
        for _ in range(5):
            await ask(log, "Old question nobody asks now", None, days_ago=40)

        doors = await ask(log, "who funds DOORS", "project.doors", days_ago=2)
        await ask(log, "DOORS funder", "project.doors", days_ago=2)
        mission = await ask(log, "mission?", "mission", days_ago=1)
        liked = await ask(log, "networks", "networks", days_ago=1)
        decline = await ask(log, "hmm", None, days_ago=1)
        old = await ask(log, "members", "membership", days_ago=40)
        await vote(log, doors, downs=3, ups=1)
        await vote(log, mission, downs=1)
        await vote(log, liked, downs=0, ups=4)
        await vote(log, decline, downs=1)
        await vote(log, old, downs=5)
    return db_path


def test_normalisation_groups_case_spacing_and_end_punctuation() -> None:
    assert normalise_question("  What's   the WEATHER?! ") == "what's the weather"
    assert normalise_question("@user what's the weather") == "what's the weather"
    # Full-width letters, as some keyboards type them.
    assert normalise_question("\uff37\uff28\uff21\uff34") == "what"
    assert normalise_question("water-mining") != normalise_question("water mining")


def test_report_over_a_week(filled: Path) -> None:
    report = load_report(filled, days=7, now=START)

    assert report.days == 7
    assert report.since == START - timedelta(days=7) and report.until == START
    assert (report.questions, report.answered, report.declined) == (11, 4, 7)

    declined = [(item.question, item.count) for item in report.top_declined]
    assert declined == [
        ("What's the weather in Brussels?", 3),
        ("capital of France?", 2),
        ("hmm", 1),
        ("asdfgh", 1),
    ]
    assert report.top_declined[1].last_asked == START - timedelta(days=0.5)

    disliked = [(item.topic, item.down, item.up, item.given) for item in report.most_disliked]
    assert disliked == [("project.doors", 3, 1, 2), ("mission", 1, 0, 1), (None, 1, 0, 7)]


def test_a_longer_period_includes_older_questions(filled: Path) -> None:
    report = load_report(filled, days=60, now=START)
    assert report.top_declined[0].question == "Old question nobody asks now"
    assert report.top_declined[0].count == 5
    assert report.most_disliked[0].topic == "membership"


def test_limit_caps_both_lists(filled: Path) -> None:
    report = load_report(filled, days=60, limit=1, now=START)
    assert len(report.top_declined) == 1 and len(report.most_disliked) == 1


def test_formatted_report(filled: Path) -> None:
    text = format_report(load_report(filled, days=7, now=START))
    assert text.splitlines()[0] == "Question log, last 7 days (2026-02-22 12:00 to 2026-03-01 12:00 UTC)"
    assert "11 questions: 4 answered, 7 declined (64%)." in text
    assert "  3 x  What's the weather in Brussels?" in text
    assert "  3 down, 1 up  project.doors  (given 2 times)" in text
    assert "  1 down, 0 up  mission  (given 1 time)" in text
    assert "(declines)" in text
    assert "Old question" not in text


async def test_empty_report(db_path: Path) -> None:
    async with QuestionLog(db_path) as log:
        report = await log.report(30)
    assert report is not None and report.questions == 0
    text = format_report(report)
    assert "No questions in this period." in text
    assert text.count("(none)") == 2


async def test_report_from_the_live_log(filled: Path, clock: Clock) -> None:
    async with QuestionLog(filled, retention_days=0, clock=clock) as log:
        report = await log.report(7)
    assert report == load_report(filled, days=7, now=START)


def test_long_questions_are_shortened_in_text_only(db_path: Path) -> None:
    import asyncio

    async def fill() -> None:
        async with QuestionLog(db_path) as log:
            await log.log_question(
                question="why " * 2000,
                topic=None,
                score=0,
                answered=False,
                latency_ms=1,
                guild_id=1,
                channel_id=2,
            )

    asyncio.run(fill())
    report = load_report(db_path, days=1)
    assert len(report.top_declined[0].question) > 1000
    longest = max(len(line) for line in format_report(report).splitlines())
    assert longest < 200


def test_missing_database_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    with pytest.raises(ReportError, match="no question log"):
        load_report(path)
    assert not path.exists()


def test_cli_report(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", str(filled), "--days", "3650"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Question log, last 3650 days")
    assert "Old question nobody asks now" in out


def test_cli_report_reads_the_path_from_the_environment(
    filled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECSITE_BOT_DB", str(filled))
    assert main(["report", "--days", "3650"]) == 0
    assert "What's the weather in Brussels?" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--db", "/nonexistent/q.sqlite3"]])
def test_cli_report_errors_exit_1(
    filled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("ECSITE_BOT_DB", str(filled))
    assert main(["report", *args]) == 1
    assert capsys.readouterr().err.startswith("error: ")


async def test_a_report_for_one_server_leaves_out_the_others_and_dms(db_path: Path, clock: Clock) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await ask(log, "asked here", None)
        elsewhere = await log.log_question(
            question="asked in another server",
            topic="mission",
            score=0.9,
            answered=True,
            latency_ms=1,
            guild_id=99,
            channel_id=98,
            asked_at=START - timedelta(days=1),
        )
        await vote(log, elsewhere, downs=2)
        await log.log_question(
            question="asked in a DM",
            topic=None,
            score=0.1,
            answered=False,
            latency_ms=1,
            guild_id=None,
            channel_id=None,
            asked_at=START - timedelta(days=1),
        )
        here = await log.report(7, guild_id=1)
        everywhere = await log.report(7)
    assert here is not None and everywhere is not None
    assert [item.question for item in here.top_declined] == ["asked here"]
    assert (here.questions, here.most_disliked) == (1, ())
    assert everywhere.questions == 3 and len(everywhere.top_declined) == 2
    assert [item.topic for item in everywhere.most_disliked] == ["mission"]


@pytest.mark.parametrize("folder_writable", [True, False], ids=["file", "file-and-folder"])
def test_the_report_reads_a_read_only_log_and_leaves_it_as_it_was(
    filled: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], folder_writable: bool
) -> None:
    if folder_writable:
        data_dir.chmod(0o777)
    before = {path.name: path.read_bytes() for path in database_files(data_dir)}
    with unwritable(filled, *([] if folder_writable else [data_dir])):
        code = main(["report", "--db", str(filled), "--days", "3650"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Old question nobody asks now" in captured.out
    # A reader may leave SQLite's empty shared-memory index beside the file; what was there is untouched.
    assert {name: (data_dir / name).read_bytes() for name in before} == before


def test_a_zero_byte_file_is_not_a_question_log_and_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert main(["report", "--db", str(empty)]) == 1
    assert "not a question log" in capsys.readouterr().err
    assert empty.read_bytes() == b""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty.sqlite3"]


@pytest.mark.parametrize(
    "args", [["--days", "99999999"], ["--days", "0"], ["--days", "-3"], ["--limit", "0"]]
)
def test_an_impossible_period_or_limit_is_one_clear_message(
    filled: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--db", str(filled), *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and args[0] in err and "at least 1" in err


async def test_stored_control_characters_and_bidi_overrides_never_reach_the_terminal(
    db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "\x1b]0;pwned\x07\x1b[2Jwhere \u202eevil\u202c is the \u2066bar\u2069 \x08\x00\x9bmeeting?"
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await ask(log, hostile, None)
    assert main(["report", "--db", str(db_path), "--days", "3650"]) == 0
    out = capsys.readouterr().out
    assert "where evil is the bar meeting?" in out.replace("]0;pwned", "").replace("[2J", "")
    shown = [char for char in out if unicodedata.category(char) in ("Cc", "Cf") and char != "\n"]
    assert shown == []


async def test_a_persons_repeated_question_counts_once(db_path: Path, clock: Clock) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        spellings = ["When is the next webinar?", "when is the next webinar", "WHEN is the next webinar!"]
        for spelling in spellings:
            await ask(log, spelling, None, asker=USERS[0])
        await ask(log, "when is the next webinar?", None, asker=USERS[1])
        for _ in range(2):
            await ask(log, "Is there a student discount?", None, asker=USERS[0])
        await ask(log, "Is there a student discount?", None, asker=USERS[2])
        await ask(log, "Is there a student discount?", None, asker=USERS[3])
        report = await log.report(days=7)
    assert report is not None
    assert [(item.question, item.count) for item in report.top_declined] == [
        ("Is there a student discount?", 3),
        ("When is the next webinar?", 2),
    ]


async def test_the_log_cannot_tell_who_asked_nor_link_one_persons_different_questions(
    db_path: Path, clock: Clock
) -> None:
    async with QuestionLog(db_path, retention_days=0, clock=clock) as log:
        await ask(log, "first question", None, asker=USERS[0])
        await ask(log, "second question", None, asker=USERS[0])
        await ask(log, "first question", None, asker=USERS[0])
    conn = sqlite3.connect(db_path)
    keys = [key for (key,) in conn.execute("SELECT asker FROM questions ORDER BY id")]
    conn.close()
    assert keys[0] == keys[2] and keys[0] != keys[1]
    assert not any(str(USERS[0]) in key for key in keys)

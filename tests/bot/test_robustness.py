"""What users and attackers type, and what a busy or broken server does, against the real client (simcord).

- Any unicode up to 4,000 characters: the engine never raises, every rendered page fits Discord's limits.
- Hostile questions (huge, emoji, zalgo, markdown/code-block injection, @everyone, role and forged mentions):
  a calm embed reply that pings nobody, and the bot keeps answering.
- 500 questions in flight at once: all answered, all logged, none lost; a /reload in the middle of them:
  every answer complete, from the old knowledge base or the new one. How long the event loop is blocked
  meanwhile is measured in bench/loop_lag.py, not asserted here: on a busy machine the scheduler's delays
  would fail the test for reasons that are not the bot's.
- The question log's file deleted or read-only while the bot runs: it keeps answering and logs that it cannot
  record.

Every loop here is bounded (a hang fails, however slow the machine), and nothing touches the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.client import EcsiteBot, create_bot
from bot.render.embed import render_pages
from bot.settings import Settings
from bot.storage.question_log import QuestionLog
from knowledge import Conversation, Engine
from knowledge.loader import DATA_DIR
from tests.bot.conftest import World, phrase
from tests.bot.storage.support import database_files, traversable_data_dir, unwritable

SOMETHING_WENT_WRONG = phrase("something_went_wrong")
NOT_RECORDED = phrase("vote_not_recorded")

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE, DESCRIPTION, FIELD_NAME, FIELD_VALUE, FIELDS, FOOTER, TOTAL = 256, 4096, 256, 1024, 25, 2048, 6000

LOAD = 500
# Only against a hang: generous enough for a machine whose cores are all busy with other work.
DONE_WITHIN = 120
QUESTIONS = (
    "when was Ecsite founded?",
    "who takes part in WATER-MINING?",  # two pages
    "mission or vision",  # a decline with suggestions
    "what is the capital of Peru?",  # a plain decline
    "which projects involve NEMO?",
    "where is Ecsite based?",
)
FOUNDED = QUESTIONS[0]


# --- helpers -------------------------------------------------------------------------------------------


def assert_within_discord_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    title = data.get("title", "")
    description = data.get("description", "")
    fields = data.get("fields", [])
    footer = data.get("footer", {}).get("text", "")
    assert len(title) <= TITLE and len(description) <= DESCRIPTION and len(footer) <= FOOTER
    assert len(fields) <= FIELDS
    for field in fields:
        assert 0 < len(field["name"]) <= FIELD_NAME and 0 < len(field["value"]) <= FIELD_VALUE
    total = len(title) + len(description) + len(footer)
    total += sum(len(field["name"]) + len(field["value"]) for field in fields)
    assert total <= TOTAL
    assert title or description or fields  # never an empty embed, which Discord rejects


def text_of(message: discord.Message) -> str:
    [embed] = message.embeds
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    return "\n".join(parts + [f"{field.name}\n{field.value}" for field in embed.fields])


def post(env: simcord.Env, channel: simcord.ChannelHandle, author: simcord.MemberActor, content: str) -> int:
    """Deliver a message to the bot without waiting for its answer (`MemberActor.send` waits for the bot to
    settle, so it cannot put many questions in flight). It uses simcord's backend, which simcord documents
    as importable but not public: the same call `MemberActor.send` makes, minus the wait."""
    return int(env.backend.create_message(channel.id, author.id, content).id)


@contextlib.contextmanager
def stalled_disk(question_log: QuestionLog) -> Iterator[Callable[[], None]]:
    """Hold the question log's writer thread (the one thread that touches the database) until released, as
    a slow or stuck disk would: every write queues behind it. Yields the function that releases it."""
    gate = threading.Event()
    # The log's own single-worker executor (a private attribute of bot/storage/question_log.py); bounded
    # wait, so a failing test cannot leave the thread stuck.
    question_log._executor.submit(gate.wait, 60)
    try:
        yield gate.set
    finally:
        gate.set()


class Counted:
    """Wraps the bot's `question_log.log_question` to count answers: a handler calls it after its reply is
    sent, so `entered` counts answers sent and `logged` answers recorded."""

    def __init__(self, bot: EcsiteBot, expected: int) -> None:
        self.expected = expected
        self.entered = 0
        self.logged = 0
        self.all_sent = asyncio.Event()
        self.all_logged = asyncio.Event()
        self._log_question = bot.question_log.log_question
        bot.question_log.log_question = self._counting  # type: ignore[method-assign]

    async def _counting(self, **record: Any) -> str:
        self.entered += 1
        if self.entered >= self.expected:
            self.all_sent.set()
        try:
            return await self._log_question(**record)
        finally:
            self.logged += 1
            if self.logged >= self.expected:
                self.all_logged.set()


async def within(seconds: float, awaitable: Awaitable[Any], what: str) -> None:
    try:
        await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        pytest.fail(f"not done within {seconds} s: {what}")


def bot_replies(world: World) -> list[discord.Message]:
    return [message for message in world.channel.history() if message.author.id == world.bot.user.id]


@pytest.fixture
def visitors(world: World) -> list[simcord.MemberActor]:
    """LOAD people in the server, one question each, so the per-user cooldown lets every question through."""
    return [world.guild.add_member(world.env.create_user(f"visitor{n}")) for n in range(LOAD)]


# --- any text at the engine and the renderer ------------------------------------------------------------

WORDS = [
    *("when", "was", "ecsite", "founded", "who", "takes", "part", "in", "water-mining", "doors", "which"),
    *("projects", "involve", "nemo", "funds", "mission", "vision", "members", "partners", "networks", "and"),
    *("it", "?", "!", "@everyone", "<@123456789012345678>", "```", "**", "||", "#", "🦕", "\u202e", "\u200b"),
    "e\u0301\u0302\u0303",
]
QUESTION_TEXT = st.one_of(
    st.text(max_size=4000),
    st.lists(st.sampled_from(WORDS), max_size=400).map(" ".join).map(lambda text: text[:4000]),
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=QUESTION_TEXT, follow_up=st.booleans())
def test_any_unicode_question_is_answered_within_discord_limits(
    real_engine: Engine, question: str, follow_up: bool
) -> None:
    conversation = Conversation() if follow_up else None
    if conversation is not None:
        real_engine.ask("tell me about DOORS", conversation)  # "it" now means DOORS
    answer = real_engine.ask(question, conversation)
    pages = render_pages(answer)
    assert pages
    for page in pages:
        assert_within_discord_limits(page)


# --- hostile questions through the client ---------------------------------------------------------------

ZALGO = "".join(
    char + "".join(chr(0x0300 + (index * 7 + mark) % 0x6F) for mark in range(12))
    for index, char in enumerate("when was ecsite founded?")
)
HOSTILE = {
    "Discord's longest message": "when was Ecsite founded? " * 100,  # cut at 2,000 characters below
    "emoji only": "🦕🦖🧪🔬🌍🚀🏛️👩‍🔬🇪🇺" * 8,
    "zalgo": ZALGO,
    "markdown injection": "**Who** __takes__ ~~part~~ in ||DOORS||? [click me](https://evil.example) > # Big",
    "code block injection": "```\n@everyone\n``` who funds DOORS? ```js\nalert(1)\n` ``",
    "everyone and here": "@everyone @here when was Ecsite founded?",
    "forged user mentions": "<@123456789012345678> <@!987654321098765432> who takes part in DOORS?",
    "other mention syntaxes": "<#1234567890123456> </ask:1234567890123456> <a:party:1234567890123456> hi?",
    "control and invisible characters": "\x1b[31mwhen\u202e was\u200b ecsite\u0000 founded\ufeff?",
}


def assert_calm_reply(world: World, question: discord.Message, reply: discord.Message) -> None:
    assert reply.author.id == world.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert reply.content != SOMETHING_WENT_WRONG
    [embed] = reply.embeds
    assert_within_discord_limits(embed)
    # Nobody pinged (the `world` fixture also checks allowed_mentions on every message the bot sent).
    assert not reply.mention_everyone and reply.mentions == [] and reply.role_mentions == []
    assert "@everyone" not in text_of(reply) and "@here" not in text_of(reply)


@pytest.mark.parametrize("question", list(HOSTILE.values()), ids=list(HOSTILE))
async def test_a_hostile_question_gets_a_calm_reply_that_pings_nobody(world: World, question: str) -> None:
    asked = await world.alice.send(world.channel, f"{world.mention} {question}"[:2000])
    assert_calm_reply(world, asked, world.channel.last_message)

    [logged] = await world.bot.question_log.questions()
    assert logged.question  # recorded, scrubbed of ids, and bounded in length
    assert "123456789012345678" not in logged.question and len(logged.question) <= 4000

    result = await world.alice.slash(world.channel, "ask", question=question[:500])
    assert result.response is not None and not result.ephemeral
    [embed] = result.response.embeds
    assert_within_discord_limits(embed)

    await world.bob.send(world.channel, f"{world.mention} when was Ecsite founded?")  # nothing broken
    assert "1989" in text_of(world.channel.last_message)


async def test_a_question_of_10000_characters_gets_a_calm_reply(world: World) -> None:
    # Discord cuts messages at 2,000 characters (4,000 with Nitro), so hand the answering handler the text
    # directly, as if a longer one ever came through.
    huge = ("who takes part in WATER-MINING? @everyone <@123456789012345678> " * 200)[:10_000]
    asked = await world.alice.send(world.channel, f"{world.mention} who takes part in WATER-MINING?")
    ask = world.bot.get_cog("Ask")
    assert ask is not None
    await ask.on_question(asked, huge, True)  # type: ignore[attr-defined]
    assert_calm_reply(world, asked, world.channel.last_message)
    logged = await world.bot.question_log.questions()
    assert len(logged) == 2 and len(logged[-1].question) <= 4000  # stored bounded
    assert "123456789012345678" not in logged[-1].question


async def test_a_role_mention_and_a_real_user_mention_ping_nobody(world: World) -> None:
    role = world.guild.create_role("Visitors", mentionable=True)
    asked = await world.alice.send(
        world.channel, f"{role.mention} {world.bob.mention} {world.mention} which projects involve NEMO?"
    )
    assert_calm_reply(world, asked, world.channel.last_message)
    [logged] = await world.bot.question_log.questions()
    assert str(role.id) not in logged.question and str(world.bob.id) not in logged.question


# --- many questions at once -----------------------------------------------------------------------------


async def test_500_questions_in_flight_at_once_are_all_answered_and_logged(
    world: World, visitors: list[simcord.MemberActor]
) -> None:
    counted = Counted(world.bot, LOAD)
    asked: list[str] = []
    # The disk stalls while the questions arrive: the replies must not wait for it.
    with stalled_disk(world.bot.question_log) as disk_recovers:
        for number, visitor in enumerate(visitors):
            question = QUESTIONS[number % len(QUESTIONS)]
            post(world.env, world.channel, visitor, f"{world.mention} {question}")
            asked.append(question)
            await asyncio.sleep(0)  # a gateway delivers one event at a time; the asker never waits
        await within(DONE_WITHIN, counted.all_sent.wait(), f"{LOAD} replies ({counted.entered} sent)")
        in_flight = counted.entered - counted.logged
        disk_recovers()
    await within(DONE_WITHIN, counted.all_logged.wait(), f"{LOAD} log writes ({counted.logged} done)")

    assert in_flight == LOAD  # every one of them answered, none yet recorded: all in flight at once

    logged = await world.bot.question_log.questions()
    assert Counter(row.question for row in logged) == Counter(asked)  # none lost, none twice
    assert len({row.answer_id for row in logged}) == LOAD

    replies = bot_replies(world)
    assert len(replies) == LOAD
    questions = {message.id for message in world.channel.history() if message.author.id != world.bot.user.id}
    assert {reply.reference.message_id for reply in replies if reply.reference} == questions
    for reply in replies:
        assert reply.content != SOMETHING_WENT_WRONG and len(reply.embeds) == 1


async def test_a_reload_during_the_load_gives_each_answer_from_one_knowledge_base(
    world: World, visitors: list[simcord.MemberActor], tmp_path: Path
) -> None:
    edited = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, edited)
    founding = edited / "organisation.yaml"
    founding.write_text(founding.read_text(encoding="utf-8").replace("1989", "1988"), encoding="utf-8")
    world.bot.settings = dataclasses.replace(world.bot.settings, data_dir=edited)

    counted = Counted(world.bot, LOAD)
    after_reload: set[int] = set()
    for number, visitor in enumerate(visitors):
        if number == LOAD // 2:
            sent_before_reload = counted.entered
            reload = asyncio.create_task(world.bot.reload_engine())
        if number == LOAD - 50:
            await within(DONE_WITHIN, reload, "the reload")
        question_id = post(world.env, world.channel, visitor, f"{world.mention} {FOUNDED}")
        if number >= LOAD - 50:
            after_reload.add(question_id)
        await asyncio.sleep(0)
    await within(DONE_WITHIN, counted.all_logged.wait(), f"{LOAD} answers ({counted.logged} logged)")

    replies = sorted(bot_replies(world), key=lambda message: message.id)
    assert len(replies) == LOAD
    years = []
    for reply in replies:
        text = text_of(reply)  # one embed, complete: title, body, fields, footer
        assert reply.content != SOMETHING_WENT_WRONG and "founded" in text.lower()
        assert ("1989" in text) != ("1988" in text), text  # one knowledge base or the other, never both
        years.append("1988" if "1988" in text else "1989")
    assert set(years[:sent_before_reload]) == {"1989"} and sent_before_reload > 0
    new = [
        year for reply, year in zip(replies, years, strict=True) if reply.reference.message_id in after_reload
    ]
    assert new == ["1988"] * 50
    assert len(await world.bot.question_log.questions()) == LOAD


# --- the question log's file, broken while the bot runs --------------------------------------------------


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with traversable_data_dir("robustness-") as data:
        yield data


@pytest.fixture
def settings(settings: Settings, data_dir: Path) -> Settings:
    return dataclasses.replace(settings, db_path=data_dir / "questions.sqlite3")


def cannot_record(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if "cannot record" in record.getMessage()]


async def test_the_database_deleted_while_running_the_bot_answers_and_says_so(
    world: World, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await world.alice.send(world.channel, f"{world.mention} where is Ecsite based?")
    assert len(await world.bot.question_log.questions()) == 1
    for path in database_files(data_dir):
        path.unlink()

    asked = await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    assert_calm_reply(world, asked, world.channel.last_message)
    assert "1989" in text_of(world.channel.last_message)
    [warning] = cannot_record(caplog)
    assert "deleted" in warning.getMessage() and str(data_dir) in warning.getMessage()

    # It started a new log in the same place.
    [logged] = await world.bot.question_log.questions()
    assert logged.question == "when was Ecsite founded?"


@pytest.mark.logs_errors
async def test_the_database_read_only_while_running_the_bot_answers_and_says_so(
    world: World, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await world.alice.send(world.channel, f"{world.mention} where is Ecsite based?")
    for path in database_files(data_dir):
        path.unlink()  # an open SQLite file keeps its handle: make it start again, in a read-only folder

    with unwritable(data_dir):
        for question in ("when was Ecsite founded?", "who takes part in DOORS?"):
            asked = await world.alice.send(world.channel, f"{world.mention} {question}")
            assert_calm_reply(world, asked, world.channel.last_message)
        result = await world.bob.click(
            world.channel.last_message, custom_id=vote_id(world.channel.last_message)
        )
        assert result.ephemeral and result.response.content == NOT_RECORDED  # told so; nothing breaks
    errors = [record for record in cannot_record(caplog) if record.levelno >= logging.ERROR]
    assert len(errors) == 1 and str(data_dir) in errors[0].getMessage()  # said once, not per question
    assert not any(database_files(data_dir))

    caplog.clear()
    await world.bob.send(world.channel, f"{world.mention} which projects involve NEMO?")
    assert any("recording again" in record.getMessage() for record in caplog.records)
    [logged] = await world.bot.question_log.questions()
    assert logged.question == "which projects involve NEMO?"


@pytest.mark.logs_errors
async def test_a_read_only_database_at_start_up_is_reported_and_the_bot_answers(
    world: World, engine: Engine, settings: Settings, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await world.alice.send(world.channel, f"{world.mention} where is Ecsite based?")
    await world.bot.question_log.close()
    data_dir.chmod(0o777)  # the folder stays writable: only the file is read-only
    caplog.clear()

    with unwritable(*database_files(data_dir)):
        await world.env.restart_bot(create_bot(engine, settings))
        assert cannot_record(caplog), "the start-up did not report the read-only database"
        asked = await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
        assert_calm_reply(world, asked, world.channel.last_message)
        await world.bot.question_log.close()

    conn = sqlite3.connect(settings.db_path)
    try:
        assert conn.execute("SELECT question FROM questions").fetchall() == [("where is Ecsite based?",)]
    finally:
        conn.close()


def vote_id(message: discord.Message) -> str:
    for row in message.components:
        if isinstance(row, discord.ActionRow):
            for child in row.children:
                if isinstance(child, discord.Button) and (child.custom_id or "").startswith("vote:up:"):
                    return child.custom_id or ""
    raise AssertionError("no vote button")

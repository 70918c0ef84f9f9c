"""The question log, 👍/👎 votes, /unanswered and the heartbeat, through the real client and simcord."""

from __future__ import annotations

import dataclasses
import sqlite3
import unicodedata
from pathlib import Path

import discord
import simcord

from bot import health
from bot.client import create_bot
from bot.settings import Settings
from knowledge import Engine
from tests.bot.conftest import World, phrase

ADMIN_ONLY = phrase("admin_only")
THANKS = phrase("vote_thanks")
NOT_RECORDED = phrase("vote_not_recorded")

UP, DOWN = "\N{THUMBS UP SIGN}", "\N{THUMBS DOWN SIGN}"
DECLINED = "what is the airspeed velocity of an unladen swallow"


def vote_ids(message: discord.Message | simcord.ResponseMessage) -> dict[str, str]:
    """The custom ids of a message's vote buttons, by emoji."""
    found: dict[str, str] = {}
    for row in message.components:
        children = row.children if isinstance(row, discord.ActionRow) else row.get("components", [])
        for child in children:
            custom_id = child.custom_id if isinstance(child, discord.Button) else child.get("custom_id")
            if custom_id and custom_id.startswith("vote:"):
                found[UP if custom_id.startswith("vote:up:") else DOWN] = custom_id
    return found


def answer_id_of(message: discord.Message) -> str:
    return vote_ids(message)[UP].rsplit(":", 1)[1]


def all_stored_values(db_path: Path) -> list[object]:
    """Every value in every row of every table of the database, read back raw."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [value for table in tables for row in conn.execute(f"SELECT * FROM {table}") for value in row]
    finally:
        conn.close()


async def test_a_mention_is_logged_with_topic_and_outcome_and_no_user_id(
    world: World, settings: Settings
) -> None:
    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    reply = world.channel.last_message
    await world.alice.send(world.channel, f"{world.mention} {DECLINED}")

    founded, declined = await world.bot.question_log.questions()
    assert founded.question == "when was Ecsite founded?"  # the bot's mention is not part of it
    assert founded.answered and founded.topic and founded.score > 0
    assert founded.answer_id == answer_id_of(reply) and str(reply.id) not in founded.answer_id
    assert (founded.guild_id, founded.channel_id) == (world.guild.id, world.channel.id)
    assert founded.latency_ms >= 0
    assert declined.question == DECLINED and not declined.answered

    stored = all_stored_values(settings.db_path)
    for user_id in (world.alice.id, world.bot.user.id):
        assert user_id not in stored
        assert not any(str(user_id) in str(value) for value in stored)


async def test_a_mention_of_someone_else_in_a_question_is_not_stored(
    world: World, settings: Settings
) -> None:
    await world.alice.send(
        world.channel, f"{world.mention} does {world.bob.mention} know when Ecsite was founded?"
    )
    [logged] = await world.bot.question_log.questions()
    assert str(world.bob.id) not in logged.question
    assert not any(str(world.bob.id) in str(value) for value in all_stored_values(settings.db_path))


async def test_slash_commands_dms_and_suggestion_buttons_are_logged(world: World) -> None:
    await world.alice.slash(world.channel, "ask", question="When was Ecsite founded?")
    await world.bob.slash(world.channel, "about")  # alice's three questions are her cooldown's allowance
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    await world.alice.click(world.channel.last_message, label="What is Ecsite's mission?")
    dora = world.env.create_user("dora")
    await dora.send_dm("When was Ecsite founded?")

    asked, about, decline, picked, dm = await world.bot.question_log.questions()
    assert asked.question == "When was Ecsite founded?" and asked.answered
    assert about.question == "/about" and about.answered
    assert not decline.answered
    assert picked.question == "What is Ecsite's mission?" and picked.answered
    assert dm.answered and dm.guild_id is None and dm.channel_id is None  # a DM channel identifies a person


async def test_a_channel_message_the_bot_stays_silent_on_is_not_logged(
    world: World, engine: Engine, settings: Settings
) -> None:
    await world.env.restart_bot(
        create_bot(engine, dataclasses.replace(settings, channel_ids=frozenset({world.channel.id})))
    )
    await world.bob.send(world.channel, "Is anyone going for lunch?")
    assert await world.bot.question_log.questions() == []
    await world.bob.send(world.channel, "When was Ecsite founded?")
    [logged] = await world.bot.question_log.questions()
    assert logged.answered


async def test_votes_one_per_user_per_answer_anyone_may_vote(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    answer = world.channel.last_message
    ids = vote_ids(answer)
    assert set(ids) == {UP, DOWN}
    answer_id = answer_id_of(answer)

    # Bob did not ask, yet may vote (unlike the page buttons, which belong to the asker).
    result = await world.bob.click(answer, custom_id=ids[UP])
    assert result.ephemeral and result.response.content == THANKS
    assert await world.bot.question_log.votes(answer_id) == (1, 0)

    await world.bob.click(answer, custom_id=ids[DOWN])  # changing his mind replaces his vote
    assert await world.bot.question_log.votes(answer_id) == (0, 1)

    await world.alice.click(answer, custom_id=ids[UP])  # another person's vote counts separately
    assert await world.bot.question_log.votes(answer_id) == (1, 1)


async def test_a_decline_carries_votes_too(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} {DECLINED}")
    decline = world.channel.last_message
    await world.alice.click(decline, custom_id=vote_ids(decline)[DOWN])
    assert await world.bot.question_log.votes(answer_id_of(decline)) == (0, 1)


async def test_votes_work_after_the_page_buttons_time_out_and_after_a_restart(
    world: World, engine: Engine, settings: Settings
) -> None:
    result = await world.alice.slash(world.channel, "ask", question="Who takes part in WATER-MINING?")
    assert result.response is not None
    await world.env.advance_time(world.bot.settings.view_timeout_seconds + 1)
    assert world.channel.last_message.components  # the pages were disabled, the votes were not
    timed_out = world.channel.last_message
    await world.bob.click(timed_out, custom_id=vote_ids(timed_out)[UP])
    assert await world.bot.question_log.votes(answer_id_of(timed_out)) == (1, 0)

    # Another page view timing out must not unregister the votes of every other answer.
    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    founded = world.channel.last_message
    await world.bob.click(founded, custom_id=vote_ids(founded)[UP])
    assert await world.bot.question_log.votes(answer_id_of(founded)) == (1, 0)

    await world.env.restart_bot(create_bot(engine, settings))
    result = await world.alice.click(founded, custom_id=vote_ids(founded)[DOWN])
    assert result.response.content == THANKS
    assert await world.bot.question_log.votes(answer_id_of(founded)) == (1, 1)


async def test_a_vote_on_an_answer_missing_from_the_log_is_thanked_but_not_counted(
    world: World, engine: Engine, tmp_path: Path, settings: Settings
) -> None:
    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    answer = world.channel.last_message

    # A bot with a new, empty log (the answer was pruned, or the file was replaced).
    await world.env.restart_bot(
        create_bot(engine, dataclasses.replace(settings, db_path=tmp_path / "new.db"))
    )
    result = await world.bob.click(answer, custom_id=vote_ids(answer)[UP])
    assert result.ephemeral and result.response.content == NOT_RECORDED


async def test_unanswered_lists_the_declined_questions_for_admins_only(
    world: World, admin: simcord.MemberActor
) -> None:
    for person in (world.alice, world.bob):
        await person.send(world.channel, f"{world.mention} {DECLINED}?")
    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    await world.alice.send(world.channel, f"{world.mention} who is the president of mars")
    not_helpful = world.channel.last_message
    await world.bob.click(not_helpful, custom_id=vote_ids(not_helpful)[DOWN])

    assert "unanswered" in admin.available_commands(world.channel)
    assert "unanswered" not in world.alice.available_commands(world.channel)

    result = await admin.slash(world.channel, "unanswered", days=7)
    assert result.ephemeral
    [embed] = result.response.embeds
    assert "4 questions: 1 answered, 3 declined" in (embed.description or "")
    declined = embed.fields[0].value or ""
    assert f"**2×** {DECLINED}" in declined.replace("\\", "")
    assert "president of mars" in declined
    disliked = embed.fields[1].value or ""
    assert "`1` 👎" in disliked and "(declines)" in disliked


async def test_unanswered_is_refused_to_a_member_the_server_let_see_it(world: World) -> None:
    # A server can override the command's default permissions; the bot still checks.
    [command] = [c for c in await world.bot.tree.fetch_commands() if c.name == "unanswered"]
    world.guild.set_command_permissions(command, {world.alice: True})
    assert "unanswered" in world.alice.available_commands(world.channel)

    result = await world.alice.slash(world.channel, "unanswered")
    assert result.ephemeral and result.response.content == ADMIN_ONLY


async def test_the_bot_owner_may_use_unanswered_without_manage_server(world: World) -> None:
    [command] = [c for c in await world.bot.tree.fetch_commands() if c.name == "unanswered"]
    world.guild.set_command_permissions(command, {world.alice: True})
    world.bot.owner_id = world.alice.id

    result = await world.alice.slash(world.channel, "unanswered")
    assert result.response.embeds and "No questions" in (result.response.embeds[0].description or "")


async def test_the_heartbeat_is_fresh_while_connected_and_gone_after_close(
    world: World, settings: Settings
) -> None:
    assert world.bot.is_connected()
    assert health.is_fresh(settings.heartbeat_path)

    world.bot.dispatch("disconnect")
    await world.env.settle()
    assert not world.bot.is_connected()
    world.bot.dispatch("resumed")
    await world.env.settle()
    assert world.bot.is_connected()

    await world.bot.close()
    assert not world.bot.is_connected()
    assert not settings.heartbeat_path.exists()


async def test_unanswered_shows_only_what_was_asked_in_that_server(
    world: World, admin: simcord.MemberActor
) -> None:
    other = world.env.create_guild("Another community")
    lobby = other.create_text_channel("lobby")
    stranger = other.add_member(world.env.create_user("stranger"))
    await stranger.send(lobby, f"{world.mention} is my neighbour's secret project funded?")
    await world.alice.send(world.channel, f"{world.mention} {DECLINED}")

    result = await admin.slash(world.channel, "unanswered")
    [embed] = result.response.embeds
    assert "1 question: 0 answered, 1 declined" in (embed.description or "")
    assert "secret project" not in str(embed.to_dict())


async def test_unanswered_shows_no_bidi_override_or_control_character_people_typed(
    world: World, admin: simcord.MemberActor
) -> None:
    # An RTL override makes "gpj.exe" read as "exe.jpg"; escape codes would reach an admin's log viewer.
    await world.alice.send(world.channel, f"{world.mention} is \u202egpj.exe\u202c \x1b[31msafe\x07 here")

    result = await admin.slash(world.channel, "unanswered")
    declined = result.response.embeds[0].fields[0].value or ""
    assert "gpj.exe" in declined and "safe" in declined
    assert not [char for char in declined if unicodedata.category(char) in ("Cc", "Cf") and char != "\n"]


async def test_a_member_repeating_a_question_every_way_counts_once_in_unanswered(
    world: World, admin: simcord.MemberActor
) -> None:
    await world.alice.send(world.channel, f"{world.mention} {DECLINED}?")
    await world.alice.slash(world.channel, "ask", question=DECLINED)
    await world.env.advance_time(world.bot.settings.cooldown_seconds + 1)
    await world.alice.send(world.channel, f"{world.mention} {DECLINED.upper()}")
    await world.bob.slash(world.channel, "ask", question=DECLINED)

    result = await admin.slash(world.channel, "unanswered")
    declined = (result.response.embeds[0].fields[0].value or "").replace("\\", "")
    assert f"**2×** {DECLINED}" in declined

"""Asking by message: mentions, replies, DMs and the answer channels, and the safety rules around them."""

from __future__ import annotations

import dataclasses

import discord
import simcord

from bot.client import create_bot
from bot.settings import Settings
from knowledge import Engine
from tests.bot.conftest import World, phrase

EMPTY_MENTION = phrase("empty_mention")

ENCYCLOPEDIA = "https://en.wikipedia.org/wiki/European_Network_of_Science_Centres_and_Museums"


def link_urls(message: discord.Message) -> list[str]:
    return [
        child.url
        for row in message.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button) and child.url
    ]


async def test_a_mention_gets_an_embed_reply_with_the_facts_and_its_source(world: World) -> None:
    question = await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")

    reply = world.channel.last_message
    assert reply is not None and reply.author.id == world.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    [embed] = reply.embeds
    assert "founded" in (embed.title or "").lower()
    assert "1989" in (embed.description or "") + "".join(f.value or "" for f in embed.fields)
    assert "Encyclopedia" in (embed.footer.text or "")
    assert ENCYCLOPEDIA in link_urls(reply)


async def test_a_dm_gets_an_embed_reply(simcord_env: simcord.Env) -> None:
    dora = simcord_env.create_user("dora")
    question = await dora.send_dm("When was Ecsite founded?")

    reply = dora.dm_channel.last_message
    assert reply is not None and reply.reference is not None
    assert reply.reference.message_id == question.id
    [embed] = reply.embeds
    assert "1989" in (embed.description or "") + "".join(f.value or "" for f in embed.fields)


async def test_a_reply_to_the_bot_is_read_as_a_follow_up(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} tell me about DOORS")
    first_answer = world.channel.last_message
    assert first_answer is not None and "DOORS" in (first_answer.embeds[0].title or "")

    await world.alice.send(world.channel, "and who funds it?", reply_to=first_answer)

    [embed] = world.channel.last_message.embeds
    assert "DOORS" in (embed.title or "")
    assert "Horizon 2020" in (embed.description or "") + "".join(f.value or "" for f in embed.fields)


async def test_a_mention_without_a_question_gets_a_hint(world: World) -> None:
    await world.alice.send(world.channel, f"  {world.mention}  ")
    assert world.channel.last_message.content == EMPTY_MENTION


async def test_everyone_here_and_role_mentions_in_a_question_ping_nobody(world: World) -> None:
    role = world.guild.create_role("Visitors", mentionable=True)
    pings = f"@everyone @here {role.mention} {world.bob.mention}"
    await world.alice.send(world.channel, f"{pings} {world.mention} when was Ecsite founded?")

    reply = world.channel.last_message
    assert reply.author.id == world.bot.user.id and reply.embeds
    assert not reply.mention_everyone
    assert reply.mentions == []
    assert reply.role_mentions == []


async def test_an_everyone_ping_alone_is_not_a_question_for_the_bot(world: World) -> None:
    sent = await world.alice.send(world.channel, "@everyone when was Ecsite founded?")
    assert world.channel.last_message.id == sent.id


async def test_other_bots_and_webhooks_are_ignored(world: World) -> None:
    other_bot = world.guild.add_member(world.env.create_user("otherbot", bot=True))
    sent = await other_bot.send(world.channel, f"{world.mention} when was Ecsite founded?")
    assert world.channel.last_message.id == sent.id

    webhook = world.guild.create_webhook(world.channel, "feeds")
    sent = await webhook.send(f"{world.mention} when was Ecsite founded?")
    assert world.channel.last_message.id == sent.id


async def test_the_cooldown_answers_with_one_short_notice_and_lifts(world: World) -> None:
    question = f"{world.mention} when was Ecsite founded?"
    for _ in range(world.bot.settings.cooldown_rate):
        await world.alice.send(world.channel, question)
        assert world.channel.last_message.embeds

    await world.alice.send(world.channel, question)
    notice = world.channel.last_message
    assert notice.author.id == world.bot.user.id and not notice.embeds
    assert "ask again in" in notice.content

    spam = await world.alice.send(world.channel, question)  # no second notice within the same period
    assert world.channel.last_message.id == spam.id

    await world.bob.send(world.channel, question)  # the cooldown is per user
    assert world.channel.last_message.embeds

    await world.env.advance_time(world.bot.settings.cooldown_seconds + 1)
    await world.alice.send(world.channel, question)
    assert world.channel.last_message.embeds


async def test_answer_channels_answer_questions_without_a_mention(
    world: World, engine: Engine, settings: Settings
) -> None:
    elsewhere = world.guild.create_text_channel("random")
    settings = dataclasses.replace(settings, channel_ids=frozenset({world.channel.id}))
    await world.env.restart_bot(create_bot(engine, settings))

    asked = await world.alice.send(world.channel, "When was Ecsite founded?")
    reply = world.channel.last_message
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert "1989" in (reply.embeds[0].description or "")

    # Not a question, not known, or not in an answer channel: the bot stays out of the conversation.
    for channel, text in [
        (world.channel, "Ecsite was founded in 1989"),
        (world.channel, "Is anyone going for lunch?"),
        (elsewhere, "When was Ecsite founded?"),
    ]:
        sent = await world.bob.send(channel, text)
        assert channel.last_message.id == sent.id, text

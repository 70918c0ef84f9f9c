"""Start-up: where slash commands are synced, and running without the message content intent."""

from __future__ import annotations

import logging
from pathlib import Path

import discord
import pytest
import simcord

from bot.client import (
    INVITE_PERMISSIONS,
    MESSAGE_CONTENT_MISSING,
    EcsiteBot,
    create_bot,
    invite_url,
    serve,
)
from knowledge import Engine
from tests.bot.conftest import World, settings_in

GUILD_ID = 1_400_000_000_000_000_000


async def test_guild_ids_sync_the_commands_to_those_servers_only(real_engine: Engine, tmp_path: Path) -> None:
    settings = settings_in(tmp_path, guild_ids=(GUILD_ID,))
    async with simcord.run(create_bot(real_engine, settings)) as env:
        guild = env.create_guild("Science centres", id=GUILD_ID)
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        await env.restart_bot(create_bot(real_engine, settings))  # start-up, now that it is in the server

        assert "about" in alice.available_commands(channel)
        result = await alice.slash(channel, "about")
        assert "1989" in (result.response.embeds[0].description or "")
        assert env.create_user("dora").available_commands() == ()  # not synced globally


@pytest.mark.logs_errors
async def test_a_failed_sync_is_logged_and_the_bot_still_answers(
    real_engine: Engine, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    env = simcord.Env(create_bot(real_engine, settings_in(tmp_path, guild_ids=(GUILD_ID,))))
    env.inject_error(
        "PUT", "/applications/*/guilds/*/commands", status=403, code=50001, message="Missing Access"
    )
    await env.start()
    try:
        assert any("could not sync" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
        guild = env.create_guild("Science centres", id=GUILD_ID)
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        assert env.bot.user is not None
        await alice.send(channel, f"{env.bot.user.mention} when was Ecsite founded?")
        assert "1989" in (channel.last_message.embeds[0].description or "")
    finally:
        await env.shutdown()


async def test_without_the_message_content_intent_it_says_so_once_and_still_serves(
    real_engine: Engine, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    envs: list[simcord.Env] = []

    async def connect(bot: EcsiteBot) -> None:
        # The developer portal has not granted message content: connecting with it is refused.
        env = simcord.Env(bot, approved_intents=discord.Intents.default())
        await env.start()
        envs.append(env)

    bot = await serve(real_engine, settings_in(tmp_path), connect)
    [env] = envs
    try:
        assert not bot.intents.message_content
        assert [r.getMessage() for r in caplog.records].count(MESSAGE_CONTENT_MISSING) == 1

        guild = env.create_guild("Science centres")
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        result = await alice.slash(channel, "about")
        assert "1989" in (result.response.embeds[0].description or "")
        assert bot.user is not None
        await alice.send(channel, f"{bot.user.mention} when was Ecsite founded?")  # mentions carry content
        assert "1989" in (channel.last_message.embeds[0].description or "")
    finally:
        await env.shutdown()


async def test_the_invite_permissions_are_enough_to_answer(world: World) -> None:
    assert world.bot.application_id is not None
    url = invite_url(world.bot.application_id)
    assert "scope=bot+applications.commands" in url and f"permissions={INVITE_PERMISSIONS.value}" in url

    # A channel where the bot has exactly what the invite asks for, and nothing else.
    bot_role = world.guild.roles[world.bot.user.name]
    everything_else = discord.Permissions(discord.Permissions.all().value & ~INVITE_PERMISSIONS.value)
    only_invited = discord.PermissionOverwrite.from_pair(INVITE_PERMISSIONS, everything_else)
    channel = world.guild.create_text_channel("strict", overwrites={bot_role: only_invited})
    await world.alice.send(channel, f"{world.mention} who takes part in WATER-MINING?")
    answer = channel.last_message
    assert answer.author.id == world.bot.user.id and answer.embeds

    await world.alice.click(answer, label="Next")
    assert "Page 2/2" in (channel.last_message.embeds[0].footer.text or "")

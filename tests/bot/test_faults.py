"""Discord misbehaving: a refused or garbled command sync, an unreachable gateway, an error escaping
discord.py's connection handling. None of them may end the process while the bot could go on answering.

The sync faults are made by simcord's offline Discord answering the sync differently; the unreachable gateway
by a real discord.py client logging in to a small REST server on loopback whose gateway port is closed.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import simcord
import yarl
from aiohttp import web
from simcord.backend import errors as simcord_errors
from simcord.http import router as simcord_router

from bot.client import DiscordUnreachable, EcsiteBot, create_bot, serve
from knowledge import Engine
from tests.bot.conftest import World, settings_in

GLOBAL_SYNC = ("PUT", "/applications/{application_id}/commands")


@contextmanager
def discord_answers(method: str, template: str, handler: Callable[[Any], Any]) -> Iterator[None]:
    """Make simcord's Discord answer one route with `handler` (simcord's router table is not public API;
    its first route of equal specificity wins)."""
    entry = (template.strip("/").split("/"), handler)
    simcord_router._ROUTES[method].insert(0, entry)
    try:
        yield
    finally:
        simcord_router._ROUTES[method].remove(entry)


def sync_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and "could not sync" in r.getMessage()
    ]


async def assert_answers_a_mention(env: simcord.Env) -> None:
    guild = env.create_guild("Science centres")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    assert env.bot.user is not None
    await alice.send(channel, f"@everyone {env.bot.user.mention} when was Ecsite founded?")
    reply = channel.last_message
    assert reply.author.id == env.bot.user.id and "1989" in (reply.embeds[0].description or "")
    assert not reply.mention_everyone and reply.mentions == []


@pytest.mark.logs_errors
async def test_a_global_sync_discord_rejects_is_one_error_naming_the_command_and_mentions_still_work(
    real_engine: Engine, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    def reject_first_command(ctx: Any) -> Any:
        raise simcord_errors.invalid_form_body(
            errors={"0": {"name": {"_errors": [{"code": "BASE_TYPE_BAD", "message": "Name is not allowed"}]}}}
        )

    env = simcord.Env(create_bot(real_engine, settings_in(tmp_path)))
    with discord_answers(*GLOBAL_SYNC, reject_first_command):
        await env.start()  # raised out of start-up before
    try:
        [request] = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
        first_command = request.json[0]["name"]
        [error] = sync_errors(caplog)
        assert "globally" in error and "Name is not allowed" in error
        assert f"'{first_command}'" in error
        assert "Traceback" not in error and not any(r.exc_info for r in caplog.records if "sync" in r.msg)
        await assert_answers_a_mention(env)
    finally:
        await env.shutdown()


@pytest.mark.logs_errors
async def test_a_sync_answered_with_something_unreadable_is_one_error_and_mentions_still_work(
    real_engine: Engine, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    env = simcord.Env(create_bot(real_engine, settings_in(tmp_path)))
    with discord_answers(*GLOBAL_SYNC, lambda ctx: {"unexpected": "shape"}):
        await env.start()
    try:
        [error] = sync_errors(caplog)
        assert "globally" in error and "could not be read" in error
        await assert_answers_a_mention(env)
    finally:
        await env.shutdown()


@pytest.mark.logs_errors
async def test_an_error_escaping_the_gateway_handling_reconnects_after_a_pause_with_the_same_knowledge(
    real_engine: Engine, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    bots: list[EcsiteBot] = []
    pauses: list[float] = []
    envs: list[simcord.Env] = []

    async def connect(bot: EcsiteBot) -> None:
        env = simcord.Env(bot)
        await env.start()  # logged in, READY
        bots.append(bot)
        if len(bots) == 1:
            await env.shutdown()
            # What `bot.start()` raises when something breaks past discord.py's own reconnecting.
            raise RuntimeError("the gateway handling failed")
        envs.append(env)

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    bot = await serve(real_engine, settings_in(tmp_path), connect, pause=pause)
    try:
        assert len(bots) == 2 and bot is bots[1] and bot.engine is bots[0].engine
        assert len(pauses) == 1 and pauses[0] >= 0
        logged = [r for r in caplog.records if r.name == "bot.client" and r.levelno >= logging.ERROR]
        assert len(logged) == 1 and "connecting again" in logged[0].getMessage()
        assert "the gateway handling failed" in logged[0].getMessage()
        await assert_answers_a_mention(envs[0])
    finally:
        await envs[0].shutdown()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def discord_without_a_gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """Discord's REST API on loopback (login, application, command sync), and a gateway nobody listens on."""
    user = {
        "id": "1400000000000000001",
        "username": "Ecsite",
        "discriminator": "0",
        "avatar": None,
        "bot": True,
    }
    application = {
        "id": "1400000000000000001", "name": "Ecsite", "description": "", "icon": None, "bot_public": True,
        "bot_require_code_grant": False, "owner": user, "verify_key": "0" * 64, "flags": 0,
    }  # fmt: skip

    def answer(body: object) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            # Bytes, so no charset is added: discord.py reads JSON only as exactly 'application/json'.
            return web.Response(body=json.dumps(body).encode(), content_type="application/json")

        return handler

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", answer(user))
    app.router.add_get("/api/v10/oauth2/applications/@me", answer(application))
    app.router.add_put("/api/v10/applications/{id}/commands", answer([]))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    gateway = yarl.URL(f"ws://127.0.0.1:{closed_port()}/")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)
    yield
    await runner.cleanup()


@pytest.mark.usefixtures("discord_without_a_gateway")
async def test_an_unreachable_gateway_at_the_first_connect_says_discord_cannot_be_reached(
    real_engine: Engine, tmp_path: Path
) -> None:
    async def connect(bot: EcsiteBot) -> None:
        async with bot:  # what `ecsite-bot run` does
            await bot.start("a token")

    with pytest.raises(DiscordUnreachable) as raised:
        await serve(real_engine, settings_in(tmp_path), connect)
    assert not isinstance(raised.value, AttributeError)


# --- a server that took Embed Links away ---------------------------------------------------------------


@pytest.fixture
def no_embeds(world: World) -> simcord.ChannelHandle:
    """A channel where the bot may do everything the invite asks for except embed links."""
    bot_role = world.guild.roles[world.bot.user.name]
    denied = discord.PermissionOverwrite(embed_links=False, view_channel=True, send_messages=True)
    return world.guild.create_text_channel("no-embeds", overwrites={bot_role: denied})


async def test_without_embed_links_the_answer_arrives_as_plain_text_with_its_buttons(
    world: World, no_embeds: simcord.ChannelHandle
) -> None:
    asked = await world.alice.send(no_embeds, f"{world.mention} when was Ecsite founded?")
    reply = no_embeds.last_message
    assert reply.author.id == world.bot.user.id and not reply.embeds
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert "1989" in reply.content and "Source" in reply.content  # the same answer, its source named
    assert any(
        isinstance(item, discord.Button) and (item.custom_id or "").startswith("vote:")
        for row in reply.components
        if isinstance(row, discord.ActionRow)
        for item in row.children
    )
    [logged] = await world.bot.question_log.questions()
    assert logged.question == "when was Ecsite founded?"


async def test_without_embed_links_a_long_answer_arrives_whole_in_several_messages(
    world: World, real_engine: Engine, no_embeds: simcord.ChannelHandle
) -> None:
    question = "what is WATER-MINING and who funds it"  # over 2,000 characters as text
    await world.alice.send(no_embeds, f"{world.mention} {question}")
    replies = sorted((m for m in no_embeds.history() if m.author.id == world.bot.user.id), key=lambda m: m.id)
    assert len(replies) >= 2 and all(not m.embeds and 0 < len(m.content) <= 2000 for m in replies)
    text = "\n".join(m.content for m in replies)
    answer = real_engine.ask(question)
    parts = answer.parts or (answer,)
    assert all(part.body in text and all(f.value in text for f in part.fields) for part in parts)
    assert replies[-1].components and not replies[0].components  # the buttons under the end
    await world.alice.send(world.channel, f"{world.mention} {question}")
    assert world.channel.last_message.embeds  # where embeds are allowed, still an embed


async def test_without_embed_links_slash_commands_answer_in_plain_text(
    world: World, no_embeds: simcord.ChannelHandle
) -> None:
    result = await world.alice.slash(no_embeds, "ask", question="when was Ecsite founded?")
    assert result.response is not None and not result.response.embeds
    assert "1989" in result.response.content

    result = await world.alice.slash(no_embeds, "ask", question="what is WATER-MINING and who funds it")
    texts = [message.content for message in [result.response, *result.followups] if message is not None]
    assert len(texts) >= 2 and all(0 < len(text) <= 2000 for text in texts)
    assert "WATER-MINING" in texts[0]

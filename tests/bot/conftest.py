"""Fixtures for driving the real bot, with the real knowledge base, through simcord's offline Discord.

`simcord_env` (from simcord's pytest plugin) starts the bot that `simcord_bot` builds and hands the test a
virtual Discord; `world` adds a server with a channel and two members.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot.client import EcsiteBot, create_bot
from bot.settings import Settings
from knowledge import Engine, load_engine
from knowledge.phrases import bundled_phrases

TEST_SETTINGS = Settings(token=None, cooldown_rate=3, cooldown_seconds=30.0, view_timeout_seconds=180.0)


def settings_in(folder: Path, base: Settings = TEST_SETTINGS, **changes: Any) -> Settings:
    """`base` with its question log and heartbeat in `folder` (a test's tmp_path), and `changes`."""
    return dataclasses.replace(
        base, db_path=folder / "questions.sqlite3", heartbeat_path=folder / "heartbeat", **changes
    )


@pytest.fixture(scope="session")
def real_engine() -> Engine:
    return load_engine()


@pytest.fixture
def engine(real_engine: Engine) -> Engine:
    """The engine the bot answers with; a test module may override it (e.g. with one that fails)."""
    return real_engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_in(tmp_path)


@pytest.fixture
async def simcord_bot(engine: Engine, settings: Settings) -> AsyncIterator[EcsiteBot]:
    bot = create_bot(engine, settings)
    yield bot
    # simcord detaches the bot without closing it: finish its question log (its writer thread) here.
    await bot.question_log.close()


@dataclass
class World:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor

    @property
    def bot(self) -> EcsiteBot:
        bot = self.env.bot
        assert isinstance(bot, EcsiteBot)
        return bot

    @property
    def mention(self) -> str:
        assert self.bot.user is not None
        return self.bot.user.mention


@pytest.fixture
def world(simcord_env: simcord.Env) -> Iterator[World]:
    guild = simcord_env.create_guild("Science centres")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    bob = guild.add_member(simcord_env.create_user("bob"))
    yield World(simcord_env, guild, channel, alice, bob)
    # Whatever the test did: every message the bot sent could ping nobody.
    for body in message_payloads(simcord_env):
        assert body.get("allowed_mentions", {}).get("parse") == [], body
        assert not body["allowed_mentions"].get("replied_user"), body


@pytest.fixture
def client_language(monkeypatch: pytest.MonkeyPatch) -> Callable[[simcord.MemberActor, str], None]:
    """Set the Discord client language of a member ("de", "es-419") for the interactions they start.

    simcord's interactions all say "en-US"; this sets the `locale` field of the interaction payload, which the
    real discord.py client reads into `Interaction.locale` like any other."""
    locales: dict[int, str] = {}
    base_payload = simcord.interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        record, payload = base_payload(*args, **kwargs)
        if kwargs["user_id"] in locales:
            payload["locale"] = locales[kwargs["user_id"]]
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    return lambda member, locale: locales.__setitem__(member.id, locale)


@pytest.fixture
def admin(world: World) -> simcord.MemberActor:
    """A member with the Manage Server permission, who may use /reload and /unanswered."""
    managers = world.guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    return world.guild.add_member(world.env.create_user("carol"), roles=[managers])


def phrase(key: str, language: str = "en", **values: object) -> str:
    """A fixed phrase as the bot says it (from the bundled phrase files)."""
    return bundled_phrases().message(key, language, **values)


def message_payloads(env: simcord.Env) -> list[dict[str, Any]]:
    """The body of every message the bot sent or edited (in channels, interaction responses, followups)."""
    payloads = []
    for request in env.http_requests:
        body = request.json
        if not isinstance(body, dict) or request.method not in ("POST", "PATCH"):
            continue
        if "/interactions/" in request.path:
            body = body.get("data") or {}
        if any(key in body for key in ("content", "embeds", "components")):
            payloads.append(body)
    return payloads


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "logs_errors: the test makes the bot log errors on purpose")


@pytest.fixture(autouse=True)
def _no_logged_errors(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A handler error is answered politely, which would hide it from a test: fail on any logged error."""
    yield
    if request.node.get_closest_marker("logs_errors"):
        return
    records = caplog.get_records("call")
    errors = [r for r in records if r.levelno >= logging.ERROR and r.name.startswith("bot")]
    assert not errors, "the bot logged errors:\n" + "\n".join(r.getMessage() for r in errors)

"""/reload: a changed knowledge base answers at once; a broken one is refused and the old one stays live."""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot.settings import Settings
from knowledge import Engine, load_engine
from knowledge.loader import DATA_DIR
from tests.bot.conftest import World, phrase

ADMIN_ONLY = phrase("admin_only")

FOUNDED = "When was Ecsite founded?"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge base that a test may edit."""
    copy = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.fixture
def engine(data_copy: Path) -> Engine:
    return load_engine(data_copy)


@pytest.fixture
def settings(settings: Settings, data_copy: Path) -> Settings:
    return dataclasses.replace(settings, data_dir=data_copy)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: pick another edit"
    path.write_text(text.replace(old, new), encoding="utf-8")


async def founded_text(world: World) -> str:
    result = await world.alice.slash(world.channel, "ask", question=FOUNDED)
    [embed] = result.response.embeds
    return "\n".join([embed.description or "", *(field.value or "" for field in embed.fields)])


async def test_reload_is_for_admins_and_hidden_from_members(world: World, admin: simcord.MemberActor) -> None:
    assert "reload" in admin.available_commands(world.channel)
    assert "reload" not in world.alice.available_commands(world.channel)


async def test_a_changed_fact_is_answered_after_reload(
    world: World, admin: simcord.MemberActor, data_copy: Path
) -> None:
    assert "1989" in await founded_text(world)
    edit(data_copy / "organisation.yaml", "1989", "1988")
    assert "1989" in await founded_text(world)  # nothing changes until someone reloads

    before = world.bot.engine
    result = await admin.slash(world.channel, "reload")
    assert result.ephemeral and "Reloaded" in (result.response.content or "")
    assert world.bot.engine is not before

    text = await founded_text(world)
    assert "1988" in text and "1989" not in text


async def test_a_broken_knowledge_base_is_refused_naming_file_entry_and_field(
    world: World, admin: simcord.MemberActor, data_copy: Path
) -> None:
    before = world.bot.engine
    edit(data_copy / "organisation.yaml", "1989", "1988")
    edit(data_copy / "organisation.yaml", "  - id: founding\n    title:", "  - id: founding\n    titel:")

    result = await admin.slash(world.channel, "reload")
    assert result.ephemeral
    refusal = discord.utils.remove_markdown(result.response.content or "")
    assert "not reloaded" in refusal
    assert "organisation.yaml" in refusal and "'founding'" in refusal and "'titel'" in refusal

    assert world.bot.engine is before
    assert "1989" in await founded_text(world)  # the old knowledge base still answers


async def test_a_missing_folder_is_refused_and_the_old_one_stays(
    world: World, admin: simcord.MemberActor, data_copy: Path
) -> None:
    shutil.rmtree(data_copy)
    result = await admin.slash(world.channel, "reload")
    assert "not reloaded" in (result.response.content or "").replace("*", "")
    assert "1989" in await founded_text(world)


async def test_reload_is_refused_to_a_member_the_server_let_see_it(world: World, data_copy: Path) -> None:
    [command] = [c for c in await world.bot.tree.fetch_commands() if c.name == "reload"]
    world.guild.set_command_permissions(command, {world.alice: True})
    before = world.bot.engine
    edit(data_copy / "organisation.yaml", "1989", "1988")

    result = await world.alice.slash(world.channel, "reload")
    assert result.ephemeral and result.response.content == ADMIN_ONLY
    assert world.bot.engine is before and "1989" in await founded_text(world)


async def test_the_bot_owner_may_reload(world: World, data_copy: Path) -> None:
    [command] = [c for c in await world.bot.tree.fetch_commands() if c.name == "reload"]
    world.guild.set_command_permissions(command, {world.alice: True})
    world.bot.owner_id = world.alice.id
    edit(data_copy / "organisation.yaml", "1989", "1988")

    result = await world.alice.slash(world.channel, "reload")
    assert "Reloaded" in (result.response.content or "")
    assert "1988" in await founded_text(world)


async def test_the_knowledge_base_is_loaded_off_the_event_loop(
    world: World, admin: simcord.MemberActor, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def load_and_note(data_dir: Path | None = None, **options: Any) -> Engine:
        threads.append(threading.current_thread().name)
        return load_engine(data_dir, **options)

    monkeypatch.setattr("bot.client.load_engine", load_and_note)
    await admin.slash(world.channel, "reload")
    assert threads and threads[0] != threading.main_thread().name


@pytest.mark.parametrize("hostile", ["fifo", "anchor bomb"])
async def test_a_hostile_file_is_refused_promptly_and_the_next_reload_works(
    world: World, admin: simcord.MemberActor, data_copy: Path, hostile: str
) -> None:
    path = data_copy / "extra.yaml"
    if hostile == "fifo":
        os.mkfifo(path)  # reading it would block the worker thread, holding the reload lock, forever
    else:
        nested = "".join(f"  - &a{n} [{', '.join([f'*a{n - 1}'] * 8)}]\n" for n in range(1, 10))
        path.write_text("topics:\n  - &a0 [x, x, x, x, x, x, x, x]\n" + nested, encoding="utf-8")
    result = await admin.slash(world.channel, "reload")
    refusal = discord.utils.remove_markdown(result.response.content or "")
    assert "not reloaded" in refusal and "extra.yaml" in refusal and len(refusal) < 2000
    assert "1989" in await founded_text(world)

    path.unlink()
    edit(data_copy / "organisation.yaml", "1989", "1988")
    result = await admin.slash(world.channel, "reload")
    assert "Reloaded" in (result.response.content or "")
    assert "1988" in await founded_text(world)

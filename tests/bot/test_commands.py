"""Slash commands, autocomplete and the buttons under answers, as a user in a server would use them."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from tests.bot.conftest import World, phrase

NOT_YOURS = phrase("not_yours")

COMMANDS = ("about", "ask", "help", "networks", "partners", "project", "projects")


def text_of(embed: discord.Embed | None) -> str:
    assert embed is not None
    return "\n".join(
        [embed.title or "", embed.description or ""] + [f"{f.name}\n{f.value}" for f in embed.fields]
    )


def buttons(components: list[Any]) -> dict[str, dict[str, Any]]:
    """The buttons of a message's raw components, by label."""
    found: dict[str, dict[str, Any]] = {}
    for row in components:
        for child in row.get("components", []):
            if child.get("type") == 2:
                found[child.get("label", "")] = child
    return found


def message_buttons(message: discord.Message) -> dict[str, discord.Button]:
    return {
        child.label or "": child
        for row in message.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button)
    }


async def test_every_command_and_option_is_synced_with_a_description(world: World) -> None:
    assert sorted(world.alice.available_commands(world.channel)) == sorted(COMMANDS)
    for command in world.bot.tree.get_commands(type=discord.AppCommandType.chat_input):
        assert isinstance(command, app_commands.Command)
        assert command.description and command.description != "…"
        for parameter in command.parameters:
            assert parameter.description and parameter.description != "…"


async def test_ask_answers_in_an_embed(world: World) -> None:
    result = await world.alice.slash(world.channel, "ask", question="When was Ecsite founded?")
    assert result.response is not None and not result.ephemeral
    [embed] = result.response.embeds
    assert "1989" in text_of(embed)
    assert "Encyclopedia" in (embed.footer.text or "")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("about", "1989"),  # what the network is, with its founding year
        ("projects", "DOORS"),  # the projects list names the projects
        ("networks", "ASTC"),  # a sister network
        ("partners", "ERRIN"),  # a European partner
    ],
)
async def test_browse_commands_answer_their_topic(world: World, command: str, expected: str) -> None:
    result = await world.alice.slash(world.channel, command)
    assert result.response is not None
    text = "\n".join(text_of(embed) for embed in result.response.embeds)
    assert expected in text


async def test_help_lists_the_commands_privately(world: World) -> None:
    result = await world.alice.slash(world.channel, "help")
    assert result.ephemeral
    text = text_of(result.response.embeds[0])
    for name in COMMANDS:
        assert f"/{name}" in text


async def test_project_autocomplete_is_fuzzy_and_offers_at_most_25(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "project", "name", "watermining")
    assert choices and choices[0]["name"] == "WATER-MINING"

    choices = await world.alice.autocomplete(world.channel, "project", "name", "dors")  # a typo
    assert "DOORS" in [choice["name"] for choice in choices]

    everything = await world.alice.autocomplete(world.channel, "project", "name", "")
    assert 0 < len(everything) <= 25


async def test_project_picked_from_autocomplete_answers_that_project(world: World) -> None:
    [choice, *_] = await world.alice.autocomplete(world.channel, "project", "name", "DOORS")
    result = await world.alice.slash(world.channel, "project", name=choice["value"])
    embed = result.response.embeds[0]
    assert "DOORS" in (embed.title or "")
    assert "2021" in text_of(embed)
    assert any("website" in label.lower() for label in buttons(result.response.components))


async def test_project_typed_without_picking_is_read_as_a_question(world: World) -> None:
    result = await world.alice.slash(world.channel, "project", name="doors")
    assert "DOORS" in (result.response.embeds[0].title or "")


async def test_a_long_answer_is_paged_and_only_the_asker_can_turn_pages(world: World) -> None:
    result = await world.alice.slash(world.channel, "ask", question="Who takes part in WATER-MINING?")
    first = result.response.embeds[0]
    assert "Page 1/2" in (first.footer.text or "")
    assert "NEMO Science Museum" in text_of(first)
    assert buttons(result.response.components)["Previous"].get("disabled")

    await world.alice.click(result.response, label="Next")
    page = world.channel.last_message
    assert "Page 2/2" in (page.embeds[0].footer.text or "")
    assert "MADISI" in text_of(page.embeds[0])  # the last participant of the list
    assert message_buttons(page)["Next"].disabled

    intruder = await world.bob.click(page, label="Previous")
    assert intruder.ephemeral and intruder.response.content == NOT_YOURS
    assert "Page 2/2" in (world.channel.last_message.embeds[0].footer.text or "")

    await world.alice.click(page, label="Previous")
    assert "Page 1/2" in (world.channel.last_message.embeds[0].footer.text or "")


async def test_page_buttons_disable_themselves_on_timeout_and_links_stay(world: World) -> None:
    result = await world.alice.slash(world.channel, "project", name="project:water-mining")
    assert not message_buttons(result.response.message)["Next"].disabled

    await world.env.advance_time(world.bot.settings.view_timeout_seconds + 1)

    after = message_buttons(world.channel.last_message)
    assert after["Next"].disabled and after["Previous"].disabled
    links = [button for button in after.values() if button.url]
    assert links and not any(button.disabled for button in links)


async def test_a_decline_offers_suggestions_and_pressing_one_answers_it(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    decline = world.channel.last_message
    offered = message_buttons(decline)
    assert "What is Ecsite's mission?" in offered

    result = await world.alice.click(decline, label="What is Ecsite's mission?")
    embed = result.response.embeds[0]
    assert "mission" in (embed.title or "").lower()
    assert "Mission" in (embed.footer.text or "")  # the mission page is its source


async def test_slash_commands_work_in_dms(world: World) -> None:
    dora = world.env.create_user("dora")
    result = await dora.slash("about")
    assert "1989" in text_of(result.response.embeds[0])


async def test_a_decline_shows_its_suggestions_once_as_buttons_under_a_lead_in(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    decline = world.channel.last_message
    [embed] = decline.embeds
    suggested = [
        child.label or ""
        for row in decline.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button) and child.style is discord.ButtonStyle.primary
    ]
    assert "What is Ecsite's mission?" in suggested
    for label in suggested:
        assert label not in text_of(embed)
    assert (embed.description or "").endswith(phrase("decline_suggest"))


async def test_no_button_label_of_any_answer_is_cut(world: World) -> None:
    members = iter(world.guild.add_member(world.env.create_user(f"member{n}")) for n in range(100))
    # One member per answer, so the per-user cooldown lets every one of them through.
    results = [await next(members).slash(world.channel, name) for name in ("about", "projects", "networks")]
    for choice in await world.alice.autocomplete(world.channel, "project", "name", ""):
        results.append(await next(members).slash(world.channel, "project", name=choice["value"]))
    results.append(await next(members).slash(world.channel, "ask", question="mission or vision"))
    for result in results:
        labels = [label for label in buttons(result.response.components) if label]
        assert labels
        for label in labels:
            assert len(label) <= 40 and not label.endswith("…"), label
        links = [b for b in buttons(result.response.components).values() if b.get("url")]
        assert len(links) <= 5  # one row


async def test_two_questions_in_one_keep_each_topics_title_and_fields_in_order(world: World) -> None:
    result = await world.alice.slash(
        world.channel, "ask", question="When was Ecsite founded and where is it based?"
    )
    [embed] = result.response.embeds
    names = [field.name for field in embed.fields]
    founding = next(i for i, f in enumerate(embed.fields) if "1989" in (f.value or ""))
    based = next(i for i, f in enumerate(embed.fields) if "Brussels" in (f.value or ""))
    assert founding < based
    headings = [i for i, f in enumerate(embed.fields) if not f.inline]
    assert len(headings) >= 2 and headings[0] == 0, names  # each part starts with its own heading


SLOW_DOWN = "ask again in"


async def test_the_browse_commands_share_the_cooldown_of_every_way_of_asking(world: World) -> None:
    for _ in range(world.bot.settings.cooldown_rate - 1):
        await world.alice.slash(world.channel, "ask", question="when was Ecsite founded?")
    answered = await world.alice.slash(world.channel, "projects")
    assert answered.response.embeds and not answered.ephemeral

    for name, options in [("networks", {}), ("about", {}), ("partners", {}), ("project", {"name": "DOORS"})]:
        result = await world.alice.slash(world.channel, name, **options)
        assert result.ephemeral and SLOW_DOWN in (result.response.content or ""), name
    # Help answers only the asker, privately, and asks nothing of the knowledge base: it always works.
    assert (await world.alice.slash(world.channel, "help")).response.embeds
    assert (await world.bob.slash(world.channel, "networks")).response.embeds  # per user

    await world.env.advance_time(world.bot.settings.cooldown_seconds + 1)
    assert (await world.alice.slash(world.channel, "networks")).response.embeds


async def test_a_suggestion_click_shares_the_cooldown_and_is_not_logged_when_refused(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    decline = world.channel.last_message
    for _ in range(world.bot.settings.cooldown_rate - 1):
        await world.alice.slash(world.channel, "about")
    logged = len(await world.bot.question_log.questions())

    result = await world.alice.click(decline, label="What is Ecsite's mission?")
    assert result.ephemeral and SLOW_DOWN in (result.response.content or "")
    assert len(await world.bot.question_log.questions()) == logged

    await world.env.advance_time(world.bot.settings.cooldown_seconds + 1)
    result = await world.alice.click(decline, label="What is Ecsite's mission?")
    assert "mission" in (result.response.embeds[0].title or "").lower()

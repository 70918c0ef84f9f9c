"""What Discord offers members: "Ask Ecsite bot" on someone's message, and commands in their own language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import simcord

from knowledge import Engine
from tests.bot.conftest import World, phrase

MENU = "Ask Ecsite bot"
LANGUAGES = ("fr", "de", "es", "it", "nl")
# Discord's locales for our languages: Spanish has two, the others one each.
LOCALES = {"fr": ["fr"], "de": ["de"], "es": ["es-ES", "es-419"], "it": ["it"], "nl": ["nl"]}
SetLanguage = Callable[[simcord.MemberActor, str], None]


def text_of(embeds: list[discord.Embed]) -> str:
    return "\n".join(
        "\n".join([e.title or "", e.description or "", *(f"{f.name}\n{f.value}" for f in e.fields)])
        for e in embeds
    )


def button_labels(message: discord.Message) -> list[str]:
    return [
        child.label or ""
        for row in message.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button)
    ]


def synced_commands(env: simcord.Env) -> list[dict[str, Any]]:
    """The commands as the bot last sent them to Discord."""
    [*_, sync] = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert isinstance(sync.json, list)
    return sync.json


# -- Apps > Ask Ecsite bot ---------------------------------------------------------------------------------


async def test_ask_ecsite_bot_answers_another_members_message_as_a_reply_to_it(world: World) -> None:
    question = await world.bob.send(world.channel, "who takes part in WATER-MINING?")  # no mention: no answer
    assert world.channel.last_message.id == question.id

    result = await world.alice.context_menu(world.channel, MENU, question)

    reply = world.channel.last_message
    assert reply.author.id == world.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert "NEMO Science Museum" in text_of(reply.embeds)
    assert not reply.mentions and not reply.role_mentions  # bob is not pinged by the reply
    assert result.response is None  # the private "thinking…" is gone once the reply is there

    [logged] = await world.bot.question_log.questions()
    assert logged.question == "who takes part in WATER-MINING?" and logged.answered


async def test_only_the_member_who_used_the_menu_drives_the_buttons(world: World) -> None:
    question = await world.bob.send(world.channel, "who takes part in WATER-MINING?")
    await world.alice.context_menu(world.channel, MENU, question)
    reply = world.channel.last_message
    assert "Next" in button_labels(reply)

    asker = await world.bob.click(reply, label="Next")  # bob asked the question, but alice wanted the answer
    assert asker.ephemeral and asker.response.content == phrase("not_yours")

    await world.alice.click(reply, label="Next")
    assert "Page 2/2" in (world.channel.last_message.embeds[0].footer.text or "")


async def test_the_menu_follows_the_invokers_conversation(world: World) -> None:
    question = await world.bob.send(world.channel, "tell me about DOORS")
    await world.alice.context_menu(world.channel, MENU, question)

    result = await world.alice.slash(world.channel, "ask", question="and who funds it?")
    assert "Horizon 2020" in text_of(result.response.embeds)


async def test_a_message_without_text_is_explained_privately(world: World) -> None:
    question = await world.bob.send(world.channel, f"{world.mention}")
    before = world.channel.last_message.id
    result = await world.alice.context_menu(world.channel, MENU, question)
    assert result.ephemeral and result.response.content == phrase("nothing_to_answer")
    assert world.channel.last_message.id == before


async def test_the_menu_shares_the_cooldown_of_every_way_of_asking(world: World) -> None:
    question = await world.bob.send(world.channel, "when was Ecsite founded?")
    for _ in range(world.bot.settings.cooldown_rate - 1):
        await world.alice.slash(world.channel, "ask", question="when was Ecsite founded?")
    await world.alice.context_menu(world.channel, MENU, question)
    answered = world.channel.last_message.id

    result = await world.alice.context_menu(world.channel, MENU, question)
    assert result.ephemeral and "ask again in" in (result.response.content or "")
    slash = await world.alice.slash(world.channel, "ask", question="when was Ecsite founded?")
    assert slash.ephemeral and "ask again in" in (slash.response.content or "")
    assert world.channel.last_message.id == answered

    await world.env.advance_time(world.bot.settings.cooldown_seconds + 1)
    await world.alice.context_menu(world.channel, MENU, question)
    assert world.channel.last_message.id != answered


async def test_where_the_bot_may_not_post_the_menu_answers_in_its_response(world: World) -> None:
    bot_role = world.guild.roles[world.bot.user.name]
    read_only = discord.PermissionOverwrite(send_messages=False)
    quiet = world.guild.create_text_channel("announcements", overwrites={bot_role: read_only})
    question = await world.bob.send(quiet, "when was Ecsite founded?")

    result = await world.alice.context_menu(quiet, MENU, question)
    assert result.response is not None and not result.ephemeral
    assert "1989" in text_of(result.response.embeds)


# -- commands in the member's language ------------------------------------------------------------------


async def test_every_command_and_the_menu_are_synced_with_the_five_languages(world: World) -> None:
    commands = synced_commands(world.env)
    assert MENU in [command["name"] for command in commands]
    for command in commands:
        localised = command.get("description_localizations") or command.get("name_localizations") or {}
        is_menu = command.get("type") == discord.AppCommandType.message.value
        for code in LANGUAGES:
            for locale in LOCALES[code]:
                assert localised.get(locale), (command["name"], locale)
        if is_menu:
            assert all(len(name) <= 32 for name in localised.values())
            continue
        assert not command.get("name_localizations")  # slash command names stay English: people type them
        assert all(len(text) <= 100 for text in localised.values())
        assert localised["de"] != command["description"]
        for option in command.get("options", []):
            option_localised = option.get("description_localizations") or {}
            assert {"fr", "de", "es-ES", "es-419", "it", "nl"} <= set(option_localised), option["name"]
            assert "name_localizations" not in option


async def test_the_synced_descriptions_are_the_phrase_files_texts(world: World, engine: Engine) -> None:
    ask = next(c for c in synced_commands(world.env) if c["name"] == "ask")
    messages = engine.knowledge.messages
    assert ask["description"] == messages["en"]["command_ask"]
    assert ask["description_localizations"]["de"] == messages["de"]["command_ask"]
    assert ask["options"][0]["description_localizations"]["fr"] == messages["fr"]["command_ask_question"]


async def test_a_german_client_asking_just_a_name_gets_german_phrases(
    world: World, client_language: SetLanguage
) -> None:
    client_language(world.alice, "de")
    result = await world.alice.slash(world.channel, "ask", question="DOORS")
    text = text_of(result.response.embeds)
    assert "Geldgeber" in text and "Teilnehmende Organisationen" in text
    assert "Funders" not in text
    assert "Quelle" in (result.response.embeds[0].footer.text or "")


async def test_a_question_in_english_keeps_english_whatever_the_client(
    world: World, client_language: SetLanguage
) -> None:
    client_language(world.alice, "de")
    result = await world.alice.slash(world.channel, "ask", question="who funds DOORS?")
    assert result.response.embeds[0].title == "Who funds DOORS"


async def test_a_spanish_client_gets_browse_commands_and_help_in_spanish(
    world: World, client_language: SetLanguage
) -> None:
    client_language(world.alice, "es-419")
    result = await world.alice.slash(world.channel, "project", name="project:water-mining")
    assert "Página 1/2" in (result.response.embeds[0].footer.text or "")
    assert {"Anterior", "Siguiente"} <= set(button_labels(result.response.message))

    help_result = await world.alice.slash(world.channel, "help")
    [embed] = help_result.response.embeds
    assert embed.title == phrase("help_title", "es")
    assert phrase("menu_ask", "es") in (embed.description or "")
    assert phrase("command_ask", "es") in embed.fields[0].value


async def test_a_notice_is_in_the_language_of_whoever_reads_it(
    world: World, client_language: SetLanguage
) -> None:
    result = await world.alice.slash(world.channel, "ask", question="who takes part in WATER-MINING?")
    client_language(world.bob, "nl")
    intruder = await world.bob.click(result.response, label="Next")
    assert intruder.response.content == phrase("not_yours", "nl")


async def test_the_operators_commands_answer_in_their_language_too(
    world: World, admin: simcord.MemberActor, client_language: SetLanguage
) -> None:
    client_language(admin, "it")
    result = await admin.slash(world.channel, "unanswered", days=1)
    [embed] = result.response.embeds
    assert embed.title == phrase("report_title_one", "it", days=1)
    assert embed.description == phrase("report_no_questions", "it")

    client_language(world.alice, "fr")  # and each member's own, at the same time
    answer = await world.alice.slash(world.channel, "ask", question="DOORS")
    assert phrase("field_funders", "fr") in text_of(answer.response.embeds)

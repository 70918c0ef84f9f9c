"""The phrase files on Discord: which language an interaction is answered in, and the slash commands' texts.

Command and option descriptions, choices and the message menu's name are phrases (messages.yaml, keys
`command_*` and `menu_*`). Discord shows the English text to everyone whose client language has no
translation, so it is given when the command is defined, from the bundled file; `PhraseTranslator` supplies
the other languages from the knowledge base the bot answers with, when the commands are synced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from knowledge import KnowledgeBase
from knowledge.phrases import bundled_phrases

if TYPE_CHECKING:
    from bot.client import EcsiteBot


def command_text(key: str) -> app_commands.locale_str:
    """A command's description, an option's description or a menu's name: English, translatable."""
    return app_commands.locale_str(bundled_phrases().message(key), phrase=key)


def command_description(
    knowledge: KnowledgeBase, command: app_commands.Command[Any, ..., Any], language: str
) -> str:
    """What `/help` says a command does, in `language`: the phrase its description was defined from."""
    key = f"command_{command.qualified_name.replace(' ', '_')}"
    if key not in knowledge.messages["en"]:
        return command.description
    return knowledge.message(key, language)


def language_of(locale: discord.Locale, knowledge: KnowledgeBase) -> str:
    """The language of a Discord locale ("es-419" is "es") if the knowledge base speaks it, else "en"."""
    code = str(locale.value).split("-")[0]
    return code if code in knowledge.translations else "en"


def interaction_language(interaction: discord.Interaction[discord.Client]) -> str:
    """The language of the person's Discord client, as far as the bot speaks it."""
    bot = cast("EcsiteBot", interaction.client)
    return language_of(interaction.locale, bot.engine.knowledge)


class PhraseTranslator(app_commands.Translator):
    """Translates what was defined with `command_text`; everything else (the slash command names, which
    people type) stays as written."""

    def __init__(self, knowledge: Callable[[], KnowledgeBase]) -> None:
        self._knowledge = knowledge

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContext,
    ) -> str | None:
        key = string.extras.get("phrase")
        if key is None:
            return None
        knowledge = self._knowledge()
        language = language_of(locale, knowledge)
        if language == "en":
            return None  # the English text, given with the command, is what Discord shows by default
        return knowledge.messages[language].get(key)

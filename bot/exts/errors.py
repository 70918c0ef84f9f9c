"""A failing handler is logged and answered "something went wrong"; the bot keeps running.

Covers slash commands and autocomplete (the command tree's error handler), buttons (views dispatch
`view_error`) and answering a message (the `question` event; see bot/exts/ask.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.phrases import language_of
from knowledge import KnowledgeBase
from knowledge.phrases import bundled_phrases

if TYPE_CHECKING:
    from bot.client import EcsiteBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def sorry(client: discord.Client, locale: discord.Locale | None = None) -> str:
    """"Something went wrong" in the person's language; in English from the bundled phrases when there is no
    knowledge base to ask (what failed may be the engine itself)."""
    knowledge = getattr(getattr(client, "engine", None), "knowledge", None)
    if not isinstance(knowledge, KnowledgeBase):
        return bundled_phrases().message("something_went_wrong")
    language = language_of(locale, knowledge) if locale is not None else "en"
    return knowledge.message("something_went_wrong", language)


async def tell_interaction(interaction: discord.Interaction[discord.Client]) -> None:
    """Answer an interaction whose handler failed, privately, whether or not it was already answered."""
    if interaction.type is discord.InteractionType.autocomplete:
        return  # nothing to tell: the user just sees no choices
    text = sorry(interaction.client, interaction.locale)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.exception("could not tell the user that their interaction failed")


class Errors(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot
        self._previous_tree_handler = bot.tree.on_error
        self._previous_event_handler = bot.on_error

    async def cog_load(self) -> None:
        self.bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        self.bot.on_error = self.on_event_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._previous_tree_handler  # type: ignore[method-assign]
        self.bot.on_error = self._previous_event_handler  # type: ignore[method-assign]

    async def on_app_command_error(
        self, interaction: discord.Interaction[discord.Client], error: app_commands.AppCommandError
    ) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("slash command /%s failed", name, exc_info=original)
        await tell_interaction(interaction)

    @commands.Cog.listener()
    async def on_view_error(
        self,
        interaction: discord.Interaction[discord.Client],
        error: Exception,
        item: discord.ui.Item[discord.ui.View],
    ) -> None:
        log.error("button %r failed", getattr(item, "label", item), exc_info=error)
        await tell_interaction(interaction)

    async def on_event_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("handler %s failed", event_method)
        if event_method != "on_question" or not args or not isinstance(args[0], discord.Message):
            return
        try:
            await args[0].reply(sorry(self.bot), allowed_mentions=NO_MENTIONS, mention_author=False)
        except discord.HTTPException:
            log.exception("could not tell the user that their question failed")


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Errors(bot))

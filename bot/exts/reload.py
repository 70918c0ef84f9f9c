"""`/reload`: load the knowledge base again from its folder without restarting the bot (admins only).

The folder is the bundled one, or ECSITE_BOT_DATA_DIR. It is loaded and validated in a worker thread while
the bot keeps answering; a valid knowledge base then replaces the old one at once, and an invalid one is
refused with what `ecsite-bot check --data DIR` would say (file, entry, field), the old one staying live.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import NO_MENTIONS, refuse_unless_admin
from bot.phrases import command_text, interaction_language
from bot.render.embed import truncate
from knowledge import KnowledgeError

if TYPE_CHECKING:
    from bot.client import EcsiteBot

log = logging.getLogger(__name__)

ERROR_CHARS = 1500


class Reload(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload", description=command_text("command_reload"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction[discord.Client]) -> None:
        if not await refuse_unless_admin(interaction):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        language = interaction_language(interaction)
        try:
            engine = await self.bot.reload_engine()
        except KnowledgeError as error:
            log.warning("/reload refused, the previous knowledge base stays: %s", error)
            # In a code block, so names like case_sensitive_aliases read as written; no backtick can close it.
            text = truncate(str(error).replace("`", "'"), ERROR_CHARS)
            lead = self.bot.engine.knowledge.message("reload_refused", language)
            message = f"{lead}\n```\n{text}\n```"
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        knowledge = engine.knowledge
        done = knowledge.message("reload_done", language, **knowledge.stats())
        await interaction.followup.send(done, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Reload(bot))

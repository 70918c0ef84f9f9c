"""Who may use the operators' commands (/reload, /unanswered): server managers and the bot's owner.

The commands are also registered with `default_permissions(manage_guild=True)`, so Discord hides them from
other members; this check is what actually enforces it, since a server can override those defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord.ext import commands

from bot.phrases import interaction_language

if TYPE_CHECKING:
    from bot.client import EcsiteBot

NO_MENTIONS = discord.AllowedMentions.none()


async def is_admin(interaction: discord.Interaction[discord.Client]) -> bool:
    """Manage Server in this server, or the owner of the bot's application (team members included)."""
    if interaction.guild_id is not None and interaction.permissions.manage_guild:
        return True
    client = interaction.client
    return isinstance(client, commands.Bot) and await client.is_owner(interaction.user)


async def refuse_unless_admin(interaction: discord.Interaction[discord.Client]) -> bool:
    """True if the user may go on; otherwise tell them privately and return False."""
    if await is_admin(interaction):
        return True
    bot = cast("EcsiteBot", interaction.client)
    notice = bot.engine.knowledge.message("admin_only", interaction_language(interaction))
    await interaction.response.send_message(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
    return False

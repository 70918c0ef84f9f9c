"""Browsing the knowledge base with slash commands: /project (with autocomplete), /projects, /networks,
/partners, /about, and /help, each answered in the person's Discord language."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cooldown import slowed_down
from bot.phrases import command_description, command_text, interaction_language
from bot.render.embed import ANSWERED_COLOUR, FIELD_VALUE_LIMIT
from bot.reply import NO_MENTIONS, answer_topic, remember, respond

if TYPE_CHECKING:
    from bot.client import EcsiteBot

CHOICE_LIMIT = 25  # Discord's maximum number of autocomplete choices
CHOICE_TEXT_LIMIT = 100  # and of characters in a choice's name and value


class Browse(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot

    @app_commands.command(name="project", description=command_text("command_project"))
    @app_commands.describe(name=command_text("command_project_name"))
    async def project(
        self, interaction: discord.Interaction[discord.Client], name: app_commands.Range[str, 1, 100]
    ) -> None:
        started = time.perf_counter()
        engine = self.bot.engine  # one engine for the whole answer, even if /reload swaps it meanwhile
        language = interaction_language(interaction)
        if await slowed_down(self.bot.cooldown, interaction, engine.knowledge, language):
            return
        answer = engine.answer_topic(name, language)  # picked from the list: `name` is the project's topic id
        if answer.answered:
            remember(self.bot, interaction, answer)
        else:  # typed rather than picked: read it as a question
            conversation = self.bot.conversations.get((interaction.channel_id, interaction.user.id))
            answer = engine.ask(name, conversation, preferred_language=language)
        await respond(self.bot, interaction, answer, question=f"/project {name}", started=started)

    @project.autocomplete("name")
    async def project_name(
        self, interaction: discord.Interaction[discord.Client], current: str
    ) -> list[app_commands.Choice[str]]:
        choices: list[app_commands.Choice[str]] = []
        for label, topic in self.bot.engine.complete_projects(current, CHOICE_LIMIT)[:CHOICE_LIMIT]:
            if len(topic) <= CHOICE_TEXT_LIMIT:
                choices.append(app_commands.Choice(name=label[:CHOICE_TEXT_LIMIT], value=topic))
        return choices

    async def _browse(self, interaction: discord.Interaction[discord.Client], topic: str) -> None:
        language = interaction_language(interaction)
        if await slowed_down(self.bot.cooldown, interaction, self.bot.engine.knowledge, language):
            return
        await answer_topic(self.bot, interaction, topic, question=f"/{topic}", language=language)

    @app_commands.command(name="projects", description=command_text("command_projects"))
    async def projects(self, interaction: discord.Interaction[discord.Client]) -> None:
        await self._browse(interaction, "projects")

    @app_commands.command(name="networks", description=command_text("command_networks"))
    async def networks(self, interaction: discord.Interaction[discord.Client]) -> None:
        await self._browse(interaction, "networks")

    @app_commands.command(name="partners", description=command_text("command_partners"))
    async def partners(self, interaction: discord.Interaction[discord.Client]) -> None:
        await self._browse(interaction, "partners")

    @app_commands.command(name="about", description=command_text("command_about"))
    async def about(self, interaction: discord.Interaction[discord.Client]) -> None:
        await self._browse(interaction, "about")

    @app_commands.command(name="help", description=command_text("command_help"))
    async def help(self, interaction: discord.Interaction[discord.Client]) -> None:
        embed = help_embed(self.bot, interaction_language(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


def help_embed(bot: EcsiteBot, language: str = "en") -> discord.Embed:
    """The commands as registered, so the help can never disagree with them, described in `language`."""
    knowledge = bot.engine.knowledge
    body = knowledge.message("help_body", language, menu=knowledge.message("menu_ask", language))
    title = knowledge.message("help_title", language)
    embed = discord.Embed(title=title, description=body, colour=ANSWERED_COLOUR)
    lines = []
    for command in sorted(bot.tree.get_commands(), key=lambda c: c.name):
        if isinstance(command, app_commands.Command):
            options = " ".join(f"`{p.display_name}`" for p in command.parameters)
            description = command_description(knowledge, command, language)
            lines.append(f"`/{command.name}` {options} - {description}".replace("  ", " "))
    name = knowledge.message("help_commands", language)
    embed.add_field(name=name, value="\n".join(lines)[:FIELD_VALUE_LIMIT], inline=False)
    return embed


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Browse(bot))

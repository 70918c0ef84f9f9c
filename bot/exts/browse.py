"""Browsing the knowledge base with slash commands: /project (with autocomplete), /projects, /networks,
/partners, /about, and /help."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.embed import ANSWERED_COLOUR
from bot.reply import NO_MENTIONS, answer_topic, remember, respond

if TYPE_CHECKING:
    from bot.client import EcsiteBot

CHOICE_LIMIT = 25  # Discord's maximum number of autocomplete choices
CHOICE_TEXT_LIMIT = 100  # and of characters in a choice's name and value

HELP_TITLE = "What I can do"
HELP_BODY = (
    "Ask me in your own words: mention me with a question, reply to one of my answers, send me a DM, "
    "or use `/ask`. Every answer names the document it comes from."
)


class Browse(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot

    @app_commands.command(name="project", description="One project: its aim, dates, funders and participants")
    @app_commands.describe(name="Start typing a project's name or acronym and pick it from the list")
    async def project(
        self, interaction: discord.Interaction[discord.Client], name: app_commands.Range[str, 1, 100]
    ) -> None:
        started = time.perf_counter()
        engine = self.bot.engine  # one engine for the whole answer, even if /reload swaps it meanwhile
        answer = engine.answer_topic(name)  # picked from the list: `name` is the project's topic id
        if answer.answered:
            remember(self.bot, interaction, answer)
        else:  # typed rather than picked: read it as a question
            conversation = self.bot.conversations.get((interaction.channel_id, interaction.user.id))
            answer = engine.ask(name, conversation)
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

    @app_commands.command(name="projects", description="The projects in the knowledge base, with their dates")
    async def projects(self, interaction: discord.Interaction[discord.Client]) -> None:
        await answer_topic(self.bot, interaction, "projects", question="/projects")

    @app_commands.command(name="networks", description="The sister networks around the world")
    async def networks(self, interaction: discord.Interaction[discord.Client]) -> None:
        await answer_topic(self.bot, interaction, "networks", question="/networks")

    @app_commands.command(name="partners", description="The partner organisations")
    async def partners(self, interaction: discord.Interaction[discord.Client]) -> None:
        await answer_topic(self.bot, interaction, "partners", question="/partners")

    @app_commands.command(name="about", description="What the network is, in a few lines")
    async def about(self, interaction: discord.Interaction[discord.Client]) -> None:
        await answer_topic(self.bot, interaction, "about", question="/about")

    @app_commands.command(name="help", description="What this bot can do, and its commands")
    async def help(self, interaction: discord.Interaction[discord.Client]) -> None:
        await interaction.response.send_message(
            embed=help_embed(self.bot), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


def help_embed(bot: commands.Bot) -> discord.Embed:
    """The commands as registered, so the help can never disagree with them."""
    embed = discord.Embed(title=HELP_TITLE, description=HELP_BODY, colour=ANSWERED_COLOUR)
    lines = []
    for command in sorted(bot.tree.get_commands(), key=lambda c: c.name):
        if isinstance(command, app_commands.Command):
            options = " ".join(f"`{p.display_name}`" for p in command.parameters)
            lines.append(f"`/{command.name}` {options} - {command.description}".replace("  ", " "))
    embed.add_field(name="Commands", value="\n".join(lines)[:1024], inline=False)
    return embed


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Browse(bot))

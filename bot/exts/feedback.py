"""Feedback: the 👍/👎 votes under every answer, and `/unanswered`, the gap report for the bot's operators.

`/unanswered` shows, privately and to admins only (bot/admin.py), the questions the bot declined most often
and the answers with the most 👎 over the last N days in that server, from the question log (bot/storage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import NO_MENTIONS, refuse_unless_admin
from bot.exts.teach import add_candidates
from bot.phrases import command_text, interaction_language
from bot.render.embed import ANSWERED_COLOUR, FIELD_VALUE_LIMIT, truncate
from bot.storage.report import DEFAULT_DAYS, Report
from bot.views.votes import VoteButton
from knowledge.phrases import PhraseBook

if TYPE_CHECKING:
    from bot.client import EcsiteBot

REPORT_LINES = 10
SHOWN_QUESTION_CHARS = 100


class Feedback(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot

    @app_commands.command(name="unanswered", description=command_text("command_unanswered"))
    @app_commands.describe(days=command_text("command_unanswered_days"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unanswered(
        self,
        interaction: discord.Interaction[discord.Client],
        days: app_commands.Range[int, 1, 3650] = DEFAULT_DAYS,
    ) -> None:
        if not await refuse_unless_admin(interaction):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        language, phrases = interaction_language(interaction), self.bot.engine.knowledge
        # This server's questions only: its admins must not read what people asked elsewhere.
        report = await self.bot.question_log.report(days, REPORT_LINES, guild_id=interaction.guild_id)
        if report is None:
            notice = phrases.message("report_unavailable", language)
            await interaction.followup.send(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        embed = report_embed(report, phrases, language)
        candidates = add_candidates(self.bot, embed, report, language)
        if candidates is None:
            await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.followup.send(
            embed=embed, view=candidates, ephemeral=True, allowed_mentions=NO_MENTIONS
        )


def _escape(text: str) -> str:
    """User text shown back: no pings, no markdown tricks, one line."""
    one_line = " ".join(text.split())
    return discord.utils.escape_markdown(discord.utils.escape_mentions(one_line))


def _lines_within(lines: list[str], none_yet: str, limit: int = FIELD_VALUE_LIMIT) -> str:
    """As many whole lines as fit in one field value."""
    kept: list[str] = []
    used = 0
    for line in lines:
        line = truncate(line, limit)
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept) or none_yet


def report_embed(report: Report, phrases: PhraseBook, language: str = "en") -> discord.Embed:
    """The gap report as one embed, within Discord's limits whatever people asked."""

    def say(key: str, **values: object) -> str:
        return phrases.message(key, language, **values)

    title = say("report_title_one" if report.days == 1 else "report_title_many", days=report.days)
    embed = discord.Embed(title=title, colour=ANSWERED_COLOUR)
    if report.questions:
        share = round(100 * report.declined / report.questions)
        key = "report_counts_one" if report.questions == 1 else "report_counts_many"
        embed.description = say(
            key, questions=report.questions, answered=report.answered, declined=report.declined, share=share
        )
    else:
        embed.description = say("report_no_questions")
    none_yet = say("report_none_yet")
    declined = [
        f"**{item.count}×** {_escape(truncate(item.question, SHOWN_QUESTION_CHARS))} "
        + say("report_last_asked", when=f"<t:{int(item.last_asked.timestamp())}:R>")
        for item in report.top_declined
    ]
    embed.add_field(name=say("report_declined"), value=_lines_within(declined, none_yet), inline=False)
    disliked = []
    for item in report.most_disliked:
        given = say("report_given_one" if item.given == 1 else "report_given_many", given=item.given)
        topic = _escape(item.topic) if item.topic is not None else say("report_declines")
        disliked.append(f"`{item.down}` 👎 `{item.up}` 👍 {topic} {given}")
    embed.add_field(name=say("report_disliked"), value=_lines_within(disliked, none_yet), inline=False)
    embed.set_footer(text=say("report_footer"))
    return embed


async def setup(bot: EcsiteBot) -> None:
    # Registered on the bot, not per message: votes work on every answer, after timeouts and restarts too.
    bot.add_dynamic_items(VoteButton)
    await bot.add_cog(Feedback(bot))

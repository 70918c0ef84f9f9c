"""Asking in your own words: `/ask`, mentioning the bot, DMing it, and questions in the answer channels.

A message addressed to the bot (a mention, a reply to the bot, a DM) is answered as a reply, with a per-user
cooldown. In ECSITE_BOT_CHANNELS a message ending in "?" is answered without a mention, but only when the
knowledge base has the answer (no "I don't know" to people talking among themselves).
"""

from __future__ import annotations

import math
import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.reply import NO_MENTIONS, reply_to_message, respond

if TYPE_CHECKING:
    from bot.client import EcsiteBot

EMPTY_MENTION = "Ask me a question after the mention, or type `/help` to see what I can do."
SLOW_DOWN = "You're asking faster than I can keep up. Please ask again in {seconds} s."
ANSWERED_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)


def _clock() -> float:
    """Cooldown time: monotonic (the tests advance it), never 0.0, which discord.py reads as "not given"."""
    return time.monotonic() + 1.0


class Ask(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot
        settings = bot.settings
        self.cooldown = commands.CooldownMapping.from_cooldown(
            settings.cooldown_rate, settings.cooldown_seconds, commands.BucketType.user
        )
        # At most one "slow down" notice per user per cooldown period, so the notices cannot spam either.
        self.notices = commands.CooldownMapping.from_cooldown(
            1, settings.cooldown_seconds, commands.BucketType.user
        )

    @app_commands.command(name="ask", description="Ask a question in your own words")
    @app_commands.describe(question="Your question, as you would ask a person")
    async def ask(
        self, interaction: discord.Interaction[discord.Client], question: app_commands.Range[str, 1, 500]
    ) -> None:
        started = time.perf_counter()
        conversation = self.bot.conversations.get((interaction.channel_id, interaction.user.id))
        answer = self.bot.engine.ask(question, conversation)
        await respond(self.bot, interaction, answer, question=question, started=started)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        if message.type not in ANSWERED_MESSAGE_TYPES:
            return
        addressed = message.guild is None or self._mentions_me(message, me)
        if not addressed and not self._is_channel_question(message):
            return
        question = self._strip_mentions(message, me) if addressed else message.content.strip()
        if addressed and not question:
            await message.reply(EMPTY_MENTION, allowed_mentions=NO_MENTIONS, mention_author=False)
            return
        now = _clock()
        retry_after = self.cooldown.get_bucket(message, now).update_rate_limit(now)  # type: ignore[union-attr]
        if retry_after:
            if addressed and not self.notices.get_bucket(message, now).update_rate_limit(now):  # type: ignore[union-attr]
                seconds = max(1, math.ceil(retry_after))
                await message.reply(
                    SLOW_DOWN.format(seconds=seconds), allowed_mentions=NO_MENTIONS, mention_author=False
                )
            return
        # Answered by `on_question`: a failure there is answered "something went wrong" by bot/exts/errors.py.
        self.bot.dispatch("question", message, question, addressed)

    @commands.Cog.listener()
    async def on_question(self, message: discord.Message, question: str, addressed: bool) -> None:
        started = time.perf_counter()
        conversation = self.bot.conversations.get((message.channel.id, message.author.id))
        answer = self.bot.engine.ask(question, conversation)
        if not addressed and not answer.answered:
            return  # not answered, so not logged: people talking among themselves
        await reply_to_message(self.bot, message, answer, question=question, started=started)

    def _mentions_me(self, message: discord.Message, me: discord.ClientUser) -> bool:
        """A mention of the bot or of its own role, or a reply that pings it; @everyone does not count."""
        if any(user.id == me.id for user in message.mentions):
            return True
        role = message.guild.self_role if message.guild else None
        return role is not None and role in message.role_mentions

    def _is_channel_question(self, message: discord.Message) -> bool:
        channel_ids = self.bot.settings.channel_ids
        channel = message.channel
        in_channel = channel.id in channel_ids or getattr(channel, "parent_id", None) in channel_ids
        return in_channel and message.content.strip().endswith("?")

    def _strip_mentions(self, message: discord.Message, me: discord.ClientUser) -> str:
        pattern = rf"<@!?{me.id}>"
        role = message.guild.self_role if message.guild else None
        if role is not None:
            pattern += rf"|<@&{role.id}>"
        return " ".join(re.sub(pattern, " ", message.content).split())


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Ask(bot))

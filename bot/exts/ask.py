"""Asking in your own words: `/ask`, "Ask Ecsite bot" on someone's message, mentioning the bot, DMing it, and
questions in the answer channels.

A message addressed to the bot (a mention, a reply to the bot, a DM) is answered as a reply. In
ECSITE_BOT_CHANNELS a message ending in "?" is answered without a mention, but only when the knowledge base
has the answer (no "I don't know" to people talking among themselves). One per-user cooldown covers every
way of asking. `/ask` and the message menu answer in the person's Discord language when the question does not
settle it; a message carries no such language, so notices about messages are in English.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cooldown import slowed_down, wait_seconds
from bot.phrases import command_text, interaction_language
from bot.reply import NO_MENTIONS, answer_for, reply_to_message, respond

if TYPE_CHECKING:
    from bot.client import EcsiteBot

ANSWERED_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)


class Ask(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot
        # discord.py takes no context menu from a cog's methods: built here, added to the tree on load.
        self.menu = app_commands.ContextMenu(name=command_text("menu_ask"), callback=self.ask_about_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="ask", description=command_text("command_ask"))
    @app_commands.describe(question=command_text("command_ask_question"))
    async def ask(
        self, interaction: discord.Interaction[discord.Client], question: app_commands.Range[str, 1, 500]
    ) -> None:
        started = time.perf_counter()
        language = interaction_language(interaction)
        if await self._slowed_down(interaction, language):
            return
        conversation = self.bot.conversations.get((interaction.channel_id, interaction.user.id))
        answer = self.bot.engine.ask(question, conversation, preferred_language=language)
        await respond(self.bot, interaction, answer, question=question, started=started)

    async def ask_about_message(
        self, interaction: discord.Interaction[discord.Client], message: discord.Message
    ) -> None:
        """Apps > Ask Ecsite bot: answer someone's message as a question, for the person who asked for it."""
        started = time.perf_counter()
        language = interaction_language(interaction)
        me = self.bot.user
        question = self._strip_mentions(message, me) if me is not None else message.content.strip()
        if not question:
            notice = self.bot.engine.knowledge.message("nothing_to_answer", language)
            await interaction.response.send_message(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if await self._slowed_down(interaction, language):
            return
        # The conversation of the person who asked for the answer: their follow-ups are about it.
        conversation = self.bot.conversations.get((interaction.channel_id, interaction.user.id))
        answer = self.bot.engine.ask(question, conversation, preferred_language=language)
        await answer_for(self.bot, interaction, message, answer, question=question, started=started)

    async def _slowed_down(self, interaction: discord.Interaction[discord.Client], language: str) -> bool:
        return await slowed_down(self.bot.cooldown, interaction, self.bot.engine.knowledge, language)

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
        phrases = self.bot.engine.knowledge
        if addressed and not question:
            notice = phrases.message("empty_mention")
            await message.reply(notice, allowed_mentions=NO_MENTIONS, mention_author=False)
            return
        cooldown = self.bot.cooldown
        retry_after = cooldown.retry_after(message.author.id)
        if retry_after:
            if addressed and cooldown.may_notify(message.author.id):
                notice = phrases.message("slow_down", seconds=wait_seconds(retry_after))
                await message.reply(notice, allowed_mentions=NO_MENTIONS, mention_author=False)
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

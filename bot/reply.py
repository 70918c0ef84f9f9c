"""Sending an `Answer`: its embed pages and buttons, as a reply to a message or an interaction response.

Every command, listener and button answers through here, so an answer looks the same wherever it is asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.render.embed import link_buttons, render_pages
from bot.views.paginator import Paginator
from bot.views.suggestions import add_suggestions
from knowledge import Answer

if TYPE_CHECKING:
    from bot.client import EcsiteBot

NO_MENTIONS = discord.AllowedMentions.none()


def answer_view(bot: EcsiteBot, answer: Answer, *, owner_id: int) -> Paginator:
    """The answer's pages in a view with its link buttons and suggestion buttons."""
    view = Paginator(render_pages(answer), owner_id=owner_id, timeout=bot.settings.view_timeout_seconds)
    view.add_links(link_buttons(answer))

    async def pick(interaction: discord.Interaction[discord.Client], topic: str) -> None:
        await answer_topic(bot, interaction, topic, language=answer.language)

    add_suggestions(view, answer.suggestions, pick)
    return view


async def reply_to_message(bot: EcsiteBot, message: discord.Message, answer: Answer) -> discord.Message:
    view = answer_view(bot, answer, owner_id=message.author.id)
    sent = await message.channel.send(
        embed=view.current,
        view=view if view.has_items() else None,
        allowed_mentions=NO_MENTIONS,
        mention_author=False,
        # A reply; if the question was deleted meanwhile, a plain message rather than an error.
        reference=message.to_reference(fail_if_not_exists=False),
    )
    view.message = sent
    return sent


async def respond(
    bot: EcsiteBot,
    interaction: discord.Interaction[discord.Client],
    answer: Answer,
    *,
    ephemeral: bool = False,
) -> None:
    view = answer_view(bot, answer, owner_id=interaction.user.id)
    items = view if view.has_items() else discord.utils.MISSING
    if interaction.response.is_done():
        view.message = await interaction.followup.send(
            embed=view.current, view=items, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, wait=True
        )
        return
    await interaction.response.send_message(
        embed=view.current, view=items, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
    )
    if view.has_items():
        view.message = await interaction.original_response()


async def answer_topic(
    bot: EcsiteBot, interaction: discord.Interaction[discord.Client], topic: str, *, language: str = "en"
) -> None:
    """Answer one topic id (a suggestion button, a browse command) and remember it for follow-ups."""
    conversation = bot.conversations.get((interaction.channel_id, interaction.user.id))
    answer = bot.engine.answer_topic(topic, language=language, conversation=conversation)
    await respond(bot, interaction, answer)


def remember(bot: EcsiteBot, interaction: discord.Interaction[discord.Client], answer: Answer) -> None:
    """Make an answer the subject of this person's conversation here, so "who funds it?" follows."""
    bot.conversations.get((interaction.channel_id, interaction.user.id)).remember(answer)

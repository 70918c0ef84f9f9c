"""Sending an `Answer`: its embed pages and buttons, as a reply to a message or an interaction response.

Every command, listener and button answers through here, so an answer looks the same wherever it is asked,
carries 👍/👎 buttons, and is recorded in the question log (after it is sent, so the log never delays it).
Where the bot may not embed links (a server took Embed Links away), the same answer goes out as plain text.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord

from bot.cooldown import slowed_down
from bot.phrases import interaction_language
from bot.render.embed import link_buttons, render_pages
from bot.render.text import render_text
from bot.storage.question_log import new_answer_id
from bot.views.paginator import Paginator
from bot.views.suggestions import add_suggestions
from bot.views.votes import vote_buttons
from knowledge import Answer
from knowledge.phrases import PhraseBook

if TYPE_CHECKING:
    from bot.client import EcsiteBot

NO_MENTIONS = discord.AllowedMentions.none()
# Discord's limit on a message's text.
MESSAGE_CHARS = 2000


def text_messages(answer: Answer, phrases: PhraseBook | None = None, limit: int = MESSAGE_CHARS) -> list[str]:
    """The answer as plain text, in as few messages as fit Discord's limit, cut between lines."""
    messages: list[str] = []
    current = ""
    for line in render_text(answer, phrases).split("\n"):
        while len(line) > limit:
            if current:
                messages.append(current)
                current = ""
            messages.append(line[:limit])
            line = line[limit:]
        if current and len(current) + 1 + len(line) > limit:
            messages.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        messages.append(current)
    return messages or [answer.title or "…"]


def may_embed(message: discord.Message) -> bool:
    """Whether the bot may show embeds where `message` was sent (always in a DM)."""
    if message.guild is None:
        return True
    return message.channel.permissions_for(message.guild.me).embed_links


def answer_view(
    bot: EcsiteBot, answer: Answer, *, owner_id: int, answer_id: str | None = None, text: bool = False
) -> Paginator:
    """The answer's pages in a view with its link buttons, suggestion buttons and (given its id) votes.

    With `text`, the answer is sent as text, so the view keeps the buttons but has no pages to turn."""
    phrases, language = bot.engine.knowledge, answer.language
    pages = render_pages(answer, phrases)
    view = Paginator(
        pages[:1] if text else pages,
        owner_id=owner_id,
        timeout=bot.settings.view_timeout_seconds,
        labels=(phrases.message("button_previous", language), phrases.message("button_next", language)),
    )
    view.add_links(link_buttons(answer, phrases))
    labels = {suggestion.topic: suggestion.label for suggestion in answer.suggestions}

    async def pick(interaction: discord.Interaction[discord.Client], topic: str) -> None:
        notice_language = interaction_language(interaction)
        if await slowed_down(bot.cooldown, interaction, bot.engine.knowledge, notice_language):
            return
        await answer_topic(
            bot, interaction, topic, question=labels.get(topic, topic), language=answer.language
        )
        # Only the asker can press these (the view is theirs): the pair says what their question meant.
        if answer_id is not None and not answer.answered:
            await bot.question_log.record_choice(answer_id, topic)

    add_suggestions(view, answer.suggestions, pick)
    if answer_id is not None:
        for button in vote_buttons(answer_id):
            view.add_item(button)
    return view


async def log_answer(
    bot: EcsiteBot,
    answer_id: str,
    answer: Answer,
    *,
    question: str,
    started: float,
    guild_id: int | None,
    channel_id: int | None,
    asker_id: int,
) -> None:
    """Record one answer (or decline) in the question log: no user id (`asker_id` only makes the key that
    counts a person's repeated question once), and never raises."""
    await bot.question_log.log_question(
        answer_id=answer_id,
        asker_id=asker_id,
        question=question,
        topic=answer.topic,
        score=answer.score,
        answered=answer.answered,
        latency_ms=(time.perf_counter() - started) * 1000,
        guild_id=guild_id,
        channel_id=channel_id,
    )


async def reply_to_message(
    bot: EcsiteBot,
    message: discord.Message,
    answer: Answer,
    *,
    question: str,
    started: float,
    owner_id: int | None = None,
) -> discord.Message:
    """Reply to `message` with `answer`; `question` is what is logged, `started` a `time.perf_counter()`. The
    buttons belong to `owner_id`, by default the message's author."""
    answer_id = new_answer_id()
    owner = message.author.id if owner_id is None else owner_id
    embeds = may_embed(message)
    view = answer_view(bot, answer, owner_id=owner, answer_id=answer_id, text=not embeds)
    try:
        # A reply; if the question was deleted meanwhile, a plain message rather than an error.
        reference = message.to_reference(fail_if_not_exists=False)
        if embeds:
            sent = await message.channel.send(
                embed=view.current,
                view=view,
                allowed_mentions=NO_MENTIONS,
                mention_author=False,
                reference=reference,
            )
        else:
            # The first part replies to the question; the buttons go under the last, where the answer ends.
            parts = text_messages(answer, bot.engine.knowledge)
            sent = await message.channel.send(
                parts[0],
                view=view if len(parts) == 1 else None,
                allowed_mentions=NO_MENTIONS,
                mention_author=False,
                reference=reference,
            )
            for number, part in enumerate(parts[1:], start=2):
                sent = await message.channel.send(
                    part, view=view if number == len(parts) else None, allowed_mentions=NO_MENTIONS
                )
        view.message = sent
        return sent
    finally:
        await log_answer(
            bot,
            answer_id,
            answer,
            question=question,
            started=started,
            guild_id=message.guild.id if message.guild else None,
            channel_id=message.channel.id,
            asker_id=owner,
        )


async def respond(
    bot: EcsiteBot,
    interaction: discord.Interaction[discord.Client],
    answer: Answer,
    *,
    question: str,
    started: float | None = None,
    ephemeral: bool = False,
) -> None:
    """Answer an interaction; `question` is what is logged (the text asked, or the command used)."""
    started = time.perf_counter() if started is None else started
    answer_id = new_answer_id()
    embeds = interaction.guild_id is None or interaction.app_permissions.embed_links
    view = answer_view(bot, answer, owner_id=interaction.user.id, answer_id=answer_id, text=not embeds)
    try:
        if embeds:
            if interaction.response.is_done():
                view.message = await interaction.followup.send(
                    embed=view.current,
                    view=view,
                    ephemeral=ephemeral,
                    allowed_mentions=NO_MENTIONS,
                    wait=True,
                )
                return
            await interaction.response.send_message(
                embed=view.current, view=view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
            )
            view.message = await interaction.original_response()
            return
        parts = text_messages(answer, bot.engine.knowledge)
        for number, part in enumerate(parts, start=1):
            part_view = view if number == len(parts) else discord.utils.MISSING
            if number == 1 and not interaction.response.is_done():
                await interaction.response.send_message(
                    part, view=part_view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
                )
                if number == len(parts):
                    view.message = await interaction.original_response()
            else:
                view.message = await interaction.followup.send(
                    part, view=part_view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, wait=True
                )
    finally:
        await log_answer(
            bot,
            answer_id,
            answer,
            question=question,
            started=started,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            asker_id=interaction.user.id,
        )


def can_reply_in_channel(interaction: discord.Interaction[discord.Client]) -> bool:
    """Whether the bot may post a reply where the interaction happened (a response to it, it always may)."""
    if interaction.guild_id is None:
        return isinstance(interaction.channel, discord.DMChannel)  # its own DM; not a group or another's DM
    permissions = interaction.app_permissions
    in_thread = isinstance(interaction.channel, discord.Thread)
    send = permissions.send_messages_in_threads if in_thread else permissions.send_messages
    return send and permissions.read_message_history


async def answer_for(
    bot: EcsiteBot,
    interaction: discord.Interaction[discord.Client],
    message: discord.Message,
    answer: Answer,
    *,
    question: str,
    started: float,
) -> None:
    """Answer someone's `message` for the person who used the message menu on it: a reply to the message,
    whose buttons are that person's; where the bot may not post, the interaction's own public response."""
    if not can_reply_in_channel(interaction):
        await respond(bot, interaction, answer, question=question, started=started)
        return
    # Private and brief: it only keeps the interaction alive until the reply is posted, then goes.
    await interaction.response.defer(ephemeral=True, thinking=True)
    await reply_to_message(
        bot, message, answer, question=question, started=started, owner_id=interaction.user.id
    )
    await interaction.delete_original_response()


async def answer_topic(
    bot: EcsiteBot,
    interaction: discord.Interaction[discord.Client],
    topic: str,
    *,
    question: str,
    language: str = "en",
) -> None:
    """Answer one topic id (a suggestion button, a browse command) and remember it for follow-ups."""
    started = time.perf_counter()
    conversation = bot.conversations.get((interaction.channel_id, interaction.user.id))
    answer = bot.engine.answer_topic(topic, language=language, conversation=conversation)
    await respond(bot, interaction, answer, question=question, started=started)


def remember(bot: EcsiteBot, interaction: discord.Interaction[discord.Client], answer: Answer) -> None:
    """Make an answer the subject of this person's conversation here, so "who funds it?" follows."""
    bot.conversations.get((interaction.channel_id, interaction.user.id)).remember(answer)

"""👍/👎 under every answer: anyone may vote, once per answer (voting again replaces their vote).

A vote button's custom id carries the answer's random id (`vote:up:<answer_id>`), never a Discord id. Every
click is answered by `VoteButton`, a dynamic item the bot registers at start-up (`bot.add_dynamic_items`),
so votes work on any answer the bot ever sent: after its page buttons timed out, and after a restart.

The answer's own view (the Paginator, which only the asker may drive) shows the same buttons as
`LiveVoteButton`s, which stand aside so that a click is answered once, by `VoteButton`, for anyone.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.phrases import interaction_language
from bot.storage.question_log import Vote

if TYPE_CHECKING:
    from bot.client import EcsiteBot

log = logging.getLogger(__name__)

VOTE_TEMPLATE = r"vote:(?P<value>up|down):(?P<answer_id>[0-9a-f]{32})"
VOTE_ROW = 3
VOTES = {"up": Vote.UP, "down": Vote.DOWN}
EMOJI = {"up": "\N{THUMBS UP SIGN}", "down": "\N{THUMBS DOWN SIGN}"}
LABELS = {"up": "Helpful", "down": "Not helpful"}

NO_MENTIONS = discord.AllowedMentions.none()


def vote_custom_id(value: str, answer_id: str) -> str:
    return f"vote:{value}:{answer_id}"


class LiveVoteButton(discord.ui.Button[discord.ui.View]):
    """A vote button as shown in an answer's view. It ignores its clicks (`VoteButton` answers them), so the
    view's owner-only check never sees them, and it stays enabled when the view times out."""

    # Read by the Paginator: buttons answered outside the view stay enabled on timeout.
    outlives_view = True

    def __init__(self, value: str, answer_id: str) -> None:
        super().__init__(
            emoji=EMOJI[value],
            custom_id=vote_custom_id(value, answer_id),
            style=discord.ButtonStyle.secondary,
            row=VOTE_ROW,
        )

    async def interaction_check(self, interaction: discord.Interaction[discord.Client], /) -> bool:
        return False


def vote_buttons(answer_id: str) -> list[discord.ui.Button[discord.ui.View]]:
    """The 👍 and 👎 buttons for one answer."""
    return [LiveVoteButton("up", answer_id), LiveVoteButton("down", answer_id)]


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=VOTE_TEMPLATE):
    """Answers every click on a vote button, whoever clicks and however old the answer."""

    def __init__(self, value: str, answer_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                emoji=EMOJI[value],
                custom_id=vote_custom_id(value, answer_id),
                style=discord.ButtonStyle.secondary,
                row=VOTE_ROW,
            )
        )
        self.value = value
        self.answer_id = answer_id

    @property
    def label(self) -> str:
        """For error logs (bot/exts/errors.py names the button that failed)."""
        return LABELS[self.value]

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: Any,
        /,
    ) -> VoteButton:
        return cls(match["value"], match["answer_id"])

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        # discord.py only logs what a dynamic item raises: send it where every other failure goes.
        try:
            bot = cast("EcsiteBot", interaction.client)
            stored = await bot.question_log.record_vote(
                self.answer_id, interaction.user.id, VOTES[self.value]
            )
            key = "vote_thanks" if stored else "vote_not_recorded"
            notice = bot.engine.knowledge.message(key, interaction_language(interaction))
            await interaction.response.send_message(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except Exception as error:
            interaction.client.dispatch("view_error", interaction, error, self)

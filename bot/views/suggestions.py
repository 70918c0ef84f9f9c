"""A decline's "did you mean" suggestions as buttons; pressing one answers that topic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.render.embed import BUTTON_LABEL_LIMIT, truncate
from knowledge import Suggestion

# Called with the button's interaction and the suggestion's topic id.
PickTopic = Callable[[discord.Interaction[discord.Client], str], Awaitable[None]]

SUGGESTION_LIMIT = 5  # one row
SUGGESTION_ROW = 2


class SuggestionButton(discord.ui.Button[discord.ui.View]):
    def __init__(self, suggestion: Suggestion, on_pick: PickTopic) -> None:
        super().__init__(
            label=truncate(suggestion.label, BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.primary,
            row=SUGGESTION_ROW,
        )
        self.topic = suggestion.topic
        self._on_pick = on_pick

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        await self._on_pick(interaction, self.topic)


def add_suggestions(view: discord.ui.View, suggestions: Sequence[Suggestion], on_pick: PickTopic) -> None:
    """Add one button per suggestion (at most one row of them) to `view`."""
    seen: set[str] = set()
    for suggestion in suggestions:
        if len(seen) >= SUGGESTION_LIMIT:
            break
        if suggestion.topic in seen or not suggestion.label.strip():
            continue
        seen.add(suggestion.topic)
        view.add_item(SuggestionButton(suggestion, on_pick))

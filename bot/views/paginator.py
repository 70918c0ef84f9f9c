"""The buttons under an answer: Previous/Next for a long answer, plus its link and suggestion buttons.

Only the person who asked can press them (others get a short private notice), and they disable themselves
when the view times out; the 👍/👎 buttons it also shows are for anyone and stay (see bot/views/votes.py).
Style after RoboDanny's cogs/utils/paginator.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import discord

from bot.phrases import interaction_language

if TYPE_CHECKING:
    from bot.client import EcsiteBot

log = logging.getLogger(__name__)

NAV_ROW = 0
LINK_ROW = 1


class Paginator(discord.ui.View):
    """A view over one answer's pages; extra items (links, suggestions) can be added with `add_item`.
    `labels` are the Previous and Next buttons' labels, in the answer's language."""

    def __init__(
        self,
        pages: Sequence[discord.Embed],
        *,
        owner_id: int,
        labels: tuple[str, str],
        timeout: float = 180.0,
    ) -> None:
        super().__init__(timeout=timeout)
        if not pages:
            raise ValueError("a Paginator needs at least one page")
        self.previous_page.label, self.next_page.label = labels
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.Message | discord.InteractionMessage | None = None
        if len(self.pages) < 2:
            self.remove_item(self.previous_page)
            self.remove_item(self.next_page)
        self._update_buttons()

    @property
    def current(self) -> discord.Embed:
        return self.pages[self.index]

    def add_links(self, buttons: Sequence[discord.ui.Button[discord.ui.View]]) -> None:
        for button in buttons:
            button.row = LINK_ROW
            self.add_item(button)

    def has_items(self) -> bool:
        return bool(self.children)

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction[discord.Client], /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        bot = cast("EcsiteBot", interaction.client)
        # In the language of the person who pressed, who may not read the asker's.
        notice = bot.engine.knowledge.message("not_yours", interaction_language(interaction))
        await interaction.response.send_message(
            notice, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
        return False

    async def _show(self, interaction: discord.Interaction[discord.Client], index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(
            embed=self.current, view=self, allowed_mentions=discord.AllowedMentions.none()
        )

    # Labelled in __init__, in the answer's language.
    @discord.ui.button(emoji="\N{BLACK LEFT-POINTING TRIANGLE}", row=NAV_ROW)
    async def previous_page(
        self, interaction: discord.Interaction[discord.Client], button: discord.ui.Button[Paginator]
    ) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(emoji="\N{BLACK RIGHT-POINTING TRIANGLE}", row=NAV_ROW)
    async def next_page(
        self, interaction: discord.Interaction[discord.Client], button: discord.ui.Button[Paginator]
    ) -> None:
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        for item in self.children:
            # Link buttons keep working, and so do buttons answered outside this view (the vote buttons).
            outlives = getattr(item, "outlives_view", False)
            if isinstance(item, discord.ui.Button) and item.url is None and not outlives:
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:  # the message was deleted, or the token expired
            log.debug("could not disable the buttons of message %s: %s", self.message.id, error)

    async def on_error(
        self,
        interaction: discord.Interaction[discord.Client],
        error: Exception,
        item: discord.ui.Item[discord.ui.View],
        /,
    ) -> None:
        # Handled in one place, with the app-command and listener errors: bot/exts/errors.py.
        interaction.client.dispatch("view_error", interaction, error, item)

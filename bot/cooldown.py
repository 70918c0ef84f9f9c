"""One per-user cooldown for every way of asking: a mention, a DM, a question in an answer channel, `/ask`,
the message menu, the browse commands and a "did you mean" button all draw on the same allowance.

Each of these puts a question in the question log; one bucket for all of them is what keeps one person from
flooding the log (and `/unanswered`) by switching from one way of asking to another. Turning pages, voting
and `/help` ask nothing of the knowledge base, log nothing, and are not counted.
"""

from __future__ import annotations

import math
import time

import discord
from discord.ext import commands

from bot.admin import NO_MENTIONS
from knowledge.phrases import PhraseBook


def _user_id(user_id: int) -> int:
    return user_id


def _clock() -> float:
    """Cooldown time: monotonic (the tests advance it), never 0.0, which discord.py reads as "not given"."""
    return time.monotonic() + 1.0


class AskingCooldown:
    """At most `rate` questions per user every `per` seconds, and one "slow down" notice per period."""

    def __init__(self, rate: int, per: float) -> None:
        mapping = commands.CooldownMapping.from_cooldown
        self._asked: commands.CooldownMapping[int] = mapping(rate, per, _user_id)
        # In channels a notice is a message too: at most one per user per period, so notices cannot spam.
        self._notices: commands.CooldownMapping[int] = mapping(1, per, _user_id)

    def retry_after(self, user_id: int) -> float:
        """0 if this user may ask now (and counts it), else the seconds until they may."""
        now = _clock()
        return self._asked.get_bucket(user_id, now).update_rate_limit(now) or 0.0  # type: ignore[union-attr]

    def may_notify(self, user_id: int) -> bool:
        """Whether a "slow down" notice may go to this user in a channel now (and counts it)."""
        now = _clock()
        return not self._notices.get_bucket(user_id, now).update_rate_limit(now)  # type: ignore[union-attr]


def wait_seconds(retry_after: float) -> int:
    return max(1, math.ceil(retry_after))


async def slowed_down(
    cooldown: AskingCooldown,
    interaction: discord.Interaction[discord.Client],
    phrases: PhraseBook,
    language: str,
) -> bool:
    """Count an interaction that asks a question; past the allowance, tell the person privately (no limit on
    that notice: it spams nobody) and return True, and the interaction asks nothing."""
    retry_after = cooldown.retry_after(interaction.user.id)
    if not retry_after:
        return False
    notice = phrases.message("slow_down", language, seconds=wait_seconds(retry_after))
    await interaction.response.send_message(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
    return True

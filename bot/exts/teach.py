"""`/teach` and `/unteach`: answer a declined question with a topic from now on, or undo it (admins only).

A taught question is saved in the learned phrasings file (ECSITE_BOT_LEARNED, knowledge/learned.py), the
engine is rebuilt with it in a worker thread and swapped in at once, as `/reload` does, and the reply shows
the answer the bot now gives, with any other topic the question also reads like. `/unanswered` offers the
"did you mean" picks several people made as buttons that teach them in one press.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process, utils

from bot.admin import NO_MENTIONS, is_admin, refuse_unless_admin
from bot.phrases import command_text, interaction_language
from bot.render.embed import BUTTON_LABEL_LIMIT, FIELD_VALUE_LIMIT, truncate
from bot.reply import answer_view
from bot.storage.question_log import scrub_question
from bot.storage.report import DEFAULT_DAYS, ChosenSuggestion, Report
from knowledge import Engine, KnowledgeBase, KnowledgeError
from knowledge.learned import MAX_QUESTION_CHARS, teachable_topics
from knowledge.teaching import Lesson, forget, teach

if TYPE_CHECKING:
    from bot.client import EcsiteBot

log = logging.getLogger(__name__)

CHOICES = 25  # Discord's limit for autocomplete
CHOICE_CHARS = 100  # ... and for a choice's name and value
ERROR_CHARS = 1500
CONTENT_CHARS = 2000
CANDIDATE_BUTTONS = 5  # one row
MIN_TOPIC_MATCH = 60


def shown(text: str) -> str:
    """A question people typed, shown back: one line, no markdown or mentions of its own."""
    one_line = " ".join(text.split())
    return discord.utils.escape_markdown(discord.utils.escape_mentions(one_line))


def topic_id(knowledge: KnowledgeBase, typed: str) -> str:
    """The id an autocomplete choice carries, or the topic whose title or id was typed in full."""
    titles = teachable_topics(knowledge)
    if typed in titles:
        return typed
    by_title = {title.casefold(): key for key, title in titles.items()}
    return by_title.get(typed.strip().casefold(), typed.strip())


def lesson_message(lesson: Lesson, language: str) -> str:
    knowledge = lesson.engine.knowledge
    titles = teachable_topics(knowledge)
    topic = titles[lesson.entry.topic]
    lines = [knowledge.message("teach_taught", language, question=shown(lesson.entry.question), topic=topic)]
    if lesson.replaced is not None:
        before = titles.get(lesson.replaced.topic, lesson.replaced.topic)
        lines.append(knowledge.message("teach_replaced", language, topic=before))
    if lesson.also_like:
        also = ", ".join(f"“{title}”" for title in lesson.also_like)
        lines.append(knowledge.message("teach_also_like", language, titles=also, topic=topic))
    key = "teach_now_answers" if lesson.answered_as_taught else "teach_not_as_taught"
    lines.append(knowledge.message(key, language, topic=topic))
    return truncate("\n".join(lines), CONTENT_CHARS)


async def send_lesson(
    bot: EcsiteBot, interaction: discord.Interaction[discord.Client], lesson: Lesson, content: str
) -> None:
    """`content`, then the answer the bot now gives, as an embed like any answer (pages and links)."""
    # Built as every answer's view, without votes: nobody asked it, so there is nothing to vote on.
    view = answer_view(bot, lesson.answer, owner_id=interaction.user.id)
    view.message = await interaction.followup.send(
        content, embed=view.current, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS, wait=True
    )


async def relearn_and_reply(
    bot: EcsiteBot,
    interaction: discord.Interaction[discord.Client],
    change: Callable[[Engine], Lesson | None],
    *,
    taught: bool,
    question: str,
) -> None:
    """Run one change of the learned phrasings for an admin, privately, and say what it did."""
    if not await refuse_unless_admin(interaction):
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    knowledge = bot.engine.knowledge
    language = interaction_language(interaction)
    try:
        lesson = await bot.relearn(change)
    except KnowledgeError as error:
        log.warning("teaching refused, the bot answers as before: %s", error)
        # In a code block, as /reload shows it, so ids read as written; no backtick can close it.
        text = truncate(str(error).replace("`", "'"), ERROR_CHARS)
        message = knowledge.message("teach_refused", language, error=f"\n```\n{text}\n```")
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    if lesson is None:
        message = knowledge.message("untaught_missing", language, question=shown(question))
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    if taught:
        content = lesson_message(lesson, language)
    else:
        topic = teachable_topics(lesson.engine.knowledge).get(lesson.entry.topic, lesson.entry.topic)
        content = lesson.engine.knowledge.message(
            "untaught_done", language, question=shown(lesson.entry.question), topic=topic
        )
    await send_lesson(bot, interaction, lesson, content)


async def teach_and_reply(
    bot: EcsiteBot, interaction: discord.Interaction[discord.Client], question: str, topic: str
) -> None:
    # The same text the question log keeps: no Discord id in a file kept beyond retention.
    question = scrub_question(question)
    chosen = topic_id(bot.engine.knowledge, topic)
    settings = bot.settings

    def change(engine: Engine) -> Lesson:
        return teach(engine, settings.data_dir, settings.learned_file, question, chosen)

    await relearn_and_reply(bot, interaction, change, taught=True, question=question)


class Teach(commands.Cog):
    def __init__(self, bot: EcsiteBot) -> None:
        self.bot = bot

    @app_commands.command(name="teach", description=command_text("command_teach"))
    @app_commands.describe(
        question=command_text("command_teach_question"), topic=command_text("command_teach_topic")
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def teach(
        self,
        interaction: discord.Interaction[discord.Client],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        topic: app_commands.Range[str, 1, CHOICE_CHARS],
    ) -> None:
        await teach_and_reply(self.bot, interaction, question, topic)

    @teach.autocomplete("question")
    async def complete_question(
        self, interaction: discord.Interaction[discord.Client], current: str
    ) -> list[app_commands.Choice[str]]:
        report = await self._report(interaction)
        if report is None:
            return []
        questions = [item.question for item in report.chosen]
        questions += [item.question for item in report.top_declined]
        return _choices(dict.fromkeys(q for q in questions if len(q) <= CHOICE_CHARS), current)

    @teach.autocomplete("topic")
    async def complete_topic(
        self, interaction: discord.Interaction[discord.Client], current: str
    ) -> list[app_commands.Choice[str]]:
        if not await is_admin(interaction):
            return []
        titles = teachable_topics(self.bot.engine.knowledge)
        ranked = list(titles)
        if current.strip():
            matches = process.extract(
                current, titles, scorer=fuzz.WRatio, processor=utils.default_process,
                score_cutoff=MIN_TOPIC_MATCH, limit=None,
            )  # fmt: skip
            # Among equals the shorter title first: it is the closer match ("members" -> "Ecsite's members").
            ranked = [key for title, _, key in sorted(matches, key=lambda m: (-m[1], len(m[0])))]
        else:
            # What people who asked this question chose themselves comes first.
            report = await self._report(interaction)
            question = str(getattr(interaction.namespace, "question", "") or "")
            picked = [c.topic for c in (report.chosen if report else ()) if c.question == question]
            ranked = list(dict.fromkeys([*(t for t in picked if t in titles), *ranked]))
        return [
            app_commands.Choice(name=truncate(titles[key], CHOICE_CHARS), value=key)
            for key in ranked[:CHOICES]
        ]

    @app_commands.command(name="unteach", description=command_text("command_unteach"))
    @app_commands.describe(question=command_text("command_unteach_question"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unteach(
        self,
        interaction: discord.Interaction[discord.Client],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    ) -> None:
        settings = self.bot.settings

        def change(engine: Engine) -> Lesson | None:
            return forget(settings.data_dir, settings.learned_file, question)

        await relearn_and_reply(self.bot, interaction, change, taught=False, question=question)

    @unteach.autocomplete("question")
    async def complete_taught(
        self, interaction: discord.Interaction[discord.Client], current: str
    ) -> list[app_commands.Choice[str]]:
        if not await is_admin(interaction):
            return []
        learned = reversed(self.bot.engine.knowledge.learned)  # the latest first: what one undoes
        return _choices(
            dict.fromkeys(e.question for e in learned if len(e.question) <= CHOICE_CHARS), current
        )

    async def _report(self, interaction: discord.Interaction[discord.Client]) -> Report | None:
        """This server's recent declines; nothing for anyone who may not see them (as /unanswered)."""
        if interaction.guild_id is None or not await is_admin(interaction):
            return None
        return await self.bot.question_log.report(DEFAULT_DAYS, CHOICES, guild_id=interaction.guild_id)


def _choices(questions: dict[str, None], current: str) -> list[app_commands.Choice[str]]:
    typed = current.casefold().strip()
    kept = [q for q in questions if typed in q.casefold()] if typed else list(questions)
    return [app_commands.Choice(name=q, value=q) for q in kept[:CHOICES]]


# -- /unanswered's candidates ------------------------------------------------------------------------------


def add_candidates(
    bot: EcsiteBot, embed: discord.Embed, report: Report, language: str
) -> discord.ui.View | None:
    """Add the "did you mean" picks several people made to the /unanswered embed, and a view whose buttons
    teach each of them in one press; None when there are none."""
    if not report.chosen:
        return None
    knowledge = bot.engine.knowledge
    titles = teachable_topics(knowledge)
    lines = []
    for item in report.chosen:
        title = titles.get(item.topic, item.topic)
        line = knowledge.message(
            "chosen_line", language, count=item.count, question=shown(item.question), topic=title
        )
        lines.append(truncate(line, FIELD_VALUE_LIMIT))
    value = ""
    for line in lines:
        if len(value) + len(line) + 1 > FIELD_VALUE_LIMIT:
            break
        value = f"{value}\n{line}" if value else line
    embed.add_field(name=knowledge.message("chosen_title", language), value=value, inline=False)
    return CandidateButtons(bot, report.chosen[:CANDIDATE_BUTTONS], titles, language)


class CandidateButtons(discord.ui.View):
    def __init__(
        self, bot: EcsiteBot, chosen: Sequence[ChosenSuggestion], titles: dict[str, str], language: str
    ) -> None:
        super().__init__(timeout=bot.settings.view_timeout_seconds)
        knowledge = bot.engine.knowledge
        for item in chosen:
            label = knowledge.message(
                "chosen_button", language, question=item.question, topic=titles.get(item.topic, item.topic)
            )
            button: discord.ui.Button[CandidateButtons] = discord.ui.Button(
                label=truncate(label, BUTTON_LABEL_LIMIT), style=discord.ButtonStyle.primary
            )
            button.callback = _teacher(bot, item)  # type: ignore[method-assign]
            self.add_item(button)

    async def on_error(
        self,
        interaction: discord.Interaction[discord.Client],
        error: Exception,
        item: discord.ui.Item[discord.ui.View],
        /,
    ) -> None:
        interaction.client.dispatch("view_error", interaction, error, item)


def _teacher(
    bot: EcsiteBot, item: ChosenSuggestion
) -> Callable[[discord.Interaction[discord.Client]], object]:
    async def press(interaction: discord.Interaction[discord.Client]) -> None:
        await teach_and_reply(bot, interaction, item.question, item.topic)

    return press


async def setup(bot: EcsiteBot) -> None:
    await bot.add_cog(Teach(bot))

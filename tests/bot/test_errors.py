"""A handler that raises is logged and answered "something went wrong", and the bot keeps answering."""

from __future__ import annotations

import logging

import pytest

from knowledge import Answer, Conversation, Engine
from tests.bot.conftest import World, phrase

SOMETHING_WENT_WRONG = phrase("something_went_wrong")

TRIGGER = "crash test"
FAILING_TOPIC = "vision"


class FailingEngine:
    """The real engine, except that answering fails for questions containing TRIGGER (a broken handler)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.knowledge = engine.knowledge

    def ask(
        self, question: str, conversation: Conversation | None = None, preferred_language: str = "en"
    ) -> Answer:
        if TRIGGER in question:
            raise RuntimeError("the engine failed")
        return self._engine.ask(question, conversation, preferred_language)

    def answer_topic(
        self, topic_id: str, language: str = "en", conversation: Conversation | None = None
    ) -> Answer:
        if topic_id == FAILING_TOPIC:
            raise RuntimeError("the topic failed")
        return self._engine.answer_topic(topic_id, language, conversation)

    def complete_projects(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        if TRIGGER in text:
            raise RuntimeError("autocomplete failed")
        return self._engine.complete_projects(text, limit)


@pytest.fixture
def engine(real_engine: Engine) -> FailingEngine:
    return FailingEngine(real_engine)


@pytest.mark.logs_errors
async def test_a_failing_mention_is_answered_and_logged_and_the_bot_keeps_answering(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    question = await world.alice.send(world.channel, f"{world.mention} {TRIGGER}?")
    reply = world.channel.last_message
    assert reply.content == SOMETHING_WENT_WRONG
    assert reply.reference is not None and reply.reference.message_id == question.id
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("the engine failed" in (r.exc_text or "") for r in errors)

    await world.alice.send(world.channel, f"{world.mention} when was Ecsite founded?")
    assert "1989" in (world.channel.last_message.embeds[0].description or "")


@pytest.mark.logs_errors
async def test_a_failing_slash_command_is_answered_privately_and_the_bot_keeps_answering(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    result = await world.alice.slash(world.channel, "ask", question=TRIGGER)
    assert result.ephemeral and result.response.content == SOMETHING_WENT_WRONG
    assert any(r.levelno >= logging.ERROR and r.name.startswith("bot") for r in caplog.records)

    choices = await world.alice.autocomplete(world.channel, "project", "name", TRIGGER)
    assert choices == []  # a failed autocomplete just offers nothing

    result = await world.alice.slash(world.channel, "ask", question="When was Ecsite founded?")
    assert "1989" in (result.response.embeds[0].description or "")


@pytest.mark.logs_errors
async def test_a_failing_button_is_answered_privately_and_the_bot_keeps_answering(world: World) -> None:
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    decline = world.channel.last_message

    result = await world.alice.click(decline, label="What is Ecsite's vision?")  # its topic fails
    assert result.ephemeral and result.response.content == SOMETHING_WENT_WRONG
    assert [str(error) for error in world.env.errors] == ["the topic failed"]

    result = await world.alice.click(decline, label="What is Ecsite's mission?")
    assert "mission" in (result.response.embeds[0].title or "").lower()

"""/teach and /unteach, and the "did you mean" picks /unanswered offers to teach, through simcord."""

from __future__ import annotations

from pathlib import Path

import discord
import simcord

from bot.client import create_bot
from bot.settings import Settings
from tests.bot.conftest import World, phrase
from tests.bot.test_feedback import all_stored_values

DISCOUNT = "Is there a student discount?"
REWORDED = "is there a discount for students"
MEMBERS = "Ecsite's members"
ADMIN_ONLY = phrase("admin_only")


async def asked(world: World, member: simcord.MemberActor, question: str) -> discord.Embed:
    """What `member` gets for `question`, mentioning the bot in the channel."""
    await member.send(world.channel, f"{world.mention} {question}")
    reply = world.channel.last_message
    assert reply is not None and reply.author.id == world.bot.user.id
    return reply.embeds[0]


def declined(embed: discord.Embed) -> bool:
    return embed.title == "I don't know that one"


def buttons(message: simcord.ResponseMessage | discord.Message) -> list[str]:
    labels = []
    for row in message.components:
        children = row.children if isinstance(row, discord.ActionRow) else row.get("components", [])
        for child in children:
            label = child.label if isinstance(child, discord.Button) else child.get("label")
            if label:
                labels.append(label)
    return labels


async def test_an_admin_teaches_a_declined_question_and_it_and_a_rewording_are_answered(
    world: World, admin: simcord.MemberActor, settings: Settings
) -> None:
    assert declined(await asked(world, world.alice, DISCOUNT))
    assert "teach" in admin.available_commands(world.channel)
    assert "teach" not in world.alice.available_commands(world.channel)

    offered = await admin.autocomplete(world.channel, "teach", "question", "discount")
    assert [choice["value"] for choice in offered] == [DISCOUNT]  # this server's recent declines
    topics = await admin.autocomplete(world.channel, "teach", "topic", "members", question=DISCOUNT)
    assert topics[0] == {"name": MEMBERS, "value": "membership"}  # titles shown, ids sent

    before = world.bot.engine
    result = await admin.slash(world.channel, "teach", question=DISCOUNT, topic="membership")
    assert result.ephemeral
    assert "Taught" in (result.response.content or "") and MEMBERS in (result.response.content or "")
    [embed] = result.response.embeds  # what the bot now answers, as any answer looks
    assert embed.title == MEMBERS and "Encyclopedia" in (embed.footer.text or "")
    assert world.bot.engine is not before

    for question in (DISCOUNT, REWORDED):
        assert (await asked(world, world.alice, question)).title == MEMBERS, question
    assert settings.learned_file.is_file()


async def test_a_topic_typed_as_its_title_is_understood(world: World, admin: simcord.MemberActor) -> None:
    result = await admin.slash(world.channel, "teach", question=DISCOUNT, topic="ecsite's MEMBERS")
    assert "Taught" in (result.response.content or "")
    assert (await asked(world, world.alice, DISCOUNT)).title == MEMBERS


async def test_a_member_cannot_teach_even_when_the_server_shows_them_the_command(
    world: World, settings: Settings
) -> None:
    [command] = [c for c in await world.bot.tree.fetch_commands() if c.name == "teach"]
    world.guild.set_command_permissions(command, {world.alice: True})
    await asked(world, world.bob, DISCOUNT)
    assert await world.alice.autocomplete(world.channel, "teach", "question", "") == []

    before = world.bot.engine
    result = await world.alice.slash(world.channel, "teach", question=DISCOUNT, topic="membership")
    assert result.ephemeral and result.response.content == ADMIN_ONLY
    assert world.bot.engine is before and not settings.learned_file.exists()
    assert declined(await asked(world, world.alice, DISCOUNT))


async def test_a_bad_topic_is_refused_naming_it_and_nothing_changes(
    world: World, admin: simcord.MemberActor, settings: Settings
) -> None:
    await admin.slash(world.channel, "teach", question=DISCOUNT, topic="membership")
    learned_before = settings.learned_file.read_bytes()
    before = world.bot.engine

    result = await admin.slash(world.channel, "teach", question="when is the next webinar", topic="webinars")
    refusal = discord.utils.remove_markdown(result.response.content or "")
    assert result.ephemeral and "Nothing was taught" in refusal
    assert "'webinars'" in refusal and "'topic'" in refusal and "learned.yaml" in refusal
    assert world.bot.engine is before and settings.learned_file.read_bytes() == learned_before
    assert (await asked(world, world.alice, DISCOUNT)).title == MEMBERS


async def test_a_question_close_to_another_topic_is_reported_at_teach_time(
    world: World, admin: simcord.MemberActor
) -> None:
    result = await admin.slash(world.channel, "teach", question="who funds DOORS?", topic="membership")
    content = result.response.content or ""
    assert "also reads like" in content and "Who funds DOORS" in content
    assert "still does not answer it" in content
    assert "DOORS" in (result.response.embeds[0].title or "")  # what people really get


async def test_the_taught_phrasing_survives_a_restart_and_undo_forgets_it(
    world: World, admin: simcord.MemberActor, settings: Settings
) -> None:
    await admin.slash(world.channel, "teach", question=DISCOUNT, topic="membership")
    await world.env.restart_bot(create_bot(settings=settings))  # loads the learned file as `run` does
    assert (await asked(world, world.alice, REWORDED)).title == MEMBERS

    offered = await admin.autocomplete(world.channel, "unteach", "question", "student")
    assert [choice["value"] for choice in offered] == [DISCOUNT]
    result = await admin.slash(world.channel, "unteach", question=DISCOUNT)
    assert result.ephemeral and "Undone" in (result.response.content or "")
    assert declined(result.response.embeds[0])  # what the bot answers it with now
    assert declined(await asked(world, world.alice, DISCOUNT))

    again = await admin.slash(world.channel, "unteach", question=DISCOUNT)
    assert "nothing to undo" in (again.response.content or "")


async def test_suggestions_several_declined_people_chose_are_offered_to_teach_in_one_press(
    world: World, admin: simcord.MemberActor, settings: Settings
) -> None:
    for member in (world.alice, world.bob):
        await member.send(world.channel, f"{world.mention} mission or vision")
        await member.click(world.channel.last_message, label="What is Ecsite's mission?")
    # Someone pressing a suggestion under an answer that was not declined says nothing about a question.
    await world.alice.send(world.channel, f"{world.mention} what is the mission")

    report = await admin.slash(world.channel, "unanswered", days=7)
    [embed] = report.response.embeds
    chosen = {field.name: field.value for field in embed.fields}["Declined, then answered by a suggestion"]
    assert chosen == "2 people who asked “mission or vision” chose “Ecsite's mission”"
    label = "Teach: mission or vision → Ecsite's mission"
    assert label in buttons(report.response)

    offered = await admin.autocomplete(world.channel, "teach", "question", "")
    assert offered[0]["value"] == "mission or vision"
    topics = await admin.autocomplete(world.channel, "teach", "topic", "", question="mission or vision")
    assert topics[0]["value"] == "mission"  # what those people chose comes first

    taught = await admin.click(report.response, label=label)
    assert "Taught" in (taught.response.content or "")
    assert "mission" in ((await asked(world, world.bob, "mission or vision")).title or "").lower()

    stored = all_stored_values(settings.db_path)
    for user_id in (world.alice.id, world.bob.id):
        assert not any(str(user_id) in str(value) for value in stored)


async def test_one_persons_pick_is_not_yet_a_candidate(world: World, admin: simcord.MemberActor) -> None:
    await world.alice.send(world.channel, f"{world.mention} mission or vision")
    await world.alice.click(world.channel.last_message, label="What is Ecsite's mission?")
    report = await admin.slash(world.channel, "unanswered", days=7)
    [embed] = report.response.embeds
    assert "Declined, then answered by a suggestion" not in [field.name for field in embed.fields]
    assert not any(label.startswith("Teach:") for label in buttons(report.response))


def test_the_learned_file_defaults_to_beside_the_question_log(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"ECSITE_BOT_DB": str(tmp_path / "db" / "q.sqlite3")}, env_file=tmp_path / "x"
    )
    assert settings.learned_file == tmp_path / "db" / "learned.yaml"
    chosen = Settings.from_env({"ECSITE_BOT_LEARNED": str(tmp_path / "t.yaml")}, env_file=tmp_path / "x")
    assert chosen.learned_file == tmp_path / "t.yaml"

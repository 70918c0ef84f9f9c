"""Answer -> embed pages: every Discord limit holds and nothing is lost, for any answer."""

from __future__ import annotations

import re

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.embed import (
    DESCRIPTION_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    TOTAL_LIMIT,
    link_buttons,
    render_pages,
    split_text,
)
from bot.render.text import render_text, source_line
from knowledge import Answer, Engine, Field, Link, Source

SHORT_LABEL = 40  # a few buttons side by side, where a source's title (72 characters) took a row

characters = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
words = st.text(alphabet=characters, min_size=0, max_size=40)
long_text = st.lists(words, max_size=400).map(lambda parts: " ".join(parts))
lines = st.lists(words, max_size=120).map(lambda parts: "\n".join(parts))
sources = st.builds(
    Source, id=words, title=words, url=st.sampled_from(["https://example.org/a", "https://example.org/b", ""])
)
answers = st.builds(
    Answer,
    answered=st.booleans(),
    title=st.one_of(words, long_text),
    body=st.one_of(long_text, lines),
    fields=st.lists(
        st.builds(
            Field,
            name=st.one_of(words, long_text),
            value=st.one_of(words, lines, long_text),
            inline=st.booleans(),
        ),
        max_size=40,
    ).map(tuple),
    sources=st.lists(sources, max_size=4).map(tuple),
    footer_note=words,
)


def embed_size(embed: discord.Embed) -> int:
    return len(embed)  # discord.py counts title, description, fields, footer and author like Discord does


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


@settings(max_examples=150, deadline=None)
@given(answers)
def test_every_page_respects_discord_limits(answer: Answer) -> None:
    pages = render_pages(answer)
    assert pages
    for embed in pages:
        assert len(embed.title or "") <= TITLE_LIMIT
        assert len(embed.description or "") <= DESCRIPTION_LIMIT
        assert len(embed.fields) <= FIELD_COUNT_LIMIT
        for field in embed.fields:
            assert 0 < len(field.name or "") <= FIELD_NAME_LIMIT
            assert 0 < len(field.value or "") <= FIELD_VALUE_LIMIT
        assert len(embed.footer.text or "") <= FOOTER_LIMIT
        assert embed_size(embed) <= TOTAL_LIMIT
        assert embed.title or embed.description or embed.fields


@settings(max_examples=150, deadline=None)
@given(answers)
def test_no_body_or_field_text_is_lost(answer: Answer) -> None:
    pages = render_pages(answer)
    body = "".join(page.description or "" for page in pages)
    assert squash(body) == squash(discord.utils.escape_mentions(answer.body))
    values = "".join(field.value or "" for page in pages for field in page.fields)
    expected = "".join(discord.utils.escape_mentions(f.value) or "\u200b" for f in answer.fields)
    assert squash(values) == squash(expected)


def test_short_answer_is_one_page_with_title_fields_and_source_footer() -> None:
    source = Source("enc", "Encyclopedia entry", "https://example.org/enc")
    answer = Answer(
        True,
        "Founded",
        "It was founded in **1989**.",
        fields=(Field("Year", "1989", True),),
        sources=(source,),
    )
    [embed] = render_pages(answer)
    assert embed.title == "Founded"
    assert embed.description == "It was founded in **1989**."
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [("Year", "1989", True)]
    assert embed.footer.text == "Source: Encyclopedia entry"  # the URL is the link button and embed.url
    assert embed.url == "https://example.org/enc"


def test_long_list_is_paged_with_page_numbers_and_every_page_keeps_title_and_source() -> None:
    names = "\n".join(f"Participating organisation number {n}" for n in range(60))
    source = Source("enc", "Encyclopedia", "https://example.org/enc")
    answer = Answer(
        True,
        "Who takes part",
        "Sixty organisations:",
        fields=(Field("Participants", names),),
        sources=(source,),
    )
    pages = render_pages(answer)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.title == "Who takes part"
        assert page.footer.text == f"{source_line(answer, urls=False)} · Page {number}/{len(pages)}"
    shown = [line for page in pages for field in page.fields for line in (field.value or "").split("\n")]
    assert shown == names.split("\n")  # split between lines, never inside a name, in order


def test_mentions_in_answer_text_are_neutralised() -> None:
    [embed] = render_pages(Answer(False, "@everyone", "Hello @here and <@123456789012345678>"))
    assert "@everyone" not in (embed.title or "")
    assert "@here" not in (embed.description or "")
    assert "<@123456789012345678>" not in (embed.description or "")


def test_link_buttons_for_sources_and_website_without_duplicates() -> None:
    answer = Answer(
        True,
        "T",
        "B",
        sources=(
            Source("a", "Encyclopedia", "https://example.org/enc"),
            Source("b", "Same page again", "https://example.org/enc"),
        ),
        links=(Link("Project website", "https://project.example.org/"), Link("Broken", "not a url")),
    )
    assert [(b.label, b.url) for b in link_buttons(answer)] == [
        ("Project website", "https://project.example.org/"),
        ("Source 1", "https://example.org/enc"),  # numbered as in the footer, which names it
    ]


def test_every_link_button_of_every_answer_has_a_short_label_in_one_row(real_engine: Engine) -> None:
    answers = [
        real_engine.answer_topic(doc.id, language)
        for doc in real_engine.index.docs
        for language in ("en", "de")
    ]
    for answer in answers:
        buttons = link_buttons(answer, real_engine.knowledge)
        assert len(buttons) <= 5  # one row
        for button in buttons:
            assert button.label and len(button.label) <= SHORT_LABEL and not button.label.endswith("…"), (
                answer.topic,
                button.label,
            )
    doors = real_engine.answer_topic("project:doors", "de")
    assert [b.label for b in link_buttons(doors, real_engine.knowledge)] == ["Website von DOORS", "Quelle"]


def test_a_project_website_is_a_button_not_also_a_field(real_engine: Engine) -> None:
    answer = real_engine.answer_topic("project:doors")
    [page] = render_pages(answer, real_engine.knowledge)
    shown = "\n".join([page.description or "", *(f"{f.name} {f.value}" for f in page.fields)])
    [website] = answer.links
    assert website.url not in shown
    assert website.url in [b.url for b in link_buttons(answer, real_engine.knowledge)]


def test_an_answer_in_parts_keeps_each_parts_title_and_fields_in_order() -> None:
    first = Answer(
        True,
        "Founding",
        "Founded in 1989.",
        fields=(Field("Year", "1989", True), Field("Place", "Brussels", True)),
    )
    second = Answer(True, "Members", "Over 300 members.", fields=(Field("Count", "300+", True),))
    answer = Answer(True, "Founding · Members", "", parts=(first, second))
    [embed] = render_pages(answer)
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Founding", "Founded in 1989.", False),  # a heading that ends the grid above it
        ("Year", "1989", True),
        ("Place", "Brussels", True),
        ("Members", "Over 300 members.", False),
        ("Count", "300+", True),
    ]


def test_the_labels_around_the_facts_are_in_the_answers_language(real_engine: Engine) -> None:
    names = "\n".join(f"Participating organisation number {n}" for n in range(120))
    source = Source("enc", "Encyclopedia", "https://example.org/enc")
    answer = Answer(
        True, "Wer teilnimmt", "", fields=(Field("Teilnehmende", names),), sources=(source,), language="de"
    )
    pages = render_pages(answer, real_engine.knowledge)
    assert pages[0].footer.text == f"Quelle: Encyclopedia · Seite 1/{len(pages)}"
    assert pages[1].fields[0].name == "Teilnehmende (Fortsetzung)"
    assert "Quelle: Encyclopedia" in render_text(answer, real_engine.knowledge)


def test_split_text_prefers_line_breaks_and_keeps_every_word() -> None:
    text = "alpha beta\ngamma delta\nepsilon"
    chunks = split_text(text, 12)
    assert chunks == ["alpha beta", "gamma delta", "epsilon"]
    assert all(len(chunk) <= 12 for chunk in split_text("x" * 50, 12))


@settings(max_examples=60, deadline=None)
@given(st.lists(answers, min_size=2, max_size=3))
def test_an_answer_in_parts_respects_discord_limits_and_loses_no_field(parts: list[Answer]) -> None:
    answer = Answer(True, "A · B", "", parts=tuple(parts), sources=parts[0].sources)
    pages = render_pages(answer)
    for embed in pages:
        assert len(embed.fields) <= FIELD_COUNT_LIMIT
        assert len(embed.footer.text or "") <= FOOTER_LIMIT
        assert embed_size(embed) <= TOTAL_LIMIT
    values = "".join(field.value or "" for page in pages for field in page.fields)
    expected = "".join(
        discord.utils.escape_mentions(text) or "\u200b"
        for part in parts
        for text in (part.body, *(f.value for f in part.fields))
    )
    assert squash(values) == squash(expected)


def test_two_projects_websites_in_one_answer_are_told_apart(real_engine: Engine) -> None:
    both = real_engine.answers.combine(
        real_engine.answer_topic("project:doors"), real_engine.answer_topic("project:sockets")
    )
    labels = [b.label for b in link_buttons(both, real_engine.knowledge)]
    assert len(labels) == len(set(labels)) and "DOORS website" in labels

"""An `Answer` as Discord embeds and link buttons: the only place an Answer becomes a `discord.Embed`.

Every Discord limit is respected. Content that does not fit one readable embed is split, at line or word
boundaries, into several pages that share the title and footer; `bot.views.paginator` turns the pages.
The footer reuses `bot.render.text.source_line`, so the facts are formatted in one place. The labels around
them ("Source", "Page 1/2", "(continued)") are phrases, in the answer's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.render.text import source_line
from knowledge import Answer, Field
from knowledge.phrases import PhraseBook, bundled_phrases

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000
URL_LIMIT = 2048
BUTTON_LABEL_LIMIT = 80
BUTTON_URL_LIMIT = 512
LINK_BUTTON_LIMIT = 5  # one row

# Our own, smaller budget of description + field characters per page, so a page fits on one screen (about
# twenty lines of a list), and the least room worth starting a field in before turning the page.
PAGE_BUDGET = 1000
MIN_FIELD_SPACE = 200
FOOTER_SEPARATOR = " · "
# The page label is reserved room for this many pages, before the pages are known.
MAX_PAGES_RESERVED = 999

ANSWERED_COLOUR = discord.Colour(0x1F8A9E)
DECLINED_COLOUR = discord.Colour.greyple()
EMPTY = "\u200b"  # Discord rejects empty field names and values
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class _Item:
    """One field of one page: name and value already within their limits."""

    name: str
    value: str
    inline: bool


def clean(text: str) -> str:
    """Neutralise @everyone, @here and user/role mentions; embeds never ping, but they would render."""
    return discord.utils.escape_mentions(text)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def take(text: str, limit: int) -> tuple[str, str]:
    """The longest head of `text` of at most `limit` characters that ends at a paragraph, line, list or word
    break (a hard cut only when there is none), and the rest."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    window = text[: limit + 1]
    cut = limit
    for separator in ("\n\n", "\n", "; ", ", ", ". ", " "):
        position = window.rfind(separator)
        if position > limit // 3:
            cut = position + (1 if separator[0] in ";,." else 0)
            break
    return text[:cut].rstrip(), text[cut:].lstrip()


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into chunks of at most `limit` characters, preferring paragraph, line and word breaks."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        chunk, rest = take(rest, limit)
        chunks.append(chunk)
    return chunks


def footer_text(answer: Answer, phrases: PhraseBook) -> str:
    parts = [clean(answer.footer_note)] if answer.footer_note else []
    line = source_line(answer, phrases, urls=False)  # the source pages are link buttons instead
    if line:
        parts.append(clean(line))
    return "\n".join(parts)


def _layout(answer: Answer, phrases: PhraseBook) -> tuple[str, str, tuple[Field, ...]]:
    """Title, description and fields. An answer in parts is one section per part, each its title (a field
    name) over its body, then its own fields, so two topics' fields never share one grid; what the answer
    holds of its own (a lead: "**Yes.**") comes first."""
    title = "" if answer.parts else answer.title
    description = answer.body
    fields = answer.fields
    for part in answer.parts:
        fields += (Field(part.title, part.body), *part.fields)
    if answer.suggestions:  # a one-line lead-in: the suggestions themselves are buttons (bot.views)
        lead = phrases.message("decline_suggest", answer.language)
        description = f"{description}\n{lead}" if description else lead
    return title, description, fields


def render_pages(answer: Answer, phrases: PhraseBook | None = None) -> list[discord.Embed]:
    """The answer as one or more embeds, each within every Discord limit; several only for long content."""
    phrases = phrases or bundled_phrases()
    language = answer.language
    heading, body, answer_fields = _layout(answer, phrases)
    title = truncate(clean(heading), TITLE_LIMIT)
    widest = phrases.message("page", language, number=MAX_PAGES_RESERVED, count=MAX_PAGES_RESERVED)
    page_reserve = len(FOOTER_SEPARATOR) + len(widest)
    footer = truncate(footer_text(answer, phrases), FOOTER_LIMIT - page_reserve)
    # What is left for the description and the fields of a page once title and footer are counted.
    budget = min(PAGE_BUDGET, TOTAL_LIMIT - len(title) - len(footer) - page_reserve)
    continued_extra = len(phrases.message("continued", language, name=""))

    descriptions = split_text(clean(body), min(DESCRIPTION_LIMIT, budget))
    pages: list[tuple[str, list[_Item]]] = [(text, []) for text in descriptions] or [("", [])]
    used = len(pages[-1][0])
    for field in answer_fields:
        name = truncate(clean(field.name), FIELD_NAME_LIMIT - continued_extra) or EMPTY
        rest = clean(field.value).strip() or EMPTY
        label = name
        while rest:
            fields = pages[-1][1]
            space = min(FIELD_VALUE_LIMIT, budget - used - len(label))
            cramped = space < len(rest) and space < MIN_FIELD_SPACE
            if (fields or pages[-1][0]) and (len(fields) >= FIELD_COUNT_LIMIT or cramped):
                pages.append(("", []))
                used = 0
                continue
            chunk, rest = take(rest, space)
            # A value split over several fields (and pages) must stack, not sit side by side.
            inline = field.inline and label == name and not rest
            fields.append(_Item(label, chunk, inline))
            used += len(label) + len(chunk)
            label = phrases.message("continued", language, name=name)

    url = _first_source_url(answer) if title else None
    colour = ANSWERED_COLOUR if answer.answered else DECLINED_COLOUR
    embeds: list[discord.Embed] = []
    for number, (description, fields) in enumerate(pages, start=1):
        embed = discord.Embed(
            title=title or None, description=description or None, colour=colour, url=url
        )
        for item in fields:
            embed.add_field(name=item.name, value=item.value, inline=item.inline)
        label = phrases.message("page", language, number=number, count=len(pages)) if len(pages) > 1 else ""
        text = FOOTER_SEPARATOR.join(part for part in (footer, label) if part)
        if text:
            embed.set_footer(text=text)
        if not (title or description or fields):
            embed.description = EMPTY
        embeds.append(embed)
    return embeds


def link_buttons(
    answer: Answer, phrases: PhraseBook | None = None
) -> list[discord.ui.Button[discord.ui.View]]:
    """Link buttons to the answer's own links (a project's website) and its source pages, one row of short
    labels: a source is "Source", or "Source 2" as numbered in the footer, whose line gives its title."""
    phrases = phrases or bundled_phrases()
    buttons: list[discord.ui.Button[discord.ui.View]] = []
    seen: set[str] = set()
    candidates = [(link.label, link.url) for link in answer.links]
    if len(answer.sources) == 1:
        candidates.append((phrases.message("source_one", answer.language), answer.sources[0].url))
    else:
        for number, source in enumerate(answer.sources, start=1):
            label = phrases.message("source_numbered", answer.language, number=number)
            candidates.append((label, source.url))
    for label, url in candidates:
        if url in seen or not _usable_url(url, BUTTON_URL_LIMIT) or len(buttons) >= LINK_BUTTON_LIMIT:
            continue
        seen.add(url)
        buttons.append(discord.ui.Button(label=truncate(label or url, BUTTON_LABEL_LIMIT), url=url))
    return buttons


def _first_source_url(answer: Answer) -> str | None:
    for source in answer.sources:
        if _usable_url(source.url, URL_LIMIT):
            return source.url
    return None


def _usable_url(url: str, limit: int) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= limit

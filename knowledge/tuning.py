"""Every knob of question answering, in one place.

The engine reads a question, ranks the knowledge base's documents and decides whether to answer. Each
threshold it decides with is a documented field here, so a reader sees every knob at once and a test or a
benchmark can try other values by passing its own `Tuning` to `Engine`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tuning:
    # -- reading: how much each kind of word in a question weighs ------------------------------------------
    question_word_factor: float = 0.5
    """"who", "when", "where" keep half their weight: they pick between topics about one subject."""
    corrected_factor: float = 0.85
    """A word corrected as a typo ("fundng" -> "funding") weighs a little less than one typed right."""
    generic_word_factor: float = 0.3
    """A common framing word ("exist", "get") that no curator listed as a keyword weighs little."""
    unknown_word_factor: float = 1.0
    """A word the knowledge base has never seen keeps this share of its (highest possible) rarity weight."""
    unfocused_unknown_factor: float = 0.5
    """...and this share again when it is not the word the question asks about (see `Intent.focus`)."""
    filler_factor: float = 0.15
    """A word the knowledge base has never seen, in a part of the message that asks nothing ("hi all, new
    here from Ghent"), or a manner word ("concretely", "basically"): chat, not what is asked."""

    # -- deciding: answer, or decline with suggestions ------------------------------------------------------
    answer_coverage: float = 0.55
    """The best document must explain this share of the question's weighted words to be answered with."""
    clear_margin: float = 0.05
    """...and be this far ahead of the runner-up (as RoboDanny's fuzzy matcher asks)."""
    similarity_weight: float = 0.4
    """How much similarity to a document's phrasings adds to its coverage (scaled by that coverage)."""
    text_similarity_weight: float = 0.3
    """The last tie-break, on the question as typed, among documents scored within `tie`."""
    tie: float = 0.02
    suggestion_coverage: float = 0.25
    """A document explaining this much of a declined question is offered as "did you mean"."""
    max_suggestions: int = 3
    body_passage_coverage: float = 0.6
    """A question nothing answers may still be explained by one sentence of a topic about Ecsite ("what do its
    good relationships with other federations lead to?"): that sentence must explain this share of it, and
    its topic must be the one that ranked first without the sentences."""
    describe_coverage: float = 0.3
    describe_lead: float = 1.8
    """A project described in other words ("the one where kids use maker tools") is answered when it explains
    this share of the question and scores this many times the runner-up."""
    theme_share: float = 0.55
    """ "Which projects are about X?" lists every project explaining this share of what the best one does."""
    stating_coverage: float = 0.45
    """A "how many" question is answered by a text stating a number of the very things counted ("23 of its
    member institutions") when that text explains this share of the question: the stated count is evidence
    the explained words alone do not give."""
    distinctive_idf: float = 3.0
    """A word this rare in the knowledge base ("Horizon", not "European") names one thing: a claimed funder
    sharing it with the table's funder but not the rest of its name is another one ("Horizon Europe")."""
    asker_reach: int = 5
    """A place this many words or fewer after one of the asker's own words ("I'm from a small museum in
    slovenia") is where the asker is, not what the question asks about."""
    max_parts: int = 3
    """A message asking several things ("legal form, founding year and vice-president?") gets this many."""
    min_part_coverage: float = 0.2
    """In a question that asks two things, how much each answer must explain that the other does not."""
    max_candidates_per_term: int = 1000
    """A term in more documents than this brings candidates only when nothing rarer does."""


DEFAULT_TUNING = Tuning()

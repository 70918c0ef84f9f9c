"""Understanding a question: what form of answer it asks for, and what kind of thing must be in it.

Reading found the names and weighed the words; understanding says what is asked of them:
- the **form**: a fact or attribute ("who funds DOORS?"), yes or no ("is NEMO part of DOORS?"), a count
  ("how many projects started in 2021?"), an amount ("how much money did X get?", which no list answers), or a
  superlative over the projects ("which project ends last?");
- the **focus**: the kind of thing the answer must contain ("when" asks for a date, "how many" for a number of
  the things named after it).

Every cue is data (language.yaml's `question_forms` and `superlatives`); questions in other languages have
been read as English by then.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.loader import Language
from knowledge.text import phrase_stems, stem, words

# Forms of question.
FACT, YES_NO, COUNT, AMOUNT, SUPERLATIVE = "fact", "yes-no", "count", "amount", "superlative"
# Superlative measures, in the order a cue is looked for: "ends last" is about the end, even if "last" could
# also say "latest start"; participants before duration, so "biggest consortium" is not read as "longest".
MEASURES = ("end", "start", "participants", "duration")
YEAR_FILTERED_MEASURES = ("participants", "duration", "end", "start")
# How many words after "how many" can name what is counted ("how many member institutions").
MAX_COUNTED_WORDS = 3
YEAR = re.compile(r"(?:19|20)\d\d")
# How many words after "which" or "list" can hold the plural of what is named ("national science centre
# *networks*").
MAX_NAMED_WORDS = 5


@dataclass(frozen=True, slots=True)
class Superlative:
    measure: str  # "end", "start", "duration" or "participants"
    most: bool  # True for "last", "longest", "most"; False for "first", "shortest", "fewest"
    excluding: bool = False  # "apart from WATER-MINING, which...": the projects named are left out


@dataclass(frozen=True, slots=True)
class Intent:
    form: str = FACT
    asks_when: bool = False  # "when", "in what year": the answer must hold a date
    asks_agent: bool = False  # "who founded...", "who leads...": the answer must name someone
    asks_where: bool = False  # "where is...": the answer must name a place
    asks_names: bool = False  # "which networks...", "list the...": the answer must name them or list them
    counted: tuple[str, ...] = ()  # the stems of what "how many" counts ("projects", "participants")
    counted_words: tuple[str, ...] = ()  # the same words as read, to say the count with
    superlative: Superlative | None = None
    # The word a "what/which ... ?" question asks about ("what's the *salary* of..."), and the adjective of a
    # "how ... ?" one ("how *old* is..."): an answer must explain it.
    focus: tuple[str, ...] = ()
    quality: str | None = None


class Understanding:
    def __init__(self, language: Language) -> None:
        forms = language.question_forms
        self._yes_no = frozenset(forms.get("yes_no", ()))
        self._count = [tuple(words(cue)) for cue in forms.get("count", ())]
        self._amount = [tuple(words(cue)) for cue in forms.get("amount", ())]
        self._checks = [tuple(words(cue)) for cue in forms.get("checks", ())]
        self._openers = frozenset(forms.get("question", ())) | {"that"}
        self._check_endings = frozenset(forms.get("check_endings", ()))
        self._exclusions = [tuple(words(cue)) for cue in forms.get("exclusions", ())]
        self._date_stems = phrase_stems(forms.get("dates", ()))
        self._agents = frozenset(forms.get("agents", ()))
        self._requests = [tuple(words(cue)) for cue in forms.get("requests", ())]
        self._source_of = {tuple(words(cue)) for cue in forms.get("source_of", ())}
        self._longest_source_of = max((len(cue) for cue in self._source_of), default=1)
        self._name_cues = frozenset(forms.get("names", ()))
        self._kind_words = frozenset(forms.get("kinds", ()))
        self._determiners = frozenset(forms.get("determiners", ()))
        self._agent_nouns = frozenset(forms.get("agent_nouns", ()))
        self._subject_name = frozenset(
            w for phrase in language.subject_words for w in words(phrase) if len(words(phrase)) == 1
        )
        # Words that say what is done ("take part", "funded"): they end the run of what is counted.
        self._verb_stems = phrase_stems(forms.get("count_ends", ()))
        self._longest_cue = max((len(c) for c in [*self._checks, *self._exclusions]), default=1)
        cues = language.superlatives
        self._most = phrase_stems(cues.get("most", ()))
        self._least = phrase_stems(cues.get("least", ()))
        self._measures = {measure: phrase_stems(cues.get(measure, ())) for measure in MEASURES}
        self._project_stems = phrase_stems(language.project_words)
        # "which ones go *beyond 2023*": a time relative to a year selects projects; it is not what is asked.
        self._relative_year_cues = [
            tuple(words(cue)) for mode in ("after", "before") for cue in language.year_cues.get(mode, ())
        ]
        self._relative_years = frozenset(w for cue in self._relative_year_cues for w in cue)
        # "first", "second", "last", "final": before "one", a word that points at one of a list.
        last_words = {w for cue in forms.get("last_one", ()) for w in words(cue)}
        last_words -= {*language.stopwords, "one"}
        self._ordinals = frozenset(language.ordinals) | last_words
        # What a superlative compares: projects, or "one"/"them"/"both" of the last list.
        self._compared = (
            self._project_stems | {"one"} | {stem(w) for w in language.plural_references if " " not in w}
        )
        # Every word that only says which form a question takes: not a word the question is about.
        self.cue_stems = (
            self._most
            | self._least
            | frozenset().union(*self._measures.values())
            | phrase_stems(w for cue in forms.values() for w in cue)
        )
        self._stopwords = language.stopwords
        self._generic = phrase_stems(language.generic_words)
        # As typed: "findings" is not the generic "find".
        self._generic_words = frozenset(w for phrase in language.generic_words for w in words(phrase))
        self._subject = frozenset(w for phrase in language.subject_words for w in words(phrase))
        # Chat before a yes/no question ("so", "hey", "ok") is skipped; a question word ends the search.
        self._lead_in = language.stopwords - self._yes_no - frozenset(forms.get("question", ()))

    def understand(
        self,
        folded: list[str],
        *,
        names_project: bool,
        language: str = "en",
        typed_names: Iterable[str] = (),
    ) -> Intent:
        """The intent of a question's words (folded, spellings and synonyms read); `typed_names` are the names
        it was found to type, as typed ("TechEthos"): they are not what it asks for."""
        names = [tuple(words(name)) for name in typed_names]  # read once: `typed_names` may be an iterator
        name_words = frozenset(w for name in names for w in name)
        stems = [stem(w) for w in folded]
        runs = word_runs(folded, self._longest_cue)
        excluding = any(cue in runs for cue in self._exclusions)
        has_year = any(w.isdigit() and len(w) == 4 for w in folded)
        # "ends *later than 2023*" compares with a year; it does not rank the projects.
        ranking = set(stems) - {stem(w) for w in self._before_a_year(folded)}
        superlative = None if names_project and not excluding else self._superlative(ranking, has_year)
        if superlative is not None and excluding:
            superlative = Superlative(superlative.measure, superlative.most, excluding=True)
        if superlative is not None:
            return Intent(SUPERLATIVE, superlative=superlative)
        counted = self._after(folded, self._count, names)
        amount = self._after(folded, self._amount, names)
        if counted is None and amount and is_plural(amount[0]):
            counted = amount  # "how much partners has it?": things are counted, whatever the word
        if counted is not None:
            return Intent(COUNT, counted=tuple(stem(w) for w in counted), counted_words=tuple(counted))
        if amount is not None:
            return Intent(AMOUNT)
        first = next((w for w in folded if w not in self._lead_in), None)
        checks = any(cue in runs for cue in self._checks) or (
            len(folded) > 2 and folded[-1] in self._check_endings
        )
        opening = folded.index(first) if first is not None else 0
        requested = opens_with(folded, self._requests, opening)
        form = YES_NO if (first in self._yes_no and not requested) or checks else FACT
        focus, quality = self._focus(folded)
        if language != "en":
            focus = focus[:1]  # words a language's lists do not know stay as typed: not a run of English
        # What follows "of" is what the question is about too: "the director *of the Louvre*".
        asks_when = "when" in folded or bool(focus and focus[0] in self._date_stems)
        focus += tuple(stem(w) for w in self._after_each(folded, "of"))
        return Intent(
            form,
            asks_when=asks_when,
            asks_agent=self._asks_agent(folded),
            asks_where=self._asks_where(folded),
            asks_names=self._asks_names([w for w in folded if w not in name_words]),
            focus=focus,
            quality=quality,
        )

    def _before_a_year(self, folded: list[str]) -> list[str]:
        """The words of a time relative to a year said right before one ("later than 2023")."""
        found: list[str] = []
        for position in range(len(folded)):
            for cue in self._relative_year_cues:
                end = position + len(cue)
                if tuple(folded[position:end]) == cue and end < len(folded) and YEAR.fullmatch(folded[end]):
                    found.extend(cue)
        return found

    def _asks_agent(self, folded: list[str]) -> bool:
        # "Who is...", "who can..." ask what someone is; "who (actually) founded..." asks who did it.
        pairs = itertools.pairwise(folded)
        return any(word in self._agents and after not in self._yes_no for word, after in pairs)

    def _asks_names(self, folded: list[str]) -> bool:
        """ "Which national networks...", "list the sister networks", "who are the partners": named things are
        asked for, not a kind of thing ("which kinds of institutions") nor one thing ("which city hosts the
        office")."""
        for position, word in enumerate(folded):
            # "Who *were* the founding members?" asks for them by name, as "which" does.
            who_are = word in self._agents and folded[position + 1 : position + 2] in (["are"], ["were"])
            if word not in self._name_cues and not who_are:
                continue
            rest = folded[position + 1 :]
            # "which *actual* people": a word that says little is not what is named
            passed = (self._stopwords | self._generic_words) - self._agent_nouns
            while rest and rest[0] in passed:
                rest = rest[1:]
            run = list(
                itertools.takewhile(lambda w: w not in self._stopwords and w not in self._subject_name, rest)
            )[:MAX_NAMED_WORDS]
            if not run or any(w in self._kind_words for w in run):
                return False
            if run[0] in self._agent_nouns:
                return True  # "which person started it": a name is asked for
            if any(stem(w) in self._project_stems for w in run):
                return False  # projects are listed from the table, never from a text
            # The first plural of the run is what is named ("national networks *exist*..."), unless it is a
            # verb followed by its object ("which city *hosts* the office").
            plural = next((i for i, w in enumerate(run) if is_plural(w)), None)
            if plural is None:
                return False
            after = rest[plural + 1] if len(rest) > plural + 1 else None
            return not (plural >= 1 and after in self._determiners)
        return False

    def _asks_where(self, folded: list[str]) -> bool:
        """ "Where is Ecsite based?", not "the project where kids...": the question's own word, before
        anything the question is about; not "where does the 320 figure *come from*?", which asks for a source,
        and every answer gives its own."""
        if word_runs(folded, self._longest_source_of) & self._source_of:
            return False
        for word in folded:
            if word == "where":
                return True
            if word not in self._stopwords:
                return False
        return False

    def _after_each(self, folded: list[str], cue: str) -> list[str]:
        """The first content word after each occurrence of `cue`."""
        found = []
        for position, word in enumerate(folded):
            if word == cue:
                following = next((w for w in folded[position + 1 :] if w not in self._stopwords), None)
                if following is not None:
                    found.append(following)
        return found

    def _focus(self, folded: list[str]) -> tuple[tuple[str, ...], str | None]:
        for position, word in enumerate(folded):
            if word == "how" and position + 1 < len(folded):
                following = folded[position + 1]
                if following not in self._stopwords and following not in self._subject:
                    return (), stem(following)
                return (), None
            who_is = word in self._agents and folded[position + 1 : position + 2] in (["is"], ["was"], ["s"])
            if word in ("what", "which") or who_is:
                # "who is the *project coordinator* of SocKETs?": the role asked about, like "what".
                # "what were the main *results*": framing words are passed over, the subject ends the search.
                # The whole run of words asked about counts: "the grant *agreement* number".
                run: list[str] = []
                for following in folded[position + 1 :]:
                    if following in self._openers:
                        break  # "the one *where* kids...": a clause of its own begins
                    if (
                        following in self._stopwords
                        or following in self._generic_words
                        or following in self._relative_years
                        or YEAR.fullmatch(following)
                    ):
                        if run:
                            break
                        continue
                    if following in self._subject and not run:
                        continue  # "what's ecsite's *office address*": what is asked comes after the subject
                    if who_is and not run and stem(following) in self._project_stems:
                        continue  # "who is the *project* coordinator": the role is what follows
                    if following in self._subject or stem(following) in self._project_stems:
                        break  # "which projects involve X": the answer is projects
                    run.append(stem(following))
                    if len(run) == MAX_COUNTED_WORDS:
                        break
                return tuple(run), None
        return (), None

    def _after(
        self, folded: list[str], cues: list[tuple[str, ...]], names: Sequence[tuple[str, ...]] = ()
    ) -> list[str] | None:
        """The content words right after a cue ("how many *member institutions* are..."), or None. A name
        typed before what is counted is passed over: "how many *GlobalSCAPE* participants"."""
        for position in range(len(folded)):
            for cue in cues:
                if tuple(folded[position : position + len(cue)]) == cue:
                    start = position + len(cue)
                    if start < len(folded) and folded[start] == "of":
                        # "how many of ecsite's member institutions": what is counted comes after its owner.
                        start += 1
                        while start < len(folded) and (
                            folded[start] in self._stopwords or folded[start] in self._subject
                        ):
                            start += 1
                    for name in names:
                        after_name = start + len(name)
                        typed_here = tuple(folded[start:after_name]) == name and after_name < len(folded)
                        if typed_here and folded[after_name] not in self._stopwords:
                            start = after_name
                    following: list[str] = []
                    for word in folded[start : start + MAX_COUNTED_WORDS]:
                        if word in self._stopwords or (following and stem(word) in self._verb_stems):
                            break  # "how many member institutions *take part*": what is done to them
                        following.append(word)
                    return following
        return None

    def measure_stems(self, measure: str) -> frozenset[str]:
        """The stems that say a superlative measures this ("end": "ends", "finish"...)."""
        return frozenset(self._measures.get(measure, ()))

    def direction(self, folded: list[str]) -> bool | None:
        """True for "most/last/longest", False for "fewest/first/shortest", None for neither or both."""
        stems = {stem(w) for w in folded}
        most, least = bool(stems & self._most), bool(stems & self._least)
        return None if most == least else most

    def superlative_among(self, folded: list[str]) -> Superlative | None:
        """A superlative over projects the question does not call projects: the ones it names ("TechEthos vs
        SocKETs, which started first?") or the ones just talked about ("which started earlier?")."""
        if any(w in self._ordinals and after in ("one", "ones") for w, after in itertools.pairwise(folded)):
            return None  # "the first one", "the last one" point at one of them
        has_year = any(w.isdigit() and len(w) == 4 for w in folded)
        return self._superlative({stem(w) for w in folded} | self._compared, has_year)

    def _superlative(self, stems: set[str], has_year: bool) -> Superlative | None:
        """Over the projects: a direction word and a project word ("which project ends last"). With a year,
        "started"/"ending" usually says which projects are compared ("of the projects that started in 2021,
        which has the most partners"), so what is measured is looked for first among the other measures."""
        most, least = bool(stems & self._most), bool(stems & self._least)
        if most == least or not stems & self._compared:
            return None
        for measure in YEAR_FILTERED_MEASURES if has_year else MEASURES:
            if stems & self._measures[measure]:
                return Superlative(measure, most)
        return None


def is_plural(word: str) -> bool:
    """An English plural as typed ("partners"), not "class" nor "its"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def opens_with(sequence: list[str], cues: Iterable[tuple[str, ...]], start: int = 0) -> bool:
    """The words from `start` on begin with one of the cue phrases ("how do I...", "what about...")."""
    return any(tuple(sequence[start : start + len(cue)]) == cue for cue in cues)


def word_runs(sequence: list[str], longest: int) -> set[tuple[str, ...]]:
    """Every run of up to `longest` consecutive words, to look cue phrases up in one step each."""
    return {
        tuple(sequence[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(sequence) - size + 1)
    }


def runs_any(tokens: list[str], cues: list[tuple[str, ...]]) -> bool:
    """One of the cue phrases stands somewhere in these words."""
    return bool(cues_in(tokens, cues))


def cues_in(tokens: list[str], cues: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The cue phrases that stand somewhere in these words, the runs of words read once."""
    runs = word_runs(tokens, max(map(len, cues), default=1))
    return [cue for cue in cues if cue in runs]

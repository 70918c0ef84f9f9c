"""Reading a question: clean it, find the names it mentions, and weigh its other words.

`Reader.read` turns chat text into a `Query`: the entities named (projects, networks, people, partners), the
organisations of projects named, the years, and every other meaningful word as a weighted term. Names come
first, longest first and then with typos, so that the words of a name are not read again as plain words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.index import (
    ENTITY_PREFIX,
    MAX_NAME_WORDS,
    MIN_FUZZY_NAME_CHARS,
    MIN_FUZZY_WORD_CHARS,
    NAME_SCORE_CUTOFF,
    ROLE_TERMS,
    WORD_SCORE_CUTOFF,
    YEAR_PATTERN,
    YEAR_TERM,
    Index,
    subject_stems,
)
from knowledge.loader import KnowledgeBase, Language
from knowledge.text import clean, compact, original_words, phrase_stems, stem, words
from knowledge.translate import Translator
from knowledge.tuning import Tuning

ELONGATED = re.compile(r"([^\W\d_])\1{2,}")  # "heyyy", "pleeease"; never digits ("1000")


@dataclass(slots=True)
class Query:
    """What the engine read in a question."""

    text: str
    language: str = "en"
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, list[str]] = field(default_factory=dict)  # role -> names
    years: list[int] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)  # folded, chat spellings read, in order
    unknown: set[str] = field(default_factory=set)  # terms of words the knowledge base has never seen
    capitalised: set[str] = field(default_factory=set)  # stems of words typed as names ("Germany", "VAT")
    typed_names: dict[str, str] = field(default_factory=dict)  # entity -> its words as typed ("Global SCAPE")
    typed_organisations: list[str] = field(default_factory=list)  # organisations' words as typed ("NEMO")
    # An entity named a second time by another of its names: "ASTC is the *Association of Science-Technology
    # Centers*, right?" -> {"@topic:astc": "Association of Science-Technology Centers"}
    renamed: dict[str, str] = field(default_factory=dict)
    mentions_subject: bool = False
    refers_back: bool = False

    def named_entities(self) -> list[str]:
        """The entities named, in the order they were read: answers about several keep that order."""
        # "@project:doors", "@topic:astc"; not the markers "@year", "@participant", "@funder".
        return [term for term in self.terms if term.startswith(ENTITY_PREFIX) and ":" in term]


class LengthFiltered:
    """Typo candidates for `fuzz.ratio` by the length of what is looked up.

    ratio(a, b) is at most 100 * (1 - |len a - len b| / (len a + len b)), so a candidate whose length is too
    far off cannot reach the cutoff: leaving it out changes no result, and the candidates keep their order, so
    ties resolve as before. The lists are built on first use of each length.
    """

    def __init__(self, choices: Iterable[str], cutoff: float) -> None:
        self._choices = list(choices)
        self._cutoff = cutoff
        self._by_length: dict[int, list[str]] = {}

    def __call__(self, length: int) -> list[str]:
        found = self._by_length.get(length)
        if found is None:
            found = [c for c in self._choices if self._reachable(length, len(c))]
            self._by_length[length] = found
        return found

    def _reachable(self, length: int, other: int) -> bool:
        return 100 * (1 - abs(length - other) / (length + other)) >= self._cutoff - 1e-6


MAX_SHORT_TYPO_CHARS = 5


def typo_match(text: str, candidates: list[str], cutoff: float) -> str | None:
    """The candidate `text` is a typo of: close by `fuzz.ratio`, or one edit away counting a swap of two
    neighbouring letters as one edit ("mnay", "asapc"), which `fuzz.ratio` counts as two."""
    match = process.extractOne(text, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
    if match is not None:
        return match[0]
    match = process.extractOne(text, candidates, scorer=OSA.distance, score_cutoff=1)
    if match is None:
        return None
    # In a short word one other letter is as likely another word as a typo ("paris" is not "parts"); two
    # letters swapped are not.
    if len(text) <= MAX_SHORT_TYPO_CHARS and sorted(text) != sorted(match[0]):
        return None
    return match[0]


# A name this long is read through two typos ("techethics"), if it keeps its first letters: a long word
# of chat two letters from a name is rare, a short one is common.
MIN_TWO_EDIT_NAME_CHARS = 9
MIN_TWO_EDIT_WORD_CHARS = 8
KEPT_PREFIX_CHARS = 3


def _two_edits_away(text: str, candidates: list[str], shortest: int = MIN_TWO_EDIT_NAME_CHARS) -> str | None:
    prefix = text[:KEPT_PREFIX_CHARS]
    prefixed = [c for c in candidates if c.startswith(prefix) and len(c) >= shortest]
    match = process.extractOne(text, prefixed, scorer=OSA.distance, score_cutoff=2)
    return None if match is None else match[0]


# "the 1980s", "1980's", "the '80s", "the 80s", "1980er": a decade, read as the years it spans. Two digits
# only after "the" or an apostrophe ("10s of partners" is no decade); "the 20s" are this century's.
DECADE = re.compile(r"(?:\b(1[89]|20)(\d)0|(?:(?<=\bthe )|(?<=['’]))(\d)0)(?:['’]?s|er)\b", re.IGNORECASE)
TWO_DIGIT_CENTURY_SPLIT = 3
EQUALS = re.compile(r"\s+=+\s+|(?<=\w)=(?=\s*\w)")


def _decade_as_years(match: re.Match[str]) -> str:
    century, decade, short = match.group(1), match.group(2), match.group(3)
    if century is not None:
        first = int(century) * 100 + int(decade) * 10
    else:
        first = (1900 if int(short) >= TWO_DIGIT_CENTURY_SPLIT else 2000) + int(short) * 10
    return f"between {first} and {first + 9}"


# Enough for every misspelling a busy server types in a day; past it the memory starts afresh, so a bot that
# runs for months does not grow without bound.
MAX_REMEMBERED_TYPOS = 50_000


def _remember(memory: dict[str, str | None], text: str, found: str | None) -> None:
    if len(memory) >= MAX_REMEMBERED_TYPOS:
        memory.clear()
    memory[text] = found


# How a plain word is read (`Reader._read_plain`): its year, what it does to the query, its term and weight.
_SKIP, _YEAR, _SUBJECT, _TERM, _UNKNOWN = range(5)
_PlainWord = tuple[int | None, int, str, float]
MAX_REMEMBERED_WORDS = 50_000


class Reader:
    def __init__(self, knowledge: KnowledgeBase, index: Index, tuning: Tuning) -> None:
        self.knowledge = knowledge
        self.index = index
        self.tuning = tuning
        self.translator = Translator(knowledge)
        language = knowledge.language
        self.question_stems = {stem(w) for w in language.question_words}
        self.subject_stems = subject_stems(language)
        self.project_stems = {stem(w) for w in language.project_words}
        self._fuzzy_names = LengthFiltered(index.fuzzy_names, NAME_SCORE_CUTOFF)
        # The table's organisations by their compacted names ("bucharestsciencefestival"), found with typos.
        self._organisation_keys = {
            key: (role, table.sequences[key])
            for role, table in index.roles.items()
            for key in table.sequences
            if len(key) >= MIN_FUZZY_NAME_CHARS
        }
        self._fuzzy_organisations = LengthFiltered(sorted(self._organisation_keys), NAME_SCORE_CUTOFF)
        # The same runs by their words' stems: "science festivals" is words of "Bucharest Science Festival"
        # inflected, which a typo of its name never is.
        self._organisation_stem_runs = {
            "".join(stem(w) for w in name_words[start : start + size])
            for table in index.roles.values()
            for name in table.projects
            if (name_words := words(name))
            for size in range(2, len(name_words) + 1)
            for start in range(len(name_words) - size + 1)
            if "".join(name_words[start : start + size]) in table.sequences
        }
        self._organisation_typos: dict[str, str | None] = {}
        self._fuzzy_vocabulary = LengthFiltered(index.fuzzy_vocabulary, WORD_SCORE_CUTOFF)
        # A word the language knows ("longest", "participating", "idea") is read as typed; misspelt
        # ("longuest"), it is read as the nearest word of the language or of the knowledge base's text.
        self._language_words = language_words(language)
        filler_words = {phrase for phrase in language.filler if len(words(phrase)) == 1}
        self._fuzzy_cue_words = LengthFiltered(
            sorted(
                w
                for w in self._language_words
                if len(w) > MAX_SHORT_TYPO_CHARS
                and w.isalpha()
                and w not in index.vocabulary
                # Chat is dropped before the words are read: a word read as chat ("thought" as "though")
                # would stay, as a word nobody asked about.
                and w not in filler_words
            ),
            WORD_SCORE_CUTOFF,
        )
        self._cue_typos: dict[str, str | None] = {}
        # The typo scans are the dearest part of reading, and chat repeats its misspellings and unknown words
        # ("hiii", "pls", "wanna"): each lookup is remembered, for as long as this index is in use.
        self._name_typos: dict[str, str | None] = {}
        self._word_typos: dict[str, str | None] = {}
        self._question_typos: dict[str, str | None] = {}
        # Little words that decide what is asked: the question words, and the stopwords that ask for one of a
        # project's attributes ("what's it *about*").
        # Not "does", which a name's typo ("dors" for DOORS) is as near to.
        cue_stopwords = {
            w for cues in language.project_attributes.values() for w in cues if w in language.stopwords
        } - set(language.question_forms.get("yes_no", ()))
        self._question_word_choices = sorted(
            w
            for w in {*language.question_words, *language.question_forms.get("question", ()), *cue_stopwords}
            if len(w) >= MIN_FUZZY_WORD_CHARS and w not in language.project_attributes
        )
        # Most of a question's plain words have been read before, in other questions.
        self._plain: dict[str, _PlainWord] = {}
        self._filler = frozenset(" ".join(words(phrase)) for phrase in language.filler)
        # "Is it *true* that...", "..., *correct*?": the words that ask for a check say nothing of what is
        # checked; the understanding still reads them (they make the question a yes/no one).
        forms = language.question_forms
        self._check_words = (
            frozenset(
                w for cue in [*forms.get("checks", ()), *forms.get("check_endings", ())] for w in words(cue)
            )
            - language.stopwords
        )
        # "According to the encyclopedia article, ...": where a fact is written is not what is asked, unless
        # nothing else is ("and the mission page?").
        named = [name for names in knowledge.source_names.values() for name in names]
        self._source_names = frozenset(" ".join(words(name)) for name in [*language.source_words, *named])
        self._own_words = frozenset(language.question_forms.get("own", ()))
        self._subject_keys = [key for key in index.subject_compacts if len(key) >= MIN_FUZZY_NAME_CHARS]
        # "wants", "needed": a generic word in another form; "after 2023", "before 2021" only say which years.
        self._generic_stems = phrase_stems(language.generic_words) | phrase_stems(
            cue for mode in ("after", "before") for cue in language.year_cues.get(mode, ())
        )
        self._check_endings = frozenset(language.question_forms.get("check_endings", ()))
        self._inclusive_cues = [
            (tuple(words(cue)), shift, language.year_cues[relative][0])
            for mode, shift, relative in (("or_after", -1, "after"), ("or_before", 1, "before"))
            if language.year_cues.get(relative)
            for cue in language.year_cues.get(mode, ())
        ]
        self._longest_phrase = max(
            (len(phrase.split()) for phrase in [*self._filler, *self._source_names, *language.synonyms]),
            default=1,
        )
        # Most words begin no chat phrase and no other word for a thing: they need no phrase looked up.
        phrases = [*self._filler, *self._source_names, *language.synonyms]
        self._phrase_starts = frozenset(phrase.split(" ")[0] for phrase in phrases)
        # Every key a run of question words can name something by, sorted for prefix search.
        self._name_keys = sorted(
            {*index.names, *index.subject_compacts}
            | {compact(key) for key in index.case_sensitive_names}
            | {key for table in index.roles.values() for key in table.sequences}
        )

    def read(self, question: str, preferred_language: str = "en") -> Query:
        """The question as the engine reads it; `preferred_language` is its language when it does not say."""
        cleaned = clean(question)
        language, text = self.translator.to_english(cleaned, preferred_language)
        if cleaned.rstrip().endswith("?") and not text.rstrip().endswith("?"):
            text += "?"  # the question mark says yes/no where no word does ("NEMO fa parte di TechEthos?")
        query = Query(text=text, language=language)
        text = DECADE.sub(_decade_as_years, ELONGATED.sub(r"\1", text))
        text = EQUALS.sub(" is ", text)  # "DOORS = Digital incubator for museums?" claims one is the other
        folded = words(text)
        typed = original_words(text)
        if len(typed) != len(folded):
            typed = folded
        spellings = self.knowledge.language.spellings
        typed = [spellings.get(f, t) for f, t in zip(folded, typed, strict=True)]
        folded = [spellings.get(f, f) for f in folded]
        folded, typed = self._inclusive_years(folded, typed)
        folded = [self._question_word_typo(f, t) for f, t in zip(folded, typed, strict=True)]
        reworded = self._reword(folded, typed, self._source_names)
        if not any(w not in self.knowledge.language.stopwords for w in reworded[0]):
            reworded = self._reword(folded, typed, frozenset())
        folded, typed = reworded
        query.words = folded
        query.capitalised = {stem(f) for f, t in zip(folded[1:], typed[1:], strict=True) if t[:1].isupper()}
        query.refers_back = any(w in self.knowledge.language.reference_words for w in folded)
        query.stems = {stem(w) for w in folded}
        consumed = [False] * len(folded)
        self._exact_names(query, folded, typed, consumed)
        self._typo_names(query, folded, consumed)
        self._organisation_words(query, folded, consumed)
        if len(folded) > 2 and folded[-1] in self._check_endings:
            consumed[-1] = True  # "... is the director, right?" puts the claim to check; "right" is not in it
        for role in query.organisations:
            query.terms[ROLE_TERMS[role]] = self.index.idf_of(ROLE_TERMS[role])
        for entity in query.entities:
            query.terms[entity] = self.index.idf_of(entity)
        self._plain_words(query, folded, consumed)
        query.stems = {stem(w) for w in folded}
        return query

    def _inclusive_years(self, folded: list[str], typed: list[str]) -> tuple[list[str], list[str]]:
        """ "2024 or later" as "after 2023", "2021 or earlier" as "before 2022": one year mode reads them."""
        if not any(YEAR_PATTERN.match(w) for w in folded):
            return folded, typed
        for position in range(len(folded) - 1, -1, -1):
            if not YEAR_PATTERN.match(folded[position]):
                continue
            for cue, shift, relative in self._inclusive_cues:
                end = position + 1 + len(cue)
                if tuple(folded[position + 1 : end]) == cue:
                    year = str(int(folded[position]) + shift)
                    folded = [*folded[:position], relative, year, *folded[end:]]
                    typed = [*typed[:position], relative, year, *typed[end:]]
                    break
        return folded, typed

    def _reword(
        self, folded: list[str], typed: list[str], dropped: frozenset[str]
    ) -> tuple[list[str], list[str]]:
        """Chat phrases and the `dropped` phrases left out ("in a nutshell") and other words read as the
        knowledge base's ("kick off" -> "start"), longest phrase first."""
        language = self.knowledge.language
        out_folded: list[str] = []
        out_typed: list[str] = []
        position = 0
        starts = self._phrase_starts
        while position < len(folded):
            if folded[position] in self._own_words and position + 1 < len(folded):
                # "my boss just asked me...", "my director wants a list": the asker's own, not Ecsite's.
                out_folded.append(folded[position])
                out_typed.append(typed[position])
                position += 2
                continue
            if folded[position] not in starts:
                out_folded.append(folded[position])
                out_typed.append(typed[position])
                position += 1
                continue
            for size in range(min(self._longest_phrase, len(folded) - position), 0, -1):
                run = " ".join(folded[position : position + size])
                if run in self._filler or run in dropped:
                    position += size
                    break
                replacement = language.synonyms.get(run)
                if replacement is not None:
                    out_folded += words(replacement)
                    out_typed += words(replacement)
                    position += size
                    break
            else:
                out_folded.append(folded[position])
                out_typed.append(typed[position])
                position += 1
        return out_folded, out_typed

    # -- names ---------------------------------------------------------------------------------------------

    def _exact_names(self, query: Query, folded: list[str], typed: list[str], consumed: list[bool]) -> None:
        """Names as typed, longest first, so "Schools As Living Labs" wins over "Living Labs". Only runs that
        can still grow into a name are looked at (a sorted list of every name key, searched by prefix)."""
        index, stopwords = self.index, self.knowledge.language.stopwords
        wants_projects = bool(query.stems & self.project_stems)
        runs: list[tuple[int, int]] = []
        keys = self._name_keys
        for start in range(len(folded)):
            joined = ""
            for end in range(start, min(start + MAX_NAME_WORDS, len(folded))):
                joined += folded[end]
                at = bisect_left(keys, joined)
                if at == len(keys) or not keys[at].startswith(joined):
                    break
                runs.append((end - start + 1, start))
        runs.sort(key=lambda run: (-run[0], run[1]))
        for size, start in runs:
            if True in consumed[start : start + size]:
                continue
            run = folded[start : start + size]
            if all(w in stopwords for w in run):
                continue
            key = "".join(run)
            names = index.names.get(key, [])
            exact_case = index.case_sensitive_names.get(" ".join(typed[start : start + size]), [])
            roles = (
                {role: table.sequences[key] for role, table in index.roles.items() if key in table.sequences}
                if size > 1
                else {}
            )
            if roles and (wants_projects or not (names or exact_case)):
                for role, found in roles.items():
                    known = query.organisations.setdefault(role, [])
                    known.extend(sorted(found - set(known)))
                query.typed_organisations.append(" ".join(typed[start : start + size]))
            elif names or exact_case:
                for name in [*names, *exact_case]:
                    _name(query, name.entity, name.text, " ".join(typed[start : start + size]))
            elif key in index.subject_compacts:
                query.mentions_subject = True
            else:
                continue
            consumed[start : start + size] = [True] * size

    def _typo_names(self, query: Query, folded: list[str], consumed: list[bool]) -> None:
        """Names with typos, from words the knowledge base does not know ("techetos", "globl scape")."""
        vocabulary, stopwords = self.index.vocabulary, self.knowledge.language.stopwords
        # Looked up once per word, not once per run the word is in.
        stop = [w in stopwords for w in folded]
        known = [is_stop or w in vocabulary for w, is_stop in zip(folded, stop, strict=True)]
        if False not in known:  # a name with a typo has a word the knowledge base does not know
            return
        lengths = [len(w) for w in folded]
        for size in (4, 3, 2, 1):  # "schools as livng labs"
            for start in range(len(folded) - size + 1):
                end = start + size
                if True in consumed[start:end] or False not in known[start:end]:
                    continue
                if stop[start] or stop[end - 1] or sum(lengths[start:end]) < MIN_FUZZY_NAME_CHARS:
                    continue
                key = "".join(folded[start:end])
                if size == 1 and typo_match(key, self._subject_keys, NAME_SCORE_CUTOFF) is not None:
                    query.mentions_subject = True  # "ecsiet"
                    consumed[start] = True
                    continue
                found = self._typo_of_name(key)
                if found is None:
                    found = self._name_of_corrected(folded[start:end], known[start:end])
                if (
                    found is None
                    and size > 1
                    and not self._inflected_organisation(folded[start:end])
                    and (self._organisation_typo(query, key))
                ):
                    consumed[start:end] = [True] * size  # "bucarest science festivel"
                    continue
                if found is not None:
                    for name in self.index.names[found]:
                        _name(query, name.entity, name.text, " ".join(folded[start : start + size]))
                    consumed[start : start + size] = [True] * size

    def _name_of_corrected(self, run: list[str], known: list[bool]) -> str | None:
        """A name whose words each have a typo of their own ("raod stemer"): too far from the name as a
        whole, but each word is one edit from a word of it."""
        corrected = []
        for word, is_known in zip(run, known, strict=True):
            found = None if is_known or len(word) < MIN_FUZZY_WORD_CHARS else self._typo_of_word(word)
            corrected.append(found if found is not None and found[0] == word[0] else word)
        key = "".join(corrected)
        return key if corrected != run and key in self.index.names else None

    def _inflected_organisation(self, run: list[str]) -> bool:
        """Words of an organisation's name in another form ("science festivals"): ordinary words, not it."""
        return "".join(stem(w) for w in run) in self._organisation_stem_runs

    def _organisation_typo(self, query: Query, key: str) -> bool:
        """An organisation of the table typed with typos, by its whole name or a run of it that names it."""
        if key not in self._organisation_typos:
            found = typo_match(key, self._fuzzy_organisations(len(key)), NAME_SCORE_CUTOFF)
            _remember(self._organisation_typos, key, found)
        found = self._organisation_typos[key]
        if found is None:
            return False
        role, names = self._organisation_keys[found]
        _add_organisations(query, role, names)
        return True

    def _typo_of_name(self, key: str) -> str | None:
        if key in self._name_typos:
            return self._name_typos[key]
        found = typo_match(key, self._fuzzy_names(len(key)), NAME_SCORE_CUTOFF)
        if found is None and len(key) >= MIN_TWO_EDIT_NAME_CHARS:
            found = _two_edits_away(key, self._fuzzy_names(len(key)))
        _remember(self._name_typos, key, found)
        return found

    def _question_word_typo(self, word: str, typed: str) -> str:
        """ "meny", "wher", "whcih": a question word one edit away (a swap of neighbours counts as one), read
        as it. Question words are few and decide what is asked, so one edit is enough, where a word of the
        knowledge base needs more ("paris" is not "parts")."""
        if word in self._question_typos:
            return self._question_typos[word] or word
        found = None
        if (
            len(word) >= MIN_FUZZY_WORD_CHARS
            and word.isalpha()
            and not typed[:1].isupper()
            and word not in self.knowledge.language.stopwords
            and word not in self.knowledge.language.generic_words
            and word not in self.index.vocabulary
        ):
            match = process.extractOne(word, self._question_word_choices, scorer=OSA.distance, score_cutoff=1)
            if match is not None and match[0][0] == word[0]:
                found = match[0]
        _remember(self._question_typos, word, found)
        return found or word

    def _typo_of_word(self, word: str) -> str | None:
        if word in self._word_typos:
            return self._word_typos[word]
        found = typo_match(word, self._fuzzy_vocabulary(len(word)), WORD_SCORE_CUTOFF)
        if found is None and len(word) >= MIN_TWO_EDIT_WORD_CHARS:
            found = _two_edits_away(
                word, self._fuzzy_vocabulary(len(word)), MIN_TWO_EDIT_WORD_CHARS
            )  # "exectuve"
        _remember(self._word_typos, word, found)
        return found

    def _organisation_words(self, query: Query, folded: list[str], consumed: list[bool]) -> None:
        """Organisations of projects by a distinctive word ("NEMO", "AHHAA"). The other words of its name
        typed beside it, in any order, are part of it ("the Museo de Ciencias *Bloomfield*")."""
        found: set[str] = set()
        for position, word in enumerate(folded):
            for role, table in self.index.roles.items():
                if not consumed[position] and word in table.words:
                    _add_organisations(query, role, table.words[word])
                    found |= table.words[word]
                    consumed[position] = True
                    query.typed_organisations.append(word)
        name_stems = {
            stem(w) for name in found for w in words(name) if w not in self.knowledge.language.stopwords
        }
        spreading = bool(name_stems)
        while spreading:
            spreading = False
            for position, word in enumerate(folded):
                beside = not consumed[position] and self._beside_consumed(position, consumed)
                if beside and self.term_of(word) in name_stems:
                    consumed[position] = spreading = True

    @staticmethod
    def _beside_consumed(position: int, consumed: list[bool]) -> bool:
        """A word next to a word already read as part of a name, across one short word ("de", "of")."""
        return any(
            0 <= p < len(consumed) and consumed[p]
            for p in (position - 2, position - 1, position + 1, position + 2)
        )

    def _unknown_factor(self, word: str) -> float:
        """A word the knowledge base has never seen weighs much ("salary", "weather": what the question is
        about), except a manner word ("operationally", "concretely"), which only frames the question."""
        if any(word.endswith(suffix) for suffix in self.knowledge.language.manner_suffixes):
            return self.tuning.filler_factor
        return self.tuning.unknown_word_factor

    # -- other words ---------------------------------------------------------------------------------------

    def _plain_words(self, query: Query, folded: list[str], consumed: list[bool]) -> None:
        """The remaining words become terms, weighted by rarity and by what kind of word they are."""
        terms = query.terms
        for position, word in enumerate(folded):
            if consumed[position]:
                continue
            year, action, term, weight, spelled = self._plain_reading(word)
            # Understanding reads the words, not the terms: "projcet" asks about projects.
            folded[position] = spelled
            if action == _SKIP:
                continue
            if action == _TERM and self._name_extending(word, term, query):
                # "Is *Europeana* a partner?": a name that extends a word is a name of its own, not a typo.
                term = stem(word)
                action, weight = _UNKNOWN, self.index.idf_of(term) * self._unknown_factor(word)
            if year is not None:
                query.years.append(year)
            if action == _YEAR:
                terms[YEAR_TERM] = weight
            elif action == _SUBJECT:
                query.mentions_subject = True
            else:
                if action == _UNKNOWN:
                    query.unknown.add(term)
                terms[term] = max(terms.get(term, 0.0), weight)

    def _name_extending(self, word: str, term: str, query: Query) -> bool:
        """The word was typed as a name and read as a misspelling of a word it begins with."""
        typed_as = stem(word)
        return (
            typed_as in query.capitalised
            and typed_as not in self.index.idf
            and term != typed_as
            and word.startswith(term)
        )

    def term_of(self, word: str) -> str:
        """The term a word is read as, a misspelling corrected ("membrs" -> "member")."""
        _, action, term, _, _ = self._plain_reading(word)
        return term if action in (_TERM, _UNKNOWN) else stem(word)

    def _plain_reading(self, word: str) -> _PlainWord:
        """`_read_plain`, remembered."""
        memory = self._plain
        reading = memory.get(word)
        if reading is None:
            reading = self._read_plain(word)
            if len(memory) >= MAX_REMEMBERED_WORDS:
                memory.clear()
            memory[word] = reading
        return reading

    def _read_plain(self, word: str) -> _PlainWord:
        """How one word outside the names is read; it depends on the word alone, so it is worked out once."""
        index, tuning, language = self.index, self.tuning, self.knowledge.language
        vocabulary = index.vocabulary
        # A single letter ("q", "u") says nothing, nor two letters the knowledge base never uses ("th", "ya");
        # a single digit is kept, it may be a count.
        short = len(word) <= 2 and not word.isdigit() and (len(word) == 1 or word not in vocabulary)
        if word in language.stopwords or short or word in self._check_words:
            return None, _SKIP, "", 0.0, word
        year = None
        if YEAR_PATTERN.match(word):
            year = int(word)
            if word not in vocabulary:
                return year, _YEAR, YEAR_TERM, index.idf_of(YEAR_TERM) * tuning.question_word_factor, word
        factor = 1.0
        spelled = word
        if word in vocabulary:
            term = vocabulary[word]
        else:
            term = stem(word)
            if term not in index.idf and len(word) >= MIN_FUZZY_WORD_CHARS and not word.isdigit():
                found = self._typo_of_word(word)
                # A typo seldom changes the first letter; requiring it avoids "entity" -> "identity". A
                # country is a word of its own ("france" is not "Franche"), read only as another form of
                # itself ("american" as "america").
                place = word in language.places
                if found is not None and place and not (found.startswith(word) or word.startswith(found)):
                    found = None
                cue = None if word in self._language_words else self._typo_of_cue_word(word)
                if cue is not None and (found is None or fuzz.ratio(word, cue) > fuzz.ratio(word, found)):
                    return self._read_plain(cue)
                if found is not None and found[0] == word[0]:
                    term = vocabulary[found]
                    factor = tuning.corrected_factor
                    if word not in self._language_words:
                        spelled = found
        if term in self.subject_stems:
            return year, _SUBJECT, term, 0.0, spelled
        action = _TERM
        if term not in index.idf:
            action = _UNKNOWN
            factor *= self._unknown_factor(word)
        generic = word in language.generic_words or term in self._generic_stems or word.isdigit()
        if term in self.question_stems:
            factor *= tuning.question_word_factor
        elif generic and term not in index.strong_terms:
            factor *= tuning.generic_word_factor
        return year, action, term, index.idf_of(term) * factor, spelled

    def _typo_of_cue_word(self, word: str) -> str | None:
        if word not in self._cue_typos:
            found = typo_match(word, self._fuzzy_cue_words(len(word)), WORD_SCORE_CUTOFF)
            # Two first letters, not one: "weather" is a word of its own, not a misspelt "whether".
            if found is not None and (found == word or found[:2] != word[:2]):
                found = None
            _remember(self._cue_typos, word, found)
        return self._cue_typos[word]


def language_words(language: Language) -> frozenset[str]:
    """Every word of every list of the language's words, keys and values alike."""
    found: set[str] = set()

    def gather(value: object) -> None:
        if isinstance(value, str):
            found.update(words(value))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                gather(key)
                gather(item)
        elif isinstance(value, Iterable):
            for item in value:
                gather(item)

    for name in language.__slots__:
        gather(getattr(language, name))
    return frozenset(found)


def _name(query: Query, entity: str, text: str, typed: str) -> None:
    """An entity named in the question, as typed; named again by another name, that name is kept apart."""
    before = query.typed_names.get(entity)
    if before is not None and compact(before) != compact(typed):
        query.renamed[entity] = typed
        return
    query.entities[entity] = text
    query.typed_names[entity] = typed


def _add_organisations(query: Query, role: str, names: set[str]) -> None:
    """Organisations of a role found in the question, each once, in the order they were found."""
    known = query.organisations.setdefault(role, [])
    known.extend(sorted(names - set(known)))

"""Synthetic knowledge bases in the schema of knowledge/data/, to measure how the engine's cost grows.

Half of the entries are projects (unique names, aliases, participants from a shared pool, funders, a
timeframe, an abstract, keywords), half are fact topics (a unique theme word, a title, a body, phrasings,
keywords, an alias for a third of them). Common words come from the real knowledge base's texts, names are
pronounceable made-up words, so the vocabulary grows with the knowledge base as it would with real names.
The files sources.yaml, language.yaml, messages.yaml and languages/ are copied from the real knowledge base.

Each knowledge base comes with labelled questions: project attributes (some with a typo in the name), topic
phrasings, and out-of-scope questions that must be declined.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from knowledge.loader import DATA_DIR, LANGUAGE_FILE, MESSAGES_FILE, TRANSLATIONS_DIR, load_knowledge_base
from knowledge.text import compact, words

ENTRIES_PER_FILE = 2_000
_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "tr",
    "st",
]
ORGANISATION_KINDS = ["Science Centre", "Museum", "University", "Institute", "Foundation"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
_CODAS = ["", "", "", "n", "r", "s", "l", "x"]
OUT_OF_SCOPE = [
    "how high is mount everest",
    "what is the weather tomorrow",
    "suggest a film for tonight",
    "who won the football match yesterday",
    "how do I bake bread",
    "what is the capital of peru",
    "write me a poem about cats",
    "which train goes to the airport",
    "how much does a bicycle cost",
    "who is the best guitar player",
]


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    expected: str | None  # the topic id of the right answer; None: must be declined


class _Names:
    """Unique made-up words: no two share a compact form, and none is a word of the real knowledge base."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = set(taken)

    def word(self, syllables: tuple[int, int] = (2, 4)) -> str:
        while True:
            count = self.rng.randint(*syllables)
            parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(count)]
            candidate = "".join(parts) + self.rng.choice(_CODAS)
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _common_words() -> list[str]:
    """Ordinary words to write abstracts, bodies and keywords with: those of the real knowledge base."""
    kb = load_knowledge_base()
    stopwords = kb.language.stopwords
    texts = [t.body for t in kb.topics.values()] + [p.abstract for p in kb.projects.values()]
    found = {w for text in texts for w in words(text) if len(w) >= 4 and w.isalpha() and w not in stopwords}
    return sorted(found)


def _dump(path: Path, document: dict[str, object]) -> None:
    # JSON is YAML: much faster to write than yaml.safe_dump, read by the same loader (and about 30% faster
    # to load than block-style YAML, which people write: the load times here are a little optimistic).
    path.write_text(json.dumps(document, ensure_ascii=False, indent=0), encoding="utf-8")


def _typo(name: str, rng: random.Random) -> str:
    """One letter dropped or two swapped, never the first letter (as the engine assumes of typos)."""
    position = rng.randrange(2, len(name) - 1)
    if rng.random() < 0.5:
        return name[:position] + name[position + 1 :]
    return name[: position - 1] + name[position] + name[position - 1] + name[position + 1 :]


def generate(target: Path, entries: int, seed: int = 7, questions: int = 300) -> list[Question]:
    """Write a knowledge base of `entries` projects and topics into `target`; return labelled questions."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("sources.yaml", LANGUAGE_FILE, MESSAGES_FILE):
        shutil.copy(DATA_DIR / name, target / name)
    shutil.copytree(DATA_DIR / TRANSLATIONS_DIR, target / TRANSLATIONS_DIR, dirs_exist_ok=True)
    common = _common_words()
    names = _Names(rng, set(common))
    n_projects = entries // 2
    n_topics = entries - n_projects
    organisations = [
        f"{names.word().title()} {rng.choice(ORGANISATION_KINDS)}" for _ in range(max(20, n_projects // 2))
    ]
    funders = [f"{names.word().title()} Research Fund" for _ in range(max(5, n_projects // 200))]
    source = ["encyclopedia"]

    projects: list[dict[str, object]] = []
    for index in range(n_projects):
        first, second = names.word().title(), names.word((1, 2)).upper()
        name = f"{first}-{second}"
        keywords = rng.sample(common, 3)
        start = rng.randint(2000, 2028)
        projects.append(
            {
                "id": f"p{index}-{compact(name)}",
                "name": name,
                "aliases": [f"{first} {second}"],
                "timeframe": f"{start}-{start + rng.randint(1, 5)}",
                "participants": rng.sample(organisations, rng.randint(2, 5)),
                "funders": [rng.choice(funders)],
                "abstract": " ".join(rng.choices(common, k=rng.randint(15, 30))).capitalize() + ".",
                "website": f"https://{compact(name)}.example.eu/",
                "keywords": keywords,
                "phrasings": [f"project on {keywords[0]} and {keywords[1]}"],
                "sources": source,
            }
        )
    topics: list[dict[str, object]] = []
    for index in range(n_topics):
        theme = names.word()
        keywords = rng.sample(common, 3)
        topic: dict[str, object] = {
            "id": f"t{index}-{theme}",
            "title": f"{theme.title()} {keywords[0]}",
            "body": f"The {keywords[0]} of {theme.title()}: " + " ".join(rng.choices(common, k=20)) + ".",
            "sources": source,
            "phrasings": [
                f"what is the {keywords[0]} of {theme}",
                f"{theme} {keywords[1]}",
                f"tell me about the {keywords[2]} of {theme}",
            ],
            "keywords": keywords,
        }
        if index % 3 == 0:
            topic["aliases"] = [f"{theme.title()} {names.word().title()} Council"]
        topics.append(topic)

    _dump(
        target / "projects_topic.yaml",
        {
            "projects_topic": {
                "id": "projects",
                "title": "The projects",
                "body": "All the projects.",
                "sources": source,
                "phrasings": ["which projects are there", "list all projects"],
                "keywords": ["projects", "list"],
            }
        },
    )
    for start in range(0, n_projects, ENTRIES_PER_FILE):
        _dump(target / f"projects_{start:06d}.yaml", {"projects": projects[start : start + ENTRIES_PER_FILE]})
    for start in range(0, n_topics, ENTRIES_PER_FILE):
        _dump(target / f"topics_{start:06d}.yaml", {"topics": topics[start : start + ENTRIES_PER_FILE]})
    return _questions(rng, projects, topics, questions)


def _questions(
    rng: random.Random, projects: list[dict[str, object]], topics: list[dict[str, object]], count: int
) -> list[Question]:
    asked: list[Question] = []
    attributes = [
        ("who funds {}?", "funders"),
        ("who takes part in {}", "participants"),
        ("when did {} start?", "timeframe"),
        ("what is the website of {}", "website"),
        ("tell me about {}", None),
    ]
    for number in range(count):
        kind = number % 20
        if kind < 8:  # a project attribute
            project = rng.choice(projects)
            template, attribute = rng.choice(attributes)
            topic = f"project:{project['id']}" + (f":{attribute}" if attribute else "")
            asked.append(Question(template.format(project["name"]), topic))
        elif kind < 11:  # the same, with a typo in the project's name
            project = rng.choice(projects)
            name = _typo(str(project["name"]), rng)
            asked.append(Question(f"who funds {name}?", f"project:{project['id']}:funders"))
        elif kind < 17:  # a fact topic, as phrased in the knowledge base
            topic = rng.choice(topics)
            phrasings = topic["phrasings"]
            assert isinstance(phrasings, list)
            asked.append(Question(str(rng.choice(phrasings)) + "?", str(topic["id"])))
        else:  # out of scope
            asked.append(Question(rng.choice(OUT_OF_SCOPE), None))
    return asked

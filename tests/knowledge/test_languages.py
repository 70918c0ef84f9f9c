"""Questions in French, German, Spanish, Italian and Dutch get the same answers as in English.

The questions here are our own (none is in the shared development set). Each foreign question is paired with
the English question it means: both must get the same answer, and the reply must hold the expected fact.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.render.text import render_text
from knowledge import Answer, Engine, load_engine
from knowledge.loader import DATA_DIR
from knowledge.text import words

LANGUAGES = ("fr", "de", "es", "it", "nl")

# (question, the same question in English, facts the reply must hold; "a|b" means either)
ANSWERED: dict[str, list[tuple[str, str, list[str]]]] = {
    "fr": [
        ("Quand Ecsite a-t-elle été fondée ?", "When was Ecsite founded?", ["1989"]),
        ("Où se trouve le siège d'Ecsite ?", "Where are Ecsite's headquarters?", ["Brussels"]),
        ("Combien de membres compte Ecsite ?", "How many members does Ecsite have?", ["400|320"]),
        (
            "Qui est la directrice exécutive d'Ecsite ?",
            "Who is Ecsite's executive director?",
            ["Catherine Franche"],
        ),
        (
            "Quels sont les réseaux sœurs d'Ecsite ?",
            "What are Ecsite's sister networks?",
            ["ASPAC", "RedPOP"],
        ),
        ("Qui finance le projet DOORS ?", "Who funds the DOORS project?", ["Horizon 2020"]),
        ("Quel est le site web de GlobalSCAPE ?", "What is the website of GlobalSCAPE?", ["global-scape.eu"]),
        ("Quelle est la vision d'Ecsite ?", "What is Ecsite's vision?", ["European society"]),
        (
            "Quels sont les engagements d'Ecsite ?",
            "What are Ecsite's commitments?",
            ["climate", "misinformation"],
        ),
        ("Qu'est-ce que l'EAZA ?", "Who is EAZA?", ["European Association of Zoos"]),
        ("Quel réseau couvre l'Amérique latine ?", "Which network covers Latin America?", ["RedPOP"]),
        ("Quels projets ont commencé en 2022 ?", "Which projects started in 2022?", ["Road-STEAMer"]),
        ("Qui est le vice-président ?", "Who is the vice-president?", ["Ulrike Kastrup"]),
        ("Ecsite est-elle une association à but non lucratif ?", "Is Ecsite a nonprofit?", ["nonprofit"]),
    ],
    "de": [
        ("Wann wurde Ecsite gegründet?", "When was Ecsite founded?", ["1989"]),
        ("Was ist das Gründungsjahr von Ecsite?", "What is Ecsite's founding year?", ["1989"]),
        ("Wo hat Ecsite seinen Sitz?", "Where are Ecsite's headquarters?", ["Brussels"]),
        ("Wie viele Mitglieder hat Ecsite?", "How many members does Ecsite have?", ["400|320"]),
        ("Wer ist der Präsident von Ecsite?", "Who is the president of Ecsite?", ["Bruno Maquart"]),
        (
            "Wer ist die Geschäftsführerin von Ecsite?",
            "Who is Ecsite's executive director?",
            ["Catherine Franche"],
        ),
        ("Was ist die Mission von Ecsite?", "What is Ecsite's mission?", ["connects"]),
        ("Wer nimmt an DOORS teil?", "Who takes part in DOORS?", ["Ars Electronica"]),
        ("Wer finanziert TechEthos?", "Who funds TechEthos?", ["Horizon 2020"]),
        ("Welches Netzwerk deckt Lateinamerika ab?", "Which network covers Latin America?", ["RedPOP"]),
        ("Was bekommen die Mitglieder von Ecsite?", "What do Ecsite's members get?", ["Capacity"]),
        ("Welche Projekte liefen 2021?", "Which projects ran in 2021?", ["GlobalSCAPE"]),
        ("Welche Leitprinzipien hat Ecsite?", "What are Ecsite's guiding principles?", ["cooperation"]),
        (
            "Welche Vorteile haben die Mitglieder von Ecsite?",
            "What are the benefits for members?",
            ["Capacity"],
        ),
        (
            "Mit welchen europäischen Partnern arbeitet Ecsite zusammen?",
            "Which European partners does Ecsite work with?",
            ["ECSA", "Science Europe"],
        ),
    ],
    "es": [
        ("¿Cuándo se fundó Ecsite?", "When was Ecsite founded?", ["1989"]),
        ("¿Quién es el presidente de Ecsite?", "Who is the president of Ecsite?", ["Bruno Maquart"]),
        ("¿Cuántos miembros tiene Ecsite?", "How many members does Ecsite have?", ["400|320"]),
        (
            "¿Cuáles son las redes hermanas de Ecsite?",
            "What are Ecsite's sister networks?",
            ["ASPAC", "SAASTEC"],
        ),
        ("¿Qué es la ESA?", "What is ESA?", ["European Space Agency"]),
        ("¿Quién financia GlobalSCAPE?", "Who funds GlobalSCAPE?", ["Horizon 2020"]),
        ("¿Quiénes participan en WATER-MINING?", "Who takes part in WATER-MINING?", ["NEMO Science Museum"]),
        ("¿Cuál es la misión de Ecsite?", "What is Ecsite's mission?", ["connects"]),
        ("¿Qué red hay en el sur de África?", "Which network is in southern Africa?", ["SAASTEC"]),
        ("¿Cuándo termina Road-STEAMer?", "When does Road-STEAMer end?", ["2025"]),
        (
            "¿Con qué organizaciones colabora Ecsite?",
            "Which organisations does Ecsite collaborate with?",
            ["ECSA"],
        ),
        (
            "¿En qué proyectos participa el Parque de las Ciencias?",
            "Which projects is Parque de las Ciencias part of?",
            ["TechEthos", "WATER-MINING"],
        ),
        (
            "¿Qué firmó Ecsite con los zoológicos y jardines botánicos?",
            "Which agreement did Ecsite sign with zoos and botanical gardens?",
            ["memorandum", "2014"],
        ),
    ],
    "it": [
        ("Quando è stata fondata Ecsite?", "When was Ecsite founded?", ["1989"]),
        ("Dove ha sede Ecsite?", "Where is Ecsite based?", ["Brussels"]),
        ("Dov'è la sede dell'Ecsite?", "Where are Ecsite's headquarters?", ["Brussels"]),
        ("Chi è il presidente di Ecsite?", "Who is the president of Ecsite?", ["Bruno Maquart"]),
        ("Quanti membri ha Ecsite?", "How many members does Ecsite have?", ["400|320"]),
        ("Quali sono i principi guida di Ecsite?", "What are Ecsite's guiding principles?", ["cooperation"]),
        ("Chi finanzia SocKETs?", "Who funds SocKETs?", ["Horizon 2020"]),
        ("Qual è il sito web di SocKETs?", "What is the website of SocKETs?", ["sockets-cocreation.eu"]),
        ("Cos'è l'ASPAC?", "Tell me about ASPAC", ["Asia Pacific"]),
        ("Quali progetti coinvolgono NEMO?", "Which projects involve NEMO?", ["WATER-MINING"]),
        (
            "Quanti visitatori raggiungono i membri ogni anno?",
            "How many visitors do the members reach each year?",
            ["40 million"],
        ),
        ("Quali sono gli impegni di Ecsite?", "What are Ecsite's commitments?", ["climate"]),
        # "con" is Spanish too: the tie on markers goes to the language that knows more of the words.
        (
            "Con quali organizzazioni collabora Ecsite?",
            "Which organisations does Ecsite collaborate with?",
            ["ECSA"],
        ),
        ("Quale rete copre l'America Latina?", "Which network covers Latin America?", ["RedPOP"]),
    ],
    "nl": [
        ("Wanneer is Ecsite opgericht?", "When was Ecsite founded?", ["1989"]),
        ("Waar is Ecsite gevestigd?", "Where is Ecsite based?", ["Brussels"]),
        ("Wie is de voorzitter van Ecsite?", "Who is the president of Ecsite?", ["Bruno Maquart"]),
        ("Wie is de directeur van Ecsite?", "Who is the director of Ecsite?", ["Catherine Franche"]),
        ("Hoeveel leden heeft Ecsite?", "How many members does Ecsite have?", ["400|320"]),
        (
            "Wat zijn de zusternetwerken van Ecsite?",
            "What are Ecsite's sister networks?",
            ["ASPAC", "RedPOP"],
        ),
        ("Wie financiert DOORS?", "Who funds DOORS?", ["Horizon 2020"]),
        ("Wie doet mee aan Make it Open?", "Who takes part in Make it Open?", ["Waag Society"]),
        ("Wat is de website van Road-STEAMer?", "What is the website of Road-STEAMer?", ["Road-STEAMer"]),
        (
            "Welke projecten liepen van 2021 tot 2023?",
            "Which projects were running from 2021 until 2023?",
            ["GlobalSCAPE", "DOORS", "TechEthos"],
        ),
        ("Wie zijn de Europese partners van Ecsite?", "Who are Ecsite's European partners?", ["ECSA"]),
        ("Wat is de visie van Ecsite?", "What is Ecsite's vision?", ["European society"]),
        (
            "Met welke organisaties werkt Ecsite samen?",
            "Which organisations does Ecsite work with?",
            ["ECSA"],
        ),
    ],
}

# Questions the knowledge base cannot answer: the bot must decline, in the question's language.
DECLINED: dict[str, list[str]] = {
    "fr": ["Quel temps fait-il à Bruxelles ?", "Qui est le président de la France ?"],
    "de": ["Wie ist das Wetter in Brüssel?", "Wer hat die Weltmeisterschaft gewonnen?"],
    # "esa" is Spanish for "that": it must not be read as the European Space Agency.
    "es": ["¿Cuál es la capital de Francia?", "¿Esa pregunta tiene respuesta?"],
    "it": ["Chi ha vinto i mondiali?", "Che ore sono?"],
    "nl": ["Hoe laat is het?", "Wat is de hoofdstad van Frankrijk?"],
}

# English questions that hold words of other languages (names, "die", "come", "de"): still English.
ENGLISH = [
    "Which projects is Parque de las Ciencias part of?",
    "what projects does the Museo Nazionale della Scienza e della Tenologia 'Leonardo da Vinci' take part in",
    "Which projects is Association Europeene des Expositions Scientifiques Techniques et Industrielles in?",
    "projects with Zentrum fur Soziale Innovation",
    "Is Universiteit Leiden part of GlobalSCAPE?",
    "does Universidad Autonoma de Barcelona take part in any project",
    "What is ESA?",
    "list all projects",
    "when did ecsite come about",
    "I'd like to know who the president is",
    "what is ecsite's e-mail address?",
    "tell me about the Centro Ciencia Viva De Lagos",
    "Who is the vice president?",
    "what is the website of DOORS",
    "is it based in Brussels",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


def _holds(answer: Answer, expected: list[str]) -> bool:
    text = render_text(answer).casefold()
    return all(any(alt.casefold() in text for alt in group.split("|")) for group in expected)


def _answered_cases() -> Iterator[tuple[str, str, str, list[str]]]:
    for code, cases in ANSWERED.items():
        for question, english, expected in cases:
            yield code, question, english, expected


def test_every_language_has_its_own_questions() -> None:
    assert set(ANSWERED) == set(LANGUAGES) == set(DECLINED)
    assert all(len(cases) >= 6 for cases in ANSWERED.values())


@pytest.mark.parametrize(("code", "question", "english", "expected"), list(_answered_cases()))
def test_foreign_question_gets_the_english_answer(
    engine: Engine, code: str, question: str, english: str, expected: list[str]
) -> None:
    assert engine.read(question).language == code
    answer = engine.ask(question)
    assert answer.answered, render_text(answer)
    assert _holds(answer, expected), render_text(answer)
    in_english = engine.ask(english)
    assert in_english.answered and in_english.topic == answer.topic
    assert answer.language == code


@pytest.mark.parametrize(("code", "question"), [(c, q) for c, qs in DECLINED.items() for q in qs])
def test_out_of_scope_is_declined_in_the_question_language(engine: Engine, code: str, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered, render_text(answer)
    assert answer.language == code
    messages = engine.knowledge.messages[code]
    assert answer.title == messages["decline_title"]
    assert answer.body.startswith(messages["decline_body"])
    assert messages["decline_title"] != engine.knowledge.messages["en"]["decline_title"]


def test_french_decline_is_in_french(engine: Engine) -> None:
    text = render_text(engine.ask("Quelle est la recette des crêpes ?"))
    assert "Je ne sais pas" in text
    assert "I don't know" not in text


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Qui finance DOORS ?", "Qui finance DOORS"),
        ("Wer finanziert DOORS?", "Wer DOORS finanziert"),
        ("¿Quién financia DOORS?", "Quién financia DOORS"),
        ("Chi finanzia DOORS?", "Chi finanzia DOORS"),
        ("Wie financiert DOORS?", "Wie financiert DOORS"),
    ],
)
def test_project_reply_phrases_follow_the_language(engine: Engine, question: str, title: str) -> None:
    answer = engine.ask(question)
    assert answer.title == title
    assert "Horizon 2020" in answer.body  # the facts stay in English


def test_project_fields_follow_the_language(engine: Engine) -> None:
    text = render_text(engine.ask("Parle-moi du projet TechEthos"))
    assert "Organisations participantes" in text and "Financeurs" in text
    assert "Participating organisations" not in text


@pytest.mark.parametrize("question", ENGLISH)
def test_english_with_foreign_names_stays_english(engine: Engine, question: str) -> None:
    assert engine.read(question).language == "en"


def test_no_english_phrasing_of_the_knowledge_base_is_read_as_another_language(engine: Engine) -> None:
    kb = engine.knowledge
    phrasings = [p for topic in [*kb.topics.values(), kb.projects_topic] for p in topic.phrasings]
    phrasings += [p for project in kb.projects.values() for p in project.phrasings]
    misread = [(p, engine.read(p).language) for p in phrasings if engine.read(p).language != "en"]
    assert misread == []


def test_english_question_set_is_read_as_english(engine: Engine) -> None:
    cases = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text("utf-8"))
    misread = [c["q"] for c in cases if c["cat"] != "i18n" and engine.read(c["q"]).language != "en"]
    assert misread == []


# -- the word lists themselves -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_word_lists_are_folded_and_markers_are_not_english(engine: Engine, code: str) -> None:
    translation = engine.knowledge.translations[code]
    english = engine.knowledge.language.stopwords
    assert len(translation.markers) >= 3
    for marker in translation.markers:
        assert words(marker) == [marker], marker
        assert marker not in english, f"{marker!r} is an English word: it would make English look {code}"
    for phrase in translation.phrases:
        assert " ".join(words(phrase)) == phrase, f"{phrase!r} is not folded"
        assert len(phrase.split()) <= 4, phrase


@pytest.mark.parametrize("code", LANGUAGES)
def test_word_lists_have_no_duplicate_keys(code: str) -> None:
    class StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
        keys = [loader.construct_object(key) for key, _ in node.value]
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        assert not duplicates, f"{code}.yaml repeats {duplicates}"
        return loader.construct_mapping(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load((DATA_DIR / "languages" / f"{code}.yaml").read_text("utf-8"), Loader=StrictLoader)


@pytest.mark.parametrize("code", LANGUAGES)
def test_reply_phrases_exist_with_the_same_placeholders(engine: Engine, code: str) -> None:
    messages = engine.knowledge.messages
    assert set(messages[code]) == set(messages["en"])

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in messages[code].items():
        assert fields(text) == fields(messages["en"][key]), key


@pytest.mark.parametrize("question", ["DOORS", "doors?", "Ecsite?", "asdfgh", "1989"])
def test_a_question_that_does_not_settle_the_language_is_answered_in_the_preferred_one(
    engine: Engine, question: str
) -> None:
    assert engine.ask(question, preferred_language="de").language == "de"
    assert engine.ask(question).language == "en"


def test_the_preferred_language_reads_its_own_words_too(engine: Engine) -> None:
    answer = engine.ask("DOORS Geldgeber", preferred_language="de")
    assert answer.topic == "project:doors:funders" and answer.title == "Wer DOORS finanziert"


@pytest.mark.parametrize(
    ("question", "language"),
    [("who funds DOORS", "en"), ("DOORS website", "en"), ("Qui finance DOORS ?", "fr")],
)
def test_a_question_in_a_language_keeps_it_whatever_the_preferred_one(
    engine: Engine, question: str, language: str
) -> None:
    assert engine.ask(question, preferred_language="de").language == language

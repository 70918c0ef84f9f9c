"""What a person asking the engine notices: the right fact, a sourced reply, or an honest decline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.render.text import render_text
from knowledge import Conversation, Engine, load_engine
from tests.knowledge.counts import bold_count
from tests.knowledge.judge import judge

QUESTIONS = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


@pytest.mark.parametrize("case", QUESTIONS, ids=[f"{c['cat']}:{c['q']}" for c in QUESTIONS])
def test_our_own_questions(engine: Engine, case: dict) -> None:
    answer = engine.ask(case["q"])
    assert judge(case, answer.answered, render_text(answer)) is None, render_text(answer)


def test_an_answer_names_its_source_document(engine: Engine) -> None:
    answer = engine.ask("where is ecsite based?")
    assert answer.answered
    assert [s.url for s in answer.sources] == [
        "https://en.wikipedia.org/wiki/European_Network_of_Science_Centres_and_Museums"
    ]
    assert "Source:" in render_text(answer)


def test_membership_gives_both_published_figures_with_their_sources(engine: Engine) -> None:
    answer = engine.ask("how many members does ecsite have?")
    text = render_text(answer)
    assert "400" in text and "320" in text
    assert {s.id for s in answer.sources} == {"encyclopedia", "mission"}


def test_a_project_overview_has_timeframe_funder_participants_and_website(engine: Engine) -> None:
    answer = engine.ask("GlobalSCAPE")
    text = render_text(answer)
    for fact in ("2021", "2023", "Horizon 2020", "Universiteit Leiden", "https://global-scape.eu/"):
        assert fact in text
    assert [link.url for link in answer.links] == ["https://global-scape.eu/"]


def test_road_steamer_says_it_has_no_website_instead_of_inventing_one(engine: Engine) -> None:
    answer = engine.ask("roadsteamer website")
    assert answer.answered
    assert answer.links == ()
    assert "no website" in render_text(answer).lower()


def test_the_project_count_is_stated_as_of_2023(engine: Engine) -> None:
    text = render_text(engine.ask("how many projects does ecsite have?"))
    assert "8 projects" in text and "23" in text and "2023" in text


@pytest.mark.parametrize("question", ["weather in Brussels today", "capital of France", "asdfgh", "lol"])
def test_out_of_scope_is_declined(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.sources == ()


def test_a_near_miss_declines_with_at_most_three_suggestions_that_answer(engine: Engine) -> None:
    answer = engine.ask("Who is the president of the United States?")
    assert not answer.answered
    assert 1 <= len(answer.suggestions) <= 3
    for suggestion in answer.suggestions:
        assert suggestion.label in render_text(answer)
        assert engine.answer_topic(suggestion.topic).answered


@pytest.mark.parametrize(
    "noise",
    [
        "<@987654321098765432> when was ecsite founded",
        "@everyone when was ecsite founded??",
        "hi!! pls when was ecsite founded 🙏🙏",
        "WHEN WAS ECSITE FOUNDED",
        "when was ecsite founded" + "!" * 5000,
    ],
)
def test_chat_noise_does_not_change_the_answer(engine: Engine, noise: str) -> None:
    answer = engine.ask(noise)
    assert answer.answered and "1989" in render_text(answer)


@pytest.mark.parametrize("question", ["", "   ", "🙂🙂🙂", "x" * 10_000, "<@1> <@&2> @here", "?" * 4000])
def test_empty_or_odd_input_gets_a_calm_decline(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.title


def test_a_long_question_with_a_real_question_inside_still_terminates_quickly(engine: Engine) -> None:
    answer = engine.ask("when was ecsite founded " + "blah " * 2000)
    assert not answer.answered or "1989" in render_text(answer)


def test_project_autocomplete_is_fuzzy_and_limited(engine: Engine) -> None:
    names = [name for name, _ in engine.complete_projects("watr minin")]
    assert names[0] == "WATER-MINING"
    assert len(engine.complete_projects("")) == 8
    assert len(engine.complete_projects("a", limit=3)) <= 3
    name, topic = engine.complete_projects("road steamer")[0]
    assert engine.answer_topic(topic).title.startswith(name)


def test_command_topics_exist(engine: Engine) -> None:
    for topic in ("about", "projects", "networks", "partners"):
        assert engine.answer_topic(topic).answered
    assert not engine.answer_topic("no-such-topic").answered


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("When was Ecsite founded and where is it based?", ["1989", "Brussels"]),
        ("who funds DOORS and when did it start", ["Horizon 2020", "2021"]),
        ("what are the mission and the vision of ecsite", ["connects", "European society"]),
        ("Quand Ecsite a-t-elle été fondée et où est-elle basée ?", ["1989", "Brussels"]),
    ],
)
def test_a_question_that_asks_two_things_gets_both_answers(
    engine: Engine, question: str, facts: list[str]
) -> None:
    answer = engine.ask(question)
    assert answer.answered
    text = render_text(answer)
    for fact in facts:
        assert fact in text


def test_one_question_with_and_inside_a_name_is_still_one_answer(engine: Engine) -> None:
    answer = engine.ask("what is the memorandum with zoos and aquaria")
    assert answer.answered and answer.topic == "memorandum"


@pytest.mark.parametrize("question", ["help", "what can you do?", "who are you", "thanks!", "when?"])
def test_a_question_that_names_nothing_gets_the_introduction(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.suggestions == ()
    assert "When was Ecsite founded?" in render_text(answer)  # an example of what can be asked


def test_a_bare_question_word_follows_the_conversation(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("who takes part in DOORS?", conversation)
    answer = engine.ask("when?", conversation)
    assert answer.answered and "2021" in render_text(answer) and "DOORS" in answer.title


def test_a_participant_asked_for_by_country_is_found_by_the_name_that_says_it(engine: Engine) -> None:
    answer = engine.ask("any maltese partner in Road-STEAMer?")
    reply = render_text(answer)
    assert answer.answered and "Universitat ta Malta" in reply and "Politecnico di Milano" not in reply


def test_a_country_no_participant_name_says_is_declined_with_why_and_the_participants_offered(
    engine: Engine,
) -> None:
    answer = engine.ask("which swedish organisation takes part in TechEthos?")
    assert not answer.answered
    assert "does not say where" in answer.body
    assert [s.label for s in answer.suggestions] == ["Who takes part in TechEthos?"]


def test_a_university_asked_of_a_consortium_is_picked_from_its_participants(engine: Engine) -> None:
    reply = render_text(engine.ask("what university is part of the make it open consortium?"))
    assert "Columbia University" in reply and "Tom Tits" not in reply


def test_a_funder_the_table_never_names_funds_no_project_even_when_an_abstract_mentions_it(
    engine: Engine,
) -> None:
    # An abstract names the programme as what its project advises; the funders column names another.
    questions = ("does any project get money from Horizon Europe?", "which projects does Erasmus+ pay for?")
    for question in questions:
        reply = render_text(engine.ask(question))
        assert "not listed among the funders of any project" in reply, reply
        assert "**Yes.**" not in reply, reply
    funded = render_text(engine.ask("is any project funded by horizon 2020?"))
    assert "**Yes.**" in funded, funded


def test_whether_a_project_started_in_a_year_is_no_when_the_table_lists_none_and_unknown_outside_it(
    engine: Engine,
) -> None:
    starts = {p.start for p in engine.knowledge.projects.values()}
    ends = {p.end for p in engine.knowledge.projects.values()}
    quiet = next(year for year in range(min(starts), max(ends) + 1) if year not in starts)
    reply = render_text(engine.ask(f"did a project start in {quiet}?"))
    assert "**No**" in reply and "**Yes.**" not in reply, reply
    assert not engine.ask(f"will a new project start in {max(ends) + 3}?").answered
    first = render_text(engine.ask(f"did any project start in {min(starts)}?"))
    assert "**Yes.**" in first, first


def test_who_leads_a_project_pointed_at_is_declined_when_its_text_names_no_lead(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("which projects started in 2021?", conversation)
    assert not engine.ask("who coordinates the first one?", conversation).answered


def test_a_funder_named_of_one_project_is_no_when_the_table_lists_others_yes_for_its_owner_and_unsure_else(
    engine: Engine,
) -> None:
    for claimed in ("Creative Europe", "ERC", "Erasmus+"):
        reply = render_text(engine.ask(f"does GlobalSCAPE get its money from {claimed}?"))
        assert "**No**" in reply and "not listed among the funders of GlobalSCAPE" in reply, reply
    # The EU is whose programme the table names ("European Union's Horizon 2020"): Yes.
    reply = render_text(engine.ask("does GlobalSCAPE get its money from the EU?"))
    assert "**Yes.**" in reply and "Horizon 2020" in reply, reply
    # The European Commission may be another name of a funder: the funders are shown, with no verdict.
    reply = render_text(engine.ask("does GlobalSCAPE get its money from the European Commission?"))
    assert "**No**" not in reply and "**Yes.**" not in reply and "Horizon 2020" in reply, reply


def test_chat_joined_to_the_question_by_but_or_a_thanks_does_not_change_what_is_asked(engine: Engine) -> None:
    reply = engine.ask("no clue whether this belongs here but where is ecsite based?")
    assert reply.answered and "Brussels" in render_text(reply), render_text(reply)
    reply = engine.ask("cheers, that was great!! one more thing, who are the partners on TechEthos?")
    assert reply.topic == "project:techethos:participants", render_text(reply)


def test_a_count_claimed_in_words_is_checked_against_the_list_answered(engine: Engine) -> None:
    listing = engine.ask("what are ecsite's guiding principles?")
    size = sum(1 for line in listing.body.splitlines() if line[:1].isdigit())
    word_of = {value: word for word, value in engine.knowledge.language.number_values.items()}
    right = render_text(engine.ask(f"ecsite has {word_of[size]} guiding principles, correct?"))
    assert "**Yes.**" in right, right
    wrong = render_text(engine.ask(f"ecsite has {word_of[size + 1]} guiding principles, correct?"))
    assert "**No**" in wrong and bold_count(engine, size) in wrong, wrong


def test_what_a_document_says_is_declined_when_the_sources_only_name_it(engine: Engine) -> None:
    assert not engine.ask("what does ecsite's position on biodiversity state?").answered
    assert not engine.ask("so what does the evolution statement argue, in short?").answered
    named = engine.ask("does ecsite publish a position on biodiversity?")
    assert named.answered and "Position on biodiversity" in render_text(named), render_text(named)


def test_ecsite_described_by_what_it_is_stands_for_ecsite(engine: Engine) -> None:
    for question in (
        "which city hosts the European science centres network?",
        "in what country is the european network of science centers registered?",
    ):
        reply = engine.ask(question)
        assert reply.answered and "Belgi" in render_text(reply), (question, reply.topic)


def test_a_nationality_claimed_of_someone_is_not_denied_by_a_text_naming_no_country(engine: Engine) -> None:
    assert not engine.ask("catherine franche is dutch, right?").answered
    assert not engine.ask("the vice-president is swedish, right?").answered
    located = render_text(engine.ask("ecsite is based in france, isn't it?"))
    assert "**No**" in located and "Belgium" in located, located


def test_the_words_that_ask_for_a_check_do_not_weigh_against_the_answer(engine: Engine) -> None:
    reply = render_text(engine.ask("is it true ecsite is located in madrid"))
    assert "**No**" in reply and "Brussels" in reply, reply
    counted = render_text(engine.ask("is it true that ecsite is involved in eight projects?"))
    assert "**Yes.**" in counted, counted


def test_a_claim_of_what_something_is_about_is_no_when_its_text_says_none_of_it(engine: Engine) -> None:
    for question in ("is TechEthos about water?", "DOORS deals with zoos, right?"):
        reply = engine.ask(question)
        assert "**No**" in render_text(reply), (question, render_text(reply))
    assert "**Yes.**" in render_text(engine.ask("is WATER-MINING about water?"))


def test_a_misspelt_little_word_that_asks_for_an_attribute_is_read_as_it(engine: Engine) -> None:
    reply = engine.ask("techethos, what is it abuot")
    assert reply.answered and reply.subject == "@project:techethos", render_text(reply)
    assert "Digital incubator" in render_text(engine.ask("what is the dors projct"))


def test_a_claim_the_text_negates_is_no(engine: Engine) -> None:
    reply = render_text(engine.ask("ecsite's list of european partners is complete, right?"))
    assert "**No**" in reply and "non-exhaustive" in reply, reply


def test_how_many_of_a_listed_thing_is_counted_from_the_one_list_of_them(engine: Engine) -> None:
    listing = engine.ask("what are ecsite's commitments?")
    size = sum(1 for line in listing.body.splitlines() if line[:1].isdigit())
    for question in ("how many commitments are on the list", "how many commitments does ecsite list"):
        reply = render_text(engine.ask(question))
        assert bold_count(engine, size) in reply, reply


def test_the_organisation_a_person_works_for_is_declined_as_no_text_names_it(engine: Engine) -> None:
    assert not engine.ask("which institution does bruno maquart come from?").answered
    assert engine.ask("which institutions take part in DOORS?").answered


def test_a_latin_plural_reads_as_the_word_the_texts_use(engine: Engine) -> None:
    reply = engine.ask("besides DOORS, which projects have the smallest consortia?")
    assert reply.answered and reply.topic.startswith("query:superlative-participants"), render_text(reply)


def test_partners_in_europe_are_the_european_partners(engine: Engine) -> None:
    reply = engine.ask("which partners does ecsite have in europe?")
    assert reply.topic == "partners", render_text(reply)


def test_two_projects_compared_in_a_yes_no_question_get_a_verdict_from_both_values(engine: Engine) -> None:
    projects = engine.knowledge.projects
    first, second = projects["techethos"], projects["water-mining"]
    reply = render_text(engine.ask("did TechEthos end before WATER-MINING?"))
    assert ("**Yes.**" if first.end < second.end else "**No**") in reply, reply
    assert str(first.end) in reply and str(second.end) in reply, reply
    longer = render_text(engine.ask("does TechEthos run longer than WATER-MINING?"))
    verdict = (first.end - first.start) > (second.end - second.start)
    assert ("**Yes.**" if verdict else "**No**") in longer, longer


def test_whether_a_project_succeeded_is_declined_as_its_abstract_says_only_what_it_aims_at(
    engine: Engine,
) -> None:
    for question in ("did TechEthos meet its targets?", "was GlobalSCAPE successful?"):
        assert not engine.ask(question).answered, question


def test_two_projects_named_with_the_same_year_asked_get_a_verdict(engine: Engine) -> None:
    projects = engine.knowledge.projects
    same = projects["globalscape"].start == projects["techethos"].start
    reply = render_text(engine.ask("did GlobalSCAPE and TechEthos begin in the same year?"))
    assert ("**Yes.**" if same else "**No**") in reply, reply


def test_a_city_claimed_of_a_sister_network_is_declined_not_denied_with_another(engine: Engine) -> None:
    reply = engine.ask("is RedPOP based in Buenos Aires?")
    assert not reply.answered, render_text(reply)


def test_an_acronym_asked_to_be_spelled_out_gets_its_expansion(engine: Engine) -> None:
    reply = render_text(engine.ask("can you spell out SAASTEC?"))
    assert "Southern African Association" in reply, reply

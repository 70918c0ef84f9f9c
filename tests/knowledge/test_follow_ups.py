"""Follow-ups ("and who funds it?") resolve against a short context per (channel, user) that expires."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.render.text import render_text
from knowledge import Answer, ConversationStore, Engine, load_engine
from tests.knowledge.counts import bold_count

TTL = 300.0
ROOT = Path(__file__).resolve().parents[2]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> ConversationStore:
    return ConversationStore(ttl_seconds=TTL, clock=clock)


def _ask(engine: Engine, store: ConversationStore, key: tuple[str, str], question: str) -> Answer:
    return engine.ask(question, store.get(key))


def _is_doors_funders(answer: Answer) -> bool:
    return (
        answer.answered and answer.topic == "project:doors:funders" and "Horizon 2020" in render_text(answer)
    )


def test_follow_up_answers_about_the_last_project(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "alice")
    first = _ask(engine, store, key, "who takes part in DOORS?")
    assert first.answered and "Ars Electronica" in render_text(first)
    follow_up = _ask(engine, store, key, "and who funds it?")
    assert _is_doors_funders(follow_up), render_text(follow_up)
    assert "DOORS" in follow_up.title


def test_follow_ups_chain_on_the_same_subject(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, "who takes part in DOORS?")
    _ask(engine, store, key, "and who funds it?")
    website = _ask(engine, store, key, "and its website?")
    assert website.topic == "project:doors:website"
    timeframe = _ask(engine, store, key, "when does it end?")
    assert timeframe.topic == "project:doors:timeframe" and "2023" in render_text(timeframe)


def test_a_new_subject_replaces_the_old_one(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, "who takes part in DOORS?")
    _ask(engine, store, key, "tell me about TechEthos")
    answer = _ask(engine, store, key, "who funds it?")
    assert answer.topic == "project:techethos:funders"


def test_without_context_the_follow_up_is_declined(engine: Engine, store: ConversationStore) -> None:
    answer = _ask(engine, store, ("channel-1", "alice"), "and who funds it?")
    assert not answer.answered


def test_context_is_kept_within_the_ttl(engine: Engine, store: ConversationStore, clock: FakeClock) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, "who takes part in DOORS?")
    clock.advance(TTL - 1)
    assert _is_doors_funders(_ask(engine, store, key, "and who funds it?"))


def test_context_expires_after_the_ttl(engine: Engine, store: ConversationStore, clock: FakeClock) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, "who takes part in DOORS?")
    clock.advance(TTL + 1)
    answer = _ask(engine, store, key, "and who funds it?")
    assert not _is_doors_funders(answer)
    assert not answer.answered


def test_each_question_restarts_the_ttl(engine: Engine, store: ConversationStore, clock: FakeClock) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, "who takes part in DOORS?")
    clock.advance(TTL - 10)
    _ask(engine, store, key, "and its website?")
    clock.advance(TTL - 10)  # long after the first question, soon after the last one
    assert _is_doors_funders(_ask(engine, store, key, "and who funds it?"))


def test_two_users_in_one_channel_do_not_share_context(engine: Engine, store: ConversationStore) -> None:
    alice, bob = ("channel-1", "alice"), ("channel-1", "bob")
    _ask(engine, store, alice, "who takes part in DOORS?")
    bobs = _ask(engine, store, bob, "and who funds it?")
    assert not bobs.answered, render_text(bobs)
    _ask(engine, store, bob, "tell me about TechEthos")
    assert _is_doors_funders(_ask(engine, store, alice, "and who funds it?"))
    assert _ask(engine, store, bob, "who funds it?").topic == "project:techethos:funders"


def test_one_user_in_two_channels_has_two_contexts(engine: Engine, store: ConversationStore) -> None:
    _ask(engine, store, ("channel-1", "alice"), "who takes part in DOORS?")
    elsewhere = _ask(engine, store, ("channel-2", "alice"), "and who funds it?")
    assert not elsewhere.answered


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("Qui participe à DOORS ?", "et qui le finance ?"),
        ("Wer nimmt an DOORS teil?", "Und wer finanziert es?"),
        ("¿Quién participa en DOORS?", "¿y quién lo financia?"),
        ("Chi partecipa a DOORS?", "e chi lo finanzia?"),
        ("Wie doet mee aan DOORS?", "en wie financiert het?"),
    ],
)
def test_follow_ups_in_other_languages(
    engine: Engine, store: ConversationStore, first: str, follow_up: str
) -> None:
    key = ("channel-1", "alice")
    _ask(engine, store, key, first)
    assert _is_doors_funders(_ask(engine, store, key, follow_up))


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("wat is WATER-MINING?", "en wie doen er mee?", "Lenntech"),
        ("¿Qué es Make it Open?", "¿y quién lo lidera?", "Bloomfield"),
    ],
)
def test_who_takes_part_and_who_leads_are_followed_in_other_languages(
    engine: Engine, store: ConversationStore, first: str, follow_up: str, expected: str
) -> None:
    key = ("channel-1", "jo")
    _ask(engine, store, key, first)
    reply = render_text(_ask(engine, store, key, follow_up))
    assert expected in reply, reply


# -- the command line ----------------------------------------------------------------------------------------


def _cli(lines: list[str], *flags: str) -> list[dict[str, object]]:
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl", *flags],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    replies = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    assert len(replies) == len(lines)
    return replies


def test_cli_session_treats_lines_as_one_conversation() -> None:
    replies = _cli(["who takes part in DOORS?", "and who funds it?"], "--session")
    assert replies[1]["answered"] is True
    assert replies[1]["topic"] == "project:doors:funders"
    assert "Horizon 2020" in str(replies[1]["text"])


def test_cli_without_session_answers_lines_independently() -> None:
    replies = _cli(["who takes part in DOORS?", "and who funds it?"])
    assert replies[0]["answered"] is True
    assert replies[1]["answered"] is False


def _conversation(engine: Engine, store: ConversationStore, *questions: str) -> list[str]:
    key = ("channel-pairs", "dana")
    return [render_text(_ask(engine, store, key, question)) for question in questions]


def test_two_projects_asked_about_in_turn_are_what_which_of_the_two_compares(
    engine: Engine, store: ConversationStore
) -> None:
    *_, reply = _conversation(
        engine, store, "tell me about WATER-MINING", "and SocKETs?", "which of the two ends first?"
    )
    assert "SocKETs" in reply and "WATER-MINING" not in reply.split("\n", 2)[1]


def test_whether_two_projects_have_the_same_timeframe_is_answered_yes_or_no_with_both(
    engine: Engine, store: ConversationStore
) -> None:
    *_, reply = _conversation(engine, store, "when does TechEthos run?", "and Road-STEAMer?", "same dates?")
    # "same dates?" names neither: it is about the two just talked about, and they differ.
    assert "**No**" in reply and "2021" in reply and "2025" in reply


def test_the_organisations_of_one_project_are_found_in_the_others_under_a_longer_name(
    engine: Engine, store: ConversationStore
) -> None:
    *_, reply = _conversation(
        engine,
        store,
        "who are the partners of Schools As Living Labs",
        "do they work on another project too?",
    )
    assert "**Yes.**" in reply and "Road-STEAMer" in reply


def test_what_about_another_organisation_asks_the_last_question_again_about_the_same_project(
    engine: Engine, store: ConversationStore
) -> None:
    *_, reply = _conversation(engine, store, "who is in TechEthos?", "is AIT part of it?", "what about NEMO?")
    assert "NEMO" in reply and "not listed among the participating organisations of TechEthos" in reply


def test_a_name_the_sources_never_use_in_place_of_a_partner_gets_a_no(
    engine: Engine, store: ConversationStore
) -> None:
    *_, reply = _conversation(engine, store, "is EUSEA one of ecsite's partners?", "and Europol?")
    assert "**No**" in reply and "Europol is not one of these" in reply


def test_an_item_of_a_list_is_answered_by_its_position_and_a_follow_up_moves_along_it(
    engine: Engine, store: ConversationStore
) -> None:
    second, last = _conversation(engine, store, "ecsite's 2nd guiding principle?", "and the fifth one?")
    assert "human connection" in second and "cooperation" not in second
    assert "societal responsibilities" in last and "human connection" not in last


def test_a_position_past_the_end_of_the_list_is_not_answered_with_another_item(
    engine: Engine, store: ConversationStore
) -> None:
    [reply] = _conversation(engine, store, "what is the eighth guiding principle of ecsite?")
    assert "societal responsibilities" not in reply and "human connection" not in reply


def test_an_item_of_a_listed_group_is_answered_by_position_and_the_list_stays_for_the_next(
    engine: Engine, store: ConversationStore
) -> None:
    _, second, last = _conversation(
        engine,
        store,
        "ecsite's sister networks?",
        "what is the second one called in full?",
        "and the last one?",
    )
    assert "Association of Science-Technology Centers" in second
    assert "Southern African Association" in last and "Association of Science-Technology" not in last


def test_do_both_is_yes_only_when_every_one_of_them_is_so(engine: Engine, store: ConversationStore) -> None:
    *_, reply = _conversation(
        engine, store, "which projects is Parque de las Ciencias part of?", "do both end in 2024?"
    )
    assert "**No**" in reply and "WATER-MINING" in reply


def test_a_question_about_the_subject_is_not_taken_by_an_answer_about_ecsite(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "carol")
    _ask(engine, store, key, "tell me about DOORS")
    expansion = _ask(engine, store, key, "what does the acronym stand for?")
    assert "Digital incubator" in render_text(expansion), render_text(expansion)
    partners = _ask(engine, store, key, "who are the partners?")
    assert "Ars Electronica" in render_text(partners), render_text(partners)


def test_the_one_of_another_kind_is_the_one_the_question_describes(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "dave")
    _ask(engine, store, key, "which sister network covers southern africa?")
    other = _ask(engine, store, key, "and the asian one?")
    assert "ASPAC" in render_text(other), render_text(other)


def test_comparisons_and_the_rest_among_the_projects_talked_about(
    engine: Engine, store: ConversationStore
) -> None:
    assert "SocKETs" in render_text(engine.ask("DOORS or SocKETs: which one began first?"))
    key = ("channel-1", "erin")
    _ask(engine, store, key, "which projects finish in 2023?")
    rest = render_text(_ask(engine, store, key, "and which ones do not?"))
    assert "WATER-MINING" in rest and "Road-STEAMer" in rest and "DOORS" not in rest
    later = render_text(_ask(engine, store, key, "which ends later?"))
    assert "Road-STEAMer" in later and "WATER-MINING" not in later
    _ask(engine, store, key, "which project has the most participants?")
    fewest = render_text(_ask(engine, store, key, "and the fewest?"))
    assert "Schools As Living Labs" in fewest and "WATER-MINING" not in fewest


def test_the_project_talked_about_is_compared_with_the_one_named(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "frank")
    _ask(engine, store, key, "what is DOORS?")
    _ask(engine, store, key, "who is in its consortium?")
    more = render_text(_ask(engine, store, key, "does it have more participants than WATER-MINING?"))
    assert more.startswith("**") and "**No**" in more and "38" in more and "2 participating" in more, more
    earlier = render_text(_ask(engine, store, key, "and which of it and Road-STEAMer started earlier?"))
    assert "DOORS" in earlier and "2021" in earlier, earlier
    key = ("channel-1", "gina")
    _ask(engine, store, key, "tell me about WATER-MINING")
    _ask(engine, store, key, "how many partners does it have")
    bigger = render_text(_ask(engine, store, key, "is that more than SocKETs?"))
    assert "**Yes.**" in bigger and "9 participating" in bigger, bigger


def test_a_chain_of_and_x_asks_the_first_question_again_each_time(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "hana")
    _ask(engine, store, key, "is the European Space Agency one of Ecsite's partners?")
    _ask(engine, store, key, "and NASA?")
    third = render_text(_ask(engine, store, key, "what about EUSEA?"))
    assert "**Yes.**" in third and "EUSEA" in third, third
    key = ("channel-1", "ivan")
    _ask(engine, store, key, "which projects does Parque de las Ciencias take part in?")
    _ask(engine, store, key, "and Science Centre AHHAA?")
    last = render_text(_ask(engine, store, key, "and Lenntech?"))
    assert "WATER-MINING" in last, last


def test_whether_a_partner_takes_part_in_a_project_is_looked_up_by_the_names_both_use(
    engine: Engine, store: ConversationStore
) -> None:
    assert "any Ecsite project" in render_text(engine.ask("is ICOM part of an ecsite project?"))
    key = ("channel-1", "kim")
    _ask(engine, store, key, "what is EUN?")
    reply = render_text(_ask(engine, store, key, "does it take part in any of the projects?"))
    assert "**Yes.**" in reply and "Make it Open" in reply, reply
    key = ("channel-1", "lea")
    _ask(engine, store, key, "who are ecsite's european partners?")
    reply = render_text(_ask(engine, store, key, "are any of them in a project?"))
    assert "European Schoolnet" in reply and "Make it Open" in reply, reply


def test_what_a_project_found_is_declined_also_when_it_is_talked_about(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "max")
    _ask(engine, store, key, "what is TechEthos about?")
    assert not _ask(engine, store, key, "and what did they find?").answered
    assert not _ask(engine, store, key, "has it been prolonged?").answered
    assert _ask(engine, store, key, "when does it end?").answered


def test_the_last_one_after_a_list_topic_is_its_last_item_not_what_ends_last(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "nora")
    listing = _ask(engine, store, key, "list ecsite's commitments")
    items = [line for line in listing.body.splitlines() if line[:1].isdigit()]
    _ask(engine, store, key, "the second?")
    last = render_text(_ask(engine, store, key, "and the last one?"))
    assert items[-1] in last and items[0] not in last, last
    assert "ends last" in render_text(engine.ask("which project ends last?")).lower()


def test_how_many_is_that_counts_the_list_just_answered_and_the_others_are_the_rest(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "omar")
    listing = _ask(engine, store, key, "which projects started in 2020?")
    counted = render_text(_ask(engine, store, key, "how many is that"))
    assert f"{bold_count(engine, len(listing.listed))} projects" in counted, counted
    others = _ask(engine, store, key, "and which ones did not start in 2020?")
    assert others.listed and not set(others.listed) & set(listing.listed), render_text(others)
    assert len(others.listed) + len(listing.listed) == len(engine.knowledge.projects)


def test_how_many_partners_after_a_project_counts_its_participants(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "pia")
    _ask(engine, store, key, "tell me about techethos")
    reply = _ask(engine, store, key, "how many partners?")
    count = len(engine.knowledge.projects["techethos"].participants)
    assert reply.answered and f"{count} participating" in render_text(reply), render_text(reply)


def test_websites_of_the_sister_networks_talked_about_are_declined_as_none_is_given(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "quinn")
    _ask(engine, store, key, "what is SAASTEC")
    _ask(engine, store, key, "and ASPAC?")
    assert not _ask(engine, store, key, "their websites?").answered


def test_a_count_the_last_answer_states_is_answered_by_it_and_those_n_is_not_its_list(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "rosa")
    _ask(engine, store, key, "in how many projects is ecsite involved")
    reply = _ask(engine, store, key, "and how many of its member institutions?")
    assert reply.answered and "23 of its member institutions" in render_text(reply), render_text(reply)
    assert not _ask(engine, store, key, "which ones are those 23?").answered


def test_a_name_given_as_an_example_of_a_kind_is_not_what_it_refers_to(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "sami")
    _ask(engine, store, key, "what is ERRIN?")
    reply = render_text(_ask(engine, store, key, "is it a regional sister network, such as RedPOP?"))
    assert "**No**" in reply and "ERRIN" in reply, reply


def test_who_signed_on_behalf_of_a_party_is_declined_and_who_signed_is_the_parties(
    engine: Engine, store: ConversationStore
) -> None:
    assert not engine.ask("who put their name to the 2014 memorandum on behalf of BGCI?").answered
    key = ("channel-1", "tara")
    _ask(engine, store, key, "what agreement did ecsite make with zoos?")
    reply = _ask(engine, store, key, "who signed it?")
    assert reply.answered and "EAZA" in render_text(reply), render_text(reply)


def test_it_after_a_person_is_not_that_person(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "uma")
    _ask(engine, store, key, "who is ecsite's vice-president?")
    reply = render_text(_ask(engine, store, key, "and where is it headquartered?"))
    assert "Brussels" in reply, reply
    _ask(engine, store, key, "who is the president?")
    # "her"/"his" still points at the person talked about: nothing here gives a person's email.
    assert not _ask(engine, store, key, "what's his email address?").answered


def test_how_many_of_them_counts_the_participants_just_listed_not_the_projects_before(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "vic")
    _ask(engine, store, key, "which projects started in 2021?")
    _ask(engine, store, key, "who takes part in TechEthos?")
    reply = render_text(_ask(engine, store, key, "how many of them?"))
    assert "7 participating organisations" in reply, reply


def test_an_attribute_asked_of_an_item_of_a_list_is_that_attribute(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "wen")
    _ask(engine, store, key, "which projects started in 2021?")
    reply = render_text(_ask(engine, store, key, "who takes part in the last one?"))
    assert "7 participating organisations" in reply and "Who takes part in TechEthos" in reply, reply


def test_a_year_filter_none_of_the_last_list_meets_is_asked_of_the_whole_table(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "xia")
    last_year = max(p.end for p in engine.knowledge.projects.values())
    earlier = last_year - 2
    later = [p.name for p in engine.knowledge.projects.values() if p.end > earlier]
    _ask(engine, store, key, f"which projects end in {earlier}?")
    reply = _ask(engine, store, key, "and which ones go beyond that?")
    text = render_text(reply)
    assert reply.answered and later and all(name in text for name in later), text
    # A yes/no about the list stays about the list: none of its projects ends later.
    _ask(engine, store, key, f"which projects end in {earlier}?")
    check = render_text(_ask(engine, store, key, f"do any of them end in {last_year}?"))
    assert not any(name in check for name in later), check


def test_which_with_no_noun_after_a_list_asks_of_the_list(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "yan")
    last_year = max(p.end for p in engine.knowledge.projects.values())
    running = [p for p in engine.knowledge.projects.values() if p.end > last_year - 2]
    others = [p.name for p in engine.knowledge.projects.values() if p not in running]
    for first, then in [
        (f"which projects end after {last_year - 2}?", "and which has no website?"),
        (f"welche projekte enden nach {last_year - 2}?", "und welches hat keine webseite?"),
    ]:
        _ask(engine, store, key, first)
        reply = _ask(engine, store, key, then)
        text = render_text(reply)
        # About the websites of those listed (one has a link), not the other projects of the table.
        assert reply.answered and all(p.name in text for p in running) and "https://" in text, text
        assert not any(name in text for name in others), text


def test_what_it_says_of_a_document_only_named_before_is_declined(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "zed")
    named = _ask(engine, store, key, "is there an ecsite statement on science and evolution?")
    assert named.answered, render_text(named)
    assert not _ask(engine, store, key, "and what does it say?").answered
    # Another question about what was named is still answered.
    assert _ask(engine, store, key, "where can i find it?").answered


def test_what_an_item_of_a_list_means_is_that_item(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "ada")
    listing = render_text(_ask(engine, store, key, "what are ecsite's guiding principles?"))
    second = next(line for line in listing.splitlines() if line.startswith("2."))
    reply = render_text(_ask(engine, store, key, "and what does the second one mean?"))
    assert second in reply, reply


def test_the_list_a_subject_belongs_to_is_counted(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "bea")
    partner = _ask(engine, store, key, "what is EUSEA?")
    assert partner.answered, render_text(partner)
    size = len(engine.knowledge.group("european-partners"))
    reply = render_text(_ask(engine, store, key, "how many partners are on that list?"))
    assert f"{bold_count(engine, size)} regular European partners" in reply, reply


def test_a_claim_about_the_list_just_given_is_checked_against_its_items(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "cy")
    _ask(engine, store, key, "what are ecsite's guiding principles?")
    on_it = render_text(_ask(engine, store, key, "is integrity one of them?"))
    assert "**Yes.**" in on_it, on_it
    off_it = render_text(_ask(engine, store, key, "what about profit?"))
    assert "**No**" in off_it and "profit" in off_it, off_it


def test_the_role_of_one_participant_is_not_the_table(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "dov")
    listing = _ask(engine, store, key, "which projects have danish partners?")
    assert listing.answered, render_text(listing)
    role = _ask(engine, store, key, "what is the role of the Danish Board of Technology in it?")
    assert not role.answered, render_text(role)


def test_and_in_another_year_asks_the_last_question_of_that_year(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel-1", "eli")
    last_year = max(p.end for p in engine.knowledge.projects.values())
    _ask(engine, store, key, f"which projects are still running in {last_year - 1}?")
    reply = _ask(engine, store, key, f"and in {last_year}?")
    running = {f"@project:{p.id}" for p in engine.knowledge.projects.values() if p.end >= last_year}
    assert reply.answered and set(reply.listed) == running, render_text(reply)


def test_how_many_are_listed_counts_the_list_just_given(engine: Engine, store: ConversationStore) -> None:
    key = ("channel-1", "fay")
    listing = _ask(engine, store, key, "which sister networks does ecsite have?")
    reply = render_text(_ask(engine, store, key, "how many are listed there?"))
    assert bold_count(engine, len(listing.listed)) in reply, reply


@pytest.mark.parametrize("asked", ["source?", "where did you get that?", "and the sources?"])
def test_asked_for_the_source_the_last_answer_comes_again_with_its_sources(
    engine: Engine, store: ConversationStore, asked: str
) -> None:
    key = ("channel", "user")
    vision = _ask(engine, store, key, "what is the vision of ecsite")
    sourced = _ask(engine, store, key, asked)
    assert sourced.answered
    assert sourced.sources == vision.sources
    assert vision.body in sourced.body
    assert "mission" in render_text(sourced).lower()
    # The conversation goes on about the same subject.
    assert _ask(engine, store, key, "and its mission?").answered


def test_asked_for_the_source_of_nothing_the_bot_declines(engine: Engine, store: ConversationStore) -> None:
    assert not _ask(engine, store, ("channel", "user"), "source?").answered


def test_where_a_figure_comes_from_is_answered_by_the_figure_with_its_source(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel", "user")
    _ask(engine, store, key, "what is DOORS")
    members = _ask(engine, store, key, "where does the 'over 400 institutions' number come from?")
    assert members.answered
    assert "DOORS" not in members.title
    assert "Encyclopedia article" in render_text(members)


def test_a_kind_asked_of_the_last_answer_is_answered_only_when_it_holds_one(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel", "user")
    _ask(engine, store, key, "when did ecsite sign its memorandum with the zoos?")
    month = _ask(engine, store, key, "and which month?")
    assert month.answered and "September" in render_text(month)
    assert not _ask(engine, store, key, "which day exactly?").answered


def test_a_bare_question_word_after_a_person_is_about_that_person(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel", "user")
    _ask(engine, store, key, "who is the president of ecsite?")
    since = _ask(engine, store, key, "since when?")
    assert not since.answered  # the sources date no term of office, and Ecsite's founding is not his


def test_an_attribute_asked_of_nothing_after_a_list_is_asked_of_each_project_in_it(
    engine: Engine, store: ConversationStore
) -> None:
    key = ("channel", "user")
    _ask(engine, store, key, "which projects are still going after 2023?")
    funders = render_text(_ask(engine, store, key, "and who funds?"))
    assert "WATER-MINING" in funders and "Road-STEAMer" in funders and "Horizon 2020" in funders

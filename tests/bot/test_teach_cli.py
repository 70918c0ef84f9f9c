"""Teaching from the command line, in a fresh folder, through real subprocesses: ask, teach, ask again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot.storage.question_log import (
    LoggedQuestion,
    insert_choice,
    insert_question,
    new_answer_id,
    open_database,
    utc_now,
)

CLI = [sys.executable, "-m", "bot"]
DISCOUNT = "Is there a student discount?"


def run(folder: Path, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The CLI as someone would run it in `folder`: no settings but the ones given."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ECSITE_BOT_", "DISCORD_"))}
    environment["ECSITE_BOT_CACHE_DIR"] = os.environ.get("ECSITE_BOT_CACHE_DIR", "")
    environment["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run(
        [*CLI, *args], cwd=folder, env={**environment, **env}, input=stdin, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def ask(folder: Path, question: str, **env: str) -> dict[str, object]:
    result = run(folder, "ask", "--json", question, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_declined_question_is_taught_and_then_answered_with_its_topic(tmp_path: Path) -> None:
    assert ask(tmp_path, DISCOUNT)["answered"] is False

    taught = run(tmp_path, "teach", DISCOUNT, "--topic", "membership")
    assert taught.returncode == 0, taught.stderr
    assert "Ecsite's members" in taught.stdout and DISCOUNT in taught.stdout
    assert (tmp_path / "data" / "learned.yaml").is_file()  # beside the question log's default place

    for question in (DISCOUNT, "student discount"):
        reply = ask(tmp_path, question)
        assert reply["answered"] is True and reply["topic"] == "membership", question
    chat = run(tmp_path, "chat", stdin=DISCOUNT + "\n")
    assert chat.returncode == 0 and "Ecsite's members" in chat.stdout


def test_teaching_an_unknown_topic_exits_non_zero_naming_it_and_changes_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "teach", DISCOUNT, "--topic", "discounts")
    assert result.returncode != 0
    assert "'discounts'" in result.stderr and "'topic'" in result.stderr and "learned.yaml" in result.stderr
    assert not (tmp_path / "data").exists()
    assert ask(tmp_path, DISCOUNT)["answered"] is False

    run(tmp_path, "teach", DISCOUNT, "--topic", "membership")
    before = (tmp_path / "data" / "learned.yaml").read_bytes()
    assert run(tmp_path, "teach", "hi there", "--topic", "discounts").returncode != 0
    assert (tmp_path / "data" / "learned.yaml").read_bytes() == before


def test_undo_forgets_the_question(tmp_path: Path) -> None:
    run(tmp_path, "teach", DISCOUNT, "--topic", "membership")
    undone = run(tmp_path, "teach", "--undo", "is there a student discount")
    assert undone.returncode == 0 and DISCOUNT in undone.stdout
    assert ask(tmp_path, DISCOUNT)["answered"] is False
    again = run(tmp_path, "teach", "--undo", DISCOUNT)
    assert again.returncode != 0 and DISCOUNT in again.stderr


def test_learned_lists_what_was_taught_and_exports_yaml_for_the_knowledge_base(tmp_path: Path) -> None:
    assert "Nothing has been taught" in run(tmp_path, "learned").stdout
    run(tmp_path, "teach", DISCOUNT, "--topic", "membership")
    run(tmp_path, "teach", "the one with the open doors thing", "--topic", "project:doors")

    listed = run(tmp_path, "learned").stdout
    assert "2 learned phrasings" in listed and DISCOUNT in listed and "(project:doors)" in listed

    exported = run(tmp_path, "learned", "--export")
    assert exported.returncode == 0 and "# organisation.yaml" in exported.stdout
    assert {"id": "membership", "phrasings": [DISCOUNT]} in yaml.safe_load(exported.stdout)

    topics = run(tmp_path, "learned", "--topics").stdout
    assert "membership\tEcsite's members" in topics and "project:doors\tDOORS" in topics


def test_check_and_the_settings_find_the_same_learned_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "private" / "taught.yaml"
    taught = run(tmp_path, "teach", DISCOUNT, "--topic", "membership", ECSITE_BOT_LEARNED=str(elsewhere))
    assert taught.returncode == 0 and elsewhere.is_file() and not (tmp_path / "data").exists()
    assert ask(tmp_path, DISCOUNT, ECSITE_BOT_LEARNED=str(elsewhere))["answered"] is True
    assert ask(tmp_path, DISCOUNT)["answered"] is False  # another file, another bot

    checked = run(tmp_path, "check", ECSITE_BOT_LEARNED=str(elsewhere))
    assert checked.returncode == 0 and "1 learned phrasings" in checked.stdout
    elsewhere.write_text(elsewhere.read_text(encoding="utf-8").replace("membership", "discounts"))
    broken = run(tmp_path, "check", ECSITE_BOT_LEARNED=str(elsewhere))
    assert broken.returncode == 1 and "taught.yaml" in broken.stderr and "'discounts'" in broken.stderr


def test_a_question_with_a_discord_id_is_taught_scrubbed(tmp_path: Path) -> None:
    run(tmp_path, "teach", "is there a discount for <@123456789012345678>?", "--topic", "membership")
    text = (tmp_path / "data" / "learned.yaml").read_text(encoding="utf-8")
    assert "123456789012345678" not in text and "@user" in text


def test_the_report_lists_suggestions_several_people_chose_with_the_command_to_teach_them(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "questions.sqlite3"
    conn = open_database(db)
    for spelling in (DISCOUNT, "is there a student discount", DISCOUNT):
        answer_id = new_answer_id()
        record = LoggedQuestion(answer_id, utc_now(), 1, 2, spelling, None, 0.0, False, 1)
        insert_question(conn, record)
        insert_choice(conn, answer_id, "membership")
    conn.close()

    report = run(tmp_path, "report", "--days", "7")
    assert report.returncode == 0, report.stderr
    assert f"3 people who asked “{DISCOUNT}” chose “Ecsite's members”" in report.stdout
    assert "ecsite-bot teach 'Is there a student discount?' --topic membership" in report.stdout

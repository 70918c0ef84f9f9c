"""The command-line contract other tools depend on, exercised through a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import DATA_DIR

CLI = [sys.executable, "-m", "bot"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_ask_prints_the_reply_as_plain_text() -> None:
    result = run("ask", "When was Ecsite founded?")
    assert result.returncode == 0
    assert "1989" in result.stdout and "Source:" in result.stdout


def test_ask_json_is_one_object_with_the_contract_fields() -> None:
    result = run("ask", "--json", "who funds GlobalSCAPE")
    reply = json.loads(result.stdout)
    assert set(reply) >= {"answered", "text", "title", "topic", "score", "sources", "suggestions"}
    assert reply["answered"] is True
    assert "Horizon 2020" in reply["text"]
    assert reply["sources"] and set(reply["sources"][0]) == {"title", "url"}
    assert isinstance(reply["suggestions"], list)


def test_ask_jsonl_answers_each_line_in_order_in_one_process() -> None:
    questions = ["where is ecsite based", "asdfgh", "who takes part in DOORS", ""]
    result = run("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    replies = [json.loads(line) for line in lines]
    assert [r["answered"] for r in replies] == [True, False, True, False]
    assert "Brussels" in replies[0]["text"] and "Ars Electronica" in replies[2]["text"]


def test_a_decline_in_json_carries_its_suggestions() -> None:
    reply = json.loads(run("ask", "--json", "Who is the president of the United States?").stdout)
    assert reply["answered"] is False
    assert 1 <= len(reply["suggestions"]) <= 3


def test_ask_does_not_import_discord() -> None:
    code = "import sys; from bot.cli import main; main(['ask', 'hi']); print('discord' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_check_accepts_the_bundled_knowledge_base() -> None:
    result = run("check")
    assert result.returncode == 0 and "OK" in result.stdout


def test_check_rejects_a_broken_copy_naming_file_entry_and_field(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    projects = data / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("timeframe: 2021-2023", "timeframe: soon", 1)
    )
    result = run("check", "--data", str(data))
    assert result.returncode != 0
    assert "projects.yaml" in result.stderr and "'timeframe'" in result.stderr and "entry '" in result.stderr


def test_check_rejects_a_phrase_missing_in_one_of_the_six_languages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    messages = data / "messages.yaml"
    text = messages.read_text(encoding="utf-8")
    german = text.index("\nde:\n")
    line = text.index("  button_next:", german)
    messages.write_text(text[:line] + text[text.index("\n", line) + 1 :], encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.returncode != 0
    assert "messages.yaml" in result.stderr and "'de'" in result.stderr and "'button_next'" in result.stderr


@pytest.mark.parametrize("args", [["ask"], ["ask", "   "]])
def test_ask_without_a_question_explains_itself(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2 and "question" in result.stderr


def test_ask_jsonl_answers_every_line_even_after_invalid_utf8_under_a_strict_locale() -> None:
    stdin = b"where is ecsite based\n\xff\xfe broken \xc3\n when was ecsite founded?\n"
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [*CLI, "ask", "--jsonl"], input=stdin, capture_output=True, timeout=60, env=environment
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    replies = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(replies) == 3 and "1989" in replies[2]["text"]

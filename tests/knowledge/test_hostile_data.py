"""A knowledge base written carelessly or with intent: it is refused with one short message, quickly, by
`check`, `ask` and `/reload` alike, and never hangs, crashes later or silently drops part of itself.

Each case runs `ecsite-bot` in a subprocess with a timeout, so a case that would hang fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load_engine
from knowledge import loader as loader_module
from knowledge.loader import DATA_DIR, load_knowledge_base

CLI = [sys.executable, "-m", "bot"]
# A bound against a hang only: a refused file takes a fraction of a second.
TIMEOUT = 60
# "One short message": a line or two, however big the offending value.
SHORT = 1000

BOMB = """
topics:
  - &a0 [x, x, x, x, x, x, x, x, x, x]
""" + "".join(
    f"  - &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]\n"
    for n in range(1, 10)
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, copy)
    return copy


def cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args, "--data", str(data)], capture_output=True, text=True, timeout=TIMEOUT)


def assert_refused_everywhere(data: Path, *words: str) -> str:
    """`check` exits 1 and `ask` exits 2, each with one short message holding `words` and no traceback."""
    checked = cli("check", data=data)
    asked = cli("ask", "when was Ecsite founded?", data=data)
    assert (checked.returncode, asked.returncode) == (1, 2), checked.stdout + checked.stderr + asked.stderr
    for result in (checked, asked):
        message = result.stderr.strip()
        assert message.startswith("error: ") and len(message) < SHORT, message[:SHORT]
        assert "Traceback" not in message
        for word in words:
            assert word in message, message
    return checked.stderr


def test_an_anchor_bomb_is_refused_at_once_with_a_short_message(data: Path) -> None:
    (data / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    assert_refused_everywhere(data, "bomb.yaml", "aliases")


def test_an_alias_inside_its_own_anchor_is_refused_rather_than_checked_forever(data: Path) -> None:
    (data / "loop.yaml").write_text("topics:\n  - &loop [x, *loop]\n", encoding="utf-8")
    assert_refused_everywhere(data, "loop.yaml", "line 2", "holds itself")


@pytest.mark.parametrize(
    "text",
    [
        "a: [x, {b: c, d: [1, 2.5, true, null, 2024-01-01]}]\n",
        "base: &b {x: 1, y: two}\nmerged: {<<: *b, y: three}\nshared: [*b, *b]\n",
        "? [not, hashable]\n: value\n",
        "a: !custom tag\n",
        "a: !!int not a number\n",
        "set: !!set {x, y}\nbytes: !!binary aGk=\nkeys: {1: one, ~: none, '': empty}\n",
    ],
)
def test_values_are_built_as_pyyaml_builds_them_and_refused_as_it_refuses(tmp_path: Path, text: str) -> None:
    """The loader builds plain strings, lists and mappings itself (knowledge/loader.py `_construct`): the
    same values as PyYAML's safe loader, or the same error."""
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        expected: object = yaml.load(text, Loader=loader_module.SAFE_LOADER)
    except Exception as error:
        expected = error
    try:
        built: object = loader_module._read_yaml(path, tmp_path)
    except KnowledgeError as error:
        assert isinstance(expected, yaml.YAMLError), error
        assert str(expected.problem) in str(error)  # type: ignore[attr-defined]
        return
    except Exception as error:
        assert type(error) is type(expected) and str(error) == str(expected)
        return
    assert repr(built) == repr(expected)


JSON_AS_READ = [
    '{\n"topics": [\n{\n"id": "a-b",\n"n": [1, -0, 20, true, false, null, {}, [], ""]\n}\n]\n}\n',
    '[\n"x", "caf\\u00e9 \\"quoted\\" \\\\ \\n\\t\\b\\f\\r", "Zürich", "\U0001f600"\n]\n',
    '  {"padded": "whitespace first", "keys": {"b": "1", "a": "2"}}\n',
]
JSON_AS_YAML = [
    '{"float": 2.5, "exponent": 1e5, "upper": 1E+5}',  # YAML 1.1 reads 1e5 as text
    '{"not a number": NaN, "inf": Infinity}',
    '{"a": "1", "a": "2"}',  # refused, with its lines
    '{\n\t"tab": "indented"\n}',
    '{"colon"\n: "on the next line"}',
    '{"colon" : "after a space"}',
    '{"no space":"after the colon"}',
    '{"slash": "a\\/b"}',
    '{"pair": "\\ud83d\\ude00", "lone": "\\udc00"}',
    '{"break": "line\u2028separator", "nel": "next\u0085line", "del": "\x7f"}',
    '{"' + "k" * 2000 + '": "a key too long for a YAML simple key"}',
    "[" * 2000 + "]" * 2000,
    '{"broken": ',
    '{"ok": "json"} trailing',
]


@pytest.mark.parametrize("text", JSON_AS_READ + JSON_AS_YAML)
def test_a_file_written_as_json_gives_the_values_yaml_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A file written as JSON is read by `json` where YAML reads it alike (knowledge/loader.py
    `_json_as_yaml`), and the YAML way otherwise: the same values, or the same error, either way."""
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    assert (loader_module._json_as_yaml(text.encode()) is loader_module._NOT_JSON) == (text in JSON_AS_YAML)

    def read() -> object:
        try:
            return repr(loader_module._read_yaml(path, tmp_path))
        except Exception as error:
            return (type(error), str(error))

    fast = read()
    monkeypatch.setattr(loader_module, "_json_as_yaml", lambda data: loader_module._NOT_JSON)
    assert fast == read()


def test_a_fifo_named_yaml_is_refused_rather_than_read_forever(data: Path) -> None:
    os.mkfifo(data / "extra.yaml")
    assert_refused_everywhere(data, "extra.yaml", "not a regular file")


def test_a_symlink_loop_named_yaml_is_refused(data: Path) -> None:
    (data / "loop.yaml").symlink_to(data / "loop.yaml")
    assert_refused_everywhere(data, "loop.yaml", "link")


def test_a_dangling_symlink_named_yaml_is_refused(data: Path) -> None:
    (data / "gone.yaml").symlink_to(data / "nowhere.yaml")
    assert_refused_everywhere(data, "gone.yaml", "link")


def test_a_folder_named_yaml_is_refused(data: Path) -> None:
    (data / "drafts.yaml").mkdir()
    assert_refused_everywhere(data, "drafts.yaml", "folder")


def test_a_link_to_a_regular_file_is_read(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "partners.yaml"
    shutil.move(data / "partners.yaml", outside)
    (data / "partners.yaml").symlink_to(outside)
    assert cli("check", data=data).returncode == 0


def test_a_duplicate_key_is_refused_naming_the_file_and_the_key(data: Path) -> None:
    # A second `topics:` would silently replace the first, dropping its topics.
    text = (data / "organisation.yaml").read_text(encoding="utf-8")
    (data / "organisation.yaml").write_text(text + "\ntopics: []\n", encoding="utf-8")
    message = assert_refused_everywhere(data, "organisation.yaml", "'topics'", "twice")
    assert "line" in message


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_a_phrase_with_an_unknown_placeholder_is_refused_in_any_language(data: Path, language: str) -> None:
    messages = data / "messages.yaml"
    lines = messages.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{language}:")
    for number in range(start + 1, len(lines)):
        if lines[number].lstrip().startswith("participants_title:"):
            lines[number] = lines[number].replace("{name}", "{nam}")
            break
    else:
        pytest.fail(f"no participants_title in {language}")
    messages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused_everywhere(data, "messages.yaml", f"'{language}'", "participants_title", "{nam}")


def test_a_missing_phrase_is_refused(data: Path) -> None:
    messages = data / "messages.yaml"
    lines = messages.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.lstrip().startswith("decline_title:")]
    messages.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert_refused_everywhere(data, "messages.yaml", "decline_title", "missing")


def test_a_list_written_folded_is_refused(data: Path) -> None:
    (data / "extra.yaml").write_text(
        "topics:\n  - id: extra\n    title: Extra\n    body: >-\n      Three things:\n      - one\n"
        "      - two\n      - three\n    sources: [mission]\n    phrasings: [extra things]\n",
        encoding="utf-8",
    )
    assert_refused_everywhere(data, "extra.yaml", "line 4", "folded")


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("who are the key people at Ecsite?", ["Catherine Franche", "Bruno Maquart", "Ulrike Kastrup"]),
        ("what are Ecsite's guiding principles?", ["1. ", "2. ", "3. ", "4. ", "5. "]),
        ("what do Ecsite members get?", ["- A bold approach", "- Capacity building"]),
    ],
)
def test_the_bundled_lists_answer_one_item_per_line(question: str, items: list[str]) -> None:
    body = load_engine().ask(question).body
    lines = body.splitlines()
    for item in items:
        [line] = [line for line in lines if item in line]
        assert sum(other in line for other in items) == 1, line  # no other item joined onto it


def test_a_list_past_the_limit_is_refused(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_LIST_ITEMS", 3)
    with pytest.raises(KnowledgeError, match="at most 3"):
        load_knowledge_base(data)


def test_a_file_past_the_limit_is_refused(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 10_000)
    with pytest.raises(KnowledgeError, match="bytes"):
        load_knowledge_base(data)


def test_a_huge_bad_value_is_shown_cut(data: Path) -> None:
    (data / "extra.yaml").write_text("topics:\n  - id: " + "X" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge_base(data)
    assert len(str(refused.value)) < SHORT

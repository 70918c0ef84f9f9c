"""The Dockerfile, checked by reading it: no Docker engine runs in CI.

Each property has a check that returns the problems it finds. The checks run on the real Dockerfile (no
problems), and on broken copies of it (exactly the expected problem), so that no check can pass vacuously.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8")

BUILD_TOOLS = ("gcc", "g++", "cc", "clang", "make", "build-essential", "cmake", "autoconf", "libtool")


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [item for item in self.instructions if item.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def instructions(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comment lines dropped, as Docker reads them."""
    result: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and pending):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            keyword, _, args = line.partition(" ")
            result.append(Instruction(keyword.upper(), " ".join(args.split())))
    return result


def stages(text: str) -> list[Stage]:
    result: list[Stage] = []
    for item in instructions(text):
        if item.keyword == "FROM":
            words = [word for word in item.args.split() if not word.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            result.append(Stage(base=words[0], name=name))
        elif result:
            result[-1].instructions.append(item)
    return result


def exec_form(args: str) -> list[str] | None:
    try:
        value = json.loads(args)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(word, str) for word in value) else None


def env_values(stage: Stage) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in stage.all("ENV"):
        words = shlex.split(item.args)
        if words and "=" not in words[0]:
            values[words[0]] = " ".join(words[1:])
        else:
            values.update(word.split("=", 1) for word in words)
    return values


# --- the checks -----------------------------------------------------------------------------------


def check_slim_base(text: str) -> list[str]:
    found = stages(text)
    if not found:
        return ["no FROM"]
    names = {stage.name for stage in found if stage.name}
    return [
        f"base image {stage.base} is not python:3.11-slim"
        for stage in found
        if stage.base not in names and not re.fullmatch(r"python:3\.11(\.\d+)?-slim(-[a-z]+)?", stage.base)
    ]


def check_multi_stage(text: str) -> list[str]:
    found = stages(text)
    if len(found) < 2:
        return ["single stage: build tools would stay in the image"]
    final = found[-1]
    problems = []
    if final.base in {stage.name for stage in found[:-1]}:
        problems.append(f"the final stage is built FROM the {final.base} stage and inherits everything in it")
    if not any(item.args.startswith("--from=") for item in final.all("COPY")):
        problems.append("the final stage copies nothing from the build stage")
    return problems


def check_no_build_tools_in_final_stage(text: str) -> list[str]:
    final = stages(text)[-1]
    problems = []
    for item in final.all("RUN"):
        words = set(re.split(r"[\s;&|()]+", item.args))
        tools = sorted(words.intersection(BUILD_TOOLS) | {word for word in words if word.endswith("-dev")})
        if tools:
            problems.append(f"the final stage installs build tools: {', '.join(tools)}")
    for item in final.all("COPY"):
        words = [word for word in item.args.split() if not word.startswith("--")]
        if item.args.startswith("--from=") and any(src in {"/", "/usr", "/usr/bin"} for src in words[:-1]):
            problems.append(f"the final stage copies a whole system folder from a build stage: {item.args}")
    return problems


def check_non_root_user(text: str) -> list[str]:
    user = stages(text)[-1].last("USER")
    if user is None:
        return ["no USER in the final stage: the bot would run as root"]
    name = user.args.split(":")[0]
    if name in {"root", "0"}:
        return [f"the final stage runs as root (USER {user.args})"]
    return []


def check_volume_holds_the_database(text: str) -> list[str]:
    final = stages(text)[-1]
    volumes: list[str] = []
    for item in final.all("VOLUME"):
        volumes += exec_form(item.args) or item.args.split()
    if not volumes:
        return ["no VOLUME: the question log would be lost with the container"]
    database = env_values(final).get("ECSITE_BOT_DB")
    if database is None:
        return ["ECSITE_BOT_DB is not set in the final stage"]
    if not any(PurePosixPath(volume) in PurePosixPath(database).parents for volume in volumes):
        return [f"ECSITE_BOT_DB={database} is not inside a VOLUME ({', '.join(volumes)})"]
    return []


def check_cmd(text: str) -> list[str]:
    cmd = stages(text)[-1].last("CMD")
    if cmd is None:
        return ["no CMD"]
    if exec_form(cmd.args) != ["ecsite-bot", "run"]:
        return [f'CMD must be the exec form ["ecsite-bot", "run"], not {cmd.args}']
    return []


def check_healthcheck(text: str) -> list[str]:
    check = stages(text)[-1].last("HEALTHCHECK")
    if check is None or check.args.upper() == "NONE":
        return ["no HEALTHCHECK"]
    _, _, command = check.args.partition("CMD ")
    words = exec_form(command) or command.split()
    if words[:2] != ["ecsite-bot", "health"]:
        return [f"the HEALTHCHECK does not run `ecsite-bot health`: {check.args}"]
    return []


def _user_names(final: Stage) -> set[str]:
    """The names the final stage's USER goes by: its uid (or name), and the name useradd gave that uid."""
    user = final.last("USER")
    if user is None:
        return set()
    who = user.args.split(":")[0]
    names = {who}
    for item in final.all("RUN"):
        for command in item.args.split("&&"):
            words = shlex.split(command)
            if words[:1] == ["useradd"] and ("--uid" in words and words[words.index("--uid") + 1] == who):
                names.add(words[-1])
    return names


def check_start_up_cache_is_the_users(text: str) -> list[str]:
    final = stages(text)[-1]
    values = env_values(final)
    if "ECSITE_BOT_CACHE_DIR" not in values:
        return ["ECSITE_BOT_CACHE_DIR is not set: the cache would go in HOME, which the bot cannot write"]
    cache = PurePosixPath(values["ECSITE_BOT_CACHE_DIR"]) if values["ECSITE_BOT_CACHE_DIR"] else None
    if cache is None:
        return []  # turned off
    names = _user_names(final)
    for item in final.all("RUN"):
        for command in item.args.split("&&"):
            words = [word for word in shlex.split(command) if not word.startswith("-")]
            chown = words[:1] == ["chown"] and len(words) >= 3 and words[1].split(":")[0] in names
            owned = words[2:] if chown else []
            if any(PurePosixPath(path) in (cache, *cache.parents) for path in owned):
                return []
    return [f"ECSITE_BOT_CACHE_DIR={cache}: no folder the bot's user owns holds it, so it cannot write there"]


CHECKS: dict[str, Callable[[str], list[str]]] = {
    "slim base": check_slim_base,
    "multi-stage": check_multi_stage,
    "no build tools in the final stage": check_no_build_tools_in_final_stage,
    "non-root user": check_non_root_user,
    "database on a volume": check_volume_holds_the_database,
    "CMD": check_cmd,
    "HEALTHCHECK": check_healthcheck,
    "start-up cache": check_start_up_cache_is_the_users,
}


# --- the real Dockerfile --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHECKS))
def test_dockerfile(name: str) -> None:
    assert CHECKS[name](DOCKERFILE) == []


def test_the_build_stage_really_has_the_tools_the_final_stage_lacks() -> None:
    # Guards the check above against passing only because it looks at the wrong stage.
    build, final = stages(DOCKERFILE)[0], stages(DOCKERFILE)[-1]
    assert any("build-essential" in item.args for item in build.all("RUN"))
    assert not any("build-essential" in item.args for item in final.instructions)


def test_the_healthcheck_command_exists() -> None:
    args = build_parser().parse_args(["health"])
    assert args.command == "health"


def test_everything_the_build_copies_exists_and_is_not_ignored() -> None:
    ignored = [line.strip().rstrip("/") for line in DOCKERIGNORE.splitlines() if line.strip()]
    ignored = [pattern for pattern in ignored if not pattern.startswith("#")]
    for stage in stages(DOCKERFILE):
        for item in stage.all("COPY"):
            if item.args.startswith("--from="):
                continue
            for source in item.args.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
                assert not any(fnmatch.fnmatch(source.rstrip("/"), pattern) for pattern in ignored), source


@pytest.mark.parametrize("path", [".env", ".venv", ".git", "data", "tests"])
def test_dockerignore_keeps_secrets_and_local_state_out(path: str) -> None:
    patterns = {line.strip().rstrip("/") for line in DOCKERIGNORE.splitlines()}
    assert path in patterns


# --- each check can fail --------------------------------------------------------------------------


def replace(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert old in text, f"the Dockerfile no longer contains {old!r}: update this test"
        return text.replace(old, new)

    return mutate


FINAL_FROM = "FROM python:3.11-slim\n"
BROKEN: list[tuple[str, Callable[[str], str], str]] = [
    ("slim base", replace(FINAL_FROM, "FROM python:3.11\n"), "not python:3.11-slim"),
    ("slim base", replace("FROM python:3.11-slim AS build", "FROM python:3.12 AS build"), "python:3.12"),
    (
        "multi-stage",
        lambda text: text[text.index(FINAL_FROM) :].replace("COPY --from=build", "COPY"),
        "single",
    ),
    ("multi-stage", replace(FINAL_FROM, "FROM build\n"), "inherits"),
    ("multi-stage", replace("COPY --from=build /opt/venv /opt/venv", "RUN pip install ecsite-bot"), "copies"),
    (
        "no build tools in the final stage",
        replace("USER 10001", "RUN apt-get update && apt-get install -y gcc libffi-dev\nUSER 10001"),
        "gcc, libffi-dev",
    ),
    (
        "no build tools in the final stage",
        replace("COPY --from=build /opt/venv /opt/venv", "COPY --from=build /usr /usr"),
        "whole system folder",
    ),
    ("non-root user", replace("USER 10001:10001\n", ""), "no USER"),
    ("non-root user", replace("USER 10001:10001", "USER root"), "runs as root"),
    ("non-root user", replace("USER 10001:10001", "USER 0:0"), "runs as root"),
    ("database on a volume", replace('VOLUME ["/app/data"]\n', ""), "no VOLUME"),
    ("database on a volume", replace("ECSITE_BOT_DB=/app/data/", "ECSITE_BOT_DB=/var/lib/"), "not inside"),
    ("database on a volume", replace("ECSITE_BOT_DB=", "ECSITE_BOT_DATABASE="), "not set"),
    ("CMD", replace('CMD ["ecsite-bot", "run"]', "CMD ecsite-bot run"), "exec form"),
    ("CMD", replace('CMD ["ecsite-bot", "run"]', 'CMD ["python", "-m", "bot", "run"]'), "exec form"),
    ("CMD", replace('CMD ["ecsite-bot", "run"]', ""), "no CMD"),
    ("HEALTHCHECK", lambda text: re.sub(r"(?m)^HEALTHCHECK .*$", "", text), "no HEALTHCHECK"),
    ("HEALTHCHECK", lambda text: re.sub(r"(?m)^HEALTHCHECK .*$", "HEALTHCHECK NONE", text), "no HEALTHCHECK"),
    ("HEALTHCHECK", replace('CMD ["ecsite-bot", "health"]', "CMD true"), "does not run"),
    ("start-up cache", replace("ECSITE_BOT_CACHE_DIR=", "ECSITE_BOT_CACHE="), "not set"),
    ("start-up cache", replace("CACHE_DIR=/app/cache", "CACHE_DIR=/root/cache"), "cannot write"),
    ("start-up cache", replace("ecsite /app/data /app/cache", "ecsite /app/data"), "cannot write"),
]


@pytest.mark.parametrize(
    ("name", "mutate", "expected"), BROKEN, ids=[f"{name}: {expected}" for name, _, expected in BROKEN]
)
def test_each_check_fails_on_a_broken_dockerfile(
    name: str, mutate: Callable[[str], str], expected: str
) -> None:
    broken = mutate(DOCKERFILE)
    problems = CHECKS[name](broken)
    assert problems and any(expected in problem for problem in problems), problems


def test_parser_joins_continuations_and_skips_comments() -> None:
    text = "FROM a AS b\nRUN one \\\n  # a comment\n  two\n# another\nFROM c\nENV X=1 Y=2\nENV Z 3 4\n"
    first, second = stages(text)
    assert (first.base, first.name, first.instructions) == ("a", "b", [Instruction("RUN", "one two")])
    assert env_values(second) == {"X": "1", "Y": "2", "Z": "3 4"}


# --- the README's docker run ------------------------------------------------------------------------


def readme_docker_runs() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        shlex.split(line.strip()) for line in readme.splitlines() if line.strip().startswith("docker run ")
    ]


def test_the_readmes_docker_run_restarts_the_bot_if_it_ever_stops() -> None:
    # `ecsite-bot run` reconnects by itself after an outage, but exits 1 when Discord is unreachable at
    # start-up: Docker must then start it again, with its own back-off.
    runs = readme_docker_runs()
    assert runs
    for words in runs:
        policies = [word.split("=", 1)[1] for word in words if word.startswith("--restart=")]
        policies += [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--restart"]
        assert policies and policies[0] in ("unless-stopped", "always", "on-failure"), " ".join(words)

"""Settings are read in one place, the environment over `.env`; `ecsite-bot run` refuses to start
without a token and says how to get one."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.client import DISCORD_LOGGERS, configure_logging
from bot.settings import Settings, SettingsError
from knowledge.loader import DATA_DIR


def test_environment_wins_over_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=from-file\nECSITE_BOT_GUILD_IDS=111, 222\nECSITE_BOT_CHANNELS=333\n")
    settings = Settings.from_env({"ECSITE_BOT_CHANNELS": "444,555"}, env_file=env_file)
    assert settings.token == "from-file"
    assert settings.guild_ids == (111, 222)
    assert settings.channel_ids == frozenset({444, 555})


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = Settings.from_env({}, env_file=tmp_path / "missing.env")
    assert settings.token is None
    assert settings.guild_ids == ()
    assert settings.channel_ids == frozenset()
    assert settings.cooldown_rate >= 1 and settings.cooldown_seconds > 0


def test_the_token_never_shows_in_repr(tmp_path: Path) -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": "very-secret-token"}, env_file=tmp_path / "none")
    assert "very-secret-token" not in repr(settings)
    assert "very-secret-token" not in str(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ECSITE_BOT_GUILD_IDS", "12,abc"),
        ("ECSITE_BOT_COOLDOWN_RATE", "0"),
        ("ECSITE_BOT_COOLDOWN_SECONDS", "x"),
        ("ECSITE_BOT_COOLDOWN_RATE", "²"),  # a digit to str.isdigit, not to int()
        ("ECSITE_BOT_GUILD_IDS", "１２３"),
        ("ECSITE_BOT_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_setting_names_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value}, env_file=tmp_path / "none")


def test_run_without_token_exits_2_and_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["run"]) == 2
    error = capsys.readouterr().err
    assert "DISCORD_TOKEN" in error
    assert "https://discord.com/developers/applications" in error


def test_run_with_a_malformed_setting_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "not-used")
    monkeypatch.setenv("ECSITE_BOT_CHANNELS", "general")
    assert main(["run"]) == 2
    error = capsys.readouterr().err
    assert "ECSITE_BOT_CHANNELS" in error
    assert "not-used" not in error


def test_operating_settings_come_from_the_environment_and_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ECSITE_BOT_DB=/srv/bot/questions.sqlite3\nECSITE_BOT_RETENTION_DAYS=30\n")
    settings = Settings.from_env(
        {"ECSITE_BOT_HEARTBEAT": "/run/bot.heartbeat", "ECSITE_BOT_DATA_DIR": "/srv/knowledge"},
        env_file=env_file,
    )
    assert settings.db_path == Path("/srv/bot/questions.sqlite3")
    assert settings.retention_days == 30
    assert settings.heartbeat_path == Path("/run/bot.heartbeat")
    assert settings.data_dir == Path("/srv/knowledge")

    defaults = Settings.from_env({}, env_file=tmp_path / "none")
    assert defaults.db_path == Path("data") / "questions.sqlite3"
    assert defaults.retention_days > 0 and defaults.data_dir is None


@pytest.mark.parametrize("value", ["-1", "ninety", "1.5", "²"])
def test_a_malformed_retention_names_the_variable(tmp_path: Path, value: str) -> None:
    with pytest.raises(SettingsError, match="ECSITE_BOT_RETENTION_DAYS"):
        Settings.from_env({"ECSITE_BOT_RETENTION_DAYS": value}, env_file=tmp_path / "none")


def test_run_with_a_broken_knowledge_folder_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "not-used")
    monkeypatch.setenv("ECSITE_BOT_DATA_DIR", str(tmp_path / "no-such-folder"))
    assert main(["run"]) == 2
    assert "no-such-folder" in capsys.readouterr().err


def test_report_finds_the_database_named_in_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.storage.question_log import open_database

    open_database(tmp_path / "elsewhere.sqlite3").close()
    (tmp_path / ".env").write_text("ECSITE_BOT_DB=elsewhere.sqlite3\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ECSITE_BOT_DB", raising=False)
    assert main(["report"]) == 0
    assert "No questions in this period." in capsys.readouterr().out


def test_the_start_up_cache_folder_is_a_setting_too(tmp_path: Path) -> None:
    none = tmp_path / "none"
    assert Settings.from_env({"ECSITE_BOT_CACHE_DIR": "/srv/cache"}, env_file=none).cache_dir == Path(
        "/srv/cache"
    )
    assert Settings.from_env({"ECSITE_BOT_CACHE_DIR": ""}, env_file=none).cache_dir is None  # off
    assert Settings.from_env({"XDG_CACHE_HOME": "/xdg"}, env_file=none).cache_dir == Path("/xdg/ecsite-bot")
    assert Settings.from_env({}, env_file=none).cache_dir == Path.home() / ".cache" / "ecsite-bot"


def edited_knowledge(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge base that puts Ecsite in Ghent, so answers show which one was read."""
    copy = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, copy)
    organisation = copy / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text.replace("**Brussels, Belgium**", "**Ghent, Belgium**"), encoding="utf-8")
    return copy


@pytest.mark.parametrize("where", ["environment", "dotenv"])
def test_ask_chat_and_check_read_the_knowledge_folder_the_bot_would(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    knowledge = edited_knowledge(tmp_path)
    monkeypatch.chdir(tmp_path)
    if where == "environment":
        monkeypatch.setenv("ECSITE_BOT_DATA_DIR", str(knowledge))
    else:
        (tmp_path / ".env").write_text(f"ECSITE_BOT_DATA_DIR={knowledge}\n")
    assert main(["ask", "where is Ecsite based?"]) == 0
    assert "Ghent" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("where is Ecsite based?\n"))
    assert main(["chat"]) == 0
    assert "Ghent" in capsys.readouterr().out

    (knowledge / "projects.yaml").write_text("projects: [\n", encoding="utf-8")
    assert main(["check"]) == 1
    assert "projects.yaml" in capsys.readouterr().err
    # --data still wins, as the more specific choice.
    assert main(["check", "--data", str(DATA_DIR)]) == 0


def test_the_cache_folder_named_in_dotenv_is_the_one_ask_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ECSITE_BOT_CACHE_DIR")
    (tmp_path / ".env").write_text("ECSITE_BOT_CACHE_DIR=my-cache\n")
    assert main(["ask", "when was Ecsite founded?"]) == 0
    assert "1989" in capsys.readouterr().out
    assert list((tmp_path / "my-cache").glob("*.pickle"))


def test_health_reads_the_heartbeat_named_in_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import health

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ECSITE_BOT_HEARTBEAT", raising=False)
    (tmp_path / ".env").write_text("ECSITE_BOT_HEARTBEAT=beat\n")
    health.beat(tmp_path / "beat")
    assert main(["health"]) == 0
    assert "healthy" in capsys.readouterr().out


def test_health_with_a_malformed_setting_is_unhealthy_not_dockers_reserved_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ECSITE_BOT_RETENTION_DAYS", "ninety")
    assert main(["health"]) == 1
    assert "ECSITE_BOT_RETENTION_DAYS" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["ask", "when?"], ["chat"], ["check"], ["report"]])
def test_every_command_refuses_a_malformed_setting_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ECSITE_BOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ECSITE_BOT_RETENTION_DAYS", "-1")
    assert main(command) == 2
    assert "ECSITE_BOT_RETENTION_DAYS" in capsys.readouterr().err


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in DISCORD_LOGGERS}
    yield
    root.handlers[:], root.level = handlers, level
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


@pytest.mark.usefixtures("restored_logging")
def test_debug_logging_keeps_discord_py_at_info_unless_asked_for_it(tmp_path: Path) -> None:
    none = tmp_path / "none"
    # At DEBUG, discord.py logs message text, user names and interaction tokens.
    configure_logging(Settings.from_env({"ECSITE_BOT_LOG_LEVEL": "DEBUG"}, env_file=none))
    assert logging.getLogger("bot.client").isEnabledFor(logging.DEBUG)
    for name in (*DISCORD_LOGGERS, "discord.state", "discord.webhook.async_"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
        assert logging.getLogger(name).isEnabledFor(logging.INFO), name

    explicit = {"ECSITE_BOT_LOG_LEVEL": "DEBUG", "ECSITE_BOT_DISCORD_LOG_LEVEL": "debug"}
    configure_logging(Settings.from_env(explicit, env_file=none))
    assert logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)

    configure_logging(Settings.from_env({"ECSITE_BOT_LOG_LEVEL": "WARNING"}, env_file=none))
    assert not logging.getLogger("discord.client").isEnabledFor(logging.INFO)


def test_a_malformed_discord_log_level_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="ECSITE_BOT_DISCORD_LOG_LEVEL"):
        Settings.from_env({"ECSITE_BOT_DISCORD_LOG_LEVEL": "CHATTY"}, env_file=tmp_path / "none")

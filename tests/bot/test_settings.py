"""Settings are read in one place, the environment over `.env`; `ecsite-bot run` refuses to start
without a token and says how to get one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings, SettingsError


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


@pytest.mark.parametrize("value", ["-1", "ninety"])
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

"""Every setting of the Discord bot, read in one place: the environment, then a `.env` file.

A variable set in the environment wins over the same name in `.env`. The token is kept out of `repr()` and
is never logged. To add a setting: add a field here, parse it in `Settings.from_env`, document it in the
README's settings table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.health import DEFAULT_HEARTBEAT
from bot.storage.question_log import DEFAULT_DB_PATH, DEFAULT_RETENTION_DAYS

TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "open its Bot page, press 'Reset Token' and put the token in the environment or in a .env file "
    "as DISCORD_TOKEN=... (see the README, 'Running it in Discord')."
)


DATA_DIR_ENV = "ECSITE_BOT_DATA_DIR"
CACHE_DIR_ENV = "ECSITE_BOT_CACHE_DIR"
LEARNED_ENV = "ECSITE_BOT_LEARNED"
# Beside the question log: both hold people's questions and are kept, backed up and protected alike.
LEARNED_FILE_NAME = "learned.yaml"


class SettingsError(ValueError):
    """A setting that is present but malformed: the message names the variable and what is expected."""


@dataclass(frozen=True, slots=True)
class Settings:
    # The bot token; repr=False keeps it out of logs and tracebacks that print the settings.
    token: str | None = field(default=None, repr=False)
    # Guilds whose slash commands are synced at start-up (they appear at once); empty means a global sync.
    guild_ids: tuple[int, ...] = ()
    # Channels where the bot also answers messages that end in "?" without mentioning it.
    channel_ids: frozenset[int] = frozenset()
    # At most `cooldown_rate` answers to mentions/DMs per user every `cooldown_seconds`.
    cooldown_rate: int = 3
    cooldown_seconds: float = 30.0
    # How long answer buttons (pages, suggestions) keep working.
    view_timeout_seconds: float = 180.0
    log_level: str = "INFO"
    # The question log (SQLite) and how many days it keeps questions and votes (0: forever).
    db_path: Path = DEFAULT_DB_PATH
    retention_days: int = DEFAULT_RETENTION_DAYS
    # The file the running bot touches while connected, for `ecsite-bot health` (Docker's HEALTHCHECK).
    heartbeat_path: Path = DEFAULT_HEARTBEAT
    # The knowledge base folder, loaded at start-up and by /reload; None: the bundled one.
    data_dir: Path | None = None
    # Where the start-up cache of the validated knowledge base goes; None turns it off.
    cache_dir: Path | None = None
    # discord.py's own loggers; None: the bot's level, but never DEBUG, where they log message text, user
    # names and interaction tokens. Only an explicit setting gets their debug output.
    discord_log_level: str | None = None
    # The learned phrasings (ecsite-bot teach, /teach); None: `learned.yaml` beside the question log.
    learned_path: Path | None = None

    @property
    def learned_file(self) -> Path:
        return self.learned_path if self.learned_path is not None else self.db_path.parent / LEARNED_FILE_NAME

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
        """Read the settings from `environ` (default `os.environ`) over `env_file` (default `./.env`)."""
        values: dict[str, str] = {}
        dotenv_path = env_file if env_file is not None else Path.cwd() / ".env"
        if dotenv_path.is_file():
            values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        values.update(os.environ if environ is None else environ)

        def get(name: str) -> str:
            return values.get(name, "").strip()

        return cls(
            token=get("DISCORD_TOKEN") or None,
            guild_ids=tuple(_ids("ECSITE_BOT_GUILD_IDS", get("ECSITE_BOT_GUILD_IDS"))),
            channel_ids=frozenset(_ids("ECSITE_BOT_CHANNELS", get("ECSITE_BOT_CHANNELS"))),
            cooldown_rate=_positive_int("ECSITE_BOT_COOLDOWN_RATE", get("ECSITE_BOT_COOLDOWN_RATE"), 3),
            cooldown_seconds=_positive_float(
                "ECSITE_BOT_COOLDOWN_SECONDS", get("ECSITE_BOT_COOLDOWN_SECONDS"), 30.0
            ),
            view_timeout_seconds=_positive_float(
                "ECSITE_BOT_VIEW_TIMEOUT_SECONDS", get("ECSITE_BOT_VIEW_TIMEOUT_SECONDS"), 180.0
            ),
            log_level=_log_level("ECSITE_BOT_LOG_LEVEL", get("ECSITE_BOT_LOG_LEVEL")),
            db_path=_path(get("ECSITE_BOT_DB"), DEFAULT_DB_PATH),
            retention_days=_retention_days("ECSITE_BOT_RETENTION_DAYS", get("ECSITE_BOT_RETENTION_DAYS")),
            heartbeat_path=_path(get("ECSITE_BOT_HEARTBEAT"), DEFAULT_HEARTBEAT),
            data_dir=Path(get(DATA_DIR_ENV)) if get(DATA_DIR_ENV) else None,
            cache_dir=_cache_dir(values.get(CACHE_DIR_ENV), get("XDG_CACHE_HOME")),
            discord_log_level=(
                _log_level("ECSITE_BOT_DISCORD_LOG_LEVEL", get("ECSITE_BOT_DISCORD_LOG_LEVEL"))
                if get("ECSITE_BOT_DISCORD_LOG_LEVEL")
                else None
            ),
            learned_path=Path(get(LEARNED_ENV)) if get(LEARNED_ENV) else None,
        )

    def discord_level(self) -> str:
        """The level of discord.py's loggers (`discord`, `discord.http`, `discord.gateway`, ...)."""
        if self.discord_log_level is not None:
            return self.discord_log_level
        return "INFO" if self.log_level == "DEBUG" else self.log_level


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _is_number(raw: str) -> bool:
    # str.isdigit() also accepts '²' and other digits int() refuses.
    return raw.isascii() and raw.isdigit()


def _log_level(name: str, raw: str) -> str:
    level = (raw or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"{name} must be one of {', '.join(LOG_LEVELS)}, got {raw!r}")
    return level


def _path(raw: str, default: Path) -> Path:
    return Path(raw) if raw else default


def _cache_dir(raw: str | None, xdg_cache_home: str) -> Path | None:
    # Set but empty means off, as documented; unset means the user's usual cache folder.
    if raw is not None:
        return Path(raw.strip()) if raw.strip() else None
    return Path(xdg_cache_home or Path.home() / ".cache") / "ecsite-bot"


def _retention_days(name: str, raw: str) -> int:
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not _is_number(raw):
        raise SettingsError(f"{name} must be a whole number of days, 0 (keep forever) or more, got {raw!r}")
    return int(raw)


def _ids(name: str, raw: str) -> list[int]:
    ids: list[int] = []
    for part in raw.replace(" ", ",").split(","):
        if not part:
            continue
        if not _is_number(part):
            raise SettingsError(f"{name} must be comma-separated numeric Discord ids, got {part!r}")
        ids.append(int(part))
    return list(dict.fromkeys(ids))


def _positive_int(name: str, raw: str, default: int) -> int:
    if not raw:
        return default
    if not _is_number(raw) or int(raw) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, got {raw!r}")
    return int(raw)


def _positive_float(name: str, raw: str, default: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name} must be a number of seconds above 0, got {raw!r}")
    return value

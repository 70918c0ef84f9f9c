"""The Discord client: `create_bot` builds it (tests use it too), `run_bot` runs it for `ecsite-bot run`."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Awaitable, Callable

import aiohttp
import discord
from discord.backoff import ExponentialBackoff
from discord.ext import commands

from bot import health
from bot.cooldown import AskingCooldown
from bot.phrases import PhraseTranslator
from bot.settings import TOKEN_HELP, Settings, SettingsError
from bot.storage.question_log import QuestionLog
from knowledge import ConversationStore, Engine, KnowledgeError, load_engine
from knowledge.teaching import Lesson

log = logging.getLogger(__name__)

# One extension per feature; each ends with `async def setup(bot)`.
EXTENSIONS = (
    "bot.exts.errors",
    "bot.exts.ask",
    "bot.exts.browse",
    "bot.exts.feedback",
    "bot.exts.reload",
    "bot.exts.teach",
)

# What the bot needs where it answers: see the channel, read the message it replies to, send (in threads too)
# and show embeds with links. The invite URL asks for exactly these; `on_ready` logs it.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")

MESSAGE_CONTENT_MISSING = (
    "The message content intent is not enabled for this application, so the bot runs without it: slash "
    "commands, mentions and DMs still work, but questions in ECSITE_BOT_CHANNELS that do not mention the bot "
    "cannot be read. To enable it: Discord developer portal > your application > Bot > Privileged Gateway "
    "Intents > Message Content Intent."
)


class EcsiteBot(commands.Bot):
    """The bot: one engine, one set of settings, one conversation store and one question log shared by every
    extension.

    `engine` is swapped whole by `reload_engine` (/reload). A handler reads it once per answer and does not
    await between using it, so every answer comes from one knowledge base, never a mix of two.
    """

    def __init__(self, engine: Engine, settings: Settings, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )
        self.engine = engine
        self.settings = settings
        self.conversations = ConversationStore()
        # Shared by every extension and button that asks a question (bot/cooldown.py).
        self.cooldown = AskingCooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.question_log = QuestionLog(settings.db_path, retention_days=settings.retention_days)
        # Connected to the gateway now (is_ready() stays true after a disconnect): what the heartbeat tests.
        self._connected = False
        # Reached Discord's gateway at least once: a later failure is an outage to ride out, not a bad set-up.
        self.ever_connected = False
        self._heartbeat: asyncio.Task[None] | None = None
        self._reload_lock = asyncio.Lock()

    async def setup_hook(self) -> None:
        # First, so a database that cannot be written is reported at start-up, not at the first question.
        await self.question_log.open()
        # Command descriptions in the members' languages, from the phrases of the knowledge base in use.
        await self.tree.set_translator(PhraseTranslator(lambda: self.engine.knowledge))
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync slash commands to ECSITE_BOT_GUILD_IDS (they appear at once), or globally without it.

        A sync Discord refuses, or answers with something unreadable, is logged as one error and start-up
        goes on: mentions and DMs do not need the slash commands.
        """
        guilds: list[discord.Object | None] = [discord.Object(id=i) for i in self.settings.guild_ids]
        for guild in guilds or [None]:
            where = "globally" if guild is None else f"to guild {guild.id}"
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except Exception as error:
                hint = ""
                if guild is not None and isinstance(error, discord.Forbidden):
                    hint = " Is the bot in that server, invited with the applications.commands scope?"
                log.error(
                    "could not sync the slash commands %s: %s. The bot goes on answering mentions and DMs.%s",
                    where,
                    describe_sync_error(error),
                    hint,
                )
            else:
                later = " (they can take a while to appear)" if guild is None else ""
                log.info("synced %d slash commands %s%s", len(synced), where, later)

    async def reload_engine(self) -> Engine:
        """Load the knowledge base again from its folder in a worker thread, and answer with it from now on.

        Raises KnowledgeError (naming file, entry and field) for an invalid one; the old engine then stays.
        """
        async with self._reload_lock:  # two reloads at once: the later request wins, not the slower load
            # Without the start-up cache: the files as they are now, and no pickling, a long step that would
            # hold the interpreter (and so the event loop) for its whole length.
            engine = await asyncio.to_thread(
                load_engine, self.settings.data_dir, learned=self.settings.learned_file
            )
            self.engine = engine  # one assignment: each answer uses the old engine or the new one
        stats = ", ".join(f"{count} {name}" for name, count in engine.knowledge.stats().items())
        log.info("knowledge base reloaded from %s: %s", self.settings.data_dir or "the bundled folder", stats)
        return engine

    async def relearn(self, change: Callable[[Engine], Lesson | None]) -> Lesson | None:
        """Teach or untaught in a worker thread (`change` gets the live engine, writes the learned file and
        builds the new engine), then answer with the new engine from now on, in one assignment as
        `reload_engine` does. KnowledgeError leaves the file and the live engine as they were."""
        async with self._reload_lock:  # one change of the file at a time, none racing a reload
            lesson = await asyncio.to_thread(change, self.engine)
            if lesson is not None:
                self.engine = lesson.engine
        return lesson

    def is_connected(self) -> bool:
        """Connected to Discord's gateway right now (what the heartbeat vouches for)."""
        return self._connected and not self.is_closed()

    async def on_message(self, message: discord.Message, /) -> None:
        """Messages are answered by the ask extension's listener; there are no prefix commands."""

    async def on_ready(self) -> None:
        self._connected = True
        self.ever_connected = True
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.create_task(
                health.keep_beating(self.is_connected, self.settings.heartbeat_path), name="heartbeat"
            )
        log.info("logged in as %s, in %d servers", self.user, len(self.guilds))
        if self.application_id is not None:
            log.info("invite it to a server with %s", invite_url(self.application_id))

    async def on_resumed(self) -> None:
        self._connected = True

    async def on_disconnect(self) -> None:
        self._connected = False

    async def close(self) -> None:
        """Stop the heartbeat (and remove it, so the health check fails at once), disconnect, then finish
        the queued question-log writes."""
        self._connected = False
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        health.clear(self.settings.heartbeat_path)
        try:
            await super().close()
        finally:
            await self.question_log.close()


def describe_sync_error(error: Exception) -> str:
    """One line: Discord's reason, with the command it names (discord.py's CommandSyncFailure puts each
    rejected command on a line of its own)."""
    if isinstance(error, discord.HTTPException):
        return "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return f"Discord's answer could not be read ({type(error).__name__}: {error})"


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot to a server with its slash commands and the permissions it needs."""
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


def create_bot(
    engine: Engine | None = None, settings: Settings | None = None, *, message_content: bool = True
) -> EcsiteBot:
    """The bot, not yet connected. Without arguments: the settings from the environment, and the knowledge
    base they name (ECSITE_BOT_DATA_DIR, or the bundled one)."""
    settings = settings if settings is not None else Settings.from_env()
    return EcsiteBot(
        engine
        if engine is not None
        else load_engine(settings.data_dir, cache_dir=settings.cache_dir, learned=settings.learned_file),
        settings,
        message_content=message_content,
    )


# Young collections every 20,000 allocations, and full ones seldom: a full collection stops the event loop for
# as long as it scans the heap (tens of ms with hundreds of answers in flight), a young one for about a ms.
GC_THRESHOLDS = (20_000, 50, 1000)


def freeze_startup_heap() -> None:
    """Keep what lives as long as the process (the libraries, the first knowledge base) out of the cyclic
    garbage collector's full collections, and make those collections rare: they stop the event loop for as
    long as they take, and that grows with the heap they scan. Called once everything is loaded.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


Connect = Callable[[EcsiteBot], Awaitable[None]]
Pause = Callable[[float], Awaitable[None]]

# What an unreachable Discord raises at the first connection.
UNREACHABLE = (
    aiohttp.ClientError, OSError, TimeoutError, discord.GatewayNotFound, discord.ConnectionClosed,
    discord.DiscordServerError,
)  # fmt: skip


class DiscordUnreachable(Exception):
    """Discord could not be reached at start-up (the network, DNS, a firewall, an outage)."""


def _unreachable(bot: EcsiteBot, error: Exception) -> bool:
    if isinstance(error, UNREACHABLE):
        return True
    # discord.py 2.7 retries a first gateway connection that failed by reading the state of the previous
    # connection, which does not exist: an AttributeError and no websocket mean it was never reached.
    return isinstance(error, AttributeError) and bot.ws is None


async def serve(
    engine: Engine, settings: Settings, connect: Connect, *, pause: Pause = asyncio.sleep
) -> EcsiteBot:
    """Connect and serve until the bot is stopped; returns the last bot.

    Connects with the message content intent, and if Discord refuses it, says so once and connects without.
    Once Discord has been reached, any error that escapes discord.py's own reconnecting is logged and the bot
    connects again after a growing pause (a new client, with the knowledge base the old one had, so a
    /reload survives). Before that, a bad token raises LoginFailure and an unreachable Discord
    DiscordUnreachable: retrying those would hide a set-up mistake.
    """
    message_content = True
    ever_connected = False
    backoff = ExponentialBackoff()
    while True:
        bot = create_bot(engine, settings, message_content=message_content)
        try:
            await connect(bot)
            return bot
        except discord.PrivilegedIntentsRequired:
            if not message_content:
                raise
            log.warning(MESSAGE_CONTENT_MISSING)
            message_content = False
        except discord.LoginFailure:
            raise
        except Exception as error:
            ever_connected = ever_connected or bot.ever_connected
            if not ever_connected:
                if _unreachable(bot, error):
                    raise DiscordUnreachable(str(error) or type(error).__name__) from error
                raise
            engine = bot.engine
            delay = backoff.delay()
            log.error(
                "the connection to Discord failed (%s: %s); connecting again in %.1f s",
                type(error).__name__,
                error,
                delay,
                exc_info=error,
            )
            await pause(delay)


# discord.py's loggers: at DEBUG they write message text, user names and interaction tokens to the log.
DISCORD_LOGGERS = ("discord", "discord.http", "discord.gateway", "discord.client")


def configure_logging(settings: Settings) -> None:
    """The log at ECSITE_BOT_LOG_LEVEL, with discord.py's loggers at `settings.discord_level()`."""
    levels = logging.getLevelNamesMapping()
    discord.utils.setup_logging(level=levels[settings.log_level])
    for name in DISCORD_LOGGERS:
        logging.getLogger(name).setLevel(levels[settings.discord_level()])


def run_bot() -> int:
    """`ecsite-bot run`: 0 after a clean stop, 1 when Discord cannot be reached, 2 when the settings, the
    token or the knowledge base are unusable."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not settings.token:
        print(f"error: {TOKEN_HELP}", file=sys.stderr)
        return 2
    try:
        engine = load_engine(settings.data_dir, cache_dir=settings.cache_dir, learned=settings.learned_file)
    except KnowledgeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings)
    # The bot never joins voice: no warnings about the voice libraries it does not install.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    token = settings.token
    freeze_startup_heap()

    async def connect(bot: EcsiteBot) -> None:
        async with bot:
            await bot.start(token)

    try:
        asyncio.run(serve(engine, settings, connect))
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN: reset it on the application's Bot page and try again")
        return 2
    except DiscordUnreachable as error:
        log.error("could not reach Discord (%s): check the network connection and try again", error)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
    return 0

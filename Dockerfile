# syntax=docker/dockerfile:1
#
# docker build -t ecsite-bot .
# docker run -d --name ecsite-bot --restart unless-stopped -e DISCORD_TOKEN=... -v ecsite-bot-data:/app/data ecsite-bot

# --- build: the only stage with compilers, for a dependency without a wheel for the target platform ---------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

# A virtualenv is one folder to carry into the runtime stage, and the same base image keeps its python valid.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install .

# --- runtime: the installed virtualenv on a clean slim base, run as an unprivileged user -------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    ECSITE_BOT_DB=/app/data/questions.sqlite3 \
    ECSITE_BOT_HEARTBEAT=/tmp/ecsite-bot.heartbeat \
    ECSITE_BOT_CACHE_DIR=/app/cache

# The data folder exists and belongs to the bot before VOLUME, so a new named volume starts writable by it.
# The start-up cache is the bot's too (HOME, /app, is root's); outside the volume, so each image starts cold.
RUN groupadd --system --gid 10001 ecsite \
    && useradd --system --uid 10001 --gid ecsite --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin ecsite \
    && mkdir -p /app/data /app/cache \
    && chown ecsite:ecsite /app/data /app/cache \
    && chmod 0700 /app/data /app/cache

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without looking up the name.
USER 10001:10001

VOLUME ["/app/data"]

# Healthy only while the bot is connected to Discord: it refreshes the heartbeat file every 30 s then.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["ecsite-bot", "health"]

# Exec form: the bot is PID 1 and receives SIGTERM from `docker stop` to shut down cleanly.
CMD ["ecsite-bot", "run"]

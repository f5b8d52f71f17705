# claimwatch: `docker run -e TELEGRAM_BOT_TOKEN=... -v claimwatch:/data IMAGE` is the whole deployment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CLAIMWATCH_DB=/data/claimwatch.db \
    CLAIMWATCH_CONFIG=/config/feeds.yaml \
    PTB_TIMEDELTA=true

WORKDIR /app

# Dependencies first, in their own cached layer: it changes only when pyproject.toml does.
COPY pyproject.toml README.md ./
# The stub packages and the build folder go with it: setuptools copies only files newer than
# those under build/, so a stale stub would shadow the real code installed next.
RUN mkdir -p bot storage && touch bot/__init__.py storage/__init__.py \
    && pip install . \
    && pip uninstall -y claimwatch \
    && rm -rf build claimwatch.egg-info bot storage

# Then the code, installed without touching the dependencies again.
COPY bot ./bot
COPY storage ./storage
RUN pip install --no-deps . \
    && rm -rf build claimwatch.egg-info \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin claimwatch \
    && mkdir -p /data /config \
    && chown claimwatch /data

# A default config; mount your own over it: -v "$PWD/feeds.yaml:/config/feeds.yaml:ro"
COPY feeds.yaml /config/feeds.yaml

USER claimwatch
VOLUME ["/data"]

# Fails when no source has been polled for three times the longest interval (at least 15 min).
HEALTHCHECK --interval=5m --timeout=30s --start-period=10m --retries=2 CMD ["claimwatch", "health"]

# SIGTERM lets polls under way commit; each poll is one transaction.
STOPSIGNAL SIGTERM
CMD ["claimwatch", "run"]

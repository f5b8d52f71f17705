# claimwatch. `docker run -e TELEGRAM_BOT_TOKEN=... -v claimwatch:/data IMAGE` is the whole
# deployment; `docker run --rm IMAGE demo` replays the bundled story; any other command works the
# same way (`docker run --rm -v claimwatch:/data IMAGE sources`): the image's entry point is
# `claimwatch`.
#
# Two stages: the first builds a virtualenv in /opt/claimwatch (pip, its caches and the build
# backend stay behind); the second is the slim base with that virtualenv copied in, and nothing
# else: no compiler, no pip, no tests (ours, or the test suites dependencies ship).

FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /src
RUN python -m venv /opt/claimwatch

# Dependencies first, in their own cached layer: it changes only when pyproject.toml does.
COPY pyproject.toml README.md ./
# The stub packages and the build folder go with it: setuptools copies only files newer than
# those under build/, so a stale stub would shadow the real code installed next.
RUN mkdir -p bot storage && touch bot/__init__.py storage/__init__.py \
    && /opt/claimwatch/bin/pip install . \
    && /opt/claimwatch/bin/pip uninstall -y claimwatch \
    && rm -rf build claimwatch.egg-info bot storage

# Then the code, installed without touching the dependencies again; then what only building
# needs goes: pip and setuptools, and the test suites that numpy and matplotlib ship.
COPY bot ./bot
COPY storage ./storage
RUN /opt/claimwatch/bin/pip install --no-deps . \
    && rm -rf build claimwatch.egg-info \
    && /opt/claimwatch/bin/python -m pip uninstall -y pip setuptools \
    && find /opt/claimwatch/lib -depth -type d -name tests -path "*/site-packages/*/*" -exec rm -rf {} +


FROM python:3.11-slim

ENV PATH=/opt/claimwatch/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CLAIMWATCH_DB=/data/claimwatch.db \
    CLAIMWATCH_CONFIG=/config/feeds.yaml \
    MPLCONFIGDIR=/opt/claimwatch/matplotlib \
    CLAIMWATCH_PROG="docker run --rm -v claimwatch-demo:/data claimwatch" \
    PTB_TIMEDELTA=true

COPY --from=build /opt/claimwatch /opt/claimwatch

# A regular (not --system) user: a fixed uid above 1000 matches no host account by accident, and
# useradd says nothing about uid ranges. /data is its home, its working folder and the volume.
# matplotlib's font cache is built once here, in a folder the user may write to.
RUN useradd --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin claimwatch \
    && mkdir -p /data /config /opt/claimwatch/matplotlib \
    && python -c "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot" \
    && chown -R claimwatch:claimwatch /data /opt/claimwatch/matplotlib

# A default config; mount your own over it: -v "$PWD/feeds.yaml:/config/feeds.yaml:ro"
COPY feeds.yaml /config/feeds.yaml

USER claimwatch
WORKDIR /data
VOLUME ["/data"]

# Unhealthy when nothing was polled for three times the longest interval (at least 15 min) or
# every source is failing (CLAIMWATCH_FAILING_SHARE=50% for half of them).
HEALTHCHECK --interval=5m --timeout=30s --start-period=10m --retries=2 CMD ["claimwatch", "health"]

# SIGTERM lets polls under way commit; each poll is one transaction.
STOPSIGNAL SIGTERM
ENTRYPOINT ["claimwatch"]
CMD ["run"]

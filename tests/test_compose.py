"""compose.yaml: PostgreSQL, two pollers sharing the sources, and one bot, all on one database.
CI has no Docker engine: the file is checked against what claimwatch reads (its roles, its
database URL, its settings), and the database URL is opened the way the services open it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.poll import lease_seconds
from storage.db import is_url

ROOT = Path(__file__).parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}."""
    return re.sub(r"\$\{(\w+)(?::[-?]([^}]*))?\}", lambda m: env.get(m.group(1), m.group(2) or ""), value)


def test_postgresql_two_pollers_and_one_bot() -> None:
    assert set(SERVICES) == {"postgres", "poller", "bot"}
    assert SERVICES["poller"]["deploy"]["replicas"] == 2
    assert "replicas" not in SERVICES["bot"].get("deploy", {})  # one bot per token
    postgres = SERVICES["postgres"]
    assert postgres["image"].startswith("postgres:") and "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])


def test_every_claimwatch_service_shares_the_one_database_in_its_role() -> None:
    env = {"POSTGRES_PASSWORD": "s3cret", "TELEGRAM_BOT_TOKEN": "123456:abc"}
    db = SERVICES["postgres"]["environment"]
    for name in ("poller", "bot"):
        service = SERVICES[name]
        environment = service["environment"]
        assert environment["CLAIMWATCH_ROLE"] == name
        url = interpolate(environment["CLAIMWATCH_DATABASE"], env)
        parts = urlsplit(url)
        assert is_url(url) and parts.hostname == "postgres" and parts.path == f"/{db['POSTGRES_DB']}"
        assert parts.username == db["POSTGRES_USER"] and parts.password == env["POSTGRES_PASSWORD"]
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "./feeds.yaml:/config/feeds.yaml:ro" in service["volumes"]
        settings = {k: interpolate(str(v), env) for k, v in environment.items()}
        done = CliRunner().invoke(cli, ["run", "--help"], env=settings)  # the role and URL are ones `run` accepts
        assert done.exit_code == 0
    assert "TELEGRAM_BOT_TOKEN" in SERVICES["bot"]["environment"]
    assert "TELEGRAM_BOT_TOKEN" not in SERVICES["poller"]["environment"]  # pollers never talk to Telegram


def test_the_pollers_lease_is_a_setting_claimwatch_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_LEASE", SERVICES["poller"]["environment"]["CLAIMWATCH_LEASE"])
    assert lease_seconds() == 60

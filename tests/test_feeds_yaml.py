"""The example feeds.yaml at the top of the repository loads and is a useful start.

It is what the Docker image ships as its default config and what a new user edits first, so it
must load without error, poll both kinds of source, name the parties in all three languages and
track a few claims with terms in English, Russian and Ukrainian.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.config import load_config, parse_config
from bot.model import SourceKind

FEEDS = Path(__file__).parents[1] / "feeds.yaml"
CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)


def test_it_loads_with_sides_sources_of_both_kinds_and_claims() -> None:
    config = load_config("feeds.yaml" if Path("feeds.yaml").resolve() == FEEDS else FEEDS)
    assert len(config.sides) >= 3
    assert {s.kind for s in config.sources} == {SourceKind.RSS, SourceKind.TELEGRAM}
    assert len(config.claims) >= 2
    names = config.side_names()
    assert all(s.side is None or s.side in names for s in config.sources)
    for source in config.sources:
        assert source.url.startswith("https://"), f"{source.name}: a real public URL"
        if source.kind is SourceKind.TELEGRAM:
            assert source.channel and source.url == f"https://t.me/s/{source.channel}"


def test_sides_and_claims_speak_three_languages() -> None:
    config = load_config(FEEDS)
    for side in config.sides:
        assert any(a.isascii() for a in side.aliases), f"{side.name}: an English alias"
        assert any(CYRILLIC.search(a) for a in side.aliases), f"{side.name}: a Russian or Ukrainian alias"
    for claim in config.claims:
        for terms in (claim.match, claim.supports, claim.refutes):
            assert any(t.isascii() for t in terms), claim.id
            assert any(CYRILLIC.search(t) for t in terms), claim.id
        assert any(UKRAINIAN.search(t) for t in claim.match + claim.supports + claim.refutes), claim.id


def test_the_commented_settings_block_is_valid_when_uncommented() -> None:
    text = FEEDS.read_text(encoding="utf-8")
    block = text[text.index("# settings:") :]
    uncommented = "\n".join(line.removeprefix("# ") for line in block.splitlines() if line.startswith("# "))
    data = yaml.safe_load(FEEDS.read_text(encoding="utf-8"))
    data.update(yaml.safe_load(uncommented))
    config = parse_config(data, str(FEEDS), base_dir=FEEDS.parent)
    assert config.settings.timeout == 20
    assert config.settings.retention_days
    assert config.settings.confidence == 0.5

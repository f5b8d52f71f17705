"""feeds.yaml: what loads, and the one message each mistake gives (file, entry, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import format_duration, load_config, parse_duration, warnings
from bot.errors import ConfigError
from bot.model import SourceKind

GOOD = """
sides:
  - name: Russian MoD
    aliases: [Konashenkov, Минобороны России]
  - name: Wagner
    aliases: [Prigozhin]
sources:
  - name: Wire
    kind: rss
    url: https://example.org/world.rss
  - name: MoD channel
    kind: telegram
    channel: mod_russia
    side: Russian MoD
    every: 2m
  - name: Local
    kind: rss
    url: data/wire.xml
    every: 90s
claims:
  - id: bakhmut-retreat
    text: Russian forces retreated near Bakhmut
    match: [Bakhmut, Бахмут]
    supports: [fell back, отошли]
    refutes: [repelled]
  - id: text-only
    text: A claim with only text
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert [s.name for s in config.sides] == ["Russian MoD", "Wagner"]
    assert config.sides[0].aliases == ("Konashenkov", "Минобороны России")
    wire, mod, local = config.sources
    assert wire.kind is SourceKind.RSS and wire.every == 300.0 and wire.side is None
    assert mod.url == "https://t.me/s/mod_russia" and mod.every == 120.0 and mod.side == "Russian MoD"
    assert local.url == str((tmp_path / "data" / "wire.xml").resolve()) and local.every == 90.0
    assert config.claim("bakhmut-retreat") is not None
    assert config.claim("text-only").match == ()  # type: ignore[union-attr]


def test_file_urls_and_absolute_paths_are_kept(tmp_path: Path) -> None:
    text = "sources:\n  - {name: A, kind: rss, url: 'file:///tmp/a.xml'}\n  - {name: B, kind: rss, url: /tmp/b.xml}\n"
    a, b = load_config(write(tmp_path, text)).sources
    assert a.url == "file:///tmp/a.xml" and b.url == "/tmp/b.xml"


def test_an_empty_file_is_an_empty_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.sources == () and config.claims == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sides: []\nfeeds: []\n", "feeds: unknown key"),
        ("sides: {a: 1}\n", "sides: expected a list"),
        ("sides:\n  - {name: A}\n  - {name: A}\n", 'sides[1] "A": name: duplicate side name'),
        ("sides:\n  - {aliases: [x]}\n", "sides[0]: name: missing"),
        ("sides:\n  - {name: A, colour: red}\n", 'sides[0] "A": colour: unknown key'),
        ("sources:\n  - {name: W, kind: rss}\n", 'sources[0] "W": url: missing'),
        ("sources:\n  - {name: W, kind: atom, url: x.xml}\n", 'sources[0] "W": kind: expected rss or telegram'),
        (
            "sources:\n  - {name: W, kind: rss, url: x.xml}\n  - {name: W, kind: rss, url: y.xml}\n",
            'sources[1] "W": name: duplicate source name',
        ),
        (
            "sources:\n  - {name: W, kind: rss, url: x.xml, every: 5 minutes}\n",
            'sources[0] "W": every: expected a duration like 30s, 5m or 2h, got "5 minutes"',
        ),
        ("sources:\n  - {name: W, kind: rss, url: x.xml, every: 1s}\n", 'sources[0] "W": every: 1s is too often'),
        (
            "sources:\n  - {name: W, kind: rss, url: x.xml, side: Nobody}\n",
            "sources[0] \"W\": side: 'Nobody' is not a side in sides",
        ),
        ("sources:\n  - {name: T, kind: telegram}\n", 'sources[0] "T": url: missing (a telegram source needs'),
        ("sources:\n  - {name: T, kind: telegram, channel: 'no spaces allowed'}\n", 'sources[0] "T": channel:'),
        ("sources:\n  - {name: W, kind: rss, url: 'ftp://x/y'}\n", 'sources[0] "W": url: unsupported scheme'),
        ("sources:\n  - {name: W, kind: rss, url: x.xml, channel: abcd}\n", "channel: only telegram sources"),
        ("claims:\n  - {id: a b, text: t}\n", 'claims[0] "a b": id:'),
        ("claims:\n  - {id: a, text: t}\n  - {id: a, text: u}\n", 'claims[1] "a": id: duplicate claim id'),
        ("claims:\n  - {id: a}\n", 'claims[0] "a": text: missing'),
        (
            "claims:\n  - {id: a, text: t, supports: [ok, '']}\n",
            'claims[0] "a": supports[1]: expected a non-empty term',
        ),
        ("claims:\n  - {id: a, text: t, refutes: {x: 1}}\n", 'claims[0] "a": refutes: expected a list of terms'),
        (
            "claims:\n  - {id: a, text: Bakhmut fell, match: 'Bakhmut, Бахмут'}\n",
            'claims[0] "a": match: expected a list of terms like [Bakhmut, Бахмут], got a bare string',
        ),
        (
            "claims:\n  - {id: a, text: Bakhmut fell, match: [the, of the, и]}\n",
            'claims[0] "a": match: every term is a common word',
        ),
        ("claims:\n  - {id: a, text: It was in the}\n", "claims[0] \"a\": text: 'It was in the' has only common words"),
        (
            "sources:\n  - {name: W, kind: rss, url: 'https://example.org/my feed.rss'}\n",
            "sources[0] \"W\": url: 'https://example.org/my feed.rss' has a space in it",
        ),
        (
            "sides:\n  - name: A\n    name: B\n",
            "not valid YAML at line 3, column 5: 'name' is given twice (first at line 2)",
        ),
        ("sources: []\nclaims: []\nsources: []\n", "'sources' is given twice (first at line 1)"),
        ("settings: {timeout: soon}\n", 'settings: timeout: expected a duration like 20s, got "soon"'),
        ("settings: {max_bytes: lots}\n", "settings: max_bytes: expected a size like 10MB"),
        ("settings: {concurrency: 0}\n", "settings: concurrency: expected a whole number of at least 1"),
        ("settings: {confidence: 2}\n", "settings: confidence: expected a number from 0 to 1, got 2"),
        ("settings: {colour: red}\n", "settings: colour: unknown key"),
        ("- just\n- a list\n", "expected a mapping"),
        ("sides: [\n", "not valid YAML at line"),
    ],
)
def test_each_mistake_names_file_entry_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_every_mistake_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
sides:
  - {name: A}
  - {name: A}
sources:
  - {name: W, kind: atom, url: x.xml}
  - {name: T, kind: rss, url: y.xml, every: soon, side: Nobody}
claims:
  - {id: bad id!, text: Bakhmut fell}
settings: {concurrency: 0}
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f'{path}: sides[1] "A": name: duplicate side name',
        f"{path}: sources[0] \"W\": kind: expected rss or telegram, got 'atom'",
        f'{path}: sources[1] "T": every: expected a duration like 30s, 5m or 2h, got "soon"',
        f"{path}: sources[1] \"T\": side: 'Nobody' is not a side in sides (A)",
        f"{path}: claims[0] \"bad id!\": id: 'bad id!' is not a valid id (one word of at most 64 letters, digits,"
        " '-', '_' or '.', starting with a letter or digit)",
        f"{path}: settings: concurrency: expected a whole number of at least 1, got 0",
    ]
    assert len(caught.value.problems) == 6


def test_a_path_with_spaces_is_a_path_not_a_broken_url(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "sources:\n  - {name: W, kind: rss, url: 'my feeds/wire.xml'}\n"))
    assert config.sources[0].url == str(tmp_path / "my feeds" / "wire.xml")


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("", "no sources and no claims: there is nothing to watch"),
        ("claims:\n  - {id: a, text: Bakhmut fell}\n", "no sources: nothing will be polled"),
        ("sources:\n  - {name: W, kind: rss, url: x.xml}\n", "no claims and no source with a side"),
    ],
)
def test_a_config_with_nothing_to_watch_is_warned_about(tmp_path: Path, text: str, warning: str) -> None:
    path = write(tmp_path, text)
    (said,) = warnings(load_config(path))
    assert said.startswith(f"{path}: ") and warning in said


def test_a_useful_config_has_no_warnings(tmp_path: Path) -> None:
    assert warnings(load_config(write(tmp_path, GOOD))) == []


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.yaml")


def test_settings_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "settings: {timeout: 5s, max_bytes: 2MB, backfill_pages: 0}\n"))
    assert config.settings.timeout == 5.0
    assert config.settings.max_bytes == 2 * 1024 * 1024
    assert config.settings.backfill_pages == 0


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("2h", 7200), ("1d", 86400), (45, 45), ("1.5m", 90)]
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("seconds", [30, 90, 300, 7200, 86400, 5400, 1.5])
def test_a_formatted_duration_reads_back(seconds: float) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["5 minutes", "m", "", "10x", True])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_the_example_feeds_yaml_loads_and_uses_both_kinds() -> None:
    config = load_config(Path(__file__).parents[1] / "feeds.yaml")
    assert {s.kind for s in config.sources} == {SourceKind.RSS, SourceKind.TELEGRAM}
    assert len(config.sides) >= 3 and len(config.claims) >= 2
    assert all(s.side is None or config.side_names() >= {s.side} for s in config.sources)

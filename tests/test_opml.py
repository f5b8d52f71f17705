"""OPML in and out: a feed reader's export becomes sources; claimwatch's sources become a file a
feed reader (or claimwatch) reads back as the same sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import opml
from bot.config import parse_config
from bot.errors import ConfigError
from bot.model import Config, SourceKind

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions from a feed reader</title></head>
  <body>
    <outline text="Kyiv Independent" title="Kyiv Independent" type="rss"
             xmlUrl="https://kyivindependent.com/news-archive/rss/" htmlUrl="https://kyivindependent.com/"/>
    <outline text="Ukraine" title="Ukraine">
      <outline text="General Staff" type="link" url="https://t.me/s/GeneralStaffZSU"/>
      <outline text="Nested">
        <outline text="Ukrinform" type="rss" xmlUrl="https://www.ukrinform.net/rss/block-lastnews"/>
      </outline>
    </outline>
    <outline text="News">
      <outline text="Meduza" type="rss" xmlUrl="https://meduza.io/rss/en/all"/>
      <outline text="Duplicate of KI" type="rss" xmlUrl="HTTPS://KyivIndependent.com/news-archive/rss"/>
      <outline text="Bookmarklet" type="rss" xmlUrl="javascript:alert(1)"/>
      <outline text="Spaced" type="rss" xmlUrl="https://example.org/my feed.xml"/>
      <outline text="Wire" type="rss" xmlUrl="https://wire.example/other.xml"/>
    </outline>
  </body>
</opml>"""


def config(tmp_path: Path) -> Config:
    return parse_config(
        {
            "sides": [{"name": "Ukraine", "aliases": ["Zelensky"]}, {"name": "Russian MoD", "aliases": ["Shoigu"]}],
            "sources": [
                {"name": "Wire", "kind": "rss", "url": "https://wire.example/rss"},
                {"name": "MoD", "kind": "telegram", "channel": "mod_russia", "side": "Russian MoD"},
            ],
        },
        str(tmp_path / "feeds.yaml"),
        tmp_path,
    )


def test_a_feed_reader_s_export_becomes_sources(tmp_path: Path) -> None:
    plan = opml.plan_import(opml.parse(READER_EXPORT), config(tmp_path), side=None, every=600)
    added = {s.name: s for s in plan.added}
    assert list(added) == ["Kyiv Independent", "@GeneralStaffZSU", "Ukrinform", "Meduza", "Wire (2)"]
    general = added["@GeneralStaffZSU"]
    assert general.kind is SourceKind.TELEGRAM and general.channel == "GeneralStaffZSU"
    assert general.url == "https://t.me/s/GeneralStaffZSU" and general.side == "Ukraine"
    assert added["Ukrinform"].side == "Ukraine"  # the folder above the folder it sits in
    assert added["Meduza"].side is None and added["Kyiv Independent"].every == 600
    assert all(not s.trusted for s in plan.added)  # fetched as from chat: public addresses only
    assert len(plan.skipped) == 3
    assert "already polled as 'Kyiv Independent'" in plan.skipped[0]
    assert "'javascript:alert(1)' is not an http(s) URL" in plan.skipped[1]
    assert "has a space in it" in plan.skipped[2]


def test_a_side_given_for_the_import_wins(tmp_path: Path) -> None:
    plan = opml.plan_import(opml.parse(READER_EXPORT), config(tmp_path), side="Russian MoD", every=300)
    assert {s.side for s in plan.added} == {"Russian MoD"}


@pytest.mark.parametrize(
    ("raw", "said"),
    [(b"<html><body/></html>", "the document is <html>"), (b"<opml>", "not an OPML file"), (b"<opml/>", "no <body>")],
)
def test_what_is_not_opml_is_named(raw: bytes, said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        opml.parse(raw, "subs.opml")


def test_an_export_reads_back_as_the_same_sources(tmp_path: Path) -> None:
    sources = config(tmp_path).sources
    text = opml.dump(sources, title="mine & yours")
    assert '<outline text="Russian MoD" title="Russian MoD">' in text and "mine &amp; yours" in text
    again = opml.plan_import(opml.parse(text.encode()), Config(path="empty", sides=config(tmp_path).sides), side=None,
                             every=300)  # fmt: skip
    assert [(s.name, s.kind, s.url, s.side) for s in again.added] == [
        ("Wire", SourceKind.RSS, "https://wire.example/rss", None),
        ("@mod_russia", SourceKind.TELEGRAM, "https://t.me/s/mod_russia", "Russian MoD"),
    ]


def claimwatch(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), *args],
        capture_output=True, text=True, timeout=120, input=stdin,
    )  # fmt: skip


def test_import_and_export_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(
        "sides:\n  - {name: Ukraine, aliases: [Zelensky]}\n"
        "sources:\n  - {name: Wire, kind: rss, url: 'https://wire.example/rss'}\n"
        "claims:\n  - {id: bridge, text: The Zatoka bridge fell}\n",
        encoding="utf-8",
    )
    (tmp_path / "subs.opml").write_bytes(READER_EXPORT)
    done = claimwatch(tmp_path, "import-opml", str(tmp_path / "subs.opml"), "--every", "10m")
    assert done.returncode == 0, done.stderr
    assert "added @GeneralStaffZSU [telegram] https://t.me/s/GeneralStaffZSU (side Ukraine)" in done.stdout
    assert done.stdout.strip().endswith("imported 5 sources, skipped 3")
    assert "skipped 'Bookmarklet': 'javascript:alert(1)' is not an http(s) URL" in done.stderr
    again = claimwatch(tmp_path, "import-opml", "-", stdin=READER_EXPORT.decode())
    assert again.returncode == 0 and "imported 0 sources, skipped 8" in again.stdout  # nothing twice
    listed = claimwatch(tmp_path, "sources").stdout
    assert "Meduza (rss · added from chat) not polled yet" in listed and "every 10m" in listed
    exported = claimwatch(tmp_path, "export-opml")
    assert exported.returncode == 0 and exported.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert exported.stdout.count("<outline ") == 6 + 1  # the config's Wire, five imported, one side folder
    assert claimwatch(tmp_path, "export-opml", "-o", str(tmp_path / "out.opml")).returncode == 0
    assert (tmp_path / "out.opml").read_text(encoding="utf-8") == exported.stdout
    assert claimwatch(tmp_path, "export-opml", "-o", str(tmp_path / "out.opml")).returncode == 2  # never overwrites
    wrong = claimwatch(tmp_path, "import-opml", str(tmp_path / "feeds.yaml"))
    assert wrong.returncode == 2 and "not an OPML file" in wrong.stderr
    no_side = claimwatch(tmp_path, "import-opml", str(tmp_path / "subs.opml"), "--side", "Ukraina")
    assert no_side.returncode == 2 and "no side 'Ukraina'; did you mean Ukraine?" in no_side.stderr

"""`claimwatch demo`: the bundled story replays offline and raises exactly what it promises.

The story (bot/demo/story.yaml) lists the alerts it must raise under `expect`; the demo is run
as a user runs it, in a fresh process, and what it leaves behind (its feeds.yaml and database)
is queried with the other commands. Alerts are compared as a multiset with the same identity
as ../shared/eval/score's `key()`: kind, claim, side and before/after stance or figure for
stance flips and number changes; kind, source and url for edits and deletions.
"""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

DEMO = Path(__file__).parents[1] / "bot" / "demo"
STORY = yaml.safe_load((DEMO / "story.yaml").read_text(encoding="utf-8"))
KINDS = {"stance_flip", "number_change", "edited", "deleted"}


def _number(value: Any) -> Any:
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return value


def key(kind: str, d: dict[str, Any], before: Any = None, after: Any = None) -> tuple[Any, ...]:
    """The identity of an alert, from an `expect` entry or an emitted record (as eval/score)."""
    if kind == "stance_flip":
        return (kind, d.get("claim"), d.get("side"), before, after)
    if kind == "number_change":
        return (kind, d.get("claim"), d.get("side"), _number(before), _number(after))
    if kind in ("edited", "deleted"):
        return (kind, d.get("source"), d.get("url"))
    return (kind, d.get("claim"), d.get("side"), d.get("source"), d.get("url"))


def expected_key(e: dict[str, Any]) -> tuple[Any, ...]:
    if e["kind"] == "stance_flip":
        return key(e["kind"], e, e.get("from"), e.get("to"))
    return key(e["kind"], e, e.get("before"), e.get("after"))


def emitted_key(a: dict[str, Any]) -> tuple[Any, ...]:
    before, after = a.get("before") or {}, a.get("after") or {}
    field = "stance" if a.get("kind") == "stance_flip" else "value"
    return key(a["kind"], a, before.get(field), after.get(field))


def claimwatch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No TELEGRAM_BOT_TOKEN and no network are needed: the demo reads files only.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMWATCH_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, claimwatch("demo", "--dir", str(folder), cwd=folder.parent)


def test_the_story_is_well_formed() -> None:
    head = (DEMO / "story.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("#") and "FICTION" in (DEMO / "story.yaml").read_text(encoding="utf-8")[:400]
    assert STORY["about"].strip()
    assert 3 <= len(STORY["steps"]) <= 4
    for source in STORY["config"]["sources"]:
        assert "/" not in source["url"], f"{source['name']}: url must be a plain file name in live/"
    live_names = {s["url"] for s in STORY["config"]["sources"]}
    for number, step in enumerate(STORY["steps"], 1):
        for name, src in step["files"].items():
            assert name in live_names, f"step {number}: {name} is not a source's url"
            assert (DEMO / src).is_file(), f"step {number}: {src} is missing"
    kinds = collections.Counter(e["kind"] for e in STORY["expect"])
    assert set(kinds) == KINDS, "the demo shows every alert kind"
    side_names = {s["name"] for s in STORY["config"]["sides"]}
    claim_ids = {c["id"] for c in STORY["config"]["claims"]}
    source_names = {s["name"] for s in STORY["config"]["sources"]}
    for e in STORY["expect"]:
        if e["kind"] in ("stance_flip", "number_change"):
            assert e["side"] in side_names and e["claim"] in claim_ids, e
        else:
            assert e["source"] in source_names, e


def test_the_demo_runs_and_prints_its_alerts(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, done = demo_run
    assert done.returncode == 0, done.stderr
    assert STORY["about"].split()[0] in done.stdout
    assert len(re.findall(r"^#\d+ ", done.stdout, flags=re.MULTILINE)) == len(STORY["expect"])
    assert f"{len(STORY['expect'])} alerts raised" in done.stdout
    for header in ("Stance flip", "Number change", "Edited", "Deleted"):
        assert header in done.stdout
    assert (folder / "claimwatch.db").is_file()
    assert (folder / "feeds.yaml").is_file()


def test_the_alerts_it_leaves_are_exactly_the_story_s_expect(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, done = demo_run
    assert done.returncode == 0, done.stderr
    listed = claimwatch(
        "--config", str(folder / "feeds.yaml"), "--db", str(folder / "claimwatch.db"), "alerts", "--json", cwd=folder
    )
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    assert all(r["kind"] in KINDS and r["before"] and r["after"] for r in records if r["kind"] != "deleted")
    expected = collections.Counter(expected_key(e) for e in STORY["expect"])
    emitted = collections.Counter(emitted_key(r) for r in records)
    assert emitted == expected, (
        f"missed: {list((expected - emitted).elements())}, false alarms: {list((emitted - expected).elements())}"
    )


def test_a_second_demo_in_the_same_folder_starts_afresh(tmp_path: Path) -> None:
    for _ in range(2):
        done = claimwatch("demo", "--dir", str(tmp_path / "demo"), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"{len(STORY['expect'])} alerts raised" in done.stdout
    polled = claimwatch(
        "--config", str(tmp_path / "demo" / "feeds.yaml"), "--db", str(tmp_path / "demo" / "claimwatch.db"),
        "poll", "--once", cwd=tmp_path,
    )  # fmt: skip
    assert polled.returncode == 0, polled.stderr
    assert "0 new alerts" in polled.stdout, "polling the last step again raises nothing new"


def test_the_commands_the_demo_prints_work_in_a_fresh_shell(tmp_path: Path) -> None:
    """A fresh shell has no virtualenv activated and only the system's PATH."""
    console_script = Path(sys.executable).parent / "claimwatch"
    assert console_script.is_file(), "the package's console script is installed"
    fresh = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    done = subprocess.run([str(console_script), "demo"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env=fresh)  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = [line.strip() for line in done.stdout.split("Explore what the demo stored:")[1].splitlines()]
    commands = [line for line in printed if line]
    assert len(commands) >= 3 and all("claimwatch-demo/feeds.yaml" in c for c in commands)
    for line in commands:
        run = subprocess.run(["bash", "--noprofile", "--norc", "-c", line], capture_output=True, text=True,
                             timeout=120, cwd=tmp_path, env=fresh)  # fmt: skip
        assert run.returncode == 0, f"{line}: {run.stderr}"
        assert run.stdout.strip(), line

"""Replayable stories through the command line, compared with the alerts they must raise.

Every scenario folder (DESIGN.md's format) is replayed as ../shared/eval/score does: its config
is written with source urls pointing into live/, each step's files are put there and
`poll --once` runs; then `alerts --json` must equal the scenario's `expect` as a multiset.
Folders: ../shared/scenarios (when beside this checkout), tests/scenarios (ours, in English,
Russian and Ukrainian, built around the traps), and the bundled demo story.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent
SHARED = HERE.parents[1] / "shared" / "scenarios"
FOLDERS = sorted(p.parent for p in (HERE / "scenarios").glob("*/scenario.yaml"))
SHARED_FOLDERS = sorted(p.parent for p in SHARED.glob("*/scenario.yaml")) if SHARED.exists() else []
DEMO = HERE.parent / "bot" / "demo"


def _number(value: Any) -> Any:
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return value


def expected_key(e: dict[str, Any]) -> tuple[Any, ...]:
    if e["kind"] == "stance_flip":
        return (e["kind"], e.get("claim"), e.get("side"), e.get("from"), e.get("to"))
    if e["kind"] == "number_change":
        return (e["kind"], e.get("claim"), e.get("side"), _number(e.get("before")), _number(e.get("after")))
    return (e["kind"], e.get("source"), e.get("url"))


def emitted_key(a: dict[str, Any]) -> tuple[Any, ...]:
    before, after = a.get("before") or {}, a.get("after") or {}
    if a["kind"] == "stance_flip":
        return (a["kind"], a.get("claim"), a.get("side"), before.get("stance"), after.get("stance"))
    if a["kind"] == "number_change":
        return (a["kind"], a.get("claim"), a.get("side"), _number(before.get("value")), _number(after.get("value")))
    return (a["kind"], a.get("source"), a.get("url"))


def replay(spec: dict[str, Any], files: Path, work: Path) -> list[dict[str, Any]]:
    live = work / "live"
    live.mkdir()
    config = json.loads(json.dumps(spec["config"]))
    for source in config.get("sources", []):
        source["url"] = str(live / source["url"])
    (work / "feeds.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    base = [sys.executable, "-m", "bot", "--config", str(work / "feeds.yaml"), "--db", str(work / "cw.db")]
    for number, step in enumerate(spec.get("steps", []), 1):
        for name, src in (step.get("files") or {}).items():
            shutil.copyfile(files / src, live / name)
        for name in step.get("remove") or []:
            (live / name).unlink(missing_ok=True)
        done = subprocess.run([*base, "poll", "--once"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"step {number}: {done.stderr[-500:]}"
    done = subprocess.run([*base, "alerts", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    alerts = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    # Polling the same data again, in a new process, raises nothing new.
    assert subprocess.run([*base, "poll", "--once"], capture_output=True, timeout=120).returncode == 0
    again = subprocess.run([*base, "alerts", "--json"], capture_output=True, text=True, timeout=120)
    assert len(again.stdout.splitlines()) == len(alerts)
    return alerts


def check(spec: dict[str, Any], files: Path, work: Path) -> None:
    alerts = replay(spec, files, work)
    expected = collections.Counter(expected_key(e) for e in spec.get("expect") or [])
    emitted = collections.Counter(emitted_key(a) for a in alerts)
    assert emitted == expected, (
        f"missed: {list((expected - emitted).elements())}, false: {list((emitted - expected).elements())}"
    )


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_our_scenarios(folder: Path, tmp_path: Path) -> None:
    check(yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8")), folder, tmp_path)


@pytest.mark.parametrize("folder", SHARED_FOLDERS, ids=lambda p: p.name)
def test_shared_scenarios(folder: Path, tmp_path: Path) -> None:
    check(yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8")), folder, tmp_path)


def test_the_demo_story_raises_what_it_promises(tmp_path: Path) -> None:
    check(yaml.safe_load((DEMO / "story.yaml").read_text(encoding="utf-8")), DEMO, tmp_path)


def test_claimwatch_demo_runs_offline_and_leaves_a_database(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "demo", "--dir", str(tmp_path / "demo")],
                          capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "4 alerts raised" in done.stdout and "Stance flip" in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(tmp_path / "demo" / "feeds.yaml"),
         "--db", str(tmp_path / "demo" / "claimwatch.db"), "claims"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "Defence Ministry: supports" in listed.stdout

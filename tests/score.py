#!/usr/bin/env python3
"""Replay scenario folders through the claimwatch command line and score its alerts.

Each scenario (a folder with scenario.yaml, see DESIGN.md) is replayed in a fresh
temporary folder: its config is written as feeds.yaml with every source url pointing
into live/, then for each step the step's files are copied into live/ and
`poll --once` runs. At the end `alerts --json` is read and compared, as a multiset,
with the scenario's `expect` list. Unlisted and repeated alerts are false alarms.

usage: tests/score.py [--scenarios DIR [DIR ...]] [--cmd "claimwatch"] [--only NAME] [--verbose] [--json FILE]
By default it replays tests/scenarios (stories claimwatch must pass; tests/test_scenarios.py
asserts them) with the claimwatch of the Python running this script (`python -m bot`), so
`.venv/bin/python tests/score.py --verbose` works from a fresh shell. The scenario format is in
docs/scenarios.md. The last line printed is the overall figure.

Other sets of scenarios in the same format are scored the same way: pass their folders to --scenarios.
"""

from __future__ import annotations

import argparse
import collections
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import yaml
except ImportError:  # the project installs PyYAML; say so plainly if it is missing
    sys.exit("score: PyYAML is needed (pip install pyyaml)")

KINDS = ("stance_flip", "number_change", "edited", "deleted")


def number(value):
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return value


def key(kind, d, before=None, after=None):
    """The identity of an alert, from an `expect` entry or an emitted record."""
    if kind == "stance_flip":
        return (kind, d.get("claim"), d.get("side"), before, after)
    if kind == "number_change":
        return (kind, d.get("claim"), d.get("side"), number(before), number(after))
    if kind in ("edited", "deleted"):
        return (kind, d.get("source"), d.get("url"))
    return (kind, d.get("claim"), d.get("side"), d.get("source"), d.get("url"))


def expected_key(e):
    if e["kind"] == "stance_flip":
        return key(e["kind"], e, e.get("from"), e.get("to"))
    return key(e["kind"], e, e.get("before"), e.get("after"))


def emitted_key(a):
    before, after = a.get("before") or {}, a.get("after") or {}
    field = "stance" if a.get("kind") == "stance_flip" else "value"
    return key(a.get("kind"), a, before.get(field), after.get(field))


def replay(folder: Path, cmd: list[str], timeout: int) -> tuple[list[dict], str | None]:
    spec = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="scenario-") as tmp:
        work = Path(tmp)
        live = work / "live"
        live.mkdir()
        config = json.loads(json.dumps(spec["config"]))  # a deep copy
        for source in config.get("sources", []):
            source["url"] = str(live / source["url"])
        (work / "feeds.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        base = [*cmd, "--config", str(work / "feeds.yaml"), "--db", str(work / "claimwatch.db")]
        for n, step in enumerate(spec.get("steps", []), 1):
            for name, src in (step.get("files") or {}).items():
                shutil.copyfile(folder / src, live / name)
            for name in step.get("remove") or []:
                (live / name).unlink(missing_ok=True)
            try:
                done = subprocess.run(
                    [*base, "poll", "--once"], capture_output=True, text=True, timeout=timeout, cwd=work
                )
            except subprocess.TimeoutExpired:
                return [], f"step {n}: poll --once gave no answer in {timeout} s"
            if done.returncode != 0:
                return (
                    [],
                    f"step {n}: poll --once exited {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}",
                )
        try:
            done = subprocess.run(
                [*base, "alerts", "--json"], capture_output=True, text=True, timeout=timeout, cwd=work
            )
        except subprocess.TimeoutExpired:
            return [], f"alerts --json gave no answer in {timeout} s"
        if done.returncode != 0:
            return [], f"alerts --json exited {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}"
        alerts = []
        for line in done.stdout.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                alerts.append(json.loads(line))
            except json.JSONDecodeError:
                return [], f"alerts --json printed a line that is not JSON: {line[:120]}"
        return alerts, None


def main() -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenarios",
        type=Path,
        nargs="+",
        default=[here / "scenarios"],
        help="folders of scenario folders (default: tests/scenarios)",
    )
    parser.add_argument(
        "--cmd",
        default=f"{shlex.quote(sys.executable)} -m bot",
        help="how to call the command line (default: this Python's claimwatch)",
    )
    parser.add_argument("--only", help="replay only scenarios whose name contains this")
    parser.add_argument("--timeout", type=int, default=120, help="seconds for one command")
    parser.add_argument("--verbose", action="store_true", help="show missed and unexpected alerts")
    parser.add_argument("--json", type=Path, help="write per-scenario details to this file")
    args = parser.parse_args()
    cmd = shlex.split(args.cmd)

    folders = sorted((p.parent for d in args.scenarios for p in d.glob("*/scenario.yaml")), key=lambda f: f.name)
    if args.only:
        folders = [f for f in folders if args.only in f.name]
    if not folders:
        print(f"score: no scenarios under {' '.join(map(str, args.scenarios))}")
        return 2

    tally = {k: collections.Counter() for k in (*KINDS, "other")}
    details = []
    for folder in folders:
        spec = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
        expected = collections.Counter(expected_key(e) for e in spec.get("expect") or [])
        alerts, error = replay(folder, cmd, args.timeout)
        emitted = collections.Counter(emitted_key(a) for a in alerts)
        hit = expected & emitted
        missed, extra = expected - hit, emitted - hit
        for counter, field in ((hit, "tp"), (missed, "fn"), (extra, "fp")):
            for k, n in counter.items():
                tally[k[0] if k[0] in KINDS else "other"][field] += n
        status = error or "ok"
        print(
            f"{folder.name}: {sum(hit.values())} found, {sum(missed.values())} missed, {sum(extra.values())} false  [{status}]"
        )
        if args.verbose:
            for k in missed.elements():
                print(f"    missed  {k}")
            for k in extra.elements():
                print(f"    false   {k}")
        details.append(
            {
                "scenario": folder.name,
                "error": error,
                "missed": [list(k) for k in missed.elements()],
                "false": [list(k) for k in extra.elements()],
                "found": [list(k) for k in hit.elements()],
            }
        )

    def prf(c):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else (1.0 if not c["fn"] else 0.0)
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    print()
    print(f"{'kind':<15}{'found':>7}{'missed':>8}{'false':>7}{'precision':>11}{'recall':>8}{'F1':>6}")
    total = collections.Counter()
    for kind, c in tally.items():
        if not sum(c.values()):
            continue
        total.update(c)
        p, r, f = prf(c)
        print(f"{kind:<15}{c['tp']:>7}{c['fn']:>8}{c['fp']:>7}{p:>11.2f}{r:>8.2f}{f:>6.2f}")
    if args.json:
        args.json.write_text(json.dumps(details, indent=1, ensure_ascii=False), encoding="utf-8")
    p, r, f = prf(total)
    print(
        f"score: F1 {f:.2f} (precision {p:.2f}, recall {r:.2f}) over {len(folders)} scenarios, "
        f"{total['tp'] + total['fn']} alerts expected"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

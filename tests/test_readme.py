"""The README and docs/ stand on their own: what they tell a reader to type works from a fresh
shell (no virtualenv activated, the system's PATH), in a checkout with its `.venv`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
VENV = Path(sys.executable).parents[1]


def fresh_shell(line: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-c", line], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)  # fmt: skip


def sh_lines() -> list[str]:
    return [line for block in re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL) for line in block.splitlines()]


def test_the_readme_points_only_at_what_the_repository_has() -> None:
    assert "DESIGN.md" not in README and "../shared" not in README
    for target in re.findall(r"\]\(([^)#:]+)\)", README):
        assert (ROOT / target).exists(), target
    for path in ("docs/alerts.md", "docs/scenarios.md", "tests/score.py"):
        assert path in README and (ROOT / path).is_file()
    alerts = (ROOT / "docs" / "alerts.md").read_text(encoding="utf-8")
    for kind in ("stance_flip", "number_change", "edited", "deleted"):
        assert f"**{kind}**" in alerts


def test_the_demo_and_the_commands_after_it_work_from_a_fresh_shell(tmp_path: Path) -> None:
    (tmp_path / ".venv").symlink_to(VENV)  # a checkout's .venv, as the README's first command makes it
    demo = fresh_shell(".venv/bin/claimwatch demo", tmp_path, tmp_path)
    assert demo.returncode == 0, demo.stderr
    explore = [line for line in sh_lines() if line.startswith(".venv/bin/claimwatch --config claimwatch-demo/")]
    assert len(explore) >= 3
    for line in explore:
        done = fresh_shell(line, tmp_path, tmp_path)
        assert done.returncode == 0 and done.stdout.strip(), f"{line}: {done.stderr}"


def test_the_scoring_script_runs_from_a_fresh_shell(tmp_path: Path) -> None:
    line = f"{VENV}/bin/python tests/score.py --only odesa --verbose"
    done = fresh_shell(line, ROOT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "uk-odesa-rising-toll: 1 found, 0 missed, 0 false  [ok]" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("score: F1 1.00")

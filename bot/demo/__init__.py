"""`claimwatch demo`: replay the bundled story offline, step by step, through the real pipeline.

The story lives beside this file: `story.yaml` (the same format as a scenario: a config whose
source urls name files in live/, and steps that put files there) and the step folders. Replay
copies it into a folder of the user's choosing, so the database it leaves can be queried with
the other commands afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bot import render
from bot.clock import utcnow
from bot.config import load_config
from bot.model import Alert
from bot.poll import poll_all
from storage.db import open_db


def _story_dir() -> Path:
    return Path(str(resources.files("bot.demo")))


def replay(folder: Path, echo: Callable[[str], Any] = print) -> tuple[list[Alert], Path, Path]:
    """Replay the story into `folder` (created; an earlier demo there is replaced)."""
    story_dir = _story_dir()
    spec = yaml.safe_load((story_dir / "story.yaml").read_text(encoding="utf-8"))
    folder = folder.resolve()
    live = folder / "live"
    db_path = folder / "claimwatch.db"
    config_path = folder / "feeds.yaml"
    if folder.exists():
        for old in (live, db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), config_path):
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
    live.mkdir(parents=True)
    config_data = spec["config"]
    for source in config_data.get("sources", []):
        source["url"] = f"live/{source['url']}"
    header = "# Written by `claimwatch demo`: the bundled story's config, sources pointing into live/.\n"
    config_path.write_text(header + yaml.safe_dump(config_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = load_config(config_path)
    db = open_db(db_path)
    echo(f"claimwatch demo: {spec['about'].strip()}\n")
    raised: list[Alert] = []
    try:
        for number, step in enumerate(spec["steps"], 1):
            for name, src in (step.get("files") or {}).items():
                shutil.copyfile(story_dir / src, live / name)
            for name in step.get("remove") or []:
                (live / name).unlink(missing_ok=True)
            echo(f"── step {number}: {step.get('note', 'poll')}")
            for report in poll_all(db, config, clock=utcnow):
                for alert in report.alerts:
                    echo(render.console_text(alert) + "\n")
                    raised.append(alert)
    finally:
        db.close()
    return raised, config_path, db_path

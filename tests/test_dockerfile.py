"""The Dockerfile's contract, and the steps it runs, tried here (there is no Docker engine).

The image must be slim, install dependencies in a layer of their own, run as a non-root user
with the database on a /data volume, health-check with `claimwatch health` and start with
`claimwatch run`. The last test repeats the image's own install step on the files the image
gets (the build context after .dockerignore): it builds the package alone, installs it without
dependencies into a fresh virtualenv (the test environment's packages stand in for the
dependency layer), then runs the installed command as an unprivileged user where it can:
`health` answers on a fresh database, and `demo` works from the installed package data.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = [
    line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines() if line.strip()
]
NOBODY = 65534


def _instructions() -> list[str]:
    """Instructions one a line: comments dropped, backslash continuations joined."""
    joined: list[str] = []
    current = ""
    for line in DOCKERFILE.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        current += " " + line.strip().removesuffix("\\").strip() if current else line.strip().removesuffix("\\")
        if not line.rstrip().endswith("\\"):
            joined.append(current.strip())
            current = ""
    return joined


INSTRUCTIONS = _instructions()


def instruction(name: str) -> list[str]:
    return [line for line in INSTRUCTIONS if line.split()[0] == name]


def test_the_image_contract() -> None:
    assert instruction("FROM") == ["FROM python:3.11-slim"]
    assert instruction("USER") == ["USER claimwatch"]
    assert instruction("VOLUME") == ['VOLUME ["/data"]']
    assert instruction("CMD") == ['CMD ["claimwatch", "run"]']
    assert instruction("STOPSIGNAL") == ["STOPSIGNAL SIGTERM"]
    [healthcheck] = instruction("HEALTHCHECK")
    assert healthcheck.endswith('CMD ["claimwatch", "health"]')
    env = " ".join(instruction("ENV"))
    for setting in ("CLAIMWATCH_DB=/data/claimwatch.db", "CLAIMWATCH_CONFIG=/config/feeds.yaml", "PYTHONUNBUFFERED=1"):
        assert setting in env
    assert "COPY feeds.yaml /config/feeds.yaml" in INSTRUCTIONS
    assert any("useradd" in run and "claimwatch" in run for run in instruction("RUN"))
    assert not any(tool in DOCKERFILE for tool in ("curl", "wget", "git clone", "ADD http"))


def test_dependencies_are_a_layer_before_the_code() -> None:
    steps = [line for line in INSTRUCTIONS if line.split()[0] in ("COPY", "RUN")]

    def first(prefix: str) -> int:
        return next(i for i, line in enumerate(steps) if line.startswith(prefix))

    deps = next(i for i, line in enumerate(steps) if "pip install ." in line)
    code = next(i for i, line in enumerate(steps) if "pip install --no-deps ." in line)
    assert first("COPY pyproject.toml") < deps < first("COPY bot") < first("COPY storage") < code


def _ignored(path: str) -> bool:
    return any(fnmatch.fnmatch(path, pattern.removeprefix("**/")) or path == pattern for pattern in DOCKERIGNORE)


def test_the_build_context_keeps_what_the_image_copies_and_drops_the_rest() -> None:
    for needed in ("pyproject.toml", "README.md", "bot", "storage", "feeds.yaml"):
        assert not _ignored(needed), needed
    for junk in (".git", ".venv", "claimwatch.db", "claimwatch.db-wal", "__pycache__"):
        assert _ignored(junk), junk


def _context(dest: Path) -> None:
    """What the image's COPY instructions bring in: the build context after .dockerignore."""
    for name in ("pyproject.toml", "README.md", "feeds.yaml"):
        shutil.copy(ROOT / name, dest / name)
    for package in ("bot", "storage"):
        shutil.copytree(
            ROOT / package,
            dest / package,
            ignore=lambda _dir, names: [n for n in names if _ignored(n) or n.endswith((".pyc", ".db"))],
        )


def _build_wheel(context: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(context)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if built.returncode != 0 and "No matching distribution found for setuptools" in built.stderr:
        # No package index to fetch the build backend from (the image build has one): use ours.
        built = subprocess.run([*command, "--no-build-isolation"], capture_output=True, text=True, timeout=120)
        if built.returncode != 0:
            pytest.skip("offline, and this environment cannot build a wheel itself (setuptools>=68 and wheel)")
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = out.glob("claimwatch-*.whl")
    return wheel


def _as_unprivileged() -> list[str]:
    """A command prefix that drops root the way `USER claimwatch` does; none if not root."""
    if os.geteuid() != 0:
        return []  # already unprivileged
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return []  # root without a way to drop it: the commands still run, as root


def test_the_install_step_and_the_installed_command() -> None:
    # pytest's own temporary folders are private to root; the unprivileged user needs to get in.
    tmp_path = Path(tempfile.mkdtemp(prefix="claimwatch-image-"))
    try:
        _install_and_run(tmp_path)
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)


def _install_and_run(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    context = tmp_path / "context"
    context.mkdir()
    _context(context)
    wheel = _build_wheel(context, tmp_path / "dist")

    # The package data the demo needs is in the wheel: story.yaml and every step file it names.
    story = yaml.safe_load((ROOT / "bot" / "demo" / "story.yaml").read_text(encoding="utf-8"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"bot/demo/story.yaml"} | {
        f"bot/demo/{src}" for step in story["steps"] for src in (step.get("files") or {}).values()
    }
    assert wanted <= shipped, f"not in the wheel: {sorted(wanted - shipped)} (pyproject package-data)"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    site = subprocess.run(
        [str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # The dependency layer: the test environment's packages stand in for it, after the venv's own.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    shutil.rmtree(context)  # nothing may come from the source tree from here on
    where = subprocess.run([str(venv / "bin/python"), "-c", "import bot.demo; print(bot.demo.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout  # fmt: skip
    assert where.startswith(site), f"bot must come from the installed wheel, not {where}"

    data = tmp_path / "data"
    data.mkdir()
    prefix = _as_unprivileged()
    if prefix:
        os.chown(data, NOBODY, NOBODY)
    env = {"PATH": f"{venv}/bin:/usr/bin:/bin", "CLAIMWATCH_DB": str(data / "claimwatch.db"),
           "CLAIMWATCH_CONFIG": str(ROOT / "feeds.yaml"), "HOME": str(data)}  # fmt: skip
    health = subprocess.run([*prefix, "claimwatch", "health"], capture_output=True, text=True, env=env, cwd=data)
    assert health.returncode == 1, health.stderr  # a fresh database: nothing polled yet
    assert "stalled: no source has been polled yet" in health.stdout
    demo = subprocess.run([*prefix, "claimwatch", "demo", "--dir", str(data / "demo")],
                          capture_output=True, text=True, env=env, cwd=data, timeout=120)  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert f"{len(story['expect'])} alerts raised" in demo.stdout
    if prefix:
        assert (data / "demo" / "claimwatch.db").stat().st_uid == NOBODY

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


def _junk(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if _ignored(n) or n.endswith(".pyc")]


def _replay_build(app: Path, venv: Path) -> None:
    """The Dockerfile's COPY and RUN steps inside WORKDIR, run here with the venv's pip.

    The dependency layer installs no dependencies here (PIP_NO_DEPS; the test environment's
    packages stand in for them) but otherwise runs as written, stub packages and all. Steps
    outside WORKDIR (the user, /data, /config) are the image's business and are left out.
    """
    env = {**os.environ, "PATH": f"{venv}/bin:{os.environ['PATH']}", "PIP_NO_DEPS": "1", "PIP_QUIET": "1"}
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    for line in INSTRUCTIONS:
        word, _, rest = line.partition(" ")
        if word == "COPY":
            *sources, dest = rest.split()
            if dest.startswith("/"):
                continue
            for src in sources:
                if (ROOT / src).is_dir():
                    shutil.copytree(ROOT / src, app / dest, ignore=_junk, dirs_exist_ok=True)
                else:
                    shutil.copy2(ROOT / src, app / dest / src if dest.endswith("/") else app / dest)
        elif word == "RUN":
            for step in (part.strip() for part in rest.split("&&")):
                if step.split()[0] in ("pip", "touch", "rm", "mkdir") and " /" not in step:
                    done = subprocess.run(step, shell=True, cwd=app, env=env, capture_output=True, text=True,
                                          timeout=120)  # fmt: skip
                    if done.returncode and "No matching distribution found for setuptools" in done.stderr:
                        pytest.skip("no package index here to fetch the build backend from (the image has one)")
                    assert done.returncode == 0, f"{step}: {done.stderr[-2000:]}"


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
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    app = tmp_path / "app"
    app.mkdir()
    _replay_build(app, venv)
    shutil.rmtree(app)  # nothing may come from the build folder from here on

    site = subprocess.run(
        [str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # What is installed is the code as it is, every module (a stale build would leave stubs),
    # and the package data the demo needs: story.yaml and every step file it names.
    story = yaml.safe_load((ROOT / "bot" / "demo" / "story.yaml").read_text(encoding="utf-8"))
    wanted = [ROOT / "bot" / "demo" / "story.yaml"] + [
        ROOT / "bot" / "demo" / src for step in story["steps"] for src in (step.get("files") or {}).values()
    ]
    wanted += [p for package in ("bot", "storage") for p in (ROOT / package).rglob("*.py")]
    for source in wanted:
        installed = Path(site) / source.relative_to(ROOT)
        assert installed.is_file(), f"{installed.relative_to(site)} is not installed (pyproject package-data?)"
        assert installed.read_bytes() == source.read_bytes(), f"{installed.relative_to(site)} differs from the code"

    # The dependency layer: the test environment's packages stand in for it, after the venv's own.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = subprocess.run([str(venv / "bin/python"), "-c", "import bot.demo; print(bot.demo.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout  # fmt: skip
    assert where.startswith(site), f"bot must come from the installed package, not {where}"

    data = tmp_path / "data"
    data.mkdir()
    prefix = _as_unprivileged()
    if prefix:
        os.chown(data, NOBODY, NOBODY)
    env = {"PATH": f"{venv}/bin:/usr/bin:/bin", "CLAIMWATCH_DB": str(data / "claimwatch.db"),
           "CLAIMWATCH_CONFIG": str(ROOT / "feeds.yaml"), "HOME": str(data)}  # fmt: skip
    health = subprocess.run([*prefix, "claimwatch", "health"], capture_output=True, text=True, env=env, cwd=data)
    assert health.returncode == 1, health.stderr  # before `run` has made the database
    assert "unhealthy: " in health.stdout and "no database here" in health.stdout
    demo = subprocess.run([*prefix, "claimwatch", "demo", "--dir", str(data / "demo")],
                          capture_output=True, text=True, env=env, cwd=data, timeout=120)  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert f"{len(story['expect'])} alerts raised" in demo.stdout
    if prefix:
        assert (data / "demo" / "claimwatch.db").stat().st_uid == NOBODY

"""The Dockerfile's contract, and the steps it runs, tried here (there is no Docker engine).

The image must be slim, install dependencies in a layer of their own, run as a non-root user
with the database on a /data volume, health-check with `claimwatch health` and start with
`claimwatch run`. The second test repeats the image's own install step (the package alone,
dependencies already present) in a fresh virtualenv, then runs the installed command as an
unprivileged user: `health` answers, and `demo` works from the installed package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
INSTRUCTIONS = [line.strip() for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")]


def instruction(name: str) -> list[str]:
    return [line for line in INSTRUCTIONS if line.split()[0] == name]


def test_the_image_contract() -> None:
    assert instruction("FROM") == ["FROM python:3.11-slim"]
    assert instruction("USER") == ["USER claimwatch"]
    assert instruction("VOLUME") == ['VOLUME ["/data"]']
    assert instruction("CMD") == ['CMD ["claimwatch", "run"]']
    assert 'CMD ["claimwatch", "health"]' in instruction("HEALTHCHECK")[0]
    assert "CLAIMWATCH_DB=/data/claimwatch.db" in DOCKERFILE
    # Dependencies are installed before the code is copied, so code changes reuse that layer.
    order = [line.split()[0] + " " + line.split()[1] for line in INSTRUCTIONS if line.split()[0] in ("COPY", "RUN")]
    assert order.index("COPY pyproject.toml") < order.index("COPY bot")
    assert not any(tool in DOCKERFILE for tool in ("curl ", "wget ", "git clone"))


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root and setpriv")
def test_the_install_step_and_the_installed_command_as_an_unprivileged_user() -> None:
    # pytest's own temporary folders are private to root; the unprivileged user needs to get in.
    tmp_path = Path(tempfile.mkdtemp(prefix="claimwatch-image-"))
    try:
        _install_and_run(tmp_path)
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)


def _install_and_run(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The dependency layer: here, the test environment's packages stand in for it.
    site = subprocess.run(
        [str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.db*", "__pycache__", "tests"))
    subprocess.run([str(venv / "bin/pip"), "install", "-q", "--no-deps", str(source)],
                   check=True, cwd=tmp_path)  # fmt: skip
    shutil.rmtree(source)
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    env = {"PATH": f"{venv}/bin:/usr/bin:/bin", "CLAIMWATCH_DB": str(data / "claimwatch.db"),
           "CLAIMWATCH_CONFIG": str(ROOT / "feeds.yaml"), "HOME": str(data)}  # fmt: skip
    health = subprocess.run([*as_nobody, "claimwatch", "health"], capture_output=True, text=True, env=env, cwd=data)
    assert health.returncode == 1, health.stderr  # a fresh database: nothing polled yet
    assert "stalled: no source has been polled yet" in health.stdout
    demo = subprocess.run([*as_nobody, "claimwatch", "demo", "--dir", str(data / "demo")],
                          capture_output=True, text=True, env=env, cwd=data)  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert "4 alerts raised" in demo.stdout
    assert (data / "demo" / "claimwatch.db").stat().st_uid == 65534

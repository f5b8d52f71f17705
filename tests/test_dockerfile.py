"""The Dockerfile's contract, and the steps it runs, tried here (there is no Docker engine).

The image must be slim (two stages: a build stage makes a virtualenv, the final stage gets only
that virtualenv: no pip, no build backend, no tests), run as a non-root user whose home and
working folder is the /data volume, health-check with `claimwatch health`, and have `claimwatch`
as its entry point, so `docker run --rm IMAGE demo` runs the demo and `run` is the default.

The last tests repeat the build stage's steps on the files the image gets (the build context
after .dockerignore) with /opt/claimwatch moved to a temporary folder: they build the package
alone, install it without dependencies into a fresh virtualenv (the test environment's packages
stand in for the dependency layer), strip what the image strips, then run the installed command
as an unprivileged user in a folder of its own with the final stage's environment, the way
`docker run --rm IMAGE demo` and the HEALTHCHECK do.
"""

from __future__ import annotations

import fnmatch
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.users import NOBODY, as_unprivileged

ROOT = Path(__file__).parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = [
    line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines() if line.strip()
]
VENV = "/opt/claimwatch"


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
STAGES: list[list[str]] = []
for _line in INSTRUCTIONS:
    if _line.startswith("FROM "):
        STAGES.append([])
    STAGES[-1].append(_line)
BUILD, FINAL = STAGES


def instruction(name: str, stage: list[str] = FINAL) -> list[str]:
    return [line for line in stage if line.split()[0] == name]


def environment(stage: list[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in instruction("ENV", stage):
        for pair in shlex.split(line.removeprefix("ENV ")):
            key, _, value = pair.partition("=")
            env[key] = value
    return env


def test_two_stages_on_the_slim_base() -> None:
    assert [stage[0] for stage in STAGES] == ["FROM python:3.11-slim AS build", "FROM python:3.11-slim"]
    assert instruction("COPY") == [f"COPY --from=build {VENV} {VENV}", "COPY feeds.yaml /config/feeds.yaml"]


def test_the_image_contract() -> None:
    assert instruction("USER") == ["USER claimwatch"]
    assert instruction("WORKDIR") == ["WORKDIR /data"]  # writable: `docker run --rm IMAGE demo` writes here
    assert instruction("VOLUME") == ['VOLUME ["/data"]']
    assert instruction("ENTRYPOINT") == ['ENTRYPOINT ["claimwatch"]']
    assert instruction("CMD") == ['CMD ["run"]']
    assert instruction("STOPSIGNAL") == ["STOPSIGNAL SIGTERM"]
    [healthcheck] = instruction("HEALTHCHECK")
    assert healthcheck.endswith('CMD ["claimwatch", "health"]')
    env = environment(FINAL)
    assert env["CLAIMWATCH_DB"] == "/data/claimwatch.db" and env["CLAIMWATCH_CONFIG"] == "/config/feeds.yaml"
    assert env["PATH"].startswith(f"{VENV}/bin:") and env["PYTHONUNBUFFERED"] == "1"
    assert env["CLAIMWATCH_PROG"].startswith("docker run --rm -v claimwatch-demo:/data ")
    [user] = instruction("RUN")
    assert "useradd --uid 10001" in user and "--system" not in user  # a regular uid: no useradd warning
    assert "chown -R claimwatch:claimwatch /data" in user
    assert not any(tool in DOCKERFILE for tool in ("curl", "wget", "git clone", "ADD http", "apt-get"))


def test_what_only_building_needs_stays_in_the_build_stage() -> None:
    final = " ".join(FINAL)
    assert "pip install" not in final and "COPY bot" not in final and "COPY tests" not in final
    last = instruction("RUN", BUILD)[-1]
    assert "pip uninstall -y pip setuptools" in last and "-name tests" in last
    assert environment(BUILD)["PIP_NO_CACHE_DIR"] == "1"


def test_dependencies_are_a_layer_before_the_code() -> None:
    steps = [line for line in BUILD if line.split()[0] in ("COPY", "RUN")]

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
    for junk in (".git", ".venv", "tests", "docs", "bench", "claimwatch.db", "claimwatch.db-wal", "__pycache__"):
        assert _ignored(junk), junk


def _junk(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if _ignored(n) or n.endswith(".pyc")]


def _replay_build(src: Path, venv: Path) -> None:
    """The build stage's COPY and RUN steps, in a folder standing for WORKDIR, with the image's
    virtualenv path replaced by `venv`.

    The dependency layer installs no dependencies here (PIP_NO_DEPS; the test environment's
    packages stand in for them) but otherwise runs as written, stub packages and all.
    """
    env = {**os.environ, **environment(BUILD), "PIP_NO_DEPS": "1", "PIP_QUIET": "1"}
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    for line in BUILD:
        word, _, rest = line.partition(" ")
        if word == "COPY":
            *sources, dest = rest.split()
            for source in sources:
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, src / dest, ignore=_junk, dirs_exist_ok=True)
                else:
                    shutil.copy2(ROOT / source, src / dest / source if dest.endswith("/") else src / dest)
        elif word == "RUN":
            for step in (part.strip() for part in rest.split("&&")):
                step = step.replace(VENV, str(venv)).replace("python -m venv", f"{sys.executable} -m venv")
                done = subprocess.run(step, shell=True, cwd=src, env=env, capture_output=True, text=True, timeout=300)
                if done.returncode and "No matching distribution found for setuptools" in done.stderr:
                    pytest.skip("no package index here to fetch the build backend from (the image has one)")
                assert done.returncode == 0, f"{step}: {done.stderr[-2000:]}"


def test_the_build_stage_and_the_installed_command() -> None:
    # pytest's own temporary folders are private to root; the unprivileged user needs to get in.
    top = Path(tempfile.mkdtemp(prefix="claimwatch-image-"))
    try:
        _build_and_run(top)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _build_and_run(top: Path) -> None:
    os.chmod(top, 0o755)
    venv = top / "opt-claimwatch"
    src = top / "src"
    src.mkdir()
    _replay_build(src, venv)
    shutil.rmtree(src)  # the final stage gets the virtualenv and nothing else

    site = Path(subprocess.run(
        [str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())  # fmt: skip
    assert not (venv / "bin" / "pip").exists() and not list(site.glob("pip*")), "pip stays in the build stage"
    assert not list(site.glob("setuptools*")), "so does the build backend"
    # What is installed is the code as it is, every module (a stale build would leave stubs),
    # and the package data the demo needs: story.yaml and every step file it names.
    story = yaml.safe_load((ROOT / "bot" / "demo" / "story.yaml").read_text(encoding="utf-8"))
    wanted = [ROOT / "bot" / "demo" / "story.yaml"] + [
        ROOT / "bot" / "demo" / src for step in story["steps"] for src in (step.get("files") or {}).values()
    ]
    wanted += [p for package in ("bot", "storage") for p in (ROOT / package).rglob("*.py")]
    for source in wanted:
        installed = site / source.relative_to(ROOT)
        assert installed.is_file(), f"{installed.relative_to(site)} is not installed (pyproject package-data?)"
        assert installed.read_bytes() == source.read_bytes(), f"{installed.relative_to(site)} differs from the code"
    assert not (site / "tests").exists()

    # The dependency layer: the test environment's packages stand in for it, after the venv's own.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    # The final stage: its environment, the font cache built by root, /data owned by the user.
    env = {k: v.replace(VENV, str(venv)) for k, v in environment(FINAL).items()}
    data, config, mpl = top / "data", top / "config", Path(env["MPLCONFIGDIR"])
    for folder in (data, config, mpl):
        folder.mkdir(parents=True)
    shutil.copy(ROOT / "feeds.yaml", config / "feeds.yaml")
    env.update(PATH=env["PATH"].replace("$PATH", "/usr/bin:/bin"), HOME=str(data),
               CLAIMWATCH_DB=str(data / "claimwatch.db"), CLAIMWATCH_CONFIG=str(config / "feeds.yaml"))  # fmt: skip
    fonts = subprocess.run(["python", "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"],
                           env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert fonts.returncode == 0, fonts.stderr
    prefix = as_unprivileged()
    if prefix:
        for path in (data, *mpl.rglob("*"), mpl):
            os.chown(path, NOBODY, NOBODY)

    def image(*args: str) -> subprocess.CompletedProcess[str]:
        """`docker run --rm IMAGE args…`: the entry point, as the image's user, in WORKDIR."""
        return subprocess.run([*prefix, "claimwatch", *args], capture_output=True, text=True, env=env, cwd=data,
                              timeout=300)  # fmt: skip

    health = image("health")
    assert health.returncode == 1, health.stderr  # before `run` has made the database
    assert "unhealthy: " in health.stdout and "no database here" in health.stdout
    demo = image("demo")
    assert demo.returncode == 0, demo.stderr
    assert f"{len(story['expect'])} alerts raised" in demo.stdout
    assert "docker run --rm -v claimwatch-demo:/data claimwatch --config claimwatch-demo/feeds.yaml" in demo.stdout
    assert (data / "claimwatch-demo" / "claimwatch.db").is_file()
    if prefix:
        assert (data / "claimwatch-demo" / "claimwatch.db").stat().st_uid == NOBODY
    claims = image("--config", "claimwatch-demo/feeds.yaml", "--db", "claimwatch-demo/claimwatch.db", "claims")
    assert claims.returncode == 0 and "zatoka-bridge-down" in claims.stdout, claims.stderr
    chart = subprocess.run(
        [*prefix, str(venv / "bin" / "python"), "-c", "from bot.chart import timeline_png; import sys; "
         "sys.stdout.buffer.write(timeline_png('c', 'A claim', []))"],
        capture_output=True, env=env, cwd=data, timeout=300,
    )  # fmt: skip
    assert chart.returncode == 0 and chart.stdout[:4] == b"\x89PNG", chart.stderr
    assert b"Matplotlib" not in chart.stderr, chart.stderr  # no cache rebuilt in a temporary folder

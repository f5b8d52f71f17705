"""A real PostgreSQL server for the tests: Debian's `postgresql` package, started by the test
session itself with initdb and pg_ctl in a temporary folder, on a free loopback port, as a
non-root user (the server refuses root; as root the tests run it as the package's `postgres`
user), and stopped at the end. `.ci/run` installs the package when it is missing.

Each test gets a database of its own, copied from a template that already has the schema.

The server must not outlive the tests, however they end (a failure, Ctrl-C, a SIGKILL): a
watchdog process holds one end of a pipe whose other end only the test process holds; when the
test process goes, the pipe closes, and the watchdog stops the server and removes its folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

USER = "claimwatch"
WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.buffer.read()  # until the test process closes the pipe, or dies
pg_ctl, data, folder, *owner = sys.argv[1:]
user = {"user": int(owner[0]), "group": int(owner[1])} if owner else {}
subprocess.run([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True, **user)
shutil.rmtree(folder, ignore_errors=True)
"""
TEMPLATE = "claimwatch_template"


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One server in a temporary folder; `url(name)` for a database on it."""

    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin = bin_dir
        self.durable = durable  # fsync as in production (the benchmarks); the tests do without
        self.folder = Path(tempfile.mkdtemp(prefix="claimwatch-pg-"))
        self.port = _free_port()
        self._as: dict[str, int] = {}
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root, and there is no 'postgres' user to run the server as") from None
            self._as = {"user": account.pw_uid, "group": account.pw_gid}
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._names = count(1)
        self._lock = threading.Lock()
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._lifeline: int | None = None

    def _run(self, *args: str) -> None:
        done = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=self.folder, **self._as)  # type: ignore[call-overload]
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}")

    def _watch(self) -> None:
        """The watchdog (see the module docstring), in a session of its own so that a Ctrl-C to
        the tests reaches it only through the pipe."""
        read, self._lifeline = os.pipe()
        try:
            owner = [str(self._as["user"]), str(self._as["group"])] if self._as else []
            self._watchdog = subprocess.Popen(
                [sys.executable, "-c", WATCHDOG, str(self.bin / "pg_ctl"), str(self.folder / "data"), str(self.folder),
                 *owner],
                stdin=read, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        finally:
            os.close(read)

    def start(self) -> None:
        self._watch()
        data = self.folder / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        # Durability is not under test: no fsync makes the copies of the template cheap.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=300"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")  # fmt: skip
        self.execute("postgres", f"CREATE DATABASE {TEMPLATE}")
        from storage.db import open_db
        from storage.postgres import close_pools

        open_db(self.url(TEMPLATE)).close()  # the schema, once: every test database is a copy
        close_pools(self.url(TEMPLATE))

    def stop(self) -> None:
        from storage.postgres import close_pools

        close_pools()
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._lifeline is not None:
            os.close(self._lifeline)  # the watchdog finds nothing left to do, and ends
            self._lifeline = None
        if self._watchdog is not None:
            self._watchdog.wait(timeout=30)
            self._watchdog = None

    def url(self, name: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def execute(self, database: str, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql.encode())

    def new_database(self, *, empty: bool = False) -> str:
        """A fresh database (with the schema, unless `empty`); returns its URL."""
        with self._lock:
            name = f"test_{os.getpid()}_{next(self._names)}"
        self.execute("postgres", f"CREATE DATABASE {name}" + ("" if empty else f" TEMPLATE {TEMPLATE}"))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        from storage.postgres import close_pools

        close_pools(url)
        close_pools(url + "")
        self.execute("postgres", f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


_server: PostgresServer | None = None
_broken: str | None = None


def server() -> PostgresServer:
    """The session's server, started on first use. A test that needs it is skipped, saying
    why, only when PostgreSQL is not installed and CI did not ask for it (`.ci/run` sets
    CLAIMWATCH_TEST_POSTGRES=required: there a skip would hide every PostgreSQL failure);
    installed but unable to start is a failure."""
    global _server, _broken
    bin_dir = binaries()
    if bin_dir is None:
        missing = "PostgreSQL is not installed (Debian package postgresql; .ci/run installs it)"
        if os.environ.get("CLAIMWATCH_TEST_POSTGRES") == "required":
            pytest.fail(f"{missing}, and CLAIMWATCH_TEST_POSTGRES=required")
        pytest.skip(missing)
    if _server is None and _broken is None:
        try:
            candidate = PostgresServer(bin_dir)
            try:
                candidate.start()
            except BaseException:
                candidate.stop()
                raise
            _server = candidate
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            _broken = f"PostgreSQL is installed ({bin_dir}) but the tests cannot start a server: {exc}"
    if _server is None:
        pytest.fail(_broken or "no PostgreSQL server")
    return _server


def stop_server() -> None:
    global _server
    if _server is not None:
        _server.stop()
        _server = None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database with the schema, dropped after the test."""
    pg = server()
    url = pg.new_database()
    yield url
    pg.drop_database(url)

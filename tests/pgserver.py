"""A throwaway PostgreSQL server for the storage tests (initdb + pg_ctl in a temp dir).

Found in ``$KYODO_PG_BIN``, Debian's ``/usr/lib/postgresql/<version>/bin`` or the
PATH. PostgreSQL refuses to run as root: then the server runs as the
``postgres`` user (Debian's package creates it) or ``nobody``, through
``runuser``. It listens on a free loopback port and a socket in its own temp
dir, trusts local connections (nothing else can reach it) and is stopped and
removed at the end of the test session.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class NoServer(Exception):
    """No PostgreSQL server can be started here (the reason is the message)."""


def _bindir() -> Path:
    env = os.environ.get("KYODO_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                         else 0, reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (
                Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise NoServer("no PostgreSQL server programs (initdb, pg_ctl): install Debian's "
                   "postgresql package or set KYODO_PG_BIN")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise NoServer("psycopg is not installed (pip install -e '.[postgres]')") from None
        self.bin = _bindir()
        self.prefix: list[str] = []
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    pwd.getpwnam(name)
                    self.user = name
                    break
            runuser = shutil.which("runuser")
            if self.user is None or runuser is None:
                raise NoServer("running as root without a postgres/nobody user or runuser")
            self.prefix = [runuser, "-u", self.user, "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="kyodo-pg-"))
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self.data = self.dir / "data"
        self.port = _free_port()
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.prefix, *args], capture_output=True, text=True,
                              timeout=timeout, check=False, cwd=self.dir)

    def start(self) -> None:
        r = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "kyodo",
                      "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        if r.returncode != 0:
            raise NoServer(f"initdb failed: {r.stderr.strip()[-500:]}")
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c max_connections=100")
        r = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                      str(self.dir / "log"), "-o", options, "-w", "-t", "60", "start")
        if r.returncode != 0:
            log = ""
            with contextlib.suppress(OSError):
                log = (self.dir / "log").read_text(errors="replace")[-800:]
            raise NoServer(f"pg_ctl start failed: {r.stderr.strip()[-300:]} {log}")
        self.started = True
        deadline = time.monotonic() + 30
        import psycopg

        while True:
            try:
                psycopg.connect(self.url("postgres"), autocommit=True).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def url(self, dbname: str) -> str:
        return f"postgresql://kyodo@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        import secrets

        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with contextlib.suppress(psycopg.Error), psycopg.connect(
                self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.started:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop", timeout=60)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

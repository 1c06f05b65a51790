"""A throwaway PostgreSQL server for tests, started from Debian's binaries in a temporary folder.

`find_postgres_bin()` finds the newest `/usr/lib/postgresql/<version>/bin` with `initdb` and
`pg_ctl` (the `postgresql` package; `scripts/test.sh` installs it). `PostgresServer.start()` runs
`initdb` into a fresh temporary folder and `pg_ctl start` on a free 127.0.0.1 port (trust
authentication, fsync off: nothing here needs to survive a crash), and `stop()` stops the server
and deletes the folder. PostgreSQL refuses to run as root, and the tests run as root in CI, so as
root both commands run as the `postgres` system user (`runuser -u postgres`), who owns the folder.
`create_database()` makes an empty database per test and returns its SQLAlchemy URL.
"""

from __future__ import annotations

import dataclasses
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
START_ATTEMPTS = 3  # a free port may be taken between asking and binding: try another


def find_postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when none is installed."""
    found = [
        Path(path).parent
        for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if Path(path).with_name("pg_ctl").exists()
    ]
    return max(found, key=lambda path: int(path.parent.name), default=None)


def run_as_user() -> str | None:
    """The unprivileged user to run the server as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        message = "running as root and there is no 'postgres' user to run PostgreSQL as"
        raise RuntimeError(message) from None
    return SUPERUSER


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclasses.dataclass
class PostgresServer:
    """A running throwaway server; `url(db)` connects to it as the superuser."""

    bin_dir: Path
    root: Path
    port: int = 0
    user: str | None = None
    _names: itertools.count = dataclasses.field(default_factory=itertools.count)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run(
            [*prefix, *command], cwd=self.root, capture_output=True, text=True, timeout=120
        )

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        """initdb + pg_ctl start in a new temporary folder; RuntimeError with the log if not."""
        server = cls(bin_dir=bin_dir, root=Path(tempfile.mkdtemp(prefix="playground-pg-")))
        server.user = run_as_user()
        if server.user:
            account = pwd.getpwnam(server.user)
            os.chown(server.root, account.pw_uid, account.pw_gid)
        try:
            server._initdb()
            server._start_on_a_free_port()
        except BaseException:
            shutil.rmtree(server.root, ignore_errors=True)
            raise
        return server

    def _initdb(self) -> None:
        done = self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
            "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")

    def _start_on_a_free_port(self) -> None:
        log = self.root / "server.log"
        for _ in range(START_ATTEMPTS):
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            done = self._run(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(log),
                "-o", options, "-w", "-t", "60", "start",
            )  # fmt: skip
            if done.returncode == 0:
                return
        text = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{text}")

    def create_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import sqlalchemy as sa

        name = f"test_{next(self._names)}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are cut) and delete its folder."""
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w",
                      "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

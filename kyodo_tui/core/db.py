"""The sessions database: SQLite (stdlib) by default, PostgreSQL (psycopg 3) on request.

Pure Python, no Textual. :class:`kyodo_tui.core.storage.Store` is the API the
app and the CLI use; this module opens the database safely, keeps its schema
up to date (versioned migrations) and hides the few differences between the
two backends.

Where
-----
* **SQLite** (default): ``<data dir>/db/sessions.sqlite3`` in WAL mode, the
  folder 0700 and the file 0600 (the WAL and shared-memory files next to it
  take the file's mode). The data dir comes from ``--data-dir``,
  ``$KYODO_DATA_DIR`` or the user data dir.
* **PostgreSQL**: ``--db postgresql://…`` or ``$KYODO_DB``. Needs the extra
  ``pip install 'kyodo-tui[postgres]'``; psycopg is imported only then, so a
  headless command never pays for a driver it does not use.

Unsafe places are refused (:class:`UnsafeLocation`, exit 2, saying how to fix
it): a data dir, db folder or db file not owned by the user or writable by
group or others, and any symlink (or FIFO, device…) where the db folder, the
db file or its WAL/SHM files should be: nothing follows a symlink out of the
data dir.

Schema
------
One ``kyodo_schema`` row holds the version; :data:`MIGRATIONS` are applied in
order, each in one transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an
advisory lock), so several kiosks starting at once migrate exactly once. A
database of a newer version than this program knows is refused, untouched.
The consent rule is in the schema too: a row with contact details and without
consent cannot be stored (a CHECK constraint on both backends). A migration may
have a Python step (migration 2 fills ``report_cells``, what ``kyodo report``
reads, from the stored sessions), run in the same transaction.
"""

from __future__ import annotations

import contextlib
import os
import random
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.core.errors import KyodoInputError, Problem

__all__ = [
    "DB_DIR",
    "DB_ENV",
    "DB_FILE",
    "MIGRATIONS",
    "Database",
    "UnsafeLocation",
    "check_private_dir",
    "open_database",
]

DB_ENV = "KYODO_DB"
DB_DIR = "db"
DB_FILE = "sessions.sqlite3"
#: seconds a writer waits for another one (SQLite busy timeout)
BUSY_TIMEOUT = 60.0

#: (version, statements). Types are written for SQLite; :meth:`Database._ddl`
#: maps the two that differ for PostgreSQL (REAL, the autoincrement key).
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            schema_version INTEGER NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            mode TEXT NOT NULL,
            kind TEXT NOT NULL,
            lang TEXT NOT NULL,
            party TEXT,
            pair TEXT,
            previous TEXT,
            actor TEXT,
            letter TEXT,
            position REAL,
            t_self REAL,
            t_mutual REAL,
            t_public REAL,
            fields TEXT NOT NULL DEFAULT '',
            label_norm TEXT NOT NULL DEFAULT '',
            notes_norm TEXT NOT NULL DEFAULT '',
            consent_given INTEGER NOT NULL DEFAULT 0,
            has_contact INTEGER NOT NULL DEFAULT 0,
            CHECK (has_contact = 0 OR consent_given = 1)
        )""",
        "CREATE INDEX sessions_created ON sessions (created, id, schema_version)",
        # the whole record and the longer id lists, apart: counts and searches scan
        # only the narrow table
        """CREATE TABLE session_data (
            id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            activities TEXT NOT NULL DEFAULT '',
            forms TEXT NOT NULL DEFAULT '',
            choices TEXT NOT NULL DEFAULT '{}',
            body TEXT NOT NULL
        )""",
        # the recommended activities of each record, for the search by their titles
        """CREATE TABLE session_activities (
            activity TEXT NOT NULL,
            id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            PRIMARY KEY (activity, id)
        )""",
        """CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            updated TEXT NOT NULL,
            consent_given INTEGER NOT NULL DEFAULT 0,
            has_contact INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL,
            CHECK (has_contact = 0 OR consent_given = 1)
        )""",
        """CREATE TABLE kiosk_stats (
            n INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
        # what `kyodo report` counts, per month of creation, kept by every write
        """CREATE TABLE report_counts (
            month TEXT NOT NULL,
            key TEXT NOT NULL,
            n INTEGER NOT NULL,
            s1 REAL NOT NULL DEFAULT 0,
            s2 REAL NOT NULL DEFAULT 0,
            s3 REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (month, key)
        )""",
        """CREATE TABLE imported (
            source TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
    )),
    # `kyodo report` reads aggregates only: per UTC month of creation and per cell
    # (a kind, actor, region, field, activity, answer choice...), the sessions in
    # it, the sum of their record keys (the cell key of the disclosure rounding,
    # see core/disclosure.py) and the sums of their 自助・共助・公助 shares in
    # 1/10,000ths (integers: adding and removing a session leaves no rounding
    # residue). The key that makes record keys unguessable moves into the
    # database, so every centre writing to one PostgreSQL database rounds alike.
    (2, (
        "DROP TABLE report_counts",
        "CREATE TABLE report_secret (secret TEXT NOT NULL)",
        """CREATE TABLE report_cells (
            month TEXT NOT NULL,
            key TEXT NOT NULL,
            n BIGINT NOT NULL,
            k BIGINT NOT NULL,
            u1 BIGINT NOT NULL DEFAULT 0,
            u2 BIGINT NOT NULL DEFAULT 0,
            u3 BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (month, key)
        )""",
        # records a newer kyodo_tui wrote (reported, skipped) are found without a scan
        "CREATE INDEX sessions_version ON sessions (schema_version)",
        "backfill_report_cells",  # a Python step (Database._migrate_now)
    )),
)
SCHEMA = MIGRATIONS[-1][0]
#: the data dir file that held the report secret before schema 2 (adopted by it)
LEGACY_SECRET_FILE = ".kyodo-report-key"


class UnsafeLocation(KyodoInputError):
    """A data dir or database another user could change: refused (exit 2)."""


class DatabaseError(KyodoInputError):
    """The database cannot be opened or used as asked."""


# ------------------------------------------------------------------ safe places


def _fix_hint(path: Path, st: os.stat_result, *, folder: bool) -> str | None:
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is not None and st.st_uid != uid:
        return (f"owned by another user (uid {st.st_uid}); use a data dir of your own "
                f"(--data-dir DIR) or, as its owner, chown it to you")
    if st.st_mode & 0o022:
        want = "700" if folder else "600"
        return (f"writable by group or others (mode {stat.S_IMODE(st.st_mode):o}); "
                f"fix it with: chmod {want} {path}")
    return None


def check_private_dir(path: Path, *, create: bool, follow: bool = True) -> None:
    """Refuse ``path`` unless it is a folder of ours that only we can write.

    Created 0700 when missing and ``create``. ``follow=False``: a symlink is
    refused (used inside the data dir, so nothing leads out of it).
    """
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        if not create:
            raise
        try:
            path.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseError(Problem(str(path), 0, f"cannot create the folder: "
                                                      f"{exc.strerror or exc}")) from exc
        st = os.stat(path) if follow else os.lstat(path)
    except OSError as exc:
        raise DatabaseError(Problem(str(path), 0, f"cannot read: {exc.strerror or exc}")) from exc
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeLocation(Problem(str(path), 0, "is a symbolic link; refused (nothing "
                                                   "follows links out of the data dir): "
                                                   "remove it and run again"))
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeLocation(Problem(str(path), 0, "exists but is not a folder"))
    hint = _fix_hint(path, st, folder=True)
    if hint:
        raise UnsafeLocation(Problem(str(path), 0, f"unsafe data folder: {hint}"))


def _check_db_file(path: Path, *, create: bool) -> None:
    """The db file (and its -wal/-shm): regular files of ours, never links."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            st = os.lstat(candidate)
        except FileNotFoundError:
            if candidate == path and create:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(path, flags, 0o600))
                st = os.lstat(path)
            else:
                continue
        if not stat.S_ISREG(st.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
            raise UnsafeLocation(Problem(str(candidate), 0, f"is {what}; refused (nothing "
                                                            "follows links out of the data "
                                                            "dir): remove it and run again"))
        hint = _fix_hint(candidate, st, folder=False)
        if hint:
            raise UnsafeLocation(Problem(str(candidate), 0, f"unsafe database file: {hint}"))


def sqlite_path(data_dir: Path, *, create: bool) -> Path:
    """The checked SQLite file of ``data_dir`` (folders created 0700, the file 0600)."""
    check_private_dir(data_dir, create=create)
    folder = data_dir / DB_DIR
    check_private_dir(folder, create=create, follow=False)
    path = folder / DB_FILE
    _check_db_file(path, create=create)
    return path


def redact(url: str) -> str:
    """A database URL for messages: the password left out."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


# ------------------------------------------------------------------ the database


class Database:
    """One database (SQLite file or PostgreSQL URL); a connection per thread.

    SQL is written once with ``?`` placeholders; PostgreSQL gets ``%s``.
    """

    def __init__(self, *, path: Path | None = None, url: str | None = None,
                 secret_file: Path | None = None) -> None:
        self.path = path
        self.url = url
        #: the data dir's report secret of earlier versions, adopted by migration 2
        self.secret_file = secret_file
        self.kind = "sqlite" if path is not None else "postgresql"
        self.where = str(path) if path is not None else redact(url or "")
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        if self.kind == "sqlite":
            import sqlite3

            self.integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
            self.operational_errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        else:
            psycopg = _psycopg()
            self.integrity_errors = (psycopg.IntegrityError,)
            self.operational_errors = (psycopg.Error,)
        self._migrate()

    # -------------------------------------------------------------- connections

    def _connect(self) -> Any:
        if self.kind == "sqlite":
            import sqlite3

            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT,
                                   isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            # Switching a new file to WAL needs it to itself, and SQLite does not wait
            # for that (no busy handler): several kiosks starting at once retry.
            def to_wal() -> None:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")

            _retry_busy(to_wal)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        psycopg = _psycopg()
        try:
            return psycopg.connect(self.url or "", autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise DatabaseError(Problem(self.where, 0, f"cannot connect: "
                                                       f"{str(exc).strip()}")) from exc

    @property
    def conn(self) -> Any:
        if os.getpid() != self._pid:  # a forked child never shares its parent's connection
            self._local = threading.local()
            self._all = []
            self._pid = os.getpid()
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            with self._lock:
                # the connections of threads that ended (the app's search workers) close
                alive = []
                for thread, other in self._all:
                    if thread.is_alive():
                        alive.append((thread, other))
                    else:
                        with contextlib.suppress(Exception):
                            other.close()
                alive.append((threading.current_thread(), conn))
                self._all = alive
        return conn

    def close(self) -> None:
        with self._lock:
            conns, self._all = self._all, []
        for _, conn in conns:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    # -------------------------------------------------------------- SQL

    def sql(self, text: str) -> str:
        return text if self.kind == "sqlite" else text.replace("?", "%s")

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self.sql(text), tuple(params))
        return cur

    def query(self, text: str, params: Sequence[Any] = ()) -> list[Any]:
        cur = self.execute(text, params)
        try:
            return list(cur.fetchall())
        finally:
            cur.close()

    def one(self, text: str, params: Sequence[Any] = ()) -> Any:
        cur = self.execute(text, params)
        try:
            return cur.fetchone()
        finally:
            cur.close()

    def stream(self, text: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[Any]:
        """Rows of a query a batch at a time (memory stays flat)."""
        cur = self.execute(text, params)
        try:
            while True:
                rows = cur.fetchmany(size)
                if not rows:
                    return
                yield from rows
        finally:
            cur.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction (SQLite: taken at once, so writers queue, never deadlock)."""
        conn = self.conn
        if self.kind == "sqlite":
            _retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:
            with conn.transaction():
                yield conn

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one state of the database (a read transaction: SQLite's WAL
        snapshot, PostgreSQL's REPEATABLE READ); writers are not held up."""
        conn = self.conn
        if self.kind == "sqlite":
            conn.execute("BEGIN")
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    conn.execute("COMMIT")
        else:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield

    def json_member(self, column: str) -> str:
        """SQL giving ``column``'s JSON member named by a ``?`` parameter (see json_key)."""
        if self.kind == "sqlite":
            return f"json_extract({column}, ?)"
        return f"(({column})::jsonb -> ?::text)"

    def instr(self, column: str) -> str:
        """SQL: the (1-based) position of a ``?`` parameter in ``column``, 0 if absent."""
        return f"instr({column}, ?)" if self.kind == "sqlite" else f"strpos({column}, ?::text)"

    def position(self, haystack: str, needle: str) -> str:
        """SQL: where ``needle`` (SQL) is in ``haystack`` (SQL), 1-based; 0 if absent."""
        if self.kind == "sqlite":
            return f"instr({haystack}, {needle})"
        return f"strpos(({haystack})::text, ({needle})::text)"

    def json_key(self, key: str) -> str:
        if self.kind == "sqlite":
            return '$."' + key.replace('"', '""') + '"'
        return key

    # -------------------------------------------------------------- schema

    def _ddl(self, statement: str) -> str:
        if self.kind == "sqlite":
            return statement
        return (statement.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
                .replace(" REAL", " DOUBLE PRECISION"))

    def version(self) -> int:
        row = self.one("SELECT version FROM kyodo_schema")
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        try:
            self._migrate_now()
        except self.operational_errors as exc:
            raise DatabaseError(Problem(self.where, 0, f"cannot open the sessions database: "
                                                       f"{str(exc).strip()}")) from exc

    def _migrate_now(self) -> None:
        with self.transaction():
            if self.kind == "postgresql":
                self.execute("SELECT pg_advisory_xact_lock(4242001)")
            self.execute("CREATE TABLE IF NOT EXISTS kyodo_schema (version INTEGER NOT NULL)")
            row = self.one("SELECT version FROM kyodo_schema")
            if row is None:
                self.execute("INSERT INTO kyodo_schema (version) VALUES (0)")
                current = 0
            else:
                current = int(row[0])
            if current > SCHEMA:
                raise DatabaseError(Problem(
                    self.where, 0, f"written by a newer kyodo_tui (database version {current}; "
                                   f"this version knows up to {SCHEMA}): left as it is; "
                                   "update kyodo_tui"))
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                for statement in statements:
                    if statement == "backfill_report_cells":
                        self._backfill_report_cells()
                    else:
                        self.execute(self._ddl(statement))
                self.execute("UPDATE kyodo_schema SET version = ?", (version,))

    def _backfill_report_cells(self) -> None:
        """Migration 2's data step: the report secret, then every session's report cells.

        The secret is the one this data dir's reports used before (its
        ``.kyodo-report-key`` file), so the published numbers stay the same;
        else 32 new random bytes. Runs inside the migration's transaction.
        """
        from kyodo_tui.core.disclosure import read_key_file

        secret = b"" if self.secret_file is None else read_key_file(self.secret_file)
        if len(secret) < 16:
            secret = os.urandom(32)
        self.execute("INSERT INTO report_secret (secret) VALUES (?)", (secret.hex(),))
        from kyodo_tui.core.storage import fill_report_cells

        fill_report_cells(self, secret)

    # -------------------------------------------------------------- backup

    def backup(self, target: Path) -> None:
        """Copy the SQLite database with the online backup API (consistent while in use)."""
        import sqlite3

        if self.kind != "sqlite":
            raise DatabaseError(Problem(self.where, 0, "backup copies the SQLite file; for "
                                                       "PostgreSQL use pg_dump"))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            os.close(os.open(target, flags, 0o600))
        except FileExistsError:
            raise DatabaseError(Problem(str(target), 0, "already exists; not overwritten "
                                                        "(choose a new file name)")) from None
        except OSError as exc:
            raise DatabaseError(Problem(str(target), 0, f"cannot write: "
                                                        f"{exc.strerror or exc}")) from exc
        try:
            dest = sqlite3.connect(str(target))
            try:
                self.conn.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise


def _retry_busy(step: Any) -> Any:
    """Run ``step``, again while SQLite says the database is busy, up to the busy timeout.

    SQLite returns "database is locked" without waiting in a few cases (switching
    a new file to WAL, taking the write lock while connections start up at once):
    several kiosks or threads starting together then wait their turn.
    """
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(0.005 + random.random() * 0.05)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(Problem(
            "--db", 0, "PostgreSQL needs the driver: pip install 'kyodo-tui[postgres]'"
        )) from None
    return psycopg


def open_database(data_dir: Path, db: str | None = None) -> Database:
    """The database for ``db`` (a postgresql:// URL), ``$KYODO_DB``, else the data dir's SQLite."""
    url = db if db is not None else os.environ.get(DB_ENV, "").strip() or None
    if url:
        if url.startswith(("postgresql://", "postgres://")):
            return Database(url=url, secret_file=data_dir / LEGACY_SECRET_FILE)
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///")).expanduser()
            path = path if path.is_absolute() else Path("/", path)
            check_private_dir(path.parent, create=True)
            _check_db_file(path, create=True)
            return Database(path=path, secret_file=data_dir / LEGACY_SECRET_FILE)
        raise DatabaseError(Problem("--db", 0, f"not a database URL: {redact(url)!r} (use "
                                               "postgresql://user@host/dbname, or leave it "
                                               "out for the SQLite file in the data dir)"))
    return Database(path=sqlite_path(data_dir, create=True),
                    secret_file=data_dir / LEGACY_SECRET_FILE)

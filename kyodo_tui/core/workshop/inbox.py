"""Workshop answers from phones: an inbox in the sessions database, across processes.

``kyodo serve --mode workshop --participants ADDRESS`` runs the facilitator's
app and, for each phone that opens the participant address, a participant app:
each is its own process. A participant's finished answer set is posted here
(:meth:`Inbox.post`), anonymously: the workshop's inbox code, the time, the
answers; no name, no address, nothing of the phone. The facilitator's process
takes what arrived and no workshop took yet (:meth:`Inbox.claim`) about once a
second and adds each answer set to its room picture. Each answer set is taken
once (:meth:`Inbox.claim` marks it with the workshop's id): a second facilitator
tab, or the same page reloaded, never adds it twice.

The table lives in the sessions database (SQLite in the data dir by default,
PostgreSQL with ``--db``): :func:`open_inbox` creates it when missing
(``CREATE TABLE IF NOT EXISTS``), outside the numbered migrations of
:mod:`kyodo_tui.core.db`, so it needs no schema version of its own and an older
kyodo sharing the database never sees it. Pure Python, no Textual.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from kyodo_tui.core.errors import KyodoInputError, Problem

#: environment of the facilitator's and the participants' processes
INBOX_ENV = "KYODO_WORKSHOP_INBOX"
URL_ENV = "KYODO_PARTICIPANT_URL"
#: an inbox code: letters, digits, - and _ (from :func:`new_code`)
CODE_RE = re.compile(r"[A-Za-z0-9_-]{6,64}")
#: at most this many bytes of JSON an answer set (a phone cannot fill the database)
MAX_ANSWERS_BYTES = 64 * 1024

_DDL = {
    "sqlite": """CREATE TABLE IF NOT EXISTS workshop_inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        code TEXT NOT NULL,
        received TEXT NOT NULL,
        answers TEXT NOT NULL,
        taken_by TEXT)""",
    "postgresql": """CREATE TABLE IF NOT EXISTS workshop_inbox (
        id BIGSERIAL PRIMARY KEY,
        code TEXT NOT NULL,
        received TEXT NOT NULL,
        answers TEXT NOT NULL,
        taken_by TEXT)""",
}
_INDEX = "CREATE INDEX IF NOT EXISTS workshop_inbox_code ON workshop_inbox (code, id)"


class Arrival(NamedTuple):
    """One answer set from a phone: its row id (ever increasing) and the answers."""

    id: int
    answers: dict[str, Any]


def new_code() -> str:
    """A fresh inbox code (unguessable: 72 random bits)."""
    return secrets.token_urlsafe(9)


def check_code(code: str) -> str:
    if not CODE_RE.fullmatch(code or ""):
        raise KyodoInputError(Problem(INBOX_ENV, 0, "not a workshop inbox code"))
    return code


class Inbox:
    """The phones' answer sets of one workshop (one inbox code)."""

    def __init__(self, database: Any, code: str) -> None:
        self.db = database
        self.code = check_code(code)
        with self.db.transaction():
            self.db.execute(_DDL[self.db.kind])
            self.db.execute(_INDEX)

    def post(self, answers: Mapping[str, Any], *, now: datetime | None = None) -> int:
        """Add one answer set; its id."""
        text = json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)
        if len(text.encode("utf-8")) > MAX_ANSWERS_BYTES:
            raise KyodoInputError(Problem("answers", 0, "too long"))
        received = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        with self.db.transaction():
            if self.db.kind == "postgresql":
                row = self.db.one("INSERT INTO workshop_inbox (code, received, answers) "
                                  "VALUES (?, ?, ?) RETURNING id", (self.code, received, text))
                return int(row[0])
            cur = self.db.execute("INSERT INTO workshop_inbox (code, received, answers) "
                                  "VALUES (?, ?, ?)", (self.code, received, text))
            return int(cur.lastrowid)

    def since(self, after: int = 0, limit: int = 200) -> list[Arrival]:
        """The answer sets after row ``after``, oldest first (rows that do not read
        as a JSON object are skipped)."""
        rows = self.db.query("SELECT id, answers FROM workshop_inbox WHERE code = ? AND id > ? "
                             "ORDER BY id LIMIT ?", (self.code, int(after), int(limit)))
        return self._arrivals(rows)

    def claim(self, workshop_id: str, limit: int = 200) -> list[Arrival]:
        """The answer sets no workshop has taken yet, oldest first, now taken by
        ``workshop_id``: each goes to one room picture only, even with two
        facilitator tabs open or after the facilitator's page was reloaded."""
        lock = " FOR UPDATE" if self.db.kind == "postgresql" else ""
        with self.db.transaction():
            rows = self.db.query("SELECT id, answers FROM workshop_inbox WHERE code = ? AND "
                                 "taken_by IS NULL ORDER BY id LIMIT ?" + lock,
                                 (self.code, int(limit)))
            if rows:
                self.db.execute("UPDATE workshop_inbox SET taken_by = ? WHERE code = ? AND "
                                "taken_by IS NULL AND id >= ? AND id <= ?",
                                (workshop_id, self.code, int(rows[0][0]), int(rows[-1][0])))
        return self._arrivals(rows)

    @staticmethod
    def _arrivals(rows: list[Any]) -> list[Arrival]:
        found = []
        for row_id, text in rows:
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(Arrival(int(row_id), value))
        return found

    def close(self) -> None:
        self.db.close()


def open_inbox(code: str, data_dir: Path | None = None, db: str | None = None) -> Inbox:
    """The inbox ``code`` in the sessions database of ``data_dir`` (default: the
    user data dir) or ``db``/``$KYODO_DB``."""
    from kyodo_tui.core.db import open_database

    if data_dir is None:
        from kyodo_tui.core.locations import data_dir as default_data_dir

        data_dir = default_data_dir()
    return Inbox(open_database(Path(data_dir), db), code)

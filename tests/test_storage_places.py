"""Issue 12's safe places, the parts not covered elsewhere: the database file and its
WAL of another user or a link, the data dir's exports folder planted as a link, the
drafts table's consent rule, and an import keeping the report's aggregates. Both
backends where a database is involved."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import reportcells
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.export import exports_dir, private_dir
from kyodo_tui.core.storage import ContactInfo, Store, session_toml


def _sqlite_store(root: Path) -> Store:
    store = Store(root)
    store.save(store.new_session(label="x"))
    store.close()
    return store


def test_a_database_file_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give a file to another user")
    root = tmp_path / "data"
    _sqlite_store(root)
    os.chown(root / "db" / "sessions.sqlite3", 65534, 65534)
    with pytest.raises(KyodoInputError, match="owned by another user"):
        Store(root).count()


def test_a_wal_file_planted_as_a_link_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _sqlite_store(root)
    wal = root / "db" / "sessions.sqlite3-wal"
    wal.unlink(missing_ok=True)
    elsewhere = tmp_path / "elsewhere.bin"
    elsewhere.write_bytes(b"")
    wal.symlink_to(elsewhere)
    with pytest.raises(KyodoInputError, match="symbolic link"):
        Store(root).count()
    assert elsewhere.read_bytes() == b""


def test_the_exports_folder_planted_as_a_link_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    exports_dir(root).symlink_to(elsewhere)
    with pytest.raises(KyodoInputError, match="symbolic link"):
        private_dir(exports_dir(root))
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755  # not even chmod-ed


def test_the_database_refuses_a_draft_with_contact_but_no_consent(
        store_factory: object) -> None:
    store = store_factory()  # type: ignore[operator]
    with pytest.raises(store.db.integrity_errors), store.db.transaction():
        store.db.execute("INSERT INTO drafts (id, mode, updated, consent_given, has_contact, "
                         "body) VALUES (?, ?, ?, 0, 1, ?)",
                         ("20250101-000000-00000001", "intake", "2025-01-01T00:00:00Z", "{}"))
    draft = store.new_session(mode="intake").evolve(contact=ContactInfo(name="山田"))
    with pytest.raises(KyodoInputError, match="consent"):
        store.save_draft(draft)
    assert store.drafts() == ([], [])


def test_an_import_keeps_the_reports_aggregates(store_factory: object,
                                                tmp_path: Path) -> None:
    store = store_factory()  # type: ignore[operator]
    folder = tmp_path / "old"
    folder.mkdir()
    for i in range(4):
        s = store.new_session(label=f"old {i}", answers={"who": "resident",
                                                         "want": ["money"]})
        (folder / f"{s.id}.toml").write_text(session_toml(s.evolve(revision=1)), "utf-8")
    assert store.import_dir(folder).imported == 4
    assert reportcells.as_stored(store) == reportcells.recounted(store)
    totals = [cell[0] for (_, key), cell in reportcells.as_stored(store).items()
              if key == "total"]
    assert sum(totals) == 4
    assert store.import_dir(folder).imported == 0  # idempotent: counted once
    assert reportcells.as_stored(store) == reportcells.recounted(store)

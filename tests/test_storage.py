"""Saved sessions: records, updates, conflicts, consent, drafts, import, crashes.

Every test that touches the store runs on both backends (the ``store``
fixture: SQLite in the data dir, and PostgreSQL on a throwaway server; see
tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.core import storage
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.placement import place
from kyodo_tui.core.storage import (
    SCHEMA_VERSION,
    ConflictError,
    ConsentError,
    ContactInfo,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    SessionError,
    SessionNotFound,
    Store,
    compare,
    movement,
    parse_since,
    save_session,
    session_toml,
)

Factory = Callable[..., Store]


@pytest.fixture
def store(store_factory: Factory) -> Store:
    return store_factory()


def _snapshot(letter: str, position: float, actor: str = "association",
              fields: tuple[str, ...] = ("environment",),
              triad: tuple[float, float, float] = (0.2, 0.5, 0.3)) -> PlacementSnapshot:
    return PlacementSnapshot(placed=True, letter=letter, position=position, spread=0.3,
                             triad=triad, actor=actor, fields=fields, answered=3)


def _saved(store: Store, **kwargs: object) -> Session:
    placement = kwargs.pop("placement", None)
    recs = kwargs.pop("recommendations", None)
    notes = kwargs.pop("notes", "")
    s = store.new_session(**kwargs)
    s = s.evolve(placement=placement, recommendations=recs, notes=notes)
    return store.save(s)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _body(store: Store, table: str, sid: str) -> str | None:
    """A record's (table "sessions") or draft's stored JSON."""
    table = "session_data" if table == "sessions" else table
    row = store.db.one(f"SELECT body FROM {table} WHERE id = ?", (sid,))
    return None if row is None else str(row[0])


def _raw_rows(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.db.query(
        "SELECT * FROM sessions s JOIN session_data d ON d.id = s.id ORDER BY s.id")]


# ------------------------------------------------------------------ records


def test_new_session_is_unsaved_with_a_unique_timestamped_id(store: Store) -> None:
    a = store.new_session()
    b = store.new_session()
    assert a.revision == 0 and a.id != b.id
    assert storage.SESSION_ID_RE.fullmatch(a.id)
    assert a.id[:8] <= datetime.now(UTC).strftime("%Y%m%d")  # the UTC creation date
    assert not store.root.exists()  # nothing is written (not even opened) until saved


def test_save_writes_one_row_and_sqlite_is_private(store: Store, backend: str) -> None:
    s = store.new_session(mode="intake", kind="group", label="川の会",
                          answers={"who": "association", "fields": ["environment"]})
    saved = store.save(s)
    assert saved.revision == 1
    assert store.count() == 1
    data = json.loads(_body(store, "sessions", s.id) or "")
    assert data["schema_version"] == SCHEMA_VERSION and data["label"] == "川の会"
    if backend == "sqlite":
        folder = store.root / "db"
        db_file = folder / "sessions.sqlite3"
        assert _mode(store.root) == 0o700 and _mode(folder) == 0o700
        assert _mode(db_file) == 0o600
        assert sorted(p.name for p in folder.iterdir()) == [
            "sessions.sqlite3", "sessions.sqlite3-shm", "sessions.sqlite3-wal"]
        assert all(_mode(p) == 0o600 for p in folder.iterdir())
        assert store.db.one("PRAGMA journal_mode")[0] == "wal"


def test_load_returns_what_was_saved(store: Store) -> None:
    s = store.new_session(kind="group", lang="en", label="Park friends",
                          answers={"who": "association", "fields": ["environment", "safety"],
                                   "now_text": "We clean the park\n\"every\" month",
                                   "lead": "unknown"},
                          previous="20240101-000000-00000000")
    s = s.evolve(confirm_later=("lead",), notes="call back\tsoon",
                 placement=_snapshot("B", 1.25),
                 recommendations=RecommendationSnapshot(("a-river-cleanup",), ("kyosai",)),
                 catalog_layers=("/x/catalog",), extra={"future_key": 3})
    saved = store.save(s)
    loaded = store.load(s.id)
    assert loaded == saved
    assert loaded.answers["now_text"] == "We clean the park\n\"every\" month"
    assert loaded.confirm_later == ("lead",)
    assert loaded.extra == {"future_key": 3}


def test_update_replaces_only_that_record_and_counts_revisions(store: Store) -> None:
    a = _saved(store, label="a")
    b = _saved(store, label="b")
    b_body = _body(store, "sessions", b.id)
    a2 = store.save(store.load(a.id).evolve(notes="more"))
    assert a2.revision == 2
    assert store.load(a.id).notes == "more"
    assert _body(store, "sessions", b.id) == b_body


def test_two_editors_of_one_record_get_a_conflict_not_a_lost_edit(store: Store) -> None:
    a = _saved(store)
    first = store.load(a.id)
    second = store.load(a.id)
    store.save(first.evolve(notes="first edit"))
    with pytest.raises(ConflictError) as info:
        store.save(second.evolve(notes="second edit"))
    assert "changed by someone else" in str(info.value)
    assert store.load(a.id).notes == "first edit"


def test_saving_a_new_session_twice_never_replaces_the_record(store: Store) -> None:
    s = store.new_session(label="once")
    store.save(s)
    before = _raw_rows(store)
    with pytest.raises(ConflictError) as info:
        store.save(s.evolve(label="twice"))
    assert "already saved" in str(info.value)
    assert _raw_rows(store) == before


def test_delete_removes_only_that_record(store: Store) -> None:
    a = _saved(store)
    b = _saved(store)
    store.delete(a.id)
    sessions, problems = store.list()
    assert [s.id for s in sessions] == [b.id] and problems == []
    with pytest.raises(SessionNotFound):
        store.delete(a.id)
    with pytest.raises(ConflictError):  # an editor of the deleted record
        store.save(a.evolve(notes="late"))


def test_bad_ids_are_refused_without_touching_paths(store: Store) -> None:
    for bad in ("../../etc/passwd", "", "x"):
        with pytest.raises(SessionNotFound):
            store.load(bad)
    with pytest.raises(SessionNotFound):
        store.delete("../x")


def test_load_by_unique_prefix(store: Store) -> None:
    a = _saved(store)
    assert store.load(a.id[:20]).id == a.id
    with pytest.raises(SessionNotFound):
        store.load("1999")


def test_invalid_fields_are_refused_before_writing(store: Store) -> None:
    s = store.new_session()
    for bad in ({"mode": "party"}, {"kind": "crowd"}, {"lang": "fr"}, {"party": "x"},
                {"pair": "not-an-id"}, {"pair": s.id}, {"label": "x" * 500}):
        with pytest.raises(SessionError):
            store.save(s.evolve(**bad))
    assert not store.root.exists() or store.count() == 0


# ------------------------------------------------------------------ consent


def test_contact_without_consent_is_refused(store: Store) -> None:
    s = store.new_session().evolve(contact=ContactInfo(name="田中", phone="0152-00-0000"))
    with pytest.raises(ConsentError):
        store.save(s)
    with pytest.raises(ConsentError):
        store.save_draft(s)
    with pytest.raises(ConsentError):
        store.save(s.with_consent("coordinator 佐藤", given=False).evolve(
            contact=ContactInfo(name="田中")))
    assert store.count() == 0 and store.drafts() == ([], [])


def test_contact_with_consent_is_kept_and_withdrawal_drops_it(store: Store) -> None:
    s = store.new_session().evolve(contact=ContactInfo(name="田中", email="t@example.jp"))
    saved = store.save(s.with_consent("coordinator 佐藤"))
    loaded = store.load(s.id)
    assert loaded.consented and loaded.consent is not None
    assert loaded.consent.by == "coordinator 佐藤"
    assert loaded.contact == ContactInfo(name="田中", email="t@example.jp")
    withdrawn = store.save(saved.withdraw_consent("self"))
    assert withdrawn.contact is None
    text = _body(store, "sessions", s.id) or ""
    assert "田中" not in text and '"given":false' in text


def test_the_database_itself_refuses_contact_without_consent(store: Store) -> None:
    s = store.save(store.new_session())
    row = list(store._row(s))
    row[23:25] = [0, 1]  # consent_given = 0, has_contact = 1
    with pytest.raises(store.db.integrity_errors), store.db.transaction():
        store.db.execute("DELETE FROM session_data WHERE id = ?", (s.id,))
        store.db.execute("DELETE FROM sessions WHERE id = ?", (s.id,))
        store._write(tuple(row), new=True)
    assert store.load(s.id) == s


def test_an_imported_file_with_contact_but_no_consent_loses_the_contact(
        store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    s = store.new_session(label="x").evolve(revision=1)
    path = folder / f"{s.id}.toml"
    path.write_text(session_toml(s) + '\n[contact]\nname = "山田"\n', "utf-8")
    result = store.import_dir(folder)
    assert result.imported == 1
    assert len(result.problems) == 1 and "without consent" in result.problems[0].message
    assert result.problems[0].path == str(path) and result.problems[0].line > 0
    assert store.load(s.id).contact is None
    assert "山田" not in (_body(store, "sessions", s.id) or "")


# ------------------------------------------------------------------ drafts


def test_draft_save_resume_and_becoming_a_record(store: Store) -> None:
    s = store.new_session(mode="intake", answers={"who": "resident"})
    d1 = store.save_draft(s)
    assert _body(store, "drafts", s.id) is not None
    assert store.list() == ([], [])  # a draft is not a record
    d2 = store.save_draft(d1.evolve(answers={"who": "resident", "lead": "together"}))
    latest = store.latest_draft()
    assert latest is not None and latest.answers == d2.answers and latest.revision == 0
    assert store.latest_draft(mode="kiosk") is None
    record = store.save(latest)
    assert record.revision == 1
    assert _body(store, "drafts", s.id) is None  # gone in the same transaction
    assert store.latest_draft() is None
    assert store.load(s.id).answers == d2.answers


def test_discard_draft_leaves_records_alone(store: Store) -> None:
    kept = _saved(store)
    s = store.new_session(mode="intake")
    store.save_draft(s)
    assert store.discard_draft(s.id) is True
    assert store.discard_draft(s.id) is False
    assert store.latest_draft() is None
    assert [x.id for x in store.list()[0]] == [kept.id]


def test_latest_draft_is_the_most_recently_updated(store_factory: Factory) -> None:
    clock = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = store_factory(now=lambda: clock[0])
    a = store.save_draft(store.new_session(mode="intake", label="a"))
    clock[0] += timedelta(minutes=5)
    store.save_draft(store.new_session(mode="intake", label="b"))
    clock[0] += timedelta(minutes=5)
    store.save_draft(a.evolve(notes="touched"))
    latest = store.latest_draft()
    assert latest is not None and latest.label == "a"


# ------------------------------------------------------------------ moving in (import)

FILES = {
    "README.txt": b"not a session\n",
    "notes.toml": b'title = "someone else\'s file"\n',
    "20250101-000000-0000000a.toml": b'schema_version = 1\nid = "20250101-000000-0000000a"\n'
                                      b'revision = 1\ncreated = "2025-01-01T00:00:00Z"\n'
                                      b'updated = "2025-01-01T00:00:00Z"\nmode = = "x"\n',
    "20250101-000000-0000000b.toml": b"\xff\xfe binary",
    "20250101-000000-0000000c.toml": b'schema_version = 99\nid = "20250101-000000-0000000c"\n',
    "20250101-000000-0000000d.toml": b'schema_version = 1\nid = "20250101-000000-0000000e"\n'
                                      b"revision = 1\n",
    "20250101-000000-0000000f.toml": b'schema_version = 1\nid = "20250101-000000-0000000f"\n'
                                      b'revision = 1\ncreated = "2025-01-01T00:00:00Z"\n'
                                      b'updated = "2025-01-01T00:00:00Z"\n'
                                      b'mode = "party"\n',
    "20250101-000000-00000010.toml": b"",
}


def _old_folder(tmp_path: Path, store: Store) -> tuple[Path, list[Session], dict[Path, bytes]]:
    """A data dir as earlier versions left it: records, a draft, foreign and bad files."""
    folder = tmp_path / "old-data"
    (folder / "drafts").mkdir(parents=True)
    good = [store.new_session(label=f"good {i}", answers={"who": "resident"})
            .evolve(revision=2, placement=_snapshot("B", 1.0)) for i in range(3)]
    for s in good:
        (folder / f"{s.id}.toml").write_text(session_toml(s), "utf-8")
    draft = store.new_session(mode="intake", label="draft")
    (folder / "drafts" / f"{draft.id}.toml").write_text(session_toml(draft), "utf-8")
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    (folder / "photos").mkdir()
    os.mkfifo(folder / "20250101-000000-00000011.toml")  # a FIFO never blocks the import
    (folder / "20250101-000000-00000012.toml").symlink_to("/dev/zero")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()
              and not p.is_symlink() and stat.S_ISREG(p.stat().st_mode)}
    return folder, good, before


def test_import_reads_old_folders_reports_problems_and_never_touches_them(
        store: Store, tmp_path: Path) -> None:
    folder, good, before = _old_folder(tmp_path, store)
    result = store.import_dir(folder)
    # f has a bad mode: reported, and imported with the default mode
    assert result.imported == 5 and result.already == 0  # 3 records, f, the draft
    ids = {s.id for s in store.list()[0]}
    assert ids == {s.id for s in good} | {"20250101-000000-0000000f"}
    assert store.load(good[0].id).revision == 2 and store.load(good[0].id).label == "good 0"
    assert [d.label for d in store.drafts()[0]] == ["draft"]
    by_name = {Path(p.path).name: p for p in result.problems}
    assert set(by_name) == {n for n in FILES if n.endswith(".toml")} | {
        "20250101-000000-00000011.toml", "20250101-000000-00000012.toml"}
    assert by_name["20250101-000000-0000000a.toml"].line == 6
    assert "TOML syntax error" in by_name["20250101-000000-0000000a.toml"].message
    assert "newer kyodo_tui" in by_name["20250101-000000-0000000c.toml"].message
    assert "does not match the file name" in by_name["20250101-000000-0000000d.toml"].message
    assert by_name["20250101-000000-0000000f.toml"].line == 6
    assert "mode" in by_name["20250101-000000-0000000f.toml"].message
    assert "empty file" in by_name["20250101-000000-00000010.toml"].message
    assert "not a regular file" in by_name["20250101-000000-00000012.toml"].message
    after = {p: p.read_bytes() for p in before}
    assert after == before  # never deleted or rewritten
    # idempotent: a second import adds nothing and changes nothing
    rows = _raw_rows(store)
    again = store.import_dir(folder)
    assert again.imported == 0 and again.already == 5
    assert _raw_rows(store) == rows


def test_import_never_replaces_a_record_edited_since(store: Store, tmp_path: Path) -> None:
    folder, good, _ = _old_folder(tmp_path, store)
    store.import_dir(folder)
    edited = store.save(store.load(good[0].id).evolve(notes="edited in the app"))
    store.import_dir(folder)
    assert store.load(good[0].id) == edited


def test_a_newer_schema_record_is_reported_and_never_rewritten(store: Store) -> None:
    s = _saved(store)
    body = (_body(store, "sessions", s.id) or "").replace(
        f'"schema_version":{SCHEMA_VERSION}', '"schema_version":99')
    with store.db.transaction():
        store.db.execute("UPDATE sessions SET schema_version = 99 WHERE id = ?", (s.id,))
        store.db.execute("UPDATE session_data SET body = ? WHERE id = ?", (body, s.id))
    with pytest.raises(SessionError) as info:
        store.load(s.id)
    assert "newer kyodo_tui" in str(info.value)
    with pytest.raises(ConflictError):
        store.save(s.evolve(notes="overwrite?"))
    with pytest.raises(ConflictError):
        store.save(s.evolve(revision=0))
    assert _body(store, "sessions", s.id) == body
    sessions, problems = store.list()
    assert sessions == [] and "newer kyodo_tui" in problems[0].message


# ------------------------------------------------------------------ list, since, search


def test_list_since_filters_by_creation_time(store_factory: Factory) -> None:
    clock = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = store_factory(now=lambda: clock[0])
    old = _saved(store, label="old")
    clock[0] = datetime(2025, 4, 2, 9, 0, tzinfo=UTC)
    new = _saved(store, label="new")
    assert [s.id for s in store.list()[0]] == [old.id, new.id]
    assert [s.id for s in store.list("2025-04-01T00:00+00:00")[0]] == [new.id]
    assert [s.id for s in store.list(datetime(2025, 5, 1, tzinfo=UTC))[0]] == []


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", "", "01/02/2025"])
def test_parse_since_names_the_bad_value(bad: str) -> None:
    with pytest.raises(KyodoInputError) as info:
        parse_since(bad)
    assert repr(bad) in str(info.value) and "--since" in str(info.value)


def test_parse_since_reads_dates_and_times() -> None:
    day = parse_since("2025-03-01")
    assert day is not None and day.tzinfo is not None and (day.year, day.month, day.day) == (
        2025, 3, 1)
    assert parse_since("2025-03-01T12:00Z") == datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_search_matches_labels_notes_and_activity_titles(store: Store,
                                                         mini_catalog: Catalog) -> None:
    river = _saved(store, label="川の会", kind="group",
                   placement=_snapshot("B", 1.1),
                   recommendations=RecommendationSnapshot(("a-river-cleanup",), ("kyosai",)))
    drill = _saved(store, label="三丁目", notes="防災訓練の相談。カワノ会とも連携",
                   placement=_snapshot("C", 2.0, actor="resident", fields=("safety",)))
    _saved(store, label="other")
    hits = store.search("川の清掃", mini_catalog)
    assert [h.session.id for h in hits][:1] == [river.id] and hits[0].matched == "activity"
    assert [h.session.id for h in store.search("river clean", mini_catalog)] == [river.id]
    assert [h.session.id for h in store.search("防災")] == [drill.id]
    assert store.search("防災")[0].matched == "notes"
    assert [h.session.id for h in store.search("かわの会")][:1] in ([river.id], [drill.id])
    assert {h.session.id for h in store.search("", region="C")} == {drill.id}
    assert {h.session.id for h in store.search("", field="safety")} == {drill.id}
    assert {h.session.id for h in store.search("", actor="association")} == {river.id}
    assert {h.session.id for h in store.search("", kind="group")} == {river.id}
    assert len(store.search("")) == 3
    assert store.search("zzzzqqqq") == []
    # one page: newest first, only that page loaded
    page = store.search("", limit=2)
    assert len(page) == 2 and page[0].session.created >= page[1].session.created
    assert [h.session.id for h in store.search("", limit=2, offset=2)] == [
        h.session.id for h in store.search("")][2:]


# ------------------------------------------------------------------ compare, movement, pairs


def test_compare_lists_questions_answered_differently(store: Store,
                                                      mini_catalog: Catalog) -> None:
    a = store.new_session(answers={"who": "association", "fields": ["environment", "safety"],
                                   "now_text": "same"})
    b = store.new_session(answers={"who": "association", "fields": ["safety", "environment"],
                                   "now_text": "different", "extra": "x"})
    a = a.evolve(placement=_snapshot("B", 1.0))
    b = b.evolve(placement=_snapshot("D", 3.0))
    result = compare(a, b, mini_catalog)
    assert [d.question_id for d in result.differ] == ["now_text", "extra"]
    assert result.agree == ("who", "fields")
    assert (result.letter_a, result.letter_b, result.position_gap) == ("B", "D", 2.0)


def test_movement_says_how_the_placement_moved(store_factory: Factory) -> None:
    clock = [datetime(2025, 1, 1, tzinfo=UTC)]
    store = store_factory(now=lambda: clock[0])
    old = _saved(store, answers={"lead": "we-alone"},
                 placement=_snapshot("B", 1.2, triad=(0.5, 0.5, 0.0)))
    clock[0] += timedelta(days=30)
    new = _saved(store, answers={"lead": "together"}, previous=old.id,
                 placement=_snapshot("C", 2.0, triad=(0.25, 0.5, 0.25)))
    m = movement(old, new)
    assert (m.from_letter, m.to_letter, m.shift, m.days) == ("B", "C", 0.8, 30.0)
    assert m.triad_shift == (-0.25, 0.0, 0.25)
    assert [d.question_id for d in m.changed] == ["lead"]
    assert m.text("ja") == "BからCへ（+0.80）" and m.text("en") == "B -> C (+0.80)"
    assert store.load(new.id).previous == old.id


def test_link_pair_links_both_records(store: Store) -> None:
    group = _saved(store, kind="group")
    officer = _saved(store, kind="group")
    a, b = store.link_pair(group, officer)
    assert (a.party, a.pair, b.party, b.pair) == ("citizen", officer.id, "government", group.id)
    assert store.load(group.id).pair == officer.id and store.load(officer.id).pair == group.id


# ------------------------------------------------------------------ save_session


def test_save_session_snapshots_placement_and_recommendations(tmp_path: Path,
                                                              mini_catalog: Catalog) -> None:
    answers = {"who": "association", "fields": ["environment"], "now_text": "川の清掃"}
    placement = place(mini_catalog, answers)
    saved = save_session(answers, catalog=mini_catalog, placement=placement,
                         data_dir=tmp_path / "d", name="川の会")
    assert str(saved) == saved.id  # what `kyodo assess --save` prints
    loaded = Store(tmp_path / "d").load(saved.id)
    assert loaded.label == "川の会" and loaded.kind == "group" and loaded.mode == "standard"
    assert loaded.placement is not None
    assert loaded.placement.letter == placement.letter
    assert loaded.placement.actor == "association"
    assert loaded.recommendations is not None
    assert loaded.catalog_layers == mini_catalog.layers
    assert loaded.answers == answers


def test_save_session_uses_the_data_dir_env_by_default(mini_catalog: Catalog) -> None:
    saved = save_session({"who": "resident"}, catalog=mini_catalog)
    assert Path(os.environ["KYODO_DATA_DIR"], "db", "sessions.sqlite3").is_file()
    assert Store.default().load(saved.id) == saved
    assert saved.kind == "individual"


def test_save_session_uses_kyodo_db(mini_catalog: Catalog, db_url: str | None,
                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if db_url is not None:
        monkeypatch.setenv("KYODO_DB", db_url)
    saved = save_session({"who": "resident"}, catalog=mini_catalog, data_dir=tmp_path / "d")
    assert Store(tmp_path / "d", db=db_url).load(saved.id) == saved
    if db_url is not None:  # the shared database, not the data dir's file
        assert not (tmp_path / "d").exists()


def test_search_finds_exactly_what_scoring_every_record_finds(store: Store,
                                                              mini_catalog: Catalog) -> None:
    """The database's pre-filter only skips records that cannot reach the threshold."""
    import random

    from rapidfuzz import fuzz

    rng = random.Random(7)
    words = ["川", "清掃", "見守り", "みまもり", "防災", "Tanaka", "tanaka-san", "会", "park",
             "クラブ", "ボランティア", "草刈り", "子ども", "a", "", "河川の清掃をする会"]
    for i in range(60):
        label = "".join(rng.choice(words) for _ in range(rng.randint(0, 3)))
        notes = " ".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
        recs = RecommendationSnapshot(("a-river-cleanup",) if i % 7 == 0 else ())
        _saved(store, label=label, notes=notes, recommendations=recs)
    every = store.list()[0]
    for query in ("見守り", "tanaka", "川の清掃", "防災訓練", "park club", "クラブ", "a", "zz",
                  "河川", "ボランティア活動"):
        found = {h.session.id: round(h.score, 6)
                 for h in store.search(query, mini_catalog)}
        q = storage._norm(query)
        expected = {}
        for s in every:
            scores = [100.0 if q in t else float(fuzz.partial_ratio(q, t))
                      for t in (storage._norm(s.label), storage._norm(s.notes)) if t]
            for aid in (s.recommendations.activities if s.recommendations else ()):
                a = mini_catalog.activities.get(aid)
                if a is not None:
                    scores += [100.0 if q in storage._norm(x) else
                               float(fuzz.partial_ratio(q, storage._norm(x)))
                               for x in (a.title.ja, a.title.en, a.reading) if x]
            if scores and max(scores) >= 70.0:
                expected[s.id] = round(max(scores), 6)
        assert found == expected, query
        # a page (found through the index when it is all best hits) is the same page
        every_hit = [(h.session.id, h.score, h.matched) for h in store.search(query, mini_catalog)]
        for limit, offset in ((3, 0), (5, 2), (200, 0)):
            page = store.search(query, mini_catalog, limit=limit, offset=offset)
            assert [(h.session.id, h.score, h.matched) for h in page] == \
                every_hit[offset:offset + limit], (query, limit, offset)


def test_streaming_pages_through_every_record_in_order(store_factory: Factory,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Keyset pages (created, id): records made in the same second are neither lost nor
    repeated, whatever the page size."""
    monkeypatch.setattr(storage, "BATCH", 3)
    clock = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = store_factory(now=lambda: clock[0])
    made = []
    for i in range(11):
        if i % 4 == 0:
            clock[0] += timedelta(seconds=1)  # several records share a creation second
        made.append(_saved(store, label=f"r{i}"))
    expected = sorted((s.created, s.id) for s in made)
    assert [(s.created, s.id) for s in store.iter_sessions()] == expected
    assert [(s.created, s.id) for s in store.list(made[5].created)[0]] == [
        e for e in expected if e[0] >= made[5].created]

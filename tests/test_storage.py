"""Saved sessions: records, updates, conflicts, consent, drafts, bad files, crashes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


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


# ------------------------------------------------------------------ records


def test_new_session_is_unsaved_with_a_unique_timestamped_id(store: Store) -> None:
    a = store.new_session()
    b = store.new_session()
    assert a.revision == 0 and a.id != b.id
    assert storage.SESSION_ID_RE.fullmatch(a.id)
    assert a.id[:8] <= datetime.now(UTC).strftime("%Y%m%d")  # the UTC creation date
    assert not store.root.exists()  # nothing is written until saved


def test_save_writes_one_private_file_in_a_private_folder(store: Store) -> None:
    s = store.new_session(mode="intake", kind="group", label="川の会",
                          answers={"who": "association", "fields": ["environment"]})
    saved = store.save(s)
    path = store.root / f"{s.id}.toml"
    assert saved.revision == 1 and saved.path == str(path)
    assert path.is_file()
    assert _mode(path) == 0o600
    assert _mode(store.root) == 0o700
    assert [p.name for p in store.root.iterdir() if not p.name.startswith(".")] == [path.name]
    text = path.read_text("utf-8")
    assert f"schema_version = {SCHEMA_VERSION}" in text
    assert 'label = "川の会"' in text


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
    b_bytes = (store.root / f"{b.id}.toml").read_bytes()
    a2 = store.save(store.load(a.id).evolve(notes="more"))
    assert a2.revision == 2
    assert store.load(a.id).notes == "more"
    assert (store.root / f"{b.id}.toml").read_bytes() == b_bytes


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
    before = (store.root / f"{s.id}.toml").read_bytes()
    with pytest.raises(ConflictError):
        store.save(s.evolve(label="twice"))
    assert (store.root / f"{s.id}.toml").read_bytes() == before


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
    assert not store.root.exists() or not list(store.root.glob("*.toml"))


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
    assert not list(store.root.rglob("*.toml")) if store.root.exists() else True


def test_contact_with_consent_is_kept_and_withdrawal_drops_it(store: Store) -> None:
    s = store.new_session().evolve(contact=ContactInfo(name="田中", email="t@example.jp"))
    saved = store.save(s.with_consent("coordinator 佐藤"))
    loaded = store.load(s.id)
    assert loaded.consented and loaded.consent is not None
    assert loaded.consent.by == "coordinator 佐藤"
    assert loaded.contact == ContactInfo(name="田中", email="t@example.jp")
    withdrawn = store.save(saved.withdraw_consent("self"))
    assert withdrawn.contact is None
    text = (store.root / f"{s.id}.toml").read_text("utf-8")
    assert "田中" not in text and "given = false" in text


def test_a_file_with_contact_but_no_consent_is_read_without_the_contact(store: Store) -> None:
    s = _saved(store)
    path = store.root / f"{s.id}.toml"
    path.write_text(path.read_text("utf-8") + '\n[contact]\nname = "山田"\n', "utf-8")
    sessions, problems = store.list()
    assert sessions[0].contact is None
    assert len(problems) == 1 and "without consent" in problems[0].message
    assert problems[0].path == str(path) and problems[0].line > 0


# ------------------------------------------------------------------ drafts


def test_draft_save_resume_and_becoming_a_record(store: Store) -> None:
    s = store.new_session(mode="intake", answers={"who": "resident"})
    d1 = store.save_draft(s)
    draft_path = store.drafts_dir / f"{s.id}.toml"
    assert draft_path.is_file() and _mode(draft_path) == 0o600
    assert _mode(store.drafts_dir) == 0o700
    assert store.list() == ([], [])  # a draft is not a record
    d2 = store.save_draft(d1.evolve(answers={"who": "resident", "lead": "together"}))
    latest = store.latest_draft()
    assert latest is not None and latest.answers == d2.answers and latest.revision == 0
    assert store.latest_draft(mode="kiosk") is None
    record = store.save(latest)
    assert record.revision == 1
    assert not draft_path.exists()
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


def test_latest_draft_is_the_most_recently_updated(tmp_path: Path) -> None:
    clock = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = Store(tmp_path, now=lambda: clock[0])
    a = store.save_draft(store.new_session(mode="intake", label="a"))
    clock[0] += timedelta(minutes=5)
    store.save_draft(store.new_session(mode="intake", label="b"))
    clock[0] += timedelta(minutes=5)
    store.save_draft(a.evolve(notes="touched"))
    latest = store.latest_draft()
    assert latest is not None and latest.label == "a"


# ------------------------------------------------------------------ foreign and bad files


def test_foreign_corrupt_and_newer_files_are_reported_skipped_and_untouched(
        store: Store) -> None:
    good = _saved(store, label="good")
    root = store.root
    files = {
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
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / "photos").mkdir()
    sessions, problems = store.list()
    # f has a bad mode: reported, and read with the default mode
    assert {s.id for s in sessions} == {good.id, "20250101-000000-0000000f"}
    by_name = {Path(p.path).name: p for p in problems}
    assert set(by_name) == set(files) | {"photos"}
    assert by_name["20250101-000000-0000000a.toml"].line == 6
    assert "TOML syntax error" in by_name["20250101-000000-0000000a.toml"].message
    assert "newer kyodo_tui" in by_name["20250101-000000-0000000c.toml"].message
    assert "does not match the file name" in by_name["20250101-000000-0000000d.toml"].message
    assert by_name["20250101-000000-0000000f.toml"].line == 6
    assert "mode" in by_name["20250101-000000-0000000f.toml"].message
    assert "empty file" in by_name["20250101-000000-00000010.toml"].message
    for name, data in files.items():
        assert (root / name).read_bytes() == data  # never deleted or rewritten


def test_a_newer_schema_record_is_never_rewritten(store: Store) -> None:
    s = _saved(store)
    path = store.root / f"{s.id}.toml"
    newer = path.read_text("utf-8").replace(f"schema_version = {SCHEMA_VERSION}",
                                            "schema_version = 99")
    path.write_text(newer, "utf-8")
    with pytest.raises(SessionError) as info:
        store.load(s.id)
    assert "newer kyodo_tui" in str(info.value)
    with pytest.raises(ConflictError):
        store.save(s.evolve(notes="overwrite?"))
    with pytest.raises(ConflictError):
        store.save(s.evolve(revision=0))
    assert path.read_text("utf-8") == newer


# ------------------------------------------------------------------ crashes


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(storage.TEMP_SUFFIX)]


@pytest.mark.parametrize("broken", ["replace", "fsync", "write"])
def test_a_failed_update_leaves_the_old_file_whole(store: Store, broken: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    s = _saved(store, label="old")
    path = store.root / f"{s.id}.toml"
    before = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, broken, boom)
    with pytest.raises(OSError):
        store.save(s.evolve(label="new"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _temp_files(store.root) == []
    sessions, problems = store.list()
    assert [x.label for x in sessions] == ["old"] and problems == []


def test_a_failed_create_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    keep = _saved(store)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(storage.os, "link", boom)
    with pytest.raises(OSError):
        store.save(store.new_session(label="lost"))
    monkeypatch.undo()
    assert [s.id for s in store.list()[0]] == [keep.id]
    assert _temp_files(store.root) == []


def test_a_writer_killed_mid_write_leaves_the_old_state_whole(store: Store) -> None:
    s = _saved(store, label="before the crash")
    path = store.root / f"{s.id}.toml"
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys, time
        from kyodo_tui.core import storage
        store = storage.Store({str(store.root)!r})
        s = store.load({s.id!r})
        def hang(fd):
            print("ready", flush=True)
            time.sleep(60)
        storage.os.fsync = hang
        store.save(s.evolve(label="after the crash", notes="x" * 5000))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"  # the temp file is written, not renamed
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert path.read_bytes() == before
    temps = _temp_files(store.root)
    assert len(temps) == 1  # the half-done write, never read
    sessions, problems = store.list()
    assert [x.label for x in sessions] == ["before the crash"] and problems == []
    assert temps[0].exists()  # fresh: not cleaned yet (could be a live writer)
    old = time.time() - storage.STALE_TEMP_SECONDS - 10
    os.utime(temps[0], (old, old))
    store.list()
    assert _temp_files(store.root) == []
    assert path.read_bytes() == before


def test_clean_stale_only_removes_our_old_temp_files(store: Store) -> None:
    _saved(store)
    mine = store.root / f"{storage.TEMP_PREFIX}1-abc{storage.TEMP_SUFFIX}"
    fresh = store.root / f"{storage.TEMP_PREFIX}2-def{storage.TEMP_SUFFIX}"
    foreign = store.root / "someone.tmp"
    for p in (mine, fresh, foreign):
        p.write_bytes(b"x")
    old = time.time() - 7200
    os.utime(mine, (old, old))
    os.utime(foreign, (old, old))
    assert store.clean_stale() == 1
    assert not mine.exists() and fresh.exists() and foreign.exists()


# ------------------------------------------------------------------ list, since, search


def test_list_since_filters_by_creation_time(tmp_path: Path) -> None:
    clock = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = Store(tmp_path, now=lambda: clock[0])
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


def test_movement_says_how_the_placement_moved(tmp_path: Path) -> None:
    clock = [datetime(2025, 1, 1, tzinfo=UTC)]
    store = Store(tmp_path, now=lambda: clock[0])
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
    assert Path(os.environ["KYODO_DATA_DIR"], f"{saved.id}.toml").is_file()
    assert saved.kind == "individual"

"""The report summary index: fast, rebuilt from the files, never trusted over them."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kyodo_tui.core import storage
from kyodo_tui.core.storage import (
    INDEX_NAME,
    ContactInfo,
    PlacementSnapshot,
    Store,
)


def _fill(store: Store, n: int, letter: str = "B") -> list[str]:
    ids = []
    for i in range(n):
        s = store.new_session(label=f"秘密の名前{i}", answers={"who": "association",
                                                          "now_text": "自由記述の秘密"})
        s = s.evolve(notes="メモの秘密", contact=ContactInfo(name="連絡先の秘密"),
                     placement=PlacementSnapshot(True, letter, 1.0, 0.3, (0.2, 0.5, 0.3),
                                                 "association", ("environment",)))
        ids.append(store.save(s.with_consent("self")).id)
    return ids


def test_summaries_build_a_private_index_without_personal_data(tmp_path: Path) -> None:
    store = Store(tmp_path)
    ids = _fill(store, 3)
    summaries, problems = store.summaries()
    assert problems == [] and [s.id for s in summaries] == sorted(ids)
    assert summaries[0].letter == "B" and summaries[0].choices == {"who": ["association"]}
    index = tmp_path / INDEX_NAME
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    text = index.read_text("utf-8")
    assert "秘密" not in text
    assert store.list() == (store.list()[0], [])  # the index is not a session file


def test_a_warm_run_reads_no_session_file(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    _fill(store, 4)
    (tmp_path / "stray.txt").write_text("x")
    cold = store.summaries()

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a session file was parsed on a warm run")

    monkeypatch.setattr(storage, "read_session_file", no_reading)
    warm = store.summaries()
    assert warm == cold
    assert len(warm[1]) == 1 and warm[1][0].path.endswith("stray.txt")


def test_changed_removed_and_new_files_are_read_again(tmp_path: Path) -> None:
    store = Store(tmp_path)
    a, b = _fill(store, 2)
    store.summaries()
    s = store.load(a)
    store.save(s.evolve(placement=PlacementSnapshot(True, "D", 3.0, 0.3, (0, 0, 1), "group")))
    store.delete(b)
    (c,) = _fill(store, 1)
    bad = tmp_path / "20250101-000000-00000001.toml"
    bad.write_text("schema_version = 1\n")
    summaries, problems = store.summaries()
    by_id = {x.id: x for x in summaries}
    assert set(by_id) == {a, c}
    assert by_id[a].letter == "D" and by_id[a].actor == "group"
    assert [Path(p.path).name for p in problems] == [bad.name]
    # the problem is reported again on the next (warm) run, not hidden by the cache
    assert [Path(p.path).name for p in store.summaries()[1]] == [bad.name]


def test_a_file_edited_in_place_is_not_served_from_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (a,) = _fill(store, 1)
    store.summaries()
    path = tmp_path / f"{a}.toml"
    text = path.read_text("utf-8").replace('letter = "B"', 'letter = "C"')
    with open(path, "w", encoding="utf-8") as fh:  # same inode, same size
        fh.write(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert store.summaries()[0][0].letter == "C"


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 999, "files": {}}',
                                     b'{"format": 1, "schema": 1, "files": {"x": [1]}}',
                                     b"\xff\xfe"])
def test_a_broken_index_is_ignored_and_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    store = Store(tmp_path)
    ids = _fill(store, 2)
    (tmp_path / INDEX_NAME).write_bytes(garbage)
    summaries, problems = store.summaries()
    assert sorted(s.id for s in summaries) == sorted(ids) and problems == []
    assert (tmp_path / INDEX_NAME).read_bytes() != garbage


def test_the_process_pool_gives_the_same_answer(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    _fill(store, 30)
    (tmp_path / "20250101-000000-00000002.toml").write_text("broken = [")
    sequential = store.summaries(use_index=False, workers=1)
    monkeypatch.setattr(storage, "POOL_THRESHOLD", 1)
    pooled = store.summaries(use_index=False, workers=2)
    assert pooled == sequential
    assert len(pooled[0]) == 30 and len(pooled[1]) == 1


def test_summaries_since(tmp_path: Path) -> None:
    clock = [datetime(2025, 1, 10, tzinfo=UTC)]
    store = Store(tmp_path, now=lambda: clock[0])
    _fill(store, 2)
    clock[0] = datetime(2025, 2, 10, tzinfo=UTC)
    _fill(store, 3)
    assert len(store.summaries()[0]) == 5
    assert len(store.summaries("2025-02-01T00:00Z")[0]) == 3


def test_a_read_only_folder_still_gets_summaries(tmp_path: Path) -> None:
    store = Store(tmp_path / "ro")
    _fill(store, 2)
    os.chmod(store.root, 0o500)
    try:
        if os.access(store.root, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        summaries, problems = store.summaries()
        assert len(summaries) == 2 and problems == []
    finally:
        os.chmod(store.root, 0o700)


def test_the_pool_starts_fresh_interpreters_when_threads_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    store = Store(tmp_path)
    _fill(store, 12)
    expected = store.summaries(use_index=False, workers=1)
    monkeypatch.setattr(storage, "POOL_THRESHOLD", 1)
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()  # like the app's worker threads
    try:
        assert store.summaries(use_index=False, workers=2) == expected
    finally:
        stop.set()
        helper.join()


def test_odd_values_round_trip_through_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    s = store.new_session(answers={"who": "association", "want": ["money", "place"]})
    s = s.evolve(placement=PlacementSnapshot(True, "C", 2.123456789, 0.3, (0.1, 0.2, 0.7),
                                             "odd\x1factor", ("environment",)))
    store.save(s)
    plain = store.save(store.new_session().evolve(placement=PlacementSnapshot(
        False, None, None, 2.0, (1 / 3, 1 / 3, 1 / 3), None, (), triad_placed=False)))
    cold = store.summaries()
    assert cold == store.summaries()  # warm: decoded from the index
    by_id = {x.id: x for x in cold[0]}
    assert by_id[s.id].actor == "odd\x1factor" and by_id[s.id].position == 2.123456789
    assert by_id[s.id].choices.get("want") == ["money", "place"]
    assert by_id[plain.id].triad is None and by_id[plain.id].letter is None


def test_a_damaged_index_entry_is_read_from_the_file_again(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (a,) = _fill(store, 1)
    expected = store.summaries()
    index = tmp_path / INDEX_NAME
    text = index.read_text("utf-8")
    index.write_text(text.replace("association", "\\u001f"), "utf-8")  # one field too many
    assert store.summaries() == expected
    assert a in index.read_text("utf-8")

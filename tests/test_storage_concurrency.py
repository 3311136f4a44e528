"""Several kiosks (processes) and threads writing to one store at once; a writer killed.

Each test runs on SQLite and on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import reportcells
from kyodo_tui.core.storage import SESSION_ID_RE, ConflictError, Store

# argv: data dir, db url ("" for SQLite), then the script's own arguments
OPEN = """
import sys
from kyodo_tui.core.storage import ConflictError, Store
store = Store(sys.argv[1], db=sys.argv[2] or None)
"""

WRITER = textwrap.dedent(OPEN + """
for i in range(int(sys.argv[4])):
    s = store.new_session(mode="kiosk", label=f"{sys.argv[3]}-{i}",
                          answers={"who": "resident"})
    store.save(s)
    if i % 5 == 0:
        store.save_draft(store.new_session(mode="kiosk", label=f"draft {sys.argv[3]}"))
""")

INCREMENTER = textwrap.dedent(OPEN + """
done = conflicts = 0
while done < int(sys.argv[4]):
    s = store.load(sys.argv[3])
    try:
        store.save(s.evolve(notes=s.notes + "x"))
    except ConflictError:
        conflicts += 1
        continue
    done += 1
print(conflicts)
""")

# saves new records and updates one record as fast as it can, printing each
# committed save ("new <id> <label>" / "upd <revision>") after it returned
LOOP = textwrap.dedent(OPEN + """
shared = store.load(sys.argv[3])
i = 0
while True:
    s = store.save(store.new_session(label=f"loop-{i}", answers={"who": "resident"})
                   .evolve(notes="n" * 3000))
    print("new", s.id, s.label, flush=True)
    shared = store.save(shared.evolve(notes=f"rev {shared.revision + 1}"))
    print("upd", shared.revision, flush=True)
    i += 1
""")


def _run_all(script: str, root: Path, db: str | None, args: list[list[str]]) -> list[str]:
    procs = [subprocess.Popen([sys.executable, "-c", script, str(root), db or "", *a],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in args]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outs.append(out)
    return outs


def test_8_processes_x_50_saves_all_present(tmp_path: Path, db_url: str | None) -> None:
    root = tmp_path / "shared"
    _run_all(WRITER, root, db_url, [[f"kiosk{k}", "50"] for k in range(8)])
    store = Store(root, db=db_url)
    sessions, problems = store.list()
    assert problems == []
    assert len(sessions) == 400
    assert len({s.id for s in sessions}) == 400
    assert all(SESSION_ID_RE.fullmatch(s.id) and s.revision == 1 for s in sessions)
    assert sorted(s.label for s in sessions) == sorted(
        f"kiosk{k}-{i}" for k in range(8) for i in range(50))
    drafts, draft_problems = store.drafts()
    assert len(drafts) == 80 and draft_problems == []
    # the report's aggregates, kept by 8 writers at once, count every save once
    assert reportcells.as_stored(store) == reportcells.recounted(store)
    assert sum(n for (_, key), (n, *_) in reportcells.as_stored(store).items()
               if key == "total") == 400
    store.close()


def test_concurrent_editors_of_one_record_lose_no_edit(tmp_path: Path,
                                                       db_url: str | None) -> None:
    store = Store(tmp_path, db=db_url)
    record = store.save(store.new_session(label="shared"))
    _run_all(INCREMENTER, tmp_path, db_url, [[record.id, "10"] for _ in range(4)])
    final = store.load(record.id)
    assert final.notes == "x" * 40  # every edit landed exactly once
    assert final.revision == 41
    assert reportcells.as_stored(store) == reportcells.recounted(store)
    store.close()


def test_threads_saving_at_once(tmp_path: Path, db_url: str | None) -> None:
    store = Store(tmp_path / "t", db=db_url)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.save(store.new_session(label=f"{n}-{i}"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sessions, problems = store.list()
    assert len(sessions) == 120 and problems == []
    store.close()


def test_sigkill_in_a_save_loop_loses_nothing_and_leaves_nothing_half_written(
        tmp_path: Path, db_url: str | None) -> None:
    root = tmp_path / "data"
    store = Store(root, db=db_url)
    shared = store.save(store.new_session(label="shared"))
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", LOOP, str(root), db_url or "", shared.id],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        seen: list[str] = []
        deadline = time.monotonic() + 120
        while len(seen) < 6 + 7 * round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line.split())
        proc.send_signal(signal.SIGKILL)  # somewhere inside a save, most likely
        rest, err = proc.communicate(timeout=60)
        seen += [line.split() for line in rest.splitlines() if line.strip()]
        assert len(seen) >= 6, err
        new = {parts[1]: parts[2] for parts in seen if parts[0] == "new"}
        last_rev = max(int(parts[1]) for parts in seen if parts[0] == "upd")
        # every save that returned is there, whole
        sessions, problems = store.list()
        assert problems == []
        by_id = {s.id: s for s in sessions}
        for sid, label in new.items():
            assert by_id[sid].label == label and by_id[sid].notes == "n" * 3000
        # at most the one save in flight went further; the record is whole
        current = store.load(shared.id)
        assert current.revision in (last_rev, last_rev + 1)
        assert current.notes == f"rev {current.revision}"
        # the report's aggregates are whole too: the killed save's share or nothing
        assert reportcells.as_stored(store) == reportcells.recounted(store)
        # and the store goes on working (no lock left behind)
        shared = store.save(current.evolve(notes=f"rev {current.revision + 1}"))
        try:
            store.save(current.evolve(notes="stale"))
        except ConflictError:
            pass
        else:
            raise AssertionError("a stale edit was saved")
    store.close()


def test_connections_of_finished_threads_are_closed(tmp_path: Path,
                                                    db_url: str | None) -> None:
    """The records screen searches in a new thread each time: no connection piles up."""
    store = Store(tmp_path, db=db_url)
    store.save(store.new_session(label="x"))
    for _ in range(20):
        t = threading.Thread(target=store.count)
        t.start()
        t.join()
    store.count()
    assert len(store.db._all) <= 2
    store.close()

"""Several kiosks (processes) and threads writing to one folder at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from kyodo_tui.core.storage import SESSION_ID_RE, Store

WRITER = textwrap.dedent("""
    import sys
    from kyodo_tui.core.storage import Store
    store = Store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        s = store.new_session(mode="kiosk", label=f"{sys.argv[2]}-{i}",
                              answers={"who": "resident"})
        store.save(s)
        if i % 5 == 0:
            store.save_draft(store.new_session(mode="kiosk", label=f"draft {sys.argv[2]}"))
""")

INCREMENTER = textwrap.dedent("""
    import sys
    from kyodo_tui.core.storage import ConflictError, Store
    store = Store(sys.argv[1])
    done = conflicts = 0
    while done < int(sys.argv[3]):
        s = store.load(sys.argv[2])
        try:
            store.save(s.evolve(notes=s.notes + "x"))
        except ConflictError:
            conflicts += 1
            continue
        done += 1
    print(conflicts)
""")


def _run_all(script: str, args: list[list[str]]) -> list[str]:
    procs = [subprocess.Popen([sys.executable, "-c", script, *a], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for a in args]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out)
    return outs


def test_concurrent_processes_never_clobber_each_other(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    _run_all(WRITER, [[str(root), f"kiosk{k}", "25"] for k in range(4)])
    store = Store(root)
    sessions, problems = store.list()
    assert problems == []
    assert len(sessions) == 100
    assert len({s.id for s in sessions}) == 100
    assert all(SESSION_ID_RE.fullmatch(s.id) and s.revision == 1 for s in sessions)
    assert sorted(s.label for s in sessions) == sorted(
        f"kiosk{k}-{i}" for k in range(4) for i in range(25))
    drafts, draft_problems = store.drafts()
    assert len(drafts) == 20 and draft_problems == []
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]


def test_concurrent_editors_of_one_record_lose_no_edit(tmp_path: Path) -> None:
    store = Store(tmp_path)
    record = store.save(store.new_session(label="shared"))
    _run_all(INCREMENTER, [[str(tmp_path), record.id, "10"] for _ in range(4)])
    final = store.load(record.id)
    assert final.notes == "x" * 40  # every edit landed exactly once
    assert final.revision == 41


def test_threads_saving_at_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "t")
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

"""The workshop inbox (phones' answer sets in the sessions database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.workshop.inbox import CODE_RE, Inbox, new_code, open_inbox


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder


def test_answers_come_back_in_order_per_code(data_dir: Path) -> None:
    a = open_inbox("workshop-a", data_dir)
    b = open_inbox("workshop-b", data_dir)
    first = a.post({"who": "resident"})
    b.post({"who": "volunteer"})
    second = a.post({"who": "municipality", "fields": ["welfare"]})
    assert [x.answers for x in a.since(0)] == [{"who": "resident"},
                                               {"who": "municipality", "fields": ["welfare"]}]
    assert [x.id for x in a.since(first)] == [second]
    assert a.since(second) == []
    assert [x.answers["who"] for x in b.since(0)] == ["volunteer"]


def test_codes_are_checked_and_fresh() -> None:
    codes = {new_code() for _ in range(50)}
    assert len(codes) == 50 and all(CODE_RE.fullmatch(c) for c in codes)
    for bad in ("", "short", "x; DROP TABLE", "a" * 65, "ünïcode-code"):
        with pytest.raises(KyodoInputError):
            Inbox(None, bad)


def test_an_oversized_answer_set_is_refused(data_dir: Path) -> None:
    inbox = open_inbox("workshop-a", data_dir)
    with pytest.raises(KyodoInputError, match="too long"):
        inbox.post({"now_text": "x" * 70_000})
    assert inbox.since(0) == []


def test_another_process_sees_what_was_posted(data_dir: Path) -> None:
    code = ("from pathlib import Path; import sys\n"
            "from kyodo_tui.core.workshop.inbox import open_inbox\n"
            "print(open_inbox('workshop-x', Path(sys.argv[1])).post({'who': 'resident'}))\n")
    done = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True,
                          text=True, timeout=60, check=True)
    row = int(done.stdout)
    arrivals = open_inbox("workshop-x", data_dir).since(0)
    assert [(x.id, x.answers) for x in arrivals] == [(row, {"who": "resident"})]


def test_each_answer_set_is_taken_once(data_dir: Path) -> None:
    """Two facilitator tabs (or one reloaded) never add the same phone twice."""
    phone = open_inbox("workshop-c", data_dir)
    first_tab = open_inbox("workshop-c", data_dir)
    second_tab = open_inbox("workshop-c", data_dir)
    ids = [phone.post({"who": "resident", "n": [str(i)]}) for i in range(3)]
    taken = first_tab.claim("ws-1", limit=2)
    assert [a.id for a in taken] == ids[:2]
    assert [a.id for a in second_tab.claim("ws-2")] == ids[2:]
    assert first_tab.claim("ws-1") == [] and second_tab.claim("ws-2") == []
    later = phone.post({"who": "volunteer"})
    assert [a.answers for a in second_tab.claim("ws-1")] == [{"who": "volunteer"}]
    assert [a.id for a in phone.since(0)] == [*ids, later]  # since() reads, never takes


def test_claims_from_many_processes_never_overlap(data_dir: Path) -> None:
    inbox = open_inbox("workshop-d", data_dir)
    for i in range(40):
        inbox.post({"who": "resident", "i": [str(i)]})
    code = ("from pathlib import Path; import sys, json, time\n"
            "from kyodo_tui.core.workshop.inbox import open_inbox\n"
            "box = open_inbox('workshop-d', Path(sys.argv[1])); got = []\n"
            "for _ in range(30):\n"
            "    got += [a.id for a in box.claim(sys.argv[2], limit=3)]\n"
            "print(json.dumps(got))\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(data_dir), f"ws-{n}"],
                              stdout=subprocess.PIPE, text=True) for n in range(3)]
    import json

    taken = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    everything = sorted(i for ids in taken for i in ids)
    assert everything == sorted(a.id for a in inbox.since(0))  # all, each once

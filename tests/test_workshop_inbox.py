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

"""``kyodo assess --save``, ``kyodo sessions list|show|export|import|backup`` and
``kyodo report`` end to end (on SQLite, and on PostgreSQL where marked)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.storage import ContactInfo, Store

ANSWERS = """\
who = "association"
fields = ["environment", "safety"]
now_text = "川の清掃を毎年しています"
lead = "we-supported"
want = ["money", "place"]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS, "utf-8")
    return path


def _save(capsys: pytest.CaptureFixture[str], answers_file: Path, data_dir: Path,
          name: str) -> str:
    code, _, err = run(capsys, "assess", "--answers", str(answers_file), "--save",
                       "--name", name, "--data-dir", str(data_dir))
    assert code == 0, err
    assert err.startswith("kyodo: saved ")
    return err.strip().removeprefix("kyodo: saved ")


def test_assess_save_then_list_show_export(capsys: pytest.CaptureFixture[str],
                                           answers_file: Path, data_dir: Path,
                                           tmp_path: Path) -> None:
    sid = _save(capsys, answers_file, data_dir, "川の会")
    assert (data_dir / "db" / "sessions.sqlite3").is_file()

    code, out, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 0 and err == ""
    assert sid in out and "川の会" in out

    code, out, _ = run(capsys, "sessions", "list", "--json", "--data-dir", str(data_dir))
    (item,) = json.loads(out)
    assert item["id"] == sid and item["label"] == "川の会" and item["letter"] in "ABCDE"
    assert item["has_contact"] is False

    code, out, _ = run(capsys, "sessions", "show", sid[:22], "--data-dir", str(data_dir),
                       "--lang", "en")
    assert code == 0
    assert out.startswith("# 川の会\n") and "Residents or groups lead; the town hall supports" in out

    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "sessions", "export", "--format", "csv", "-o", str(target),
                         "--data-dir", str(data_dir))
    assert code == 0 and out == "" and "exported 1 session" in err
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["id"] == sid and rows[0]["label"] == "川の会"

    for fmt, check in (("json", lambda t: json.loads(t)[0]["id"] == sid),
                       ("md", lambda t: "## 川の会" in t),
                       ("toml", lambda t: tomllib.loads(t)["id"] == sid)):
        code, out, _ = run(capsys, "sessions", "export", "--format", fmt,
                           "--data-dir", str(data_dir))
        assert code == 0 and check(out)
        # the file gets the same document (streamed to a temp file, then published)
        target = tmp_path / f"out.{fmt}"
        code, _, err = run(capsys, "sessions", "export", "--format", fmt, "-o", str(target),
                           "--data-dir", str(data_dir))
        assert code == 0 and target.read_text("utf-8") == out


def test_streamed_exports_equal_the_whole_documents(data_dir: Path) -> None:
    from kyodo_tui.core import export

    store = Store(data_dir)
    for i in range(3):
        store.save(store.new_session(label=f"会{i}", answers={"who": "resident"}))
    sessions = store.list()[0]
    assert "".join(export.stream_json(sessions)) == export.export_json(sessions)
    assert "".join(export.stream_csv(sessions)) == export.export_csv(sessions)
    assert "".join(export.stream_markdown(sessions, 3)) == export.export_markdown(sessions)
    assert "".join(export.stream_json([])) == export.export_json([])
    assert "".join(export.stream_markdown([], 0)) == export.export_markdown([])


def test_export_never_overwrites(capsys: pytest.CaptureFixture[str], answers_file: Path,
                                 data_dir: Path, tmp_path: Path) -> None:
    _save(capsys, answers_file, data_dir, "a")
    target = tmp_path / "keep.json"
    target.write_text("precious", "utf-8")
    code, _, err = run(capsys, "sessions", "export", "--format", "json", "-o", str(target),
                       "--data-dir", str(data_dir))
    assert code == 2
    assert f"kyodo: {target}: already exists; not overwritten" in err
    assert target.read_text("utf-8") == "precious"


def test_export_contact_only_with_consent(capsys: pytest.CaptureFixture[str],
                                          data_dir: Path) -> None:
    store = Store(data_dir)
    with_consent = store.new_session(mode="intake", label="consented").evolve(
        contact=ContactInfo(name="田中", phone="0152")).with_consent("coordinator")
    store.save(with_consent)
    store.save(store.new_session(mode="intake", label="no contact"))
    code, out, _ = run(capsys, "sessions", "export", "--format", "json",
                       "--data-dir", str(data_dir))
    assert code == 0
    data = {d["label"]: d for d in json.loads(out)}
    assert data["consented"]["contact"]["name"] == "田中"
    assert data["no contact"]["contact"] is None
    _, out, _ = run(capsys, "sessions", "list", "--json", "--data-dir", str(data_dir))
    assert "田中" not in out  # a listing never shows contact details


def test_bad_input_exits_2_naming_it(capsys: pytest.CaptureFixture[str],
                                     answers_file: Path, data_dir: Path) -> None:
    _save(capsys, answers_file, data_dir, "x")
    code, _, err = run(capsys, "sessions", "list", "--since", "last-week",
                       "--data-dir", str(data_dir))
    assert code == 2 and "kyodo: --since: not a date or time: 'last-week'" in err
    code, _, err = run(capsys, "sessions", "export", "--since", "2025-02-30",
                       "--data-dir", str(data_dir))
    assert code == 2 and "'2025-02-30'" in err
    code, _, err = run(capsys, "report", "--since", "soon", "--data-dir", str(data_dir))
    assert code == 2 and "'soon'" in err
    code, _, err = run(capsys, "sessions", "show", "20990101-000000-deadbeef",
                       "--data-dir", str(data_dir))
    assert code == 2 and "no such saved session" in err
    code, _, err = run(capsys, "sessions", "show", "../../etc/passwd",
                       "--data-dir", str(data_dir))
    assert code == 2 and "not a session id" in err
    code, _, err = run(capsys, "report", "--min-count", "4", "--data-dir", str(data_dir))
    assert code == 2 and "--min-count" in err


def test_import_reports_path_line_and_is_idempotent(capsys: pytest.CaptureFixture[str],
                                                    data_dir: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    store = Store(tmp_path / "scratch")
    good = store.new_session(label="ok", answers={"who": "resident"}).evolve(revision=1)
    from kyodo_tui.core.storage import session_toml

    (old / f"{good.id}.toml").write_text(session_toml(good), "utf-8")
    (old / "todo.txt").write_text("milk", "utf-8")
    broken = old / "20250101-000000-0000abcd.toml"
    broken.write_text("schema_version = 1\nid = [\n", "utf-8")
    code, out, err = run(capsys, "sessions", "import", str(old), "--data-dir", str(data_dir))
    assert code == 0, err
    assert f"kyodo: warning: {broken}:2:" in err
    assert "imported 1, already there 0, skipped 1" in err
    code, out, err = run(capsys, "sessions", "import", str(old), "--data-dir", str(data_dir))
    assert code == 0 and "imported 0, already there 1" in err
    code, out, _ = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert good.id in out
    assert (old / "todo.txt").read_text("utf-8") == "milk" and broken.exists()
    code, _, err = run(capsys, "sessions", "import", str(tmp_path / "nope"),
                       "--data-dir", str(data_dir))
    assert code == 2 and "not a folder" in err


def test_backup_copies_the_database(capsys: pytest.CaptureFixture[str], answers_file: Path,
                                    data_dir: Path, tmp_path: Path) -> None:
    sid = _save(capsys, answers_file, data_dir, "a")
    target = tmp_path / "copy.sqlite3"
    code, _, err = run(capsys, "sessions", "backup", str(target), "--data-dir", str(data_dir))
    assert code == 0 and "backed up 1 sessions" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT id FROM sessions").fetchall() == [(sid,)]
    code, _, err = run(capsys, "sessions", "backup", str(target), "--data-dir", str(data_dir))
    assert code == 2 and "already exists" in err


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_an_unsafe_data_dir_is_refused_with_the_fix(capsys: pytest.CaptureFixture[str],
                                                    answers_file: Path, data_dir: Path,
                                                    mode: int) -> None:
    _save(capsys, answers_file, data_dir, "a")
    data_dir.chmod(mode)
    for argv in (("sessions", "list"), ("report",), ("sessions", "export")):
        code, out, err = run(capsys, *argv, "--data-dir", str(data_dir))
        assert code == 2 and out == "" and "Traceback" not in err
        assert f"kyodo: {data_dir}: unsafe data folder: writable by group or others" in err
        assert f"chmod 700 {data_dir}" in err
    data_dir.chmod(0o700)
    (data_dir / "db" / "sessions.sqlite3").chmod(0o666)
    code, _, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 2 and "unsafe database file" in err and "chmod 600" in err


def test_symlinks_out_of_the_data_dir_are_refused(capsys: pytest.CaptureFixture[str],
                                                  answers_file: Path, data_dir: Path,
                                                  tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    data_dir.mkdir(mode=0o700)
    (data_dir / "db").symlink_to(elsewhere)
    code, _, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 2 and "is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []
    (data_dir / "db").unlink()
    (data_dir / "db").mkdir(mode=0o700)
    (data_dir / "db" / "sessions.sqlite3").symlink_to("/dev/zero")
    code, _, err = run(capsys, "report", "--data-dir", str(data_dir))
    assert code == 2 and "is a symbolic link" in err
    (data_dir / "db" / "sessions.sqlite3").unlink()
    os.mkfifo(data_dir / "db" / "sessions.sqlite3")
    code, _, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 2 and "not a regular file" in err


def test_a_data_dir_of_another_user_is_refused(capsys: pytest.CaptureFixture[str],
                                               data_dir: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another user")
    data_dir.mkdir(mode=0o700)
    os.chown(data_dir, 65534, 65534)
    code, _, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 2 and "owned by another user" in err


def test_bad_db_urls_exit_2(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _, err = run(capsys, "sessions", "list", "--db", "mysql://x@y/z")
    assert code == 2 and "not a database URL" in err
    code, _, err = run(capsys, "report", "--db",
                       "postgresql://kyodo:secret@127.0.0.1:1/none")
    assert code == 2 and "cannot connect" in err and "secret" not in err


def test_every_command_on_both_backends(capsys: pytest.CaptureFixture[str], answers_file: Path,
                                        db_url: str | None, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A coordinator's save, list, show, export and report work the same on each."""
    d = str(tmp_path / "centre")
    db = ["--db", db_url] if db_url else []
    for i in range(5):
        code, _, err = run(capsys, "assess", "--answers", str(answers_file), "--save",
                           "--name", f"会{i}", "--data-dir", d, *db)
        assert code == 0, err
    monkeypatch.delenv("KYODO_DB", raising=False)  # main() set it for its own process
    code, out, _ = run(capsys, "sessions", "list", "--json", "--data-dir", d, *db)
    items = json.loads(out)
    assert sorted(i["label"] for i in items) == [f"会{i}" for i in range(5)]
    code, out, _ = run(capsys, "sessions", "show", items[0]["id"], "--data-dir", d, *db)
    assert code == 0 and out.startswith(f"# {items[0]['label']}\n")
    code, out, _ = run(capsys, "sessions", "export", "--format", "csv", "--data-dir", d, *db)
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5
    _next_month(monkeypatch)  # reports cover complete months only
    code, out, _ = run(capsys, "report", "--format", "json", "--data-dir", d, *db)
    data = json.loads(out)
    assert data["total"] == 5
    assert next(c for c in data["support"]["choices"] if c["key"] == "money")["count"] == 5
    if db_url:  # a second centre with its own data dir reports on the same sessions
        code, out, _ = run(capsys, "report", "--format", "json", "--data-dir",
                           str(tmp_path / "other centre"), *db)
        assert json.loads(out)["total"] == 5
        assert not (tmp_path / "centre" / "db").exists()


def _next_month(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make "today" next month, so this month (when the tests saved) is complete."""
    import datetime as dt

    from kyodo_tui.cli import report_cmd

    now = dt.date.today()
    later = dt.date(now.year + (now.month == 12), now.month % 12 + 1, 1)

    class _Date(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return later

    monkeypatch.setattr(report_cmd, "date", _Date)


def test_report_md_and_json(capsys: pytest.CaptureFixture[str], answers_file: Path,
                            data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        _save(capsys, answers_file, data_dir, f"会{i}")
    _next_month(monkeypatch)
    code, out, _ = run(capsys, "report", "--data-dir", str(data_dir))
    assert code == 0 and out.startswith("# 協働のまちづくり 利用のまとめ")
    assert "| 自治会・町内会・PTA | 5 | 100% |" in out
    assert "会0" not in out and "川の清掃" not in out
    code, out, _ = run(capsys, "report", "--format", "json", "--lang", "en",
                       "--data-dir", str(data_dir))
    data = json.loads(out)
    assert data["total"] == 5 and data["support"]["question"] == "want"
    money = next(c for c in data["support"]["choices"] if c["key"] == "money")
    assert money["count"] == 5 and money["label"] == "Money (a grant or subsidy)"
    code, out, err = run(capsys, "report", "--format", "json", "--min-count", "6",
                         "--data-dir", str(data_dir))
    assert code == 2 and "at least 6 sessions" in err


def test_data_dir_from_the_environment(capsys: pytest.CaptureFixture[str],
                                       answers_file: Path) -> None:
    code, _, err = run(capsys, "assess", "--answers", str(answers_file), "--save")
    assert code == 0
    sid = err.strip().removeprefix("kyodo: saved ")
    assert (Path(os.environ["KYODO_DATA_DIR"]) / "db" / "sessions.sqlite3").is_file()
    code, out, _ = run(capsys, "sessions", "list")
    assert sid in out


def test_headless_commands_never_import_textual(tmp_path: Path, answers_file: Path) -> None:
    code = f"""
import sys
from kyodo_tui.cli import main
d = {str(tmp_path / 'd')!r}
assert main(["assess", "--answers", {str(answers_file)!r}, "--save", "--data-dir", d]) == 0
assert main(["sessions", "list", "--data-dir", d]) == 0
assert main(["sessions", "export", "--format", "md", "--data-dir", d]) == 0
assert main(["report", "--data-dir", d, "--format", "json"]) == 2  # this month: not over
import kyodo_tui.core.storage, kyodo_tui.core.report, kyodo_tui.core.export
assert "textual" not in sys.modules, "a headless command imported Textual"
assert "psycopg" not in sys.modules, "SQLite commands imported the PostgreSQL driver"
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            timeout=120, env={**os.environ, "KYODO_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_start_up_pays_for_no_database_driver(tmp_path: Path) -> None:
    code = """
import sys
from kyodo_tui.cli import main
assert main(["catalog", "check"]) == 0
assert main(["match", "seisou", "--limit", "1"]) == 0
import kyodo_tui.core.storage, kyodo_tui.core.report, kyodo_tui.core.intake
for name in ("sqlite3", "_sqlite3", "psycopg", "textual"):
    assert name not in sys.modules, name
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, timeout=120,
                            env={**os.environ, "KYODO_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_the_installed_command_end_to_end(tmp_path: Path, answers_file: Path) -> None:
    kyodo = Path(sys.executable).with_name("kyodo")
    if not kyodo.exists():
        pytest.skip("the kyodo script is not installed next to this Python")
    d = str(tmp_path / "d")
    saved = subprocess.run([str(kyodo), "assess", "--answers", str(answers_file), "--save",
                            "--name", "e2e", "--data-dir", d], capture_output=True, text=True, check=False)
    assert saved.returncode == 0, saved.stderr
    listed = subprocess.run([str(kyodo), "sessions", "list", "--json", "--data-dir", d],
                            capture_output=True, text=True, check=False)
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["label"] == "e2e"
    bad = subprocess.run([str(kyodo), "sessions", "list", "--since", "nope", "--data-dir", d],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr

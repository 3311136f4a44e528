"""``kyodo assess --save``, ``kyodo sessions list|show|export`` and ``kyodo report`` end to end."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
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
    assert (data_dir / f"{sid}.toml").is_file()

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
                       ("md", lambda t: "## 川の会" in t)):
        code, out, _ = run(capsys, "sessions", "export", "--format", fmt,
                           "--data-dir", str(data_dir))
        assert code == 0 and check(out)


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
    code, _, err = run(capsys, "report", "--min-count", "0", "--data-dir", str(data_dir))
    assert code == 2 and "--min-count" in err


def test_foreign_files_are_warnings_not_failures(capsys: pytest.CaptureFixture[str],
                                                 answers_file: Path, data_dir: Path) -> None:
    sid = _save(capsys, answers_file, data_dir, "ok")
    (data_dir / "todo.txt").write_text("milk", "utf-8")
    broken = data_dir / "20250101-000000-0000abcd.toml"
    broken.write_text("schema_version = 1\nid = [\n", "utf-8")
    code, out, err = run(capsys, "sessions", "list", "--data-dir", str(data_dir))
    assert code == 0 and sid in out
    assert f"kyodo: warning: {data_dir / 'todo.txt'}: not a kyodo_tui session file" in err
    assert f"kyodo: warning: {broken}:" in err
    code, out, err = run(capsys, "report", "--data-dir", str(data_dir))
    assert code == 0 and "warning" in err
    assert (data_dir / "todo.txt").read_text("utf-8") == "milk" and broken.exists()


def test_report_md_and_json(capsys: pytest.CaptureFixture[str], answers_file: Path,
                            data_dir: Path) -> None:
    for i in range(5):
        _save(capsys, answers_file, data_dir, f"会{i}")
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
    code, out, _ = run(capsys, "report", "--format", "json", "--min-count", "6",
                       "--data-dir", str(data_dir))
    actors = {c["key"]: c for c in json.loads(out)["actors"]}
    assert actors["association"]["suppressed"] is True


def test_data_dir_from_the_environment(capsys: pytest.CaptureFixture[str],
                                       answers_file: Path) -> None:
    code, _, err = run(capsys, "assess", "--answers", str(answers_file), "--save")
    assert code == 0
    sid = err.strip().removeprefix("kyodo: saved ")
    assert (Path(os.environ["KYODO_DATA_DIR"]) / f"{sid}.toml").is_file()
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
assert main(["report", "--data-dir", d, "--format", "json"]) == 0
import kyodo_tui.core.storage, kyodo_tui.core.report, kyodo_tui.core.export
assert "textual" not in sys.modules, "a headless command imported Textual"
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            timeout=120, env={**os.environ, "KYODO_DATA_DIR": str(tmp_path)})
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

"""``kyodo officer …`` end to end: each step of issue 16 from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.storage import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def pair(store: Store) -> tuple[str, str]:
    a = store.save(store.new_session(mode="intake", kind="group", label="川の会",
                                     answers={"goal_text": "川辺を子どもの遊び場にしたい"}))
    b = store.save(store.new_session(mode="intake", kind="group", label="環境課"))
    citizen, government = store.link_pair(a, b)
    return citizen.id, government.id


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


VIEWPOINTS = """\
project = "川辺の遊び場づくり"
purpose = "子どもが安全に川で遊べるようにする"
lead = "both"
traits = ["flexibility", "pioneering"]
forms = ["kyosai"]

[answers]
needs = "yes"
traits = "yes"
efficiency = "partly"
form = "yes"
partner = "yes"
"""


def test_viewpoints_prints_verdict_regions_forms_and_cites(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "vp.toml", VIEWPOINTS)
    code, out, err = run(capsys, "officer", "viewpoints", "--answers", str(path))
    assert code == 0, err
    assert "結果: 協働で進めるのがふさわしい" in out
    assert "C: 主導するのが双方が対等に（協力）なので領域Cです。" in out
    assert "共催（検討中） [kyosai; C]" in out
    assert "004_1ae8934df4fb64d0.txt:385-410" in out
    code, out, _ = run(capsys, "officer", "viewpoints", "--answers", str(path), "--json",
                       "--lang", "en")
    data = json.loads(out)
    assert data["result"]["verdict"] == "fits" and data["result"]["regions"] == ["C"]
    assert data["result"]["forms"][0] == "kyosai"


def test_viewpoints_saved_on_the_record_and_shown_again(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store,
        pair: tuple[str, str]) -> None:
    path = _write(tmp_path, "vp.toml", VIEWPOINTS)
    gov = pair[1]
    code, out, err = run(capsys, "officer", "viewpoints", "--answers", str(path),
                         "--session", gov, "--data-dir", str(store.root))
    assert code == 0, err
    assert f"保存しました: {gov}" in out
    saved = store.load(gov)
    assert saved.revision == 3          # created, paired, then the viewpoints
    assert rec.officer_data(saved).viewpoints.project == "川辺の遊び場づくり"
    code, out2, _ = run(capsys, "officer", "viewpoints", "--session", gov,
                        "--data-dir", str(store.root))
    assert code == 0 and "川辺の遊び場づくり" in out2 and "保存しました" not in out2


def test_bad_answers_exit_2_with_path_line_and_nothing_saved(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store,
        pair: tuple[str, str]) -> None:
    path = _write(tmp_path, "vp.toml", '[answers]\nneeds = "yes"\nefficency = "no"\n')
    before = store.load(pair[1])
    code, out, err = run(capsys, "officer", "viewpoints", "--answers", str(path),
                         "--session", pair[1], "--data-dir", str(store.root))
    assert code == 2 and out == ""
    assert f"kyodo: {path}:3: answers.efficency: unknown item (did you mean 'efficiency'?)" \
        in err
    assert store.load(pair[1]).revision == before.revision


def test_partner_checklists_side_by_side(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         store: Store, pair: tuple[str, str]) -> None:
    citizen, gov = pair
    g = _write(tmp_path, "g.toml", 'name = "川の会"\n[answers]\nfinance = "partly"\n'
                                   'open = "yes"\n[notes]\nfinance = "決算書を見たい"\n')
    c = _write(tmp_path, "c.toml", '[answers]\nfinance = "yes"\n')
    code, _, err = run(capsys, "officer", "partner", "--answers", str(g), "--session", gov,
                       "--data-dir", str(store.root))
    assert code == 0, err
    code, out, err = run(capsys, "officer", "partner", "--answers", str(c), "--session",
                         citizen, "--data-dir", str(store.root))
    assert code == 0, err
    assert "パートナーの選定: 川の会" in out
    assert "財務状況: 一部 / はい  *" in out
    assert "選定基準と結果の公開: はい / （行政のみ）" in out
    code, out, _ = run(capsys, "officer", "partner", "--session", gov, "--json",
                       "--data-dir", str(store.root))
    rows = {r["id"]: r for r in json.loads(out)["rows"]}
    assert rows["finance"]["differ"] is True and rows["open"]["citizen"] is None


def test_agreement_outline_written_once_never_overwritten(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store,
        pair: tuple[str, str]) -> None:
    path = _write(tmp_path, "vp.toml", VIEWPOINTS)
    run(capsys, "officer", "viewpoints", "--answers", str(path), "--session", pair[1],
        "--data-dir", str(store.root))
    out_md = tmp_path / "kyotei.md"
    code, _, err = run(capsys, "officer", "agreement", "--session", pair[0], "-o",
                       str(out_md), "--data-dir", str(store.root))
    assert code == 0, err
    text = out_md.read_text("utf-8")
    assert text.startswith("# 協定書の骨子（案）: 川辺の遊び場づくり")
    assert "川辺を子どもの遊び場にしたい" in text and "## 5. 個人情報の取り扱い" in text
    code, _, err = run(capsys, "officer", "agreement", "--session", pair[0], "-o",
                       str(out_md), "--data-dir", str(store.root))
    assert code == 2 and f"kyodo: {out_md}: " in err and "not overwritten" in err
    assert out_md.read_text("utf-8") == text


def test_agreement_needs_a_two_party_session(capsys: pytest.CaptureFixture[str],
                                             store: Store) -> None:
    alone = store.save(store.new_session(label="ひとり"))
    code, out, err = run(capsys, "officer", "agreement", "--session", alone.id,
                         "--data-dir", str(store.root))
    assert code == 2 and "not a two-party session" in err and out == ""


def test_evaluate_both_sides_and_history(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         store: Store, pair: tuple[str, str]) -> None:
    citizen, gov = pair
    first = _write(tmp_path, "e1.toml", '[answers]\ngoal = "partly"\nsynergy = "no"\n'
                                        '[principles]\nequality = "partly"\n')
    second = _write(tmp_path, "e2.toml", '[answers]\ngoal = "yes"\nsynergy = "partly"\n'
                                         'voice = "yes"\n[principles]\nequality = "yes"\n')
    mine = _write(tmp_path, "c.toml", '[answers]\ngoal = "yes"\nsynergy = "yes"\n')
    for file, sid in ((first, gov), (mine, citizen), (second, gov)):
        code, _, err = run(capsys, "officer", "evaluate", "--answers", str(file), "--session",
                           sid, "--data-dir", str(store.root), "--lang", "en")
        assert code == 0, err
    code, out, _ = run(capsys, "officer", "evaluate", "--session", citizen, "--lang", "en",
                       "--data-dir", str(store.root))
    assert "Synergy: partly / yes  *" in out
    assert "Purpose reached: partly > yes +" in out
    assert "Equal partnership: partly > yes +" in out
    assert len(rec.officer_data(store.load(gov)).evaluations) == 2


def test_evaluate_unknown_session_exit_2(capsys: pytest.CaptureFixture[str],
                                         store: Store) -> None:
    code, _, err = run(capsys, "officer", "evaluate", "--session", "20990101-000000-deadbeef",
                       "--data-dir", str(store.root))
    assert code == 2 and err.startswith("kyodo: ")


@pytest.mark.parametrize("step", ["viewpoints", "partner", "self", "evaluate"])
def test_template_is_a_valid_answers_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          step: str, store: Store,
                                          pair: tuple[str, str]) -> None:
    code, out, _ = run(capsys, "officer", "template", step)
    assert code == 0
    path = _write(tmp_path, f"{step}.toml", out)
    if step == "viewpoints":
        args = ["officer", "viewpoints", "--answers", str(path)]
    else:
        command = "evaluate" if step == "evaluate" else "partner"
        sid = pair[0] if step == "self" else pair[1]
        args = ["officer", command, "--answers", str(path), "--session", sid,
                "--data-dir", str(store.root)]
    code, _, err = run(capsys, *args)
    assert code == 0, err


def test_officer_commands_are_headless_in_a_subprocess(tmp_path: Path) -> None:
    path = _write(tmp_path, "vp.toml", VIEWPOINTS)
    evaluation = _write(tmp_path, "ev.toml", '[answers]\ngoal = "yes"\n')
    check = _write(tmp_path, "pt.toml", '[answers]\nfinance = "yes"\n')
    data = str(tmp_path / "data")
    code = (
        "import sys\n"
        "from kyodo_tui.cli import main\n"
        "from kyodo_tui.core.storage import Store\n"
        f"store = Store({data!r})\n"
        "a = store.save(store.new_session(label='a'))\n"
        "b = store.save(store.new_session(label='b'))\n"
        "c, g = store.link_pair(a, b)\n"
        f"d = {data!r}\n"
        f"assert main(['officer', 'viewpoints', '--answers', {str(path)!r}, '--lang', 'en',"
        " '--session', g.id, '--data-dir', d]) == 0\n"
        f"assert main(['officer', 'partner', '--answers', {str(check)!r}, '--session', c.id,"
        " '--data-dir', d]) == 0\n"
        f"assert main(['officer', 'evaluate', '--answers', {str(evaluation)!r}, '--session',"
        " g.id, '--data-dir', d]) == 0\n"
        "assert main(['officer', 'agreement', '--session', g.id, '--data-dir', d]) == 0\n"
        "assert main(['officer', 'template', 'evaluate']) == 0\n"
        "assert 'textual' not in sys.modules, 'a headless command imported Textual'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, env=dict(os.environ), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Result: Collaboration fits this project" in proc.stdout
    assert "## 6. 評価" in proc.stdout


def test_kyodo_script_exit_code_2_on_bad_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "vp.toml", "lead = [\n")
    proc = subprocess.run([sys.executable, "-m", "kyodo_tui", "officer", "viewpoints",
                           "--answers", str(path)], capture_output=True, text=True, check=False,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kyodo: {path}:")
    assert "Traceback" not in proc.stderr

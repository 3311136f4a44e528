"""``kyodo questions`` and ``kyodo assess`` end to end, on the built-in catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.cli.assess_cmd import spectrum
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.placement import letter_of, place, prune_hidden

DATA = Path(__file__).parent / "data" / "answers"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------ questions


def test_questions_json_lists_the_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "--json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == 1 and data["lang"] == "en"
    ids = [q["id"] for q in data["questions"]]
    assert {"who", "fields", "now_text", "lead"} <= set(ids)
    assert 10 <= len(ids) <= 15
    orders = [q["order"] for q in data["questions"]]
    assert orders == sorted(orders)
    who = data["questions"][0]
    assert who["id"] == "who" and who["kind"] == "single"
    assert "government" in [c["id"] for c in who["choices"]]
    size = next(q for q in data["questions"] if q["id"] == "group_size")
    assert size["show_if"] == {"question": "who", "any_of": ["association", "group", "business"]}
    text = next(q for q in data["questions"] if q["id"] == "now_text")
    assert text["kind"] == "text" and text["choices"] == [] and text["match"] is True


def test_questions_human_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions")
    assert code == 0 and "どの立場で答えますか。" in out and "表示条件: who =" in out
    code, out, _ = run(capsys, "questions", "--lang", "en")
    assert "In what role are you answering?" in out and "shown when: who =" in out


# ------------------------------------------------------------ assess


def test_assess_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", "--answers", str(DATA / "river-association.toml"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("協働の領域: B")
    assert "  A         B         C         D         E" in lines
    assert any(line.startswith("  |") and "*" in line for line in lines)
    for heading in ("自助・共助・公助:", "位置を決めた回答（外した場合と比べて）:", "もしも:",
                    "合う協働の形:",
                    "選ばれなかった形:", "あなたの役割 (", "協働の原則チェックリスト",
                    "次の一歩:", "活動の例:"):
        assert any(line.startswith(heading) for line in lines), heading
    assert "後援" in out and "補助・助成" in out
    assert "効果:" in out and "留意点:" in out and "責任:" in out
    assert "[!]" in out and "[ ]" in out


def test_assess_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "river-association.toml"),
                       "--lang", "en")
    assert code == 0
    assert out.startswith("Region of collaboration: B")
    assert "Forms of collaboration that fit:" in out and "Principles checklist" in out
    # nothing Japanese leaks into the English headings
    for heading in [ln for ln in out.splitlines() if ln.endswith(":")]:
        assert not any("\u3040" <= ch <= "\u30ff" for ch in heading), heading


def test_assess_json_structure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "river-association.toml"),
                       "--json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == 1 and data["lang"] == "en"
    assert set(data) >= {"answers", "counts", "placement", "forms", "why_not", "roles",
                         "principles", "next_step", "activities", "query", "notes"}
    p = data["placement"]
    assert p["placed"] is True and p["letter"] == "B"
    assert p["letter"] == letter_of(p["position"])
    assert p["low"] <= p["position"] <= p["high"]
    assert sum(p["triad"].values()) == pytest.approx(1.0, abs=1e-3)
    # contributions are measured from the result (leave one out), in plain words
    for c in p["contributions"]:
        assert c["shift"] == pytest.approx(c["loo_shift"] or 0.0, abs=1e-4)
        assert c["letters"] and c["effect"]["code"].startswith("effect.")
    assert {c["question"] for c in p["contributions"]} == {"lead", "now", "want"}
    assert p["to_place"] == [] and p["participation"] is None
    assert p["what_if"]["letter"] != "B" and p["what_if"]["reason"]["text"]
    assert data["counts"] == {"answered": 13, "unknown": 0, "skipped": 1}
    forms = [f["id"] for f in data["forms"]]
    assert forms[:2] == ["koen", "hojo"] or forms[:2] == ["hojo", "koen"]
    assert data["forms"][0]["effect"] and data["forms"][0]["reasons"][0]["code"]
    assert all("effect" not in f for f in data["why_not"])
    assert [r["actor"] for r in data["roles"]] == ["association"]
    assert data["principles"][0]["at_stake"] is True
    assert data["next_step"]["current"] == "do-run"
    assert data["next_step"]["step"] == "eval-assess"
    assert data["query"] == "川の清掃を毎年しています"


def test_assess_json_matches_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = load_catalog(include_user=False)
    from kyodo_tui.core.answers import load_answers

    answers = load_answers(DATA / "officer.toml", catalog)
    placement = place(catalog, answers)
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "officer.toml"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["placement"]["position"] == pytest.approx(placement.position, abs=1e-4)
    assert data["placement"]["letter"] == placement.letter == "C"
    assert data["roles"][0]["actor"] == "government"
    w = placement.what_if
    assert w is not None
    changed = prune_hidden(catalog, w.apply(answers))
    assert place(catalog, changed).letter == data["placement"]["what_if"]["letter"]


def test_format_doc_example_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "format-doc-example.toml"),
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert data["answers"]["lead"] == "unknown" and data["counts"]["unknown"] == 1


def test_assess_nothing_placed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "nothing.toml"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["placement"]["placed"] is False
    assert data["placement"]["position"] is None and data["placement"]["letter"] is None
    assert data["placement"]["what_if"] is None
    assert data["next_step"]["step"] == "plan-issue" and data["next_step"]["current"] is None
    code, out, _ = run(capsys, "assess", "--answers", str(DATA / "nothing.toml"))
    assert "協働の領域: まだ位置は決まっていません" in out and "*" not in out.splitlines()[3]


@pytest.mark.parametrize(("name", "line", "words"), [
    ("hidden-answer.toml", 3, "group_size: this question is not asked"),
    ("mini-syntax.toml", 2, "TOML syntax error"),
    ("mini-bytes.toml", 2, "not UTF-8"),
])
def test_bad_answers_file_exits_2(capsys: pytest.CaptureFixture[str], name: str, line: int,
                                  words: str) -> None:
    code, out, err = run(capsys, "assess", "--answers", str(DATA / name))
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"kyodo: {DATA / name}:{line}: ") and words in first


def test_unknown_choice_names_the_choices(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    f = tmp_path / "a.toml"
    f.write_text('who = "mayor"\n', encoding="utf-8")
    code, _, err = run(capsys, "assess", "--answers", str(f))
    assert code == 2
    assert err.strip() == (f"kyodo: {f}:1: who: unknown choice 'mayor'; choices: resident, "
                           "volunteer, association, group, business, government")


def test_missing_answers_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "assess", "--answers", str(tmp_path / "nope.toml"))
    assert code == 2 and "cannot read the file" in err


def test_extra_catalog_layer_overrides_a_question(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    layer = tmp_path / "local"
    layer.mkdir()
    (layer / "q.toml").write_text(
        '[[question]]\nid = "lead"\nprompt = { ja = "だれが主役？", en = "Who leads?" }\n',
        encoding="utf-8")
    code, out, _ = run(capsys, "--catalog", str(layer), "questions", "--json", "--lang", "en")
    assert code == 0
    lead = next(q for q in json.loads(out)["questions"] if q["id"] == "lead")
    assert lead["prompt"] == "Who leads?" and len(lead["choices"]) == 5
    code, out, _ = run(capsys, "assess", "--catalog", str(layer), "--answers",
                       str(DATA / "river-association.toml"), "--lang", "en")
    assert code == 0 and '"Who leads?"' in out


def test_spectrum_drawing() -> None:
    catalog = load_catalog(include_user=False)
    p = place(catalog, {"lead": "together"})
    head, line = spectrum(p)
    assert head == "  A         B         C         D         E"
    assert line[2 + 20] == "*"  # C sits under C
    assert line.count("[") == 1 and line.count("]") == 1
    assert line.index("[") < line.index("*") < line.index("]")


def test_assess_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from kyodo_tui.cli import main\n"
        f"rc = main(['assess', '--answers', {str(DATA / 'officer.toml')!r}, '--json'])\n"
        "rc2 = main(['questions'])\n"
        "assert rc == 0 and rc2 == 0\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "import kyodo_tui.core.recommend, kyodo_tui.core.answers\n"
        "assert 'textual' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_kyodo_command_end_to_end(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("kyodo")
    if not exe.exists():
        pytest.skip("kyodo script not installed next to this python")
    result = subprocess.run([str(exe), "assess", "--answers",
                             str(DATA / "river-association.toml"), "--json"],
                            check=False, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["placement"]["letter"] == "B"


def test_save_hands_the_session_to_storage(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    import types

    calls: list[dict[str, object]] = []

    class Saved:
        def __str__(self) -> str:
            return "20260501-abc"

    def save_session(answers: object, **kw: object) -> Saved:
        calls.append({"answers": answers, **kw})
        return Saved()

    fake = types.ModuleType("kyodo_tui.core.storage")
    fake.save_session = save_session  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kyodo_tui.core.storage", fake)
    code, out, err = run(capsys, "assess", "--answers", str(DATA / "officer.toml"), "--save",
                         "--name", "窓口テスト", "--data-dir", str(tmp_path), "--lang", "en")
    assert code == 0 and "Region of collaboration: C" in out
    assert err.strip() == "kyodo: saved 20260501-abc"
    (call,) = calls
    assert call["answers"] == {"who": "government", "officer_need": ["cohost", "opinions"],
                               "lead": "together", "reach": "whole-town",
                               "carry": "new-public", "stage": "partner"}
    assert call["name"] == "窓口テスト" and call["data_dir"] == tmp_path
    assert call["lang"] == "en"
    assert getattr(call["placement"], "letter", None) == "C"
    assert call["recommendations"] is not None


def test_assess_unplaced_names_the_question_that_would_place(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = tmp_path / "who.toml"
    answers.write_text('who = "business"\n', encoding="utf-8")
    code, out, _ = run(capsys, "assess", "--answers", str(answers), "--json", "--lang", "en")
    assert code == 0
    p = json.loads(out)["placement"]
    assert p["placed"] is False and p["letter"] is None and p["position"] is None
    assert p["to_place"][0] == "lead" and p["to_place_prompts"][0] == "Who should lead this work?"
    assert p["summary"].startswith("Not placed yet.") and "Who should lead" in p["summary"]
    assert p["triad_placed"] is False
    assert json.loads(out)["forms"] == []
    code, out, _ = run(capsys, "assess", "--answers", str(answers))
    assert "まだ位置は決まっていません" in out
    assert "「この取り組みは、だれが中心になって進めるのがよいと思いますか。」に答えると" in out

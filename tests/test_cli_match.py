"""`kyodo match`: human output, --json, JSON Lines from stdin, --limit, --catalog, no Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.cli import main


def kyodo(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kyodo_tui ARGS`` in a subprocess (same env as the test)."""
    return subprocess.run([sys.executable, "-m", "kyodo_tui", *args], input=stdin,
                          check=False, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=60)


def test_human_output_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "清掃", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(" 1.") and "清掃" in lines[0]
    assert "タイトル「清掃」に一致" in out
    assert sum(1 for line in lines if line[:3].strip().rstrip(".").isdigit()) == 3


def test_human_output_english_romaji(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "josetsu", "--lang", "en", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert "Snow clearing" in first and "[l000-mutual-aid-snow-clearing]" in first
    assert "じょせつ" in out and "keyword" in out


def test_human_output_marks_weak_and_empty(capsys: pytest.CaptureFixture[str]) -> None:
    # josetsu is 除雪; 助成 (じょせい) shares only a fragment: shown, but weak
    assert main(["match", "josetsu", "--lang", "en", "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "(weak match)" not in out[0] and "[l000-mutual-aid-snow-clearing]" in out[0]
    assert "(weak match)" in "\n".join(out[1:])
    # nonsense says there is no match (issue 10: it listed "weak" matches)
    assert main(["match", "xyzzy", "--lang", "en", "--limit", "2"]) == 0
    assert capsys.readouterr().out.strip() == "no matching activities"
    assert main(["match", "ぬぬぬぬ"]) == 0
    assert capsys.readouterr().out.strip() == "該当する活動は見つかりませんでした"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "bosai", "--json", "--limit", "2", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["query"] == "bosai"
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert set(first) == {"id", "title", "score", "weak", "fields", "regions", "why"}
    assert set(first["title"]) == {"ja", "en"}
    assert "disaster-prevention" in first["fields"] or "safety" in first["fields"]
    assert first["why"] and all(isinstance(w, str) for w in first["why"])
    assert 0 <= first["score"] <= 100
    assert "ぼうさい" in out  # ensure_ascii=False: Japanese stays readable


def test_limit_below_one_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "清掃", "--limit", "0"]) == 2
    err = capsys.readouterr().err
    assert "--limit" in err and "at least 1" in err


@pytest.mark.parametrize("query", ["", "   "])
def test_blank_query_is_bad_input(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", query]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "QUERY" in captured.err and "empty" in captured.err
    assert "Traceback" not in captured.err


def test_stdin_json_lines_end_to_end() -> None:
    proc = kyodo("match", "-", "--limit", "2", "--lang", "en",
                 stdin="除雪\nriver\n\nseisou\n")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 4
    rows = [json.loads(line) for line in lines]
    assert [r["query"] for r in rows] == ["除雪", "river", "", "seisou"]
    assert rows[0]["results"][0]["id"] == "l000-mutual-aid-snow-clearing"
    assert rows[0]["results"][0]["title"]["ja"] == "たすけあいチームの除雪"
    assert rows[0]["results"][0]["why"] == ['title matches "除雪"']
    assert rows[2]["results"] == []
    assert all(len(r["results"]) <= 2 for r in rows)
    assert "除雪" in lines[0]  # not \\u escapes


def test_stdin_why_follows_lang() -> None:
    proc = kyodo("match", "-", "--limit", "1", stdin="清掃\n")
    row = json.loads(proc.stdout)
    assert row["results"][0]["why"] == ["タイトル「清掃」に一致"]


def test_catalog_layer_adds_an_activity(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "local.toml").write_text('''
[[activity]]
id = "x-town-snow-sculpture"
title = { ja = "雪像づくり", en = "Snow sculptures" }
reading = "せつぞうづくり"
keywords = { ja = ["雪像", "雪まつり"], en = ["snow sculpture", "snow festival"] }
description = { ja = "雪像をつくる。", en = "Making snow sculptures." }
fields = ["culture-sports"]
regions = ["A"]
triad = { self = 0.4, mutual = 0.5, public = 0.1 }
actors = ["resident"]
forms = []
source = "town leaflet"
''', encoding="utf-8")
    assert main(["match", "setsuzou", "--catalog", str(tmp_path), "--limit", "1"]) == 0
    assert "雪像づくり" in capsys.readouterr().out
    assert main(["--catalog", str(tmp_path), "match", "雪まつり", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["id"] == "x-town-snow-sculpture"


def test_bad_catalog_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.toml").write_text("[[activity]]\nid = 3\n", encoding="utf-8")
    assert main(["match", "清掃", "--catalog", str(tmp_path)]) == 2
    assert "broken.toml" in capsys.readouterr().err


def test_match_never_imports_textual() -> None:
    code = ("import sys; from kyodo_tui.cli import main; rc = main(['match', '清掃']); "
            "assert rc == 0; assert 'textual' not in sys.modules, 'textual imported'")
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr

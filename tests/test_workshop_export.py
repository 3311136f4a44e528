"""The workshop's pictures as text, the Markdown export and `kyodo workshop show|export`."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.workshop import (
    Group,
    Workshop,
    add_comparison,
    add_group,
    add_note,
    add_participant,
    cell_width,
    export_markdown,
    groups_strip_lines,
    histogram_lines,
    picture,
    save_workshop,
    set_count,
    show_text,
    strip_lines,
    triad_lines,
)

JST = timezone(timedelta(hours=9))
SECRET = "山田さんの家の前の川"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def sample(catalog: Catalog) -> Workshop:
    from kyodo_tui.core.workshop import new_workshop

    ws = new_workshop("みらいまちづくり会議", created=datetime(2025, 5, 1, 14, 0, tzinfo=JST))
    ws = add_group(add_group(ws, "before", "話し合いの前"), "after", "話し合いの後")
    for qid, cid, n in [("who", "resident", 6), ("who", "government", 2),
                        ("lead", "we-alone", 3), ("lead", "municipality-alone", 3),
                        ("lead", "unknown", 2), ("reach", "neighbours", 4),
                        ("reach", "too-big", 4)]:
        ws = set_count(catalog, ws, "before", qid, cid, n)
    for answers in ({"who": "resident", "lead": "together", "now_text": SECRET},
                    {"who": "resident", "lead": "we-supported"},
                    {"who": "government", "lead": "together"}):
        ws = add_participant(catalog, ws, "after", answers)
    ws = add_note(catalog, ws, "before", "lead", "行政に任せたいという声")
    return add_comparison(ws, "before", "after")


def code_blocks(markdown: str) -> list[str]:
    return re.findall(r"```text\n(.*?)```", markdown, flags=re.DOTALL)


# ------------------------------------------------------------ pictures


def test_strip_puts_dots_and_the_centre_in_the_right_columns(catalog: Catalog) -> None:
    group = Group("g", "G", ({"lead": "we-alone"}, {"lead": "we-alone"},
                             {"lead": "municipality-alone"}))
    pic = picture(catalog, group)
    lines = strip_lines(pic, "en")
    letters, ruler, dots, centre = lines[0], lines[1], lines[2], lines[3]
    offset = letters.index("A")
    assert letters[offset:] == "A         B         C         D         E"
    assert ruler[offset:] == "|----+----|----+----|----+----|----+----|"
    # two people at A (column 0) and one at E (column 40)
    assert dots[offset] == "2" and dots[offset + 40] == "o"
    # centre 4/3 → column round(4/3 × 10) = 13
    assert centre[offset + 13] == "^"
    assert centre[offset] == "[" and centre.rstrip().endswith("]")
    assert "o = one person" in lines[-1]


def test_histogram_and_triad_bars(catalog: Catalog) -> None:
    # the triad comes from reach and carry (000, 003), so each participant answers carry
    group = Group("g", "G", ({"lead": "we-alone", "carry": "myself"},
                             {"lead": "we-alone", "carry": "each-other"},
                             {"lead": "together", "carry": "new-public"},
                             {"lead": "municipality-alone", "carry": "municipality"}))
    pic = picture(catalog, group)
    hist = histogram_lines(pic, "ja")
    assert hist[0] == "A |########################|   2   50%"
    assert hist[2] == "C |############............|   1   25%"
    assert hist[1] == "B |........................|   0    0%"
    assert hist[-1] == "(人数)"
    tally = picture(catalog, Group("t", "T", (), {"lead": {"we-alone": 1, "together": 3}}))
    hist = histogram_lines(tally, "en")
    assert hist[2] == "C |########################|  75%"
    assert hist[0] == "A |########................|  25%"
    bars = triad_lines(pic.triad, pic.triad_spread, "ja")
    assert [b.split("|")[0] for b in bars] == ["自助 ", "共助 ", "公助 "]
    assert all(b.count("|") == 2 for b in bars)
    en = triad_lines(pic.triad, None, "en")
    # labels padded to one width, so the bars line up
    assert len({b.index("|") for b in en}) == 1
    assert triad_lines(None, None, "en") == []


def test_group_rows_line_up_with_wide_labels() -> None:
    lines = groups_strip_lines([("テーブル1", 1.0, 0.5), ("table 2", 3.0, 0.0),
                                ("空", None, None)])
    starts = [cell_width(line[:line.index("[")]) for line in lines[2:3]]
    assert starts == [cell_width("テーブル1 ") + 5]  # 1.0 − 0.5 → column 5
    caret = [cell_width(line[:line.index("^")]) for line in lines[2:4]]
    width = cell_width("テーブル1 ")
    assert caret == [width + 10, width + 30]
    assert lines[4].strip() == "空"


# ------------------------------------------------------------ markdown


def test_markdown_has_the_pictures_and_no_names_or_free_text(catalog: Catalog) -> None:
    md = export_markdown(sample(catalog), catalog, "ja")
    assert md.startswith("# みらいまちづくり会議\n")
    assert "参加者の名前は記録していません。" in md
    for heading in ("## グループごとの位置", "## 全体", "## 話し合いの前", "## 話し合いの後",
                    "### A〜E（協働の領域）", "### 分布", "### 自助・共助・公助",
                    "### 意見が分かれた質問", "### 話し合いのきっかけ",
                    "## 比較: 話し合いの前 -> 話し合いの後"):
        assert heading in md
    # histogram lines, the A–E ruler and the centre line
    assert re.search(r"^A \|[#.]{24}\| +\d+%$", md, flags=re.MULTILINE)
    assert re.search(r"^A \|[#.]{24}\| +\d+ +\d+%$", md, flags=re.MULTILINE)  # the dots' one
    assert "|----+----|----+----|----+----|----+----|" in md
    assert "中心 " in md and "ばらつき +/-" in md
    # discussion prompts from the catalog
    assert "**関わる原則**" in md and "**合いそうな協働の形**" in md
    # free text and notes are left out by default
    assert SECRET not in md and "行政に任せたいという声" not in md
    assert "自由記述は含めていません。" in md
    # comparison table: one row per group and the change
    assert re.search(r"^\| 差 \| [+-]\d+ \| ", md, flags=re.MULTILINE)


def test_free_text_only_when_asked(catalog: Catalog) -> None:
    md = export_markdown(sample(catalog), catalog, "en", include_notes=True)
    assert SECRET in md and "行政に任せたいという声" in md
    assert "### Free text" in md and "Free-text answers and notes are included." in md


def test_markdown_in_english(catalog: Catalog) -> None:
    md = export_markdown(sample(catalog), catalog, "en")
    assert "## Whole room" in md and "### Where the room disagreed most" in md
    assert "No participant names are recorded." in md
    assert "Centre " in md and "spread +/-" in md and "(share of answer weight)" in md
    # the record's own language is the default
    assert export_markdown(sample(catalog), catalog).count("## 全体") == 1


def test_pictures_use_only_safe_characters(catalog: Catalog) -> None:
    """ASCII drawing; only labels may be wide (never East-Asian-ambiguous glyphs)."""
    for lang in ("ja", "en"):
        md = export_markdown(sample(catalog), catalog, lang)
        for block in code_blocks(md):
            for char in block:
                width = unicodedata.east_asian_width(char)
                assert char.isascii() or width in ("W", "F"), (char, block)


def test_one_group_and_an_empty_group(catalog: Catalog) -> None:
    from kyodo_tui.core.workshop import new_workshop

    ws = add_group(new_workshop("w", created=datetime(2025, 5, 1), lang="en"), "t", "Table")
    md = export_markdown(ws, catalog)
    assert "No answers yet." in md and "## Whole room" not in md and "## Comparison" not in md
    assert "No answers yet." in show_text(ws, catalog)


# ------------------------------------------------------------ CLI


def test_cli_show_and_export(catalog: Catalog, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = save_workshop(sample(catalog), tmp_path / "ws.toml")
    assert main(["workshop", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("みらいまちづくり会議\n")
    assert "話し合いの前: 挙手の集計" in out and "全体:" in out
    assert "|----+----|" in out and SECRET not in out
    assert main(["workshop", "show", str(path), "--lang", "en"]) == 0
    assert "Whole room:" in capsys.readouterr().out
    assert main(["workshop", "export", str(path)]) == 0
    assert "## 比較" in capsys.readouterr().out
    out_md = tmp_path / "ws.md"
    assert main(["workshop", "export", str(path), "-o", str(out_md), "--lang", "en"]) == 0
    assert "wrote" in capsys.readouterr().err
    text = out_md.read_text("utf-8")
    assert "## Comparison" in text and SECRET not in text
    # never overwrites: exit 2, the file is untouched
    assert main(["workshop", "export", str(path), "-o", str(out_md), "--include-notes"]) == 2
    err = capsys.readouterr().err
    assert f"kyodo: {out_md}: already exists" in err
    assert out_md.read_text("utf-8") == text
    assert main(["workshop", "export", str(path), "--include-notes"]) == 0
    assert SECRET in capsys.readouterr().out


def test_cli_bad_record_exits_2_with_lines(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\nid = "w"\ntitle = "t"\ncreated = 2025-05-01T10:00:00\n'
                   'lang = "ja"\n\n[[group]]\nid = "t"\nlabel = "T"\n\n'
                   '[group.tally.lead]\nwe-alone = -1\n', "utf-8")
    assert main(["workshop", "show", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"kyodo: {bad}:12: tally: lead.we-alone: a count of hands cannot be negative" in err
    assert "Traceback" not in err
    assert main(["workshop", "export", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_cli_end_to_end_subprocess_is_headless(catalog: Catalog, tmp_path: Path) -> None:
    path = save_workshop(sample(catalog), tmp_path / "ws.toml")
    code = (
        "import sys\n"
        "from kyodo_tui.cli import main\n"
        f"rc = main(['workshop', 'export', {str(path)!r}, '-o', {str(tmp_path / 'o.md')!r}])\n"
        "assert 'textual' not in sys.modules, 'workshop export imported Textual'\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o.md").read_text("utf-8").startswith("# みらいまちづくり会議")
    cmd = [str(Path(sys.executable).parent / "kyodo"), "workshop", "show", str(path)]
    if Path(cmd[0]).exists():
        shown = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0 and "話し合いの後" in shown.stdout

"""Issue 13, "Outputs that carry what they should not": CSV, Markdown, JSON, terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.export import (
    CSV_COLUMNS,
    export_csv,
    export_json,
    export_markdown,
    session_markdown,
)
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.neutral import csv_cell, md_inline, printable
from kyodo_tui.core.storage import (
    ContactInfo,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    Store,
    new_session,
)

FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)",
            "  =1+1", "\n=1+1", " \r\n=cmd", "\t=1", "\u3000=1", "＝1+1", "＋1", "－1", "＠SUM(1)"]
HOSTILE_MD = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
              "[click](javascript:alert(1))", "# Heading", "![x](javascript:alert(1))",
              "<a href='javascript:alert(1)'>x</a>", "<javascript:alert(1)>"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def _hostile_session(text: str) -> Session:
    answers: dict[str, str | list[str]] = {"who": "resident", "now_text": text}
    return new_session(kind="individual", answers=answers, label=text).evolve(
        notes=f"{text}\n{text}",
        confirm_later=(text,),
        placement=PlacementSnapshot(True, "B", 1.0, 0.3, (0.2, 0.6, 0.2), text, (text,),
                                    3, 0, 0, True),
        recommendations=RecommendationSnapshot((text,), (text,)),
    )


# ------------------------------------------------------------------ CSV


def _dangerous(cell: str) -> bool:
    visible = cell.lstrip(" \u3000\u00a0\t\r\n")
    return bool(cell) and (cell[0] in "\t\r\n" or (visible[:1] in set("=+-@＝＋－＠")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_csv_cell_is_neutralised(formula: str) -> None:
    text = export_csv([_hostile_session(formula).with_consent("me")])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    for column in CSV_COLUMNS:
        cell = rows[0][column]
        assert not _dangerous(cell), (column, cell)
    for column in ("label", "actor", "fields", "activities", "forms", "confirm_later", "notes"):
        assert rows[0][column].startswith("'"), column


def test_plain_numbers_stay_numbers() -> None:
    assert csv_cell("-0.25") == "-0.25" and csv_cell("0.5000") == "0.5000"
    assert csv_cell("-1+2") == "'-1+2"


# ------------------------------------------------------------------ Markdown


def _safe_markdown(text: str) -> None:
    low = text.lower()
    for bad in ("<script", "<img", "<a ", "<javascript:"):
        assert bad not in low, bad
    assert not re.search(r"(?<!\\)\]\(javascript:", low)  # an unescaped link target
    for line in text.splitlines():
        assert not line.lstrip("> ").startswith("# Heading"), line


@pytest.mark.parametrize("hostile", HOSTILE_MD)
def test_sessions_markdown_export_and_show_keep_user_text_literal(
        catalog: Catalog, hostile: str) -> None:
    session = _hostile_session(hostile)
    _safe_markdown(export_markdown([session], catalog, "en"))
    _safe_markdown("\n".join(session_markdown(session, catalog, "ja", level=1)))
    # the text is still there, readable
    assert "alert(1)" in export_markdown([session], catalog, "en") or "Heading" in \
        export_markdown([session], catalog, "en")


def test_sessions_show_from_the_cli_is_literal(tmp_path: Path, catalog: Catalog,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(tmp_path)
    saved = store.save(_hostile_session("<script>alert(1)</script>\n# Heading"))
    assert main(["sessions", "show", saved.id, "--data-dir", str(tmp_path)]) == 0
    _safe_markdown(capsys.readouterr().out)


@pytest.mark.parametrize("hostile", HOSTILE_MD)
def test_workshop_export_with_notes_is_literal(catalog: Catalog, hostile: str) -> None:
    from kyodo_tui.core.workshop import add_group, add_note, new_workshop
    from kyodo_tui.core.workshop.render import export_markdown as workshop_markdown

    ws = new_workshop(hostile, created=datetime(2025, 5, 1, tzinfo=UTC), lang="en")
    ws = add_group(ws, "g1", hostile)
    ws = add_note(catalog, ws, "g1", "now_text", hostile)
    text = workshop_markdown(ws, catalog, include_notes=True)
    _safe_markdown(text)
    assert text.count("alert(1)") >= 1 or "Heading" in text


def test_a_label_cannot_close_the_code_fence(catalog: Catalog) -> None:
    from kyodo_tui.core.workshop import add_group, new_workshop
    from kyodo_tui.core.workshop.render import export_markdown as workshop_markdown

    ws = new_workshop("t", created=datetime(2025, 5, 1, tzinfo=UTC), lang="en")
    ws = add_group(add_group(ws, "a", "```\n<script>x</script>"), "b", "b")
    text = workshop_markdown(ws, catalog)
    fence = None
    for line in text.splitlines():
        if fence is None and line.startswith("```"):
            fence = line[: len(line) - len(line.lstrip("`"))]
            assert len(fence) > 3  # longer than the label's run of backticks
        elif fence is not None and line == fence:
            fence = None
        elif "<script>" in line:
            assert fence is not None, line  # only ever inside a code block


def test_md_inline_escapes() -> None:
    assert md_inline("<b>") == "&lt;b&gt;"
    assert md_inline("# x") == "\\# x" and md_inline("1. x") == "1\\. x"
    assert md_inline("[a](b)") == "\\[a\\](b)"
    assert md_inline("a\nb|c") == "a b\\|c"


# ------------------------------------------------------------------ JSON


def test_json_export_has_only_known_fields_and_contact_only_with_consent() -> None:
    session = new_session(answers={"who": "resident"}).evolve(
        extra={"private": {"phone": "090-1111-2222", "email": "a@example.org"},
               "contact_backup": "090-3333-4444"},
        contact=ContactInfo(name="田中", phone="090-5555-6666"))
    data = json.loads(export_json([session]))[0]
    text = json.dumps(data, ensure_ascii=False)
    assert "private" not in data and "contact_backup" not in data
    for secret in ("090-1111-2222", "a@example.org", "090-3333-4444", "090-5555-6666", "田中"):
        assert secret not in text
    consented = json.loads(export_json([session.with_consent("staff")]))[0]
    assert consented["contact"]["phone"] == "090-5555-6666"
    assert "private" not in consented


# ------------------------------------------------------------------ terminal


def test_printable_shows_control_and_bidi_characters() -> None:
    assert printable("a\x1b[2Jb") == "a\ufffd[2Jb"
    assert printable("x\u202ey") == "x\ufffdy"
    assert printable("line\nnext\ttab") == "line\nnext\ttab"
    assert printable("\x9b31m") == "\ufffd31m"


def test_file_names_and_values_from_the_data_dir_reach_the_terminal_without_escapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(tmp_path / "data")
    store.save(new_session(answers={"who": "resident"}, label="ok\x1b]0;pwned\x07label"))
    old = tmp_path / "old"  # an earlier version's session folder, to import
    old.mkdir()
    (old / "\x1b[2J\x1b[31mevil.toml").write_text("id = [\n", encoding="utf-8")
    (old / "bad.toml").write_text('schema_version = 1\nid = "\x1b[2J"\n', encoding="utf-8")
    for argv in (["sessions", "list"], ["sessions", "export", "--format", "md"],
                 ["sessions", "export", "--format", "csv"], ["report"]):
        main([*argv, "--data-dir", str(tmp_path / "data")])
        out, err = capsys.readouterr()
        assert "\x1b" not in out and "\x1b" not in err, argv
        assert "\x07" not in out and "\x07" not in err, argv
    main(["sessions", "import", str(old), "--data-dir", str(tmp_path / "data")])
    out, err = capsys.readouterr()
    assert "\x1b" not in out and "\x1b" not in err and "\x07" not in err
    assert "evil.toml" in err and "\ufffd" in err

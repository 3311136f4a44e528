"""Exports: CSV columns, JSON, Markdown; contact only with consent; no overwriting."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.export import (
    CSV_COLUMNS,
    export_csv,
    export_json,
    export_markdown,
    write_new_file,
)
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.storage import (
    ContactInfo,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    new_session,
)


def _sessions() -> list[Session]:
    consented = new_session(kind="group", label="川の会", answers={
        "who": "association", "fields": ["environment", "safety"], "now_text": "=cmd|' /C calc'!A0",
        "lead": "unknown"}).evolve(
        notes="電話で確認", confirm_later=("lead",),
        contact=ContactInfo(name="田中", phone="+81-152-00", email="t@example.jp"),
        placement=PlacementSnapshot(True, "B", 1.25, 0.3, (0.2, 0.5, 0.3), "association",
                                    ("environment", "safety"), 3, 1, 0),
        recommendations=RecommendationSnapshot(("a-river-cleanup",), ("kyosai", "koen")),
    ).with_consent("coordinator 佐藤")
    refused = new_session(label="no consent").with_consent("self", given=False)
    bare = new_session()
    return [consented, refused, bare]


def test_csv_has_stable_columns_and_one_row_per_session() -> None:
    text = export_csv(_sessions())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert CSV_COLUMNS[:8] == ("id", "created", "updated", "revision", "mode", "kind", "lang",
                               "label")
    assert len(rows) == 3
    first = rows[0]
    assert first["label"] == "川の会" and first["letter"] == "B" and first["position"] == "1.2500"
    assert (first["self"], first["mutual"], first["public"]) == ("0.2000", "0.5000", "0.3000")
    assert first["fields"] == "environment;safety" and first["forms"] == "kyosai;koen"
    assert first["consent"] == "true" and first["consent_by"] == "coordinator 佐藤"
    assert first["contact_name"] == "田中" and first["contact_phone"] == "'+81-152-00"
    assert first["confirm_later"] == "lead"
    answers = json.loads(first["answers"])
    assert answers["fields"] == ["environment", "safety"]
    assert rows[1]["consent"] == "false" and rows[1]["contact_name"] == ""
    assert rows[2]["consent"] == "" and rows[2]["letter"] == ""


def test_csv_defuses_spreadsheet_formulas() -> None:
    s = new_session(label="=HYPERLINK(\"http://x\")").evolve(notes="@SUM(1)")
    row = next(csv.DictReader(io.StringIO(export_csv([s]))))
    assert row["label"].startswith("'=") and row["notes"] == "'@SUM(1)"


def test_json_is_a_list_with_contact_only_under_consent() -> None:
    sessions = _sessions()
    data = json.loads(export_json(sessions))
    assert [d["id"] for d in data] == [s.id for s in sessions]
    assert data[0]["contact"] == {"name": "田中", "phone": "+81-152-00",
                                  "email": "t@example.jp", "address": ""}
    assert data[0]["placement"]["letter"] == "B"
    # a session that somehow carries contact without consent never exports it
    sneaky = sessions[1].evolve(contact=ContactInfo(name="山田"))
    assert json.loads(export_json([sneaky]))[0]["contact"] is None
    assert "山田" not in export_csv([sneaky]) and "山田" not in export_markdown([sneaky])


def test_markdown_is_readable_with_the_catalog(mini_catalog: Catalog) -> None:
    text = export_markdown(_sessions(), mini_catalog, "ja")
    assert text.startswith("# 保存した記録\n")
    assert "## 川の会" in text
    assert "- 協働の領域: B (1.25 ±0.30)" in text
    assert "| あなたはどの立場ですか。 | 自治会・町内会 |" in text
    assert "| 関心のある分野は。 | 自然・環境、防災・防犯 |" in text
    assert "> 電話で確認" in text
    assert "### 連絡先（同意あり）" in text and "- 名前: 田中" in text
    assert text.count("### 連絡先") == 1
    en = export_markdown(_sessions(), mini_catalog, "en")
    assert "| Who are you? | A neighbourhood association |" in en
    assert "River clean-up" in en


def test_markdown_escapes_table_breakers_and_control_characters() -> None:
    s = new_session(label="a\x1b[31mred").evolve(answers={"x": "a | b\nc"})
    text = export_markdown([s])
    assert "\x1b" not in text and "a \\| b c" in text


def test_write_new_file_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_new_file(target, b"first")
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(KyodoInputError) as info:
        write_new_file(target, b"second")
    assert str(target) in str(info.value) and "not overwritten" in str(info.value)
    assert target.read_bytes() == b"first"
    with pytest.raises(KyodoInputError):
        write_new_file(tmp_path / "missing" / "out.csv", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]

"""Workshop records on disk: save → load round trip, no clobbering, problems with lines."""

from __future__ import annotations

import os
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.workshop import (
    SCHEMA_VERSION,
    Workshop,
    WorkshopError,
    add_comparison,
    add_group,
    add_note,
    add_participant,
    dumps_workshop,
    load_workshop,
    loads_workshop,
    new_workshop,
    save_workshop,
    set_count,
)

JST = timezone(timedelta(hours=9))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def sample(catalog: Catalog) -> Workshop:
    ws = new_workshop("みらいまちづくり会議", created=datetime(2025, 5, 1, 14, 0, tzinfo=JST))
    ws = add_group(add_group(ws, "before", "話し合いの前"), "after", "話し合いの後")
    for qid, cid, n in [("who", "resident", 6), ("who", "government", 2),
                        ("lead", "we-alone", 3), ("lead", "municipality-alone", 1),
                        ("lead", "unknown", 2), ("now", "on-our-own", 3),
                        ("now", "committee", 2)]:
        ws = set_count(catalog, ws, "before", qid, cid, n)
    ws = add_participant(catalog, ws, "after", {"who": "association", "group_size": "some",
                                                "now": ["local-events", "on-our-own"],
                                                "lead": "together", "now_text": "川の清掃"})
    ws = add_participant(catalog, ws, "after", {"who": "resident", "lead": "unknown"})
    ws = add_note(catalog, ws, "before", "lead", "行政に任せたいという声")
    return add_comparison(ws, "before", "after")


# ------------------------------------------------------------ round trip


def test_save_load_round_trip(catalog: Catalog, tmp_path: Path) -> None:
    ws = sample(catalog)
    path = save_workshop(ws, tmp_path / "ws.toml")
    loaded = load_workshop(path, catalog)
    assert loaded == ws
    assert loaded.created.utcoffset() == timedelta(hours=9)
    # multi answers are kept in catalog order, counts in choice order
    assert loaded.groups[1].participants[0]["now"] == ["on-our-own", "local-events"]
    assert list(loaded.groups[0].tally["lead"]) == ["we-alone", "municipality-alone", "unknown"]
    # the file is plain TOML with the documented keys
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["group"][0]["tally"]["lead"] == {"we-alone": 3, "municipality-alone": 1,
                                                 "unknown": 2}
    assert data["comparisons"] == [["before", "after"]]
    # saving again gives the same text
    assert dumps_workshop(loaded) == path.read_text("utf-8")


def test_never_overwrites_unless_asked(catalog: Catalog, tmp_path: Path) -> None:
    ws = sample(catalog)
    path = tmp_path / "ws.toml"
    path.write_text("keep me", "utf-8")
    with pytest.raises(KyodoInputError) as info:
        save_workshop(ws, path)
    assert "already exists" in str(info.value)
    assert path.read_text("utf-8") == "keep me"
    save_workshop(ws, path, overwrite=True)
    assert load_workshop(path, catalog) == ws
    # no temp files are left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.toml"]
    with pytest.raises(KyodoInputError):
        save_workshop(ws, tmp_path / "no-such-dir" / "ws.toml")


def test_an_empty_workshop_round_trips(catalog: Catalog) -> None:
    ws = new_workshop("空", created=datetime(2025, 1, 2, 3, 4, 5), lang="en")
    assert loads_workshop(dumps_workshop(ws), catalog) == ws


# ------------------------------------------------------------ problems with lines

GOOD_HEAD = """\
schema_version = 1
id = "ws-1"
title = "t"
created = 2025-05-01T10:00:00+09:00
lang = "ja"
"""


def problems(catalog: Catalog, text: str) -> list[tuple[int, str]]:
    with pytest.raises(WorkshopError) as info:
        loads_workshop(text, catalog, "ws.toml")
    assert isinstance(info.value, KyodoInputError)
    assert all(p.path == "ws.toml" for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def test_bad_counts_and_ids_are_located(catalog: Catalog) -> None:
    text = GOOD_HEAD + """
[[group]]
id = "t1"
label = "テーブル1"

[group.tally.lead]
we-alone = -3
mayor = 2
together = "4"
we-supported = 1.5

[group.tally.colour]
red = 1

[group.tally.now_text]
x = 1
"""
    found = problems(catalog, text)
    assert [line for line, _ in found] == [12, 13, 14, 15, 17, 20]
    assert "cannot be negative (got -3)" in found[0][1]
    assert "unknown choice 'mayor'" in found[1][1] and "we-alone, we-supported" in found[1][1]
    assert "whole number, not a string" in found[2][1]
    assert "whole number, not a number" in found[3][1]
    assert "unknown question 'colour'" in found[4][1]
    assert "text question has no choices" in found[5][1]


def test_bad_types_and_keys_are_located(catalog: Catalog) -> None:
    text = """\
schema_version = "1"
id = "WS 1"
title = ""
created = "yesterday"
lang = "fr"
colour = "red"

[[group]]
id = "t1"
label = 3
nmae = "x"

[group.notes]
lead = "a note"
nope = ["x"]

[[group]]
id = "t1"
label = "again"
"""
    found = problems(catalog, text)
    by_line = dict(found)
    assert "whole number, not a string" in by_line[1]
    assert "not a valid workshop id" in by_line[2]
    assert "title must be a non-empty string" in by_line[3]
    assert "created must be a date and time" in by_line[4]
    assert 'lang must be one of ja, en, ja-easy, pt' in by_line[5]
    assert "unknown key 'colour'" in by_line[6]
    assert "a group needs a label" in by_line[10]
    assert "unknown key 'nmae'" in by_line[11] and "did you mean 'name'" not in by_line[11]
    assert "must be a list of texts (write lead = ['a note'])" in by_line[14]
    assert "unknown question 'nope'" in by_line[15]
    assert "already a group 't1'" in by_line[18]


def test_participants_are_checked_like_answers_files(catalog: Catalog) -> None:
    text = GOOD_HEAD + """
[[group]]
id = "t1"
label = "T"

[[group.participant]]
who = "resident"
lead = "togther"

[[group.participant]]
name = "山田太郎"
who = "resident"
group_size = "many"

[[group.participant]]
"""
    found = problems(catalog, text)
    assert found[0][0] == 13 and "participant 1: lead: unknown choice 'togther'" in found[0][1]
    assert found[1][0] == 16 and "keep no names" in found[1][1]
    # a hidden question's answer is a mistake worth hearing about, as in answers files
    assert found[2][0] == 18 and "participant 2: group_size: this question is not asked" \
        in found[2][1]
    assert found[3][0] == 20 and "participant 3 has no answers" in found[3][1]


def test_schema_syntax_and_comparisons(catalog: Catalog, tmp_path: Path) -> None:
    newer = GOOD_HEAD.replace("schema_version = 1", "schema_version = 2")
    assert "written by a newer kyodo" in problems(catalog, newer)[0][1]
    found = problems(catalog, GOOD_HEAD + "\n[[group]]\nid = \n")
    assert found[0][0] == 8 and "TOML syntax error" in found[0][1]
    missing = problems(catalog, 'schema_version = 1\nid = "x"\n')
    assert [m for _, m in missing] == [
        "missing 'title' (a workshop record needs schema_version, id, title, created and lang)",
        "missing 'created' (a workshop record needs schema_version, id, title, created and lang)",
        "missing 'lang' (a workshop record needs schema_version, id, title, created and lang)"]
    text = GOOD_HEAD + 'comparisons = [["t1", "t9"], ["t1"]]\n\n[[group]]\nid = "t1"\nlabel = "T"\n'
    found = problems(catalog, text)
    assert found[0][0] == 6 and "unknown group 't9'" in found[0][1]
    assert "a pair of group ids" in found[1][1]
    # a file that cannot be read or decoded
    with pytest.raises(WorkshopError) as info:
        load_workshop(tmp_path / "missing.toml", catalog)
    assert "cannot read the file" in str(info.value)
    bad = tmp_path / "bytes.toml"
    bad.write_bytes(b'title = "ok"\n\xff\xfe\n')
    with pytest.raises(WorkshopError) as info:
        load_workshop(bad, catalog)
    assert info.value.problems[0].line == 2 and "not UTF-8" in str(info.value)


def test_hand_edits_that_are_fine(catalog: Catalog) -> None:
    # inline tables, a BOM, zero counts, a local date-time: all accepted
    text = "\ufeff" + GOOD_HEAD.replace("2025-05-01T10:00:00+09:00", "2025-05-01T10:00:00") + """
[[group]]
id = "t1"
label = " テーブル1 "
tally = { lead = { we-alone = 2, together = 0 } }
participant = [{ lead = "unknown" }]
"""
    ws = loads_workshop(text, catalog)
    assert ws.groups[0].label == "テーブル1"
    assert ws.groups[0].tally == {"lead": {"we-alone": 2}}
    assert ws.groups[0].participants == ({"lead": "unknown"},)
    assert ws.created == datetime(2025, 5, 1, 10, 0)


def test_inline_problems_still_name_a_line(catalog: Catalog) -> None:
    text = GOOD_HEAD + """
[[group]]
id = "t1"
label = "T"
tally = { lead = { we-alone = -1 } }
"""
    found = problems(catalog, text)
    assert found == [(10, "tally: lead.we-alone: a count of hands cannot be negative (got -1)")]


def test_files_are_private(catalog: Catalog, tmp_path: Path) -> None:
    path = save_workshop(sample(catalog), tmp_path / "ws.toml")
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0

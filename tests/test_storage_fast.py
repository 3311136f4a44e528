"""The fast paths for session files agree with the slow ones, or step aside.

- ``fast_loads`` (tomli-w's subset of TOML) against ``tomllib``;
- ``_layout_summary`` (our own record layout) against the full read and validation.
"""

from __future__ import annotations

import random
import re
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from kyodo_tui.core.storage import (
    SESSION_ID_RE,
    ContactInfo,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    _Choices,
    _layout_summary,
    _scan_file,
    _to_bytes,
    fast_loads,
    new_session,
    read_session_file,
    summary_of,
)


def _tomllib(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _agrees(text: str) -> dict[str, Any] | None:
    """fast_loads either gives up (None) or returns exactly what tomllib returns."""
    fast = fast_loads(text)
    slow = _tomllib(text)
    if fast is not None:
        assert slow is not None, f"fast path accepted invalid TOML: {text!r}"
        assert fast == slow, text
        assert {k: type(v) for k, v in fast.items()} == {k: type(v) for k, v in slow.items()}
    return fast


def test_real_session_files_take_the_fast_path() -> None:
    s = new_session(kind="group", label='川の会 "みどり" \\ tab\there',
                    answers={"who": "association", "fields": ["environment", "safety"],
                             "now_text": "毎月\n清掃 \x07 \x7f 😀", "lead": "unknown"})
    s = s.with_consent("coordinator").evolve(
        contact=ContactInfo(name="田中", phone="+81-152"), notes="line1\nline2\r\n",
        placement=PlacementSnapshot(True, "B", 1.2345, 0.31, (0.1, 0.6, 0.3), "association",
                                    ("environment",), 3, 1, 0),
        recommendations=RecommendationSnapshot(("a", "b"), ()), confirm_later=("lead",),
        extra={"future": {"nested": [1, 2]}, "big": 2**70, "tiny": 1e-300})
    text = _to_bytes(s).decode("utf-8")
    data = _agrees(text)
    assert data is not None
    assert data["answers"]["now_text"] == "毎月\n清掃 \x07 \x7f 😀"


_ALPHABET = string.ascii_letters + string.digits + ' "\\\t\n\r\x00\x1f\x7f#=[]{},.-_+:' + \
    "川の会あア😀\u2028\ufeff"


def _random_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if roll < 0.35:
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 12)))
    if roll < 0.5:
        return rng.choice([0, -0, 1, -7, 10**20, -(2**63), rng.randrange(-10**6, 10**6)])
    if roll < 0.65:
        return rng.choice([0.0, -0.0, 1.5, -2.25, 1e-05, 1.5e300, 123456.789,
                           rng.uniform(-1e6, 1e6)])
    if roll < 0.72:
        return rng.random() < 0.5
    if roll < 0.88 or depth > 2:
        return [_random_value(rng, 3) for _ in range(rng.randrange(0, 4))
                ] if depth <= 2 else "x"
    return _random_table(rng, depth + 1)


def _random_key(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(["a b", "川", "x.y", "", '"q"'])
    return "".join(rng.choice(string.ascii_lowercase + "_-0") for _ in range(rng.randrange(1, 6)))


def _random_table(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    return {_random_key(rng): _random_value(rng, depth) for _ in range(rng.randrange(0, 6))}


def test_random_tomli_w_documents_agree_with_tomllib() -> None:
    rng = random.Random(20250314)
    fast_hits = 0
    for _ in range(1500):
        doc = _random_table(rng)
        text = tomli_w.dumps(doc)
        result = _agrees(text)
        if result is not None:
            fast_hits += 1
            assert result == doc or result == tomllib.loads(text)
    assert fast_hits > 1000  # the fast path is really taken for tomli-w output


def test_mutated_documents_never_disagree_with_tomllib() -> None:
    rng = random.Random(7)
    base = _to_bytes(new_session(label="x", answers={"a": ["b", "c"], "t": "v"}).evolve(
        placement=PlacementSnapshot(True, "C", 2.0, 0.25, (0.2, 0.3, 0.5)))).decode()
    pieces = ['"', "\\", "\n", " ", "=", "[", "]", ",", "#", "\\u", "\\ud800", "\\/", "\t",
              "0", "01", ".", "e", "+", "_", "a.b", "\r\n", "inf", "'", "{", "}", "true"]
    accepted = 0
    for _ in range(4000):
        text = base
        for _ in range(rng.randrange(1, 3)):
            i = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:i] + rng.choice(pieces) + text[i:]
            else:
                text = text[:i] + text[i + rng.randrange(1, 4):]
        if _agrees(text) is not None:
            accepted += 1
    assert accepted > 100


@pytest.mark.parametrize("text", [
    'a = 1\na = 2\n',                       # duplicate key
    '[t]\na = 1\n[t]\nb = 2\n',              # duplicate table
    'a = 1\n[a]\nb = 2\n',                   # a table over a value
    '[a]\nb = 1\n[a.b]\nc = 1\n',            # a table over a value, deeper
    'a = "\\/"\n',                           # JSON escape TOML lacks
    'a = "\\ud800"\n',                       # surrogate escape
    'a = "\\u00e9"\n',                       # fine in both
    'a = 01\n', 'a = 1.\n', 'a = .5\n', 'a = +1\n', 'a = 1_000\n',
    'a = 1 # comment\n', 'a = 1\r\n', 'a = 1', 'a = -0\n', 'a = 1e05\n', 'a = 1E+5\n',
    '"a" = 1\n', 'a = "tab\there"\n', 'a = "del\x7f"\n', 'a = [\n    1,\n    "x",\n]\n',
    '[a.b]\nc = 1\n[a]\nd = 2\n', 'a = [\n]\n', 'a = []\n', 'a = [1, 2]\n',
    '\n\n[x]\n\ny = true\n\n', 'a = 2025-01-01\n', 'a = { b = 1 }\n', 'a.b = 1\n',
])
def test_edge_cases_agree(text: str) -> None:
    _agrees(text)


def test_edge_cases_the_fast_path_handles() -> None:
    assert fast_loads('a = "\\u00e9"\n') == {"a": "é"}
    assert fast_loads('[a.b]\nc = 1\n[a]\nd = 2\n') == {"a": {"b": {"c": 1}, "d": 2}}
    assert fast_loads("a = 1e05\n") == {"a": 1e5}
    assert fast_loads("a = 1\na = 2\n") is None
    assert fast_loads('a = "\\/"\n') is None


# ------------------------------------------------------------------ the layout path


def _variants() -> list[Session]:
    rng = random.Random(11)
    out = []
    for i in range(300):
        s = new_session(
            mode=rng.choice(["standard", "intake", "kiosk", "workshop"]),
            kind=rng.choice(["individual", "group"]), lang=rng.choice(["ja", "en"]),
            label=rng.choice(["", "川の会", 'quote " and \\ and \t', "x" * 200]),
            answers=rng.choice([{}, {"who": "association"},
                                {"who": "resident", "fields": ["environment", "safety"],
                                 "now_text": "毎月\n清掃 \"です\"", "lead": "unknown",
                                 "Bad Key": "x", "weird": ["A b", "ok"], "empty": []}]),
            previous=rng.choice([None, "20240101-000000-0000abcd"]),
            party=rng.choice([None, "citizen", "government"]),
            pair=rng.choice([None, "20240101-000000-0000beef"]),
            catalog_layers=rng.choice([(), ("/a", "/b")]))
        if rng.random() < 0.5:
            s = s.evolve(notes=rng.choice(["", "メモ", "line\nline"]),
                         confirm_later=rng.choice([(), ("lead",)]))
        if rng.random() < 0.4:
            s = s.with_consent("coordinator", given=rng.random() < 0.7)
            if s.consented and rng.random() < 0.5:
                s = s.evolve(contact=ContactInfo(name="田中", phone="1"))
        if rng.random() < 0.8:
            placed = rng.random() < 0.8
            s = s.evolve(placement=PlacementSnapshot(
                placed, "BCDEA"[i % 5] if placed else None, (i % 5) * 0.99 if placed else None,
                rng.choice([0.25, 2.0, 1]), rng.choice([(0.2, 0.5, 0.3), (1, 0, 0)]),
                rng.choice([None, "association", "Not An Id"]),
                rng.choice([(), ("environment",), ("a", "a", "B C")]), 1, 2, 3,
                triad_placed=rng.random() < 0.8))
        if rng.random() < 0.7:
            s = s.evolve(recommendations=RecommendationSnapshot(
                rng.choice([(), ("a-1", "b-2")]), rng.choice([(), ("kyosai",)])))
        if rng.random() < 0.1:
            s = s.evolve(extra={"future": 1})
        out.append(s.evolve(revision=rng.choice([1, 2, 17])))
    return out


def _full(path: Path) -> tuple[object, list[object]]:
    session, problems = read_session_file(path)
    return (None if session is None else summary_of(session)), list(problems)


def test_the_layout_path_gives_what_the_full_path_gives(tmp_path: Path) -> None:
    taken = 0
    for s in _variants():
        path = tmp_path / f"{s.id}.toml"
        path.write_bytes(_to_bytes(s))
        layout = _layout_summary(path.read_text("utf-8"), s.id)
        full, problems = _full(path)
        if layout is not None:
            taken += 1
            assert problems == [] and layout == full, path.read_text("utf-8")
        assert _scan_file(str(path)) == (full, problems)
        path.unlink()
    assert taken > 150  # the layout path is really used for our own files


def test_mutated_records_never_fool_the_layout_path(tmp_path: Path) -> None:
    rng = random.Random(5)
    pieces = ['"', "\\", "\n", " ", "=", "[", "]", ",", "#", "x", "0", "9", ".", "-",
              "\\u00e9", "\\n", "true", "false", "\t", "Z", "é"]
    bases = [_to_bytes(s).decode("utf-8") for s in _variants()[:40]]
    taken = 0
    for n in range(8000):
        text = rng.choice(bases)
        for _ in range(rng.randrange(1, 3)):
            i = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:i] + rng.choice(pieces) + text[i:]
            else:
                text = text[:i] + text[i + rng.randrange(1, 3):]
        sid = re.search(r'^id = "([^"]*)"', text, re.MULTILINE)
        name = sid.group(1) if sid and SESSION_ID_RE.fullmatch(sid.group(1)) else \
            f"20250101-000000-{n:08x}"
        layout = _layout_summary(text, name)
        if layout is None:
            continue
        taken += 1
        path = tmp_path / f"{name}.toml"
        path.write_text(text, "utf-8", newline="")
        full, problems = _full(path)
        assert problems == [] and layout == full, text
        path.unlink()
    assert taken > 150


def test_choices_read_lazily_like_a_dict() -> None:
    raw = "who=association fields=environment,safety xwant=no want=money,place"
    lazy = _Choices(raw)
    assert lazy.get("want") == ["money", "place"]
    assert lazy.get("fields") == ["environment", "safety"]
    assert lazy.get("missing") is None and lazy.get("ant") is None
    assert lazy == {"who": ["association"], "fields": ["environment", "safety"],
                    "xwant": ["no"], "want": ["money", "place"]}
    assert lazy.get("want") == ["money", "place"]  # after parsing too
    assert _Choices("").get("x", 5) == 5 and len(_Choices("")) == 0


def test_no_file_content_makes_reading_raise(tmp_path: Path) -> None:
    """Type-confused and mangled session files are problems, never exceptions."""
    rng = random.Random(3)
    good = _to_bytes(_variants()[5]).decode("utf-8")
    odd_values: list[Any] = ["x", 3, -1, 2.5, True, [], [1, "a"], {"a": 1}, {"given": "yes"},
                             "2025-13-40T99:99:99Z", "20250101-000000-0000000g", "\x00", 10**30]
    keys = ["schema_version", "id", "revision", "created", "updated", "mode", "kind", "lang",
            "label", "party", "pair", "previous", "catalog_layers", "confirm_later", "notes",
            "answers", "consent", "contact", "placement", "recommendations"]
    name = "20250101-000000-00000abc"
    path = tmp_path / f"{name}.toml"
    for i in range(1500):
        doc = tomllib.loads(good)
        doc["id"] = name
        for _ in range(rng.randrange(1, 4)):
            target = doc
            if rng.random() < 0.4:
                table = rng.choice(["answers", "consent", "contact", "placement",
                                    "recommendations"])
                target = doc.setdefault(table, {}) if isinstance(doc.get(table), dict) else doc
            key = rng.choice(keys + ["triad", "given", "at", "by", "letter", "position",
                                     "fields", "activities", "forms", "who"])
            if rng.random() < 0.2:
                target.pop(key, None)
            else:
                target[key] = rng.choice(odd_values)
        text = tomli_w.dumps(doc)
        if i % 3 == 0:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(["\n[", "=", '"', "\\", "]]"]) + text[at:]
        path.write_text(text, "utf-8")
        session, problems = read_session_file(path)  # must not raise
        assert session is not None or problems
        assert _scan_file(str(path))[0] == (None if session is None else summary_of(session))

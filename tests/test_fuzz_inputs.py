"""Fuzzing every file the project reads (issue 13): answers, catalog, workshop, kiosk.

Property: whatever the bytes, reading ends in success or a clean, located
problem (a :class:`KyodoInputError` or a problem list), never another exception,
within a bounded time (hypothesis' ``deadline``). A second property keeps the
bounds honest: ordinary TOML (as tomli-w writes it) within the bounds is read
exactly as ``tomllib`` reads it.

Example counts are small so CI stays quick; ``KYODO_FUZZ_EXAMPLES`` raises them.
"""

from __future__ import annotations

import math
import os
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo_tui.core import tomlfile
from kyodo_tui.core.answers import load_answers
from kyodo_tui.core.catalog import check_catalog, load_catalog
from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.kiosk.config import parse_kiosk_config
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.workshop import loads_workshop

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"
EXAMPLES = int(os.environ.get("KYODO_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

_CATALOG = load_catalog(include_user=False)

# ------------------------------------------------------------------ inputs

#: pieces an attacker would try, and pieces of ordinary files
_HOSTILE = [
    "9" * 5000, "1e308", "nan", "-inf", "99999999999999999999", "0x" + "f" * 40,
    "[" * 3000, "]" * 3000, "{a=" * 500, "}" * 500, "a" + ".a" * 3000 + " = 1",
    "[" + ".".join(["t"] * 500) + "]", '"' + "x" * 30_000 + '"', "'''", '"""', "\\",
    "\x00", "\x1b[2J", "\ufeff", "\ud7ff", "#", "\n", "\r\n", "=", ",", "[[group]]",
    "[[group.participant]]", "[group.tally.lead]", "[[activity]]", "[[question]]",
    'who = "resident"', 'fields = ["environment", "safety"]', 'now_text = "川"',
    'id = "x-1"', "together = 3", "schema_version = 1", 'lang = "en"',
    "created = 2025-05-01T10:00:00+09:00", "idle_seconds = 60", "pin_hash = 1",
    "d = 2025-05-01 10:00:00", "t = 10:00:00", 'k = { a = 1, b = [1, 2, { c = "d" }] }',
]
_TEXT = st.text(alphabet=st.sampled_from(list("abc xyz019_-.:=\"'[]{},#\n\t\\+eE") + ["川"]),
                max_size=200)
_PIECES = st.lists(st.one_of(st.sampled_from(_HOSTILE), _TEXT), max_size=12)


def _inputs() -> st.SearchStrategy[str]:
    return _PIECES.map(lambda parts: "\n".join(parts))


def _clean(call: Any) -> None:
    try:
        call()
    except KyodoInputError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        for p in exc.problems:
            assert len(str(p)) < 10_000  # never the whole hostile value echoed back
            assert "\x1b" not in str(p)


# ------------------------------------------------------------------ never a traceback


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _CATALOG


@FUZZ
@given(text=_inputs())
def test_answers_files(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "answers.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _clean(lambda: load_answers(path, _CATALOG))


@FUZZ
@given(text=_inputs())
def test_workshop_records(text: str) -> None:
    head = 'schema_version = 1\nid = "ws-1"\ntitle = "t"\ncreated = 2025-05-01\nlang = "ja"\n'
    _clean(lambda: loads_workshop(head + text, _CATALOG, "w.toml"))
    _clean(lambda: loads_workshop(text, _CATALOG, "w.toml"))


@FUZZ
@given(text=_inputs())
def test_kiosk_configs(text: str) -> None:
    config, problems = parse_kiosk_config(text, "kiosk.toml")
    assert (config is None) == bool(problems)
    assert all(isinstance(p, Problem) and "\x1b" not in str(p) for p in problems)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(text=_inputs())
def test_catalog_layers(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    layer = tmp_path_factory.mktemp("layer")
    (layer / "a.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    found, problems = check_catalog([layer], include_user=False, builtin=MINI)
    assert (found is None) == bool(problems)
    assert all(isinstance(p, Problem) for p in problems)


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "answers.toml"
    path.write_bytes(data)
    _clean(lambda: load_answers(path, _CATALOG))


# ------------------------------------------------------------------ no false alarms

_KEYS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                min_size=1, max_size=20)
_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
    st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1),
                 timezones=st.just(UTC)),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=20)


@FUZZ
@given(doc=st.dictionaries(_KEYS, _VALUES, max_size=8), multiline=st.booleans())
def test_ordinary_toml_within_bounds_reads_as_tomllib_reads_it(doc: dict[str, Any],
                                                                multiline: bool) -> None:
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    expected = tomllib.loads(text)
    assert tomlfile.parse(text, "x.toml") == expected


def test_the_fuzz_finds_floats_it_should_refuse() -> None:
    """A sanity check of the property above: the bounds do refuse what they name."""
    for bad in ("a = nan", "a = 1e16", "a = " + "1" * 30):
        with pytest.raises(KyodoInputError):
            tomlfile.parse(bad, "x.toml")
    assert math.isfinite(tomlfile.parse("a = 1e15", "x.toml")["a"])

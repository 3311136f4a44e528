"""Issue 13, "Small-number reports that can be differenced": the four attacks, replayed.

Each test runs an attack the way the issue describes it, against the report the
user gets (JSON from ``kyodo report``), with an attacker who knows the method
(``docs/report.md``). The attack must no longer single out one person.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core import disclosure
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.disclosure import Period, choose_period, month_of, parse_month
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.report import build_report, report_json, report_markdown
from kyodo_tui.core.storage import (
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    Store,
    new_session,
    summary_of,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def _session(when: datetime, letter: str = "B", actor: str = "association",
             want: tuple[str, ...] = ("money",),
             triad: tuple[float, float, float] = (0.2, 0.6, 0.2)) -> Session:
    answers: dict[str, str | list[str]] = {"who": actor, "want": list(want)}
    return new_session(kind="group", answers=answers, now=when).evolve(
        placement=PlacementSnapshot(True, letter, float("ABCDE".index(letter)), 0.3, triad,
                                    actor, ("environment",), 3, 0, 0, True),
        recommendations=RecommendationSnapshot((), ()))


def _at(year: int, month: int, day: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, 12, minute, tzinfo=UTC)


def _report(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str
            ) -> tuple[int, dict[str, Any] | None, str]:
    code = main(["report", "--format", "json", "--data-dir", str(data_dir), *extra])
    out, err = capsys.readouterr()
    data = json.loads(out) if code == 0 else None
    if data is not None:
        data.pop("generated")
    return code, data, err


def _candidates(cell: dict[str, Any], min_count: int) -> set[int]:
    """What the attacker can tell of a cell's true count from the published one."""
    if cell.get("suppressed"):            # the old report: hidden means 1 .. min_count-1
        return set(range(1, min_count))
    n = cell["count"]
    if "rounding" in cell:                # (never set: the method is report-wide)
        raise AssertionError
    return set(range(max(0, n - 4), n + 5))


def _deduce(data: dict[str, Any], section: str) -> dict[str, set[int]]:
    """The attacker's sum argument: cells add up to the total, so narrow each cell."""
    cells = {c["key"]: c for c in data[section]}
    min_count = data["min_count"]
    cands = {k: _candidates(c, min_count) for k, c in cells.items()}
    rounded = "rounding" in data
    totals = set(range(max(0, data["total"] - 4), data["total"] + 5)) if rounded else \
        {data["total"]}
    out = {}
    for key, mine in cands.items():
        others = [v for k, v in cands.items() if k != key]
        lo = sum(min(v) for v in others)
        hi = sum(max(v) for v in others)
        out[key] = {x for x in mine if any(lo <= t - x <= hi for t in totals)}
    return out


# ------------------------------------------------------------------ attack 1


def test_attack_1_two_hidden_cells_summing_to_2_no_longer_give_1_each(catalog: Catalog) -> None:
    """B has 10, C and D one person each. The old report hid C and D; the total minus
    the shown cells was 2, so each had to be 1: both people's letters were known."""
    rows = [_session(_at(2025, 1), "B") for _ in range(10)]
    rows += [_session(_at(2025, 1), "C"), _session(_at(2025, 1), "D")]
    for secret in (b"", b"a" * 32, b"b" * 32, b"c" * 32):
        data = report_json(build_report([summary_of(s) for s in rows], catalog, secret=secret))
        found = _deduce(data, "regions")
        for letter in ("C", "D"):
            assert found[letter] != {1}, found[letter]
            assert len(found[letter]) >= 3   # one person, none, or several: all fit
            published = {c["key"]: c["count"] for c in data["regions"]}[letter]
            assert published in (0, 5)


# ------------------------------------------------------------------ attack 2


def _walk_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*map(_walk_keys, value.values()))
    if isinstance(value, list):
        return set().union(set(), *map(_walk_keys, value))
    return set()


def test_attack_2_there_is_no_secondary_marker_and_nothing_prints_as_under_5(
        catalog: Catalog) -> None:
    """The JSON "secondary" marker told which hidden cell was >= 5 (so the other was
    the small one), and a secondary cell of 10 printed as <5."""
    rows = [_session(_at(2025, 1), "B") for _ in range(10)]
    rows += [_session(_at(2025, 1), "D") for _ in range(10)] + [_session(_at(2025, 1), "C")]
    report = build_report([summary_of(s) for s in rows], catalog, secret=b"k" * 32)
    data = report_json(report, "en")
    keys = _walk_keys(data)
    assert not keys & {"reason", "suppressed", "secondary"}
    regions = {c["key"]: c["count"] for c in data["regions"]}
    assert regions["D"] == 10 and regions["B"] == 10   # a 10 is a 10
    markdown = report_markdown(report, "en")
    assert "<5" not in markdown and "| D municipality-led | 10 |" in markdown


# ------------------------------------------------------------------ attack 3


def test_attack_3_adding_one_session_and_rerunning_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Adding one session and re-running revealed that person's actor, letter, support
    choice and triad shares. A session saved now falls in the running month, which no
    report can include: the re-run is the same report."""
    store = Store(tmp_path)
    for month in (1, 2, 3):
        for i in range(6):
            store.save(_session(_at(2025, month, minute=i), "B", "association"))
    code, before, err = _report(capsys, tmp_path, "--since", "2025-01", "--until", "2025-03")
    assert code == 0, err
    assert before is not None and before["total"] in (15, 20)
    store.save(_session(datetime.now(UTC), "E", "government", want=("place",),
                        triad=(0.0, 0.1, 0.9)))
    code, after, _ = _report(capsys, tmp_path, "--since", "2025-01", "--until", "2025-03")
    assert code == 0 and after == before
    # and the running month (the only one she is in) cannot be reported at all
    this_month = datetime.now().strftime("%Y-%m")
    code, _, err = _report(capsys, tmp_path, "--since", this_month, "--until", this_month)
    assert code == 2 and "not over yet" in err
    # the default period is complete months only, too
    code, default, _ = _report(capsys, tmp_path)
    assert code == 2 or (default is not None and default["period"]["to"] < this_month)


# ------------------------------------------------------------------ attack 4


def test_attack_4_two_since_reports_cannot_isolate_one_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two ``--since`` reports, one minute apart with one session between them, gave
    that session's shares exactly by differencing the averages."""
    store = Store(tmp_path)
    store.save(_session(_at(2025, 1, 5), "D", "government", triad=(0.05, 0.15, 0.8)))
    for month in (2, 3):
        for i in range(6):
            store.save(_session(_at(2025, month, minute=i), "B"))
    for since in ("2025-01-05T12:00", "2025-01-05T12:01", "2025-01-05", "2025-01-15"):
        code, _, err = _report(capsys, tmp_path, "--since", since, "--until", "2025-03")
        assert code == 2 and "whole calendar months" in err
    # a period whose first month holds the one session is refused ...
    code, _, err = _report(capsys, tmp_path, "--since", "2025-01", "--until", "2025-03")
    assert code == 2 and "2025-01" in err and "fewer" in err
    # ... so the only reports left differ by whole months of at least 5 sessions
    code, a, _ = _report(capsys, tmp_path, "--since", "2025-02", "--until", "2025-03")
    code_b, b, _ = _report(capsys, tmp_path, "--since", "2025-03", "--until", "2025-03")
    assert code == 0 and code_b == 0 and a is not None and b is not None
    for data in (a, b):  # she is in neither
        assert {c["key"]: c["count"] for c in data["actors"]}["government"] == 0
        assert {c["key"]: c["count"] for c in data["regions"]}["D"] == 0
    # the default period stops before the small month
    code, default, _ = _report(capsys, tmp_path, "--until", "2025-03")
    assert code == 0 and default == a and default["period"] == {"from": "2025-02",
                                                                "to": "2025-03"}


# ------------------------------------------------------------------ the rules themselves


def test_min_count_can_be_raised_never_lowered(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _report(capsys, tmp_path, "--min-count", "2")
    assert code == 2 and "at least 5" in err


def test_a_period_is_whole_complete_months_each_with_enough_sessions() -> None:
    months = [(2025, 1)] * 5 + [(2025, 2)] * 4 + [(2025, 3)] * 7 + [(2025, 4)] * 9
    today = date(2025, 5, 2)
    assert choose_period(months, None, None, 5, today) == Period((2025, 3), (2025, 4))
    assert choose_period(months, (2025, 3), None, 5, today) == Period((2025, 3), (2025, 4))
    with pytest.raises(KyodoInputError, match="2025-02 has fewer"):
        choose_period(months, (2025, 1), (2025, 4), 5, today)
    with pytest.raises(KyodoInputError, match="not over yet"):
        choose_period(months, None, (2025, 5), 5, today)
    with pytest.raises(KyodoInputError, match="after the period"):
        choose_period(months, (2025, 4), (2025, 3), 5, today)
    with pytest.raises(KyodoInputError, match="no complete month"):
        choose_period(months, None, None, 10, today)
    # a quiet last month: the default ends with the latest month that has enough
    assert choose_period(months + [(2025, 5)] * 2, None, None, 5, date(2025, 7, 1)) == \
        Period((2025, 3), (2025, 4))


@pytest.mark.parametrize("text", ["2025-1", "2025-01-02", "25-01", "2025-13", "0001-01",
                                  "２０２５-01", "2025-01-01T00:00"])
def test_months_are_yyyy_mm(text: str) -> None:
    with pytest.raises(KyodoInputError, match="YYYY-MM"):
        parse_month(text, "--since")
    assert parse_month("2025-04", "--since") == (2025, 4)
    assert parse_month("2025-04-01", "--since") == (2025, 4)


def test_a_sessions_month_is_its_local_month() -> None:
    assert month_of("2025-03-15T00:00:00Z") in ((2025, 3),)
    assert month_of("garbage") is None


def test_the_report_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = disclosure.report_secret(tmp_path)
    assert len(first) == 32 and disclosure.report_secret(tmp_path) == first
    mode = (tmp_path / disclosure.SECRET_NAME).stat().st_mode & 0o777
    assert mode == 0o600
    assert disclosure.report_secret(tmp_path / "missing" / "dir") == b""

"""`kyodo report` from the database's aggregates gives exactly the per-session numbers.

The per-session path (every record's summary, :func:`build_report`, the months
counted one by one) is the reference; the aggregate path (``report_cells``,
kept by every save, update, delete and import) must publish the same report:
same period, same rounded counts, same averages, same refusals, with
``--since``/``--until``, in time zones whose months do not start at 00:00 UTC.
Both backends.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportcells
from kyodo_tui.cli import main
from kyodo_tui.core import disclosure
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.report import (
    build_report,
    build_report_from_cells,
    report_json,
    support_choices,
)
from kyodo_tui.core.storage import PlacementSnapshot, RecommendationSnapshot, Session, Store

CATALOG: Catalog = load_catalog(include_user=False)
TODAY = date(2025, 7, 10)
NOW = datetime(2025, 7, 10, tzinfo=UTC)
#: months starting at 00:00 UTC, before it (+9, +5:30, +12:45) and after it (with DST)
ZONES = ("UTC", "Asia/Tokyo", "Asia/Kolkata", "Pacific/Chatham", "America/New_York")
ACTORS = [*list(CATALOG.actors)[:4], None, "", "自由記述の立場"]
FIELDS = [*list(CATALOG.fields)[:6], "old-field"]
ACTIVITIES = [*list(CATALOG.activities)[:8], "gone-activity"]
WANT = [c.id for c in CATALOG.question("want").choices][:5] + ["unknown", "gone-choice"]
LETTERS = ["A", "B", "C", "D", "E", None]

Factory = Callable[..., Store]


@contextlib.contextmanager
def local_zone(zone: str) -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _session(store: Store, rng: random.Random, created: datetime) -> Session:
    s = store.new_session(kind=rng.choice(["individual", "group"]), now=created,
                          mode=rng.choice(["standard", "kiosk", "intake"]))
    answers: dict[str, Any] = {"who": rng.choice(["resident", "association"])}
    if rng.random() < 0.8:
        answers["want"] = rng.sample(WANT, rng.randint(1, 3))
    if rng.random() < 0.3:
        answers["now_text"] = "自由記述"
    placement = None
    if rng.random() < 0.9:
        letter = rng.choice(LETTERS)
        units = [rng.randint(0, 10_000) for _ in range(3)]
        total = sum(units) or 1
        triad = tuple(round(u / total, 4) for u in units)
        placement = PlacementSnapshot(
            placed=letter is not None, letter=letter,
            position=None if letter is None else float("ABCDE".index(letter)),
            spread=0.2, triad=triad, actor=rng.choice(ACTORS),  # type: ignore[arg-type]
            fields=tuple(rng.sample(FIELDS, rng.randint(0, 3))),
            triad_placed=rng.random() < 0.85)
    recs = RecommendationSnapshot(tuple(rng.sample(ACTIVITIES, rng.randint(0, 4))), ())
    return s.evolve(answers=answers, placement=placement, recommendations=recs)


def _moment(rng: random.Random) -> datetime:
    """Mostly near a month's edge (within 15 hours), where local and UTC months differ."""
    month = rng.randint(1, 6)
    edge = datetime(2025, month, 1, tzinfo=UTC)
    if rng.random() < 0.6:
        return edge + timedelta(seconds=rng.randint(-15 * 3600, 15 * 3600))
    return edge + timedelta(seconds=rng.randint(0, 27 * 86400))


def _per_session(store: Store, since: Any, until: Any, min_count: int) -> Any:
    """The reference: every record's summary, months counted one by one."""
    summaries, _ = store.summaries()
    months = [disclosure.month_of(s.created) for s in summaries]
    try:
        period = disclosure.choose_period(months, since, until, min_count, TODAY)
    except KyodoInputError as exc:
        return str(exc)
    rows = [s for s, m in zip(summaries, months, strict=True) if period.contains(m)]
    report = build_report(rows, CATALOG, min_count=min_count, period=period,
                          secret=store.report_secret(), now=NOW)
    return report_json(report, "en")


def _aggregated(store: Store, since: Any, until: Any, min_count: int) -> Any:
    """What `kyodo report` does: aggregates only."""
    try:
        period = disclosure.choose_period_counts(store.report_months(), since, until,
                                                 min_count, TODAY)
    except KyodoInputError as exc:
        return str(exc)
    qid, valid = support_choices(CATALOG)
    cells = store.report_cells(*disclosure.period_bounds(period), support_question=qid,
                               valid_choices=valid)
    report = build_report_from_cells(cells, CATALOG, min_count=min_count, period=period,
                                     now=NOW)
    return report_json(report, "en")


_cells_as_stored = reportcells.as_stored
_cells_recounted = reportcells.recounted


MONTHS = st.sampled_from([None, (2024, 12), (2025, 1), (2025, 2), (2025, 3), (2025, 4),
                          (2025, 5), (2025, 6)])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), zone=st.sampled_from(ZONES), since=MONTHS,
       until=MONTHS, min_count=st.sampled_from([1, 2, 5]))
def test_aggregates_give_the_per_session_report(store_factory: Factory, tmp_path: Path,
                                                seed: int, zone: str, since: Any, until: Any,
                                                min_count: int) -> None:
    rng = random.Random(seed)
    store = store_factory(tmp_path / "data")
    with local_zone(zone):
        saved = [store.save(_session(store, rng, _moment(rng)))
                 for _ in range(rng.randint(0, 40))]
        # edits (another placement, other answers) and deletions keep the aggregates
        for s in rng.sample(saved, len(saved) // 4):
            other = _session(store, rng, s.created_at)
            store.save(s.evolve(answers=other.answers, placement=other.placement,
                                recommendations=other.recommendations))
        for s in rng.sample(saved, len(saved) // 6):
            store.delete(s.id)
        assert _cells_as_stored(store) == _cells_recounted(store)
        assert store.report_months() == _months_one_by_one(store)
        assert _aggregated(store, since, until, min_count) == \
            _per_session(store, since, until, min_count)
        for summary in store.summaries()[0]:
            store.delete(summary.id)
        assert _cells_as_stored(store) == {}  # everything taken off again, exactly
    store.close()


def _months_one_by_one(store: Store) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for s in store.summaries()[0]:
        m = disclosure.month_of(s.created)
        assert m is not None
        out[m] = out.get(m, 0) + 1
    return out


def test_a_choice_the_catalog_no_longer_has_is_not_counted_as_answered(
        store_factory: Factory) -> None:
    store = store_factory()
    qid, valid = support_choices(CATALOG)
    assert qid == "want" and valid is not None
    for i in range(6):
        s = store.new_session(now=datetime(2025, 3, 10, i, tzinfo=UTC))
        chosen = ["gone-choice"] if i < 4 else [sorted(valid)[0], "gone-choice"]
        store.save(s.evolve(answers={"want": chosen}))
    with local_zone("UTC"):
        start, end = disclosure.period_bounds(disclosure.Period((2025, 3), (2025, 3)))
        cells = store.report_cells(start, end, support_question=qid, valid_choices=valid)
        assert cells["answered\x1fwant"][0] == 2
        assert cells["choice\x1fwant\x1fgone-choice"][0] == 6  # stored, never published
        assert _aggregated(store, (2025, 3), (2025, 3), 1) == \
            _per_session(store, (2025, 3), (2025, 3), 1)


def test_the_migration_backfills_and_keeps_the_data_dirs_report_key(
        store_factory: Factory, tmp_path: Path) -> None:
    """A database of schema 1 (reports keyed by the data dir's file) moves to schema 2:
    cells backfilled, the same key, so every published number stays the same."""
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    store = store_factory(root)
    rng = random.Random(7)
    for _ in range(30):
        store.save(_session(store, rng, datetime(2025, 2, 1, tzinfo=UTC)
                            + timedelta(minutes=rng.randint(0, 40_000))))
    # back to schema 1, as the previous version left it, with its data dir key
    db = store.db
    with db.transaction():
        db.execute("DROP TABLE report_cells")
        db.execute("DROP TABLE report_secret")
        db.execute("DROP INDEX sessions_version")
        db.execute("CREATE TABLE report_counts (month TEXT NOT NULL, key TEXT NOT NULL, "
                   "n INTEGER NOT NULL, PRIMARY KEY (month, key))")
        db.execute("UPDATE kyodo_schema SET version = 1")
    store.close()
    key = disclosure.report_secret(root)  # what schema 1's `kyodo report` used
    assert len(key) == 32
    with local_zone("Asia/Tokyo"):
        old_way = report_json(build_report(
            [s for s in store_factory(root).summaries()[0]
             if disclosure.month_of(s.created) == (2025, 2)], CATALOG, min_count=1,
            period=disclosure.Period((2025, 2), (2025, 2)), secret=key, now=NOW), "en")
        again = store_factory(root)  # opens, migrates to schema 2
        assert again.db.version() == 2
        assert again.report_secret() == key
        assert _cells_as_stored(again) == _cells_recounted(again) != {}
        assert _aggregated(again, (2025, 2), (2025, 2), 1) == old_way


def test_kyodo_report_respects_since_and_until_from_the_aggregates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str | None) -> None:
    root = tmp_path / "data"
    store = Store(root, db=db_url)
    rng = random.Random(3)
    for month in (1, 2, 3, 4):
        for i in range(5 * month):
            store.save(_session(store, rng, datetime(2025, month, 3 + i, tzinfo=UTC)))
    store.close()
    env = ["--data-dir", str(root), *(["--db", db_url] if db_url else [])]
    assert main(["report", *env, "--since", "2025-02", "--until", "2025-03", "--format",
                 "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == {"from": "2025-02", "to": "2025-03"}
    assert data["total"] == 25  # 10 + 15: January and April left out
    expected = _per_session(Store(root, db=db_url), (2025, 2), (2025, 3), 5)
    assert {k: v for k, v in data.items() if k != "generated"} == \
        {k: v for k, v in expected.items() if k != "generated"}
    assert main(["report", *env, "--since", "2025-02", "--until", "2025-05"]) == 2
    assert "2025-05 has fewer" in capsys.readouterr().err


def _fifo_key(root: Path) -> None:
    root.mkdir(mode=0o700, exist_ok=True)
    os.mkfifo(root / disclosure.SECRET_NAME, 0o600)


def test_a_fifo_planted_as_the_report_key_blocks_nothing(tmp_path: Path) -> None:
    """A FIFO named like the data dir's report key: the migration, `kyodo report`
    and the old key reader all go on (opening it for reading would wait forever)."""
    import subprocess
    import sys

    root = tmp_path / "data"
    _fifo_key(root)
    script = ("import sys; from kyodo_tui.core import disclosure; "
              "print(len(disclosure.report_secret(__import__('pathlib').Path(sys.argv[1]))))")
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr
    store = Store(root)
    rng = random.Random(1)
    for i in range(5):
        store.save(_session(store, rng, datetime(2025, 3, 2 + i, tzinfo=UTC)))
    assert len(store.report_secret()) == 32  # a new key: the FIFO was not read
    store.close()
    done = subprocess.run([sys.executable, "-m", "kyodo_tui", "report", "--data-dir",
                           str(root), "--since", "2025-03", "--until", "2025-03"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "2025-03" in done.stdout

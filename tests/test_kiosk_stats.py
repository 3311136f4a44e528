"""Anonymous kiosk statistics (rows of the sessions database) and the kiosk error log."""

from __future__ import annotations

import json
import multiprocessing
import re
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.kiosk import (
    APOLOGY,
    KioskConfig,
    StatsConfig,
    log_kiosk_error,
    read_stats,
    record_stat,
)
from kyodo_tui.core.kiosk.records import ERROR_LOG, MAX_LOG_BYTES
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.placement import Answers, place
from kyodo_tui.core.storage import Store

MARKER = "MARKER-山田太郎-090-1234-5678"
DESK = """\
[[contact]]
id = "desk"
name = { ja = "中央市 市民協働課", en = "Civic Collaboration Section" }
description = { ja = "窓口", en = "Desk" }
phone = "0123-45-6789"
email = "desk@city.example.jp"
url = "https://www.city.example.jp/kyodo/"
source = "中央市"
"""


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    layer = tmp_path_factory.mktemp("desk")
    (layer / "desk.toml").write_text(DESK, encoding="utf-8")
    return load_catalog([layer], include_user=False)


ANSWERS: Answers = {
    "who": "association",
    "group_size": "some",
    "fields": ["elderly", "community"],
    "now": ["local-events", "unknown"],
    "now_text": f"毎朝の見守り {MARKER}",
    "goal_text": MARKER,
    "lead": "together",
    "reach": "unknown",
    "carry": "each-other",
}

ON = KioskConfig(stats=StatsConfig(enabled=True))


def _lines(data_dir: Path) -> list[str]:
    """The stored statistics rows, as stored (JSON text), oldest first."""
    store = Store(data_dir)
    try:
        return [str(r[0]) for r in store.db.query("SELECT body FROM kiosk_stats ORDER BY n")]
    finally:
        store.close()


def _db_bytes(data_dir: Path) -> bytes:
    """Every byte of the database files (the WAL too): what a thief of the disk would get."""
    return b"".join(p.read_bytes() for p in sorted((data_dir / "db").iterdir()))


def test_one_line_per_finished_session(tmp_path: Path, catalog: Catalog) -> None:
    placement = place(catalog, ANSWERS)
    day = date(2026, 11, 2)
    first = record_stat(tmp_path, placement, ANSWERS, catalog, config=ON, day=day)
    record_stat(tmp_path, placement, {"who": "resident"}, catalog, config=ON, day=day)
    lines = _lines(tmp_path)
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record == first
    assert record["v"] == 1 and record["date"] == "2026-11-02"
    assert record["letter"] == placement.letter
    assert record["position"] == round(placement.position or 0, 1)
    assert set(record["triad"]) == {"self", "mutual", "public"}
    assert sum(record["triad"].values()) == pytest.approx(1, abs=0.02)
    assert record["choices"] == {
        "who": "association", "group_size": "some", "fields": ["elderly", "community"],
        "now": ["local-events", "unknown"], "lead": "together", "reach": "unknown",
        "carry": "each-other",
    }
    assert (record["answered"], record["unknown"]) == (placement.answered, placement.unknown)
    assert read_stats(tmp_path) == [record, json.loads(lines[1])]


def test_text_answers_and_contact_never_reach_the_database(tmp_path: Path,
                                                           catalog: Catalog) -> None:
    # a text smuggled into a choice answer is not a known choice id: dropped too
    answers = {**ANSWERS, "lead": MARKER, "offer": ["time", MARKER]}
    record_stat(tmp_path, place(catalog, answers), answers, catalog, config=ON)
    raw = _db_bytes(tmp_path)
    for secret in ("MARKER", "山田", "090-1234", "見守り", "0123-45-6789", "city.example.jp",
                   "市民協働課"):
        assert secret.encode("utf-8") not in raw, secret
    (text,) = _lines(tmp_path)
    record = json.loads(text)
    assert "now_text" not in record["choices"] and "goal_text" not in record["choices"]
    assert "lead" not in record["choices"]
    assert record["choices"]["offer"] == ["time"]


def test_only_the_day_no_time(tmp_path: Path, catalog: Catalog) -> None:
    record = record_stat(tmp_path, place(catalog, ANSWERS), ANSWERS, catalog, config=ON)
    assert record is not None
    assert record["date"] == date.today().isoformat()
    assert set(record) == {"v", "date", "letter", "position", "triad", "answered", "unknown",
                           "skipped", "choices"}
    (text,) = _lines(tmp_path)
    assert not re.search(r"\d{1,2}:\d{2}", text)  # no time of day anywhere


def test_day_is_in_the_kiosks_time_zone(tmp_path: Path, catalog: Catalog) -> None:
    from kyodo_tui.core.kiosk import Hours

    config = KioskConfig(stats=StatsConfig(True), hours=Hours(timezone="Pacific/Kiritimati"))
    record = record_stat(tmp_path, place(catalog, {}), {}, catalog, config=config)
    assert record is not None
    kiritimati = datetime.now(timezone(timedelta(hours=14))).date()
    assert record["date"] == kiritimati.isoformat()
    assert record["letter"] is None and record["position"] is None and record["triad"] is None


def test_nothing_written_when_stats_are_off(tmp_path: Path, catalog: Catalog) -> None:
    assert record_stat(tmp_path, place(catalog, ANSWERS), ANSWERS, catalog,
                       config=KioskConfig()) is None
    assert not (tmp_path / "db").exists()
    assert read_stats(tmp_path) == []


def test_database_and_dir_are_private(tmp_path: Path, catalog: Catalog) -> None:
    data = tmp_path / "data"
    record_stat(data, place(catalog, ANSWERS), ANSWERS, catalog, config=ON)
    assert stat.S_IMODE((data / "db" / "sessions.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "db").stat().st_mode) == 0o700


def _append_many(args: tuple[str, int]) -> None:
    data_dir, n = args
    cat = load_catalog(include_user=False)
    answers: Answers = {"who": "group", "fields": ["welfare", "elderly", "childcare"]}
    placement = place(cat, answers)
    for _ in range(n):
        record_stat(Path(data_dir), placement, answers, cat, config=ON)


def test_concurrent_kiosks_lose_no_record(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        pool.map(_append_many, [(str(tmp_path), 40)] * 3)
    lines = _lines(tmp_path)
    assert len(lines) == 120
    assert all(json.loads(line)["choices"]["who"] == "group" for line in lines)


def test_read_stats_skips_bad_rows(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.db.transaction():
        for body in ('{"v":1}', "not json", "[1]", '{"v":1,"x":2}'):
            store.db.execute("INSERT INTO kiosk_stats (day, body) VALUES (?, ?)", ("", body))
    store.close()
    assert read_stats(tmp_path) == [{"v": 1}, {"v": 1, "x": 2}]


# ---------------------------------------------------------------- error log


def _boom() -> None:
    raise RuntimeError("something broke in the results screen")


def test_error_log_has_timestamp_and_traceback(tmp_path: Path) -> None:
    try:
        _boom()
    except RuntimeError as exc:
        path = log_kiosk_error(tmp_path / "data", exc,
                               now=datetime(2026, 11, 2, 14, 3, 22,
                                            tzinfo=timezone(timedelta(hours=9))))
    assert path == tmp_path / "data" / ERROR_LOG
    text = path.read_text(encoding="utf-8")
    assert text.startswith("=== 2026-11-02T14:03:22+09:00 ===\nTraceback (most recent call last)")
    assert "in _boom" in text and "RuntimeError: something broke" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    log_kiosk_error(tmp_path / "data", ValueError("second"))
    assert path.read_text(encoding="utf-8").count("=== ") == 2


def test_error_log_rotates(tmp_path: Path) -> None:
    log = tmp_path / ERROR_LOG
    log.write_bytes(b"x" * (MAX_LOG_BYTES + 1))
    log_kiosk_error(tmp_path, ValueError("fresh"))
    assert (tmp_path / (ERROR_LOG + ".1")).stat().st_size == MAX_LOG_BYTES + 1
    assert "ValueError: fresh" in log.read_text(encoding="utf-8")
    assert log.stat().st_size < 1000


def test_error_log_never_raises(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("", encoding="utf-8")
    log_kiosk_error(not_a_dir, RuntimeError("x"))  # cannot write: swallowed


def test_apology_is_bilingual() -> None:
    assert "申し訳ありません" in APOLOGY.ja and "Sorry" in APOLOGY.en

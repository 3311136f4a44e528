"""The anonymous report: counts, suppression, the support question, no free text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.report import (
    build_report,
    report_json,
    report_markdown,
    support_question_id,
)
from kyodo_tui.core.storage import (
    ContactInfo,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    Store,
    Summary,
    new_session,
    summary_of,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def _session(letter: str | None = "B", actor: str | None = "association",
             kind: str = "group", want: list[str] | None = None,
             fields: tuple[str, ...] = ("environment",),
             activities: tuple[str, ...] = (), triad: tuple[float, float, float] = (0.2, 0.6, 0.2),
             triad_placed: bool = True) -> Session:
    answers: dict[str, str | list[str]] = {"who": actor or "unknown"}
    if want is not None:
        answers["want"] = want
    position = None if letter is None else float("ABCDE".index(letter))
    return new_session(kind=kind, answers=answers).evolve(
        placement=PlacementSnapshot(letter is not None, letter, position, 0.3, triad, actor,
                                    fields, 3, 0, 0, triad_placed),
        recommendations=RecommendationSnapshot(activities, ()))


def _summaries(*sessions: Session) -> list[Summary]:
    return [summary_of(s) for s in sessions]


def _cells(data: dict[str, object], section: str) -> dict[str, dict[str, object]]:
    cells = data[section]
    assert isinstance(cells, list)
    return {c["key"]: c for c in cells}


def test_a_cell_of_four_is_hidden_and_five_is_shown(catalog: Catalog) -> None:
    # two small cells: neither can be worked out from the total, so no secondary hiding
    sessions = [_session("B", "association") for _ in range(5)] + \
               [_session("C", "resident", kind="individual") for _ in range(4)] + \
               [_session("D", "group") for _ in range(3)]
    data = report_json(build_report(_summaries(*sessions), catalog), "ja")
    actors = _cells(data, "actors")
    assert actors["association"]["count"] == 5 and actors["association"]["suppressed"] is False
    assert actors["resident"]["count"] is None and actors["resident"]["suppressed"] is True
    regions = _cells(data, "regions")
    assert regions["B"]["count"] == 5
    assert regions["C"] == {"key": "C", "label": regions["C"]["label"], "count": None,
                            "suppressed": True, "reason": "small"}
    assert regions["A"]["count"] == 0 and regions["A"]["suppressed"] is False
    assert data["total"] == 12
    # with only association (5) and resident (4), 12 − 5 would reveal the 4: both hidden
    pair = report_json(build_report(_summaries(*sessions[:9]), catalog), "ja")
    assert _cells(pair, "actors")["association"] == {
        "key": "association", "label": "自治会・町内会・PTA", "count": None, "suppressed": True,
        "reason": "secondary"}


def test_a_single_small_cell_cannot_be_worked_out_from_the_total(catalog: Catalog) -> None:
    sessions = [_session("B") for _ in range(10)] + [_session("D") for _ in range(6)] + \
               [_session("C") for _ in range(2)]
    data = report_json(build_report(_summaries(*sessions), catalog), "en")
    regions = _cells(data, "regions")
    assert regions["C"]["suppressed"] and regions["C"]["reason"] == "small"
    assert regions["D"]["suppressed"] and regions["D"]["reason"] == "secondary"
    assert regions["B"]["count"] == 10
    assert regions["E"]["count"] == 0


def test_triad_average_needs_min_count_sessions(catalog: Catalog) -> None:
    four = [_session(triad=(0.5, 0.5, 0.0)) for _ in range(4)]
    unplaced = [_session(triad=(1 / 3, 1 / 3, 1 / 3), triad_placed=False) for _ in range(3)]
    data = report_json(build_report(_summaries(*four, *unplaced), catalog), "ja")
    assert data["triad"] == {"n": None, "suppressed": True, "self": None, "mutual": None,
                             "public": None}
    five = four + [_session(triad=(0.0, 0.5, 0.5))]
    data = report_json(build_report(_summaries(*five, *unplaced), catalog), "ja")
    assert data["triad"] == {"n": 5, "suppressed": False, "self": 0.4, "mutual": 0.5,
                             "public": 0.1}


def test_support_question_is_found_in_the_catalog(catalog: Catalog,
                                                  mini_catalog: Catalog) -> None:
    assert support_question_id(catalog) == "want"
    assert support_question_id(mini_catalog) is None
    renamed = dataclasses.replace(catalog, questions=tuple(
        dataclasses.replace(q, id="municipal_support") if q.id == "want" else q
        for q in catalog.questions))
    assert support_question_id(renamed) == "municipal_support"


def test_most_requested_support_and_top_lists(catalog: Catalog) -> None:
    sessions = [_session(want=["money", "place"], activities=("a002-environment-forest",))
                for _ in range(6)]
    sessions += [_session(want=["information"], fields=("safety",)) for _ in range(5)]
    sessions += [_session(want=["unknown"]), _session(want=["not-a-choice"])]
    report = build_report(_summaries(*sessions), catalog)
    data = report_json(report, "ja")
    support = data["support"]
    assert support["question"] == "want"
    assert support["answered"]["count"] == 11
    choices = {c["key"]: c for c in support["choices"]}
    assert list(choices) == ["money", "place", "information"]
    assert choices["money"]["count"] == 6 and choices["money"]["label"].startswith("お金")
    fields = _cells(data, "fields")
    assert fields["environment"]["count"] == 8 and fields["safety"]["count"] == 5
    assert _cells(data, "activities")["a002-environment-forest"]["count"] == 6


def test_no_free_text_or_contact_reaches_the_report(catalog: Catalog, tmp_path: Path) -> None:
    store = Store(tmp_path)
    for i in range(6):
        s = _session(want=["money"]).evolve(
            label=f"田中太郎の会{i}", notes="秘密のメモ",
            answers={"who": "association", "want": ["money"], "now_text": "山田花子です",
                     "goal_text": "secret-goal"},
            contact=ContactInfo(name="田中太郎", phone="0152-11-2222"),
        ).with_consent("self")
        store.save(s)
    summaries, problems = store.summaries()
    assert problems == []
    for lang in ("ja", "en"):
        report = build_report(summaries, catalog, min_count=1)
        text = report_markdown(report, lang) + json.dumps(report_json(report, lang),
                                                          ensure_ascii=False)
        for secret in ("田中太郎", "秘密", "山田花子", "0152", "secret-goal"):
            assert secret not in text


def test_markdown_headings_follow_the_language(catalog: Catalog) -> None:
    sessions = _summaries(*[_session() for _ in range(5)])
    ja = report_markdown(build_report(sessions, catalog), "ja")
    en = report_markdown(build_report(sessions, catalog), "en")
    assert "## 協働の領域（A〜E）" in ja and "## The A–E spectrum" in en
    assert "| B 市民主導・行政支援 | 5 | 100% |" in ja
    small = report_markdown(build_report(sessions[:3], catalog), "en")
    assert "| B citizen-led, supported | <5 |" in small
    assert "hidden: fewer than 5" in small


def test_min_count_one_shows_everything_and_zero_is_refused(catalog: Catalog) -> None:
    data = report_json(build_report(_summaries(_session("A")), catalog, min_count=1), "ja")
    assert _cells(data, "regions")["A"]["count"] == 1
    with pytest.raises(ValueError):
        build_report([], catalog, min_count=0)


def test_empty_report(catalog: Catalog) -> None:
    report = build_report([], catalog)
    data = report_json(report, "en")
    assert data["total"] == 0 and data["fields"] == [] and data["triad"]["suppressed"] is False
    assert "Sessions: 0" in report_markdown(report, "en")

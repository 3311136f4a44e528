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


def test_every_count_is_a_multiple_of_five_and_multiples_of_five_stay(catalog: Catalog) -> None:
    sessions = [_session("B", "association") for _ in range(10)] + \
               [_session("C", "resident", kind="individual") for _ in range(4)] + \
               [_session("D", "group") for _ in range(3)]
    data = report_json(build_report(_summaries(*sessions), catalog), "ja")
    for section in ("kinds", "actors", "regions", "fields"):
        for cell in data[section]:
            assert set(cell) == {"key", "label", "count"}
            assert cell["count"] % 5 == 0
    assert data["total"] in (15, 20)
    regions = _cells(data, "regions")
    assert regions["B"]["count"] == 10          # a multiple of 5 is never moved
    assert regions["A"]["count"] == 0           # a true zero stays zero
    assert regions["C"]["count"] in (0, 5) and regions["D"]["count"] in (0, 5)
    assert data["rounding"] == {"method": "cell-key random rounding", "base": 5}


def test_the_same_sessions_always_give_the_same_report(catalog: Catalog) -> None:
    sessions = _summaries(*[_session("C") for _ in range(7)], *[_session("B") for _ in range(3)])
    first = report_json(build_report(sessions, catalog, secret=b"k" * 32), "en")
    again = report_json(build_report(list(reversed(sessions)), catalog, secret=b"k" * 32), "en")
    first.pop("generated"), again.pop("generated")
    assert first == again


def test_rounding_is_unbiased_over_many_cells() -> None:
    """Over many different cells, a count of 2 is rounded up about 2 times in 5."""
    from kyodo_tui.core.disclosure import round_count

    ups = sum(round_count(2, k) == 5 for k in range(256))
    assert abs(ups / 256 - 0.4) < 0.01
    assert {round_count(7, k) for k in range(256)} == {5, 10}
    assert all(round_count(0, k) == 0 and round_count(10, k) == 10 for k in range(256))


def test_triad_average_needs_min_count_sessions(catalog: Catalog) -> None:
    four = [_session(triad=(0.5, 0.5, 0.0)) for _ in range(4)]
    unplaced = [_session(triad=(1 / 3, 1 / 3, 1 / 3), triad_placed=False) for _ in range(3)]
    data = report_json(build_report(_summaries(*four, *unplaced), catalog), "ja")
    assert data["triad"]["self"] is None and data["triad"]["n"] in (0, 5)
    five = four + [_session(triad=(0.0, 0.5, 0.5))]
    data = report_json(build_report(_summaries(*five, *unplaced), catalog), "ja")
    assert data["triad"] == {"n": 5, "self": 0.4, "mutual": 0.5, "public": 0.1}
    odd = five + [_session(triad=(0.13, 0.57, 0.3))]
    data = report_json(build_report(_summaries(*odd), catalog), "ja")
    for k in ("self", "mutual", "public"):  # steps of 5 points, never two decimals of a person
        assert round(data["triad"][k] * 20, 6) == round(data["triad"][k] * 20)


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
    assert support["answered"]["count"] in (10, 15)            # 11, rounded
    choices = {c["key"]: c for c in support["choices"]}
    assert set(choices) <= {"money", "place", "information"} and "information" in choices
    assert choices["information"]["count"] == 5
    assert all(c["count"] in (5, 10) for c in choices.values())
    if "money" in choices:
        assert choices["money"]["label"].startswith("お金")
    assert "not-a-choice" not in choices and "unknown" not in choices
    fields = _cells(data, "fields")
    assert fields["environment"]["count"] in (5, 10) and fields["safety"]["count"] == 5


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
    assert "rounded to a multiple of 5" in en and "5の倍数に丸めています" in ja
    small = report_markdown(build_report(sessions[:3], catalog), "en")
    assert "<5" not in small and "not shown: fewer than 5" in small
    assert "| B citizen-led, supported | 0 |" in small or \
        "| B citizen-led, supported | 5 |" in small


def test_min_count_zero_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ValueError):
        build_report([], catalog, min_count=0)


def test_empty_report(catalog: Catalog) -> None:
    report = build_report([], catalog)
    data = report_json(report, "en")
    assert data["total"] == 0 and data["fields"] == [] and data["triad"]["self"] is None
    assert "Sessions: 0" in report_markdown(report, "en")

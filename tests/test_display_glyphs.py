"""What the core says and what the built-in catalog holds is safe to draw on a CJK
terminal: no East-Asian-ambiguous glyphs (→ – — ± … ※ ○ “ ” é …), which Rich counts
as one cell and a Japanese terminal draws as two (STYLE.md). Japanese reason texts put
no ASCII space between a value and the Japanese around it."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.matching import Matcher
from kyodo_tui.core.model import UNKNOWN, Catalog, Text
from kyodo_tui.core.placement import Answers, place
from kyodo_tui.core.recommend import recommend


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def ambiguous(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.east_asian_width(ch) == "A"}


def texts(obj: Any, path: str = "catalog", seen: set[int] | None = None
          ) -> Iterator[tuple[str, str]]:
    """(path, text) for every Text (both languages) inside ``obj``."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Text):
        yield f"{path}.ja", obj.ja
        yield f"{path}.en", obj.en
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from texts(getattr(obj, f.name), f"{path}.{f.name}", seen)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from texts(value, f"{path}[{key}]", seen)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from texts(value, f"{path}[{i}]", seen)


def test_builtin_catalog_texts_have_no_ambiguous_glyphs() -> None:
    bad = [(path, sorted(ambiguous(t))) for path, t in texts(catalog()) if ambiguous(t)]
    assert not bad, bad


def random_answers(rng: random.Random, cat: Catalog) -> Answers:
    answers: Answers = {}
    for q in cat.questions:
        roll = rng.random()
        if roll < 0.15:
            continue
        if q.kind == "text":
            answers[q.id] = rng.choice(["川の清掃", "seisou", "mimamori", "除雪", "river"])
        elif roll < 0.25:
            answers[q.id] = UNKNOWN
        elif q.kind == "single":
            answers[q.id] = rng.choice(q.choices).id
        else:
            k = rng.randint(1, min(3, len(q.choices)))
            answers[q.id] = [c.id for c in rng.sample(list(q.choices), k)]
    return answers


def reason_texts(answers: Answers, matcher: Matcher) -> Iterator[tuple[str, str]]:
    cat = catalog()
    placement = place(cat, answers)
    recs = recommend(cat, answers, placement, matcher)
    reasons: list[Any] = [placement.summary]
    reasons += [c.reason for c in placement.region_contributions]
    reasons += [c.reason for c in placement.triad_contributions]
    if placement.what_if is not None:
        reasons.append(placement.what_if.reason)
    for fit in recs.all_forms:
        reasons += list(fit.reasons)
    for check in recs.principles:
        reasons += list(check.reasons)
    if recs.next_step is not None:
        reasons.append(recs.next_step.reason)
    reasons += list(recs.notes)
    for match in recs.activities:
        reasons += list(match.reasons)
    for reason in reasons:
        for lang in ("ja", "en"):
            yield f"{reason.code}.{lang}", reason.text(lang)


@pytest.mark.parametrize("seed", range(12))
def test_core_reasons_have_no_ambiguous_glyphs_nor_spaces_in_japanese(seed: int) -> None:
    cat = catalog()
    matcher = Matcher.from_catalog(cat)
    answers = random_answers(random.Random(seed), cat)
    # a value between Japanese text and an ASCII space: 「領域 B・C が」, 「あと 0.48」
    spaced = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef] [0-9A-E+\-]"
                        r"|[0-9A-E%] [\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
    for code, text in reason_texts(answers, matcher):
        assert not ambiguous(text), (code, text)
        if code.endswith(".ja"):
            assert not spaced.search(text), (code, text)

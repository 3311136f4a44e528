"""The room picture does only what it shows (issue 15): no what-if search for the
hands (the fixed ~100 ms), choice copies made once, not on every redraw."""

from __future__ import annotations

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.workshop import Group
from kyodo_tui.core.workshop import tally as wt


def _group() -> Group:
    """Hands on every choice question: a room the what-if search would work on."""
    catalog = load_catalog(include_user=False)
    tally = {q.id: {q.choices[0].id: 3, q.choices[-1].id: 2}
             for q in catalog.questions if q.kind != "text" and len(q.choices) >= 2}
    return Group("t1", "Table", tally=tally)


def test_the_composite_is_placed_without_a_what_if(monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_tui.core import placement

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("the room picture ran the what-if search")

    monkeypatch.setattr(placement, "_what_if", no_search)
    catalog = load_catalog(include_user=False)
    pic = wt.picture(catalog, _group())
    assert pic.composite.placed
    assert pic.composite.what_if is None


def test_bare_choices_are_made_once_per_choice() -> None:
    catalog = load_catalog(include_user=False)
    first = wt.expand(catalog, wt.group_hands(catalog, _group()))
    again = wt.expand(catalog, wt.group_hands(catalog, _group()))
    a = [c for q in first.catalog.questions for c in q.choices]
    b = [c for q in again.catalog.questions for c in q.choices]
    assert a and all(x is y for x, y in zip(a, b, strict=True))
    assert all(c.actor is None and c.cycle is None for c in a)

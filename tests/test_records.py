"""kyodo_tui.core.records: the cheap @dataclass behaves like the real one where the
core relies on it (init, defaults, equality, hashing, frozen, slots, stdlib helpers)."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from kyodo_tui.core.records import FrozenInstanceError, dataclass, field


@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: dict[str, int] = field(default_factory=dict, hash=False)


@dataclass(slots=True)
class Box:
    items: list[int] = field(default_factory=list)
    label: str = "box"


def test_init_defaults_and_factories() -> None:
    p = Point(1)
    assert (p.x, p.y, p.tags) == (1, 0, {})
    assert Point(1).tags is not Point(1).tags
    assert Point(x=2, y=3).y == 3
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, {}, 4)  # type: ignore[call-arg]


def test_equality_hash_repr() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2)
    assert hash(Point(1, 2, {"a": 1})) == hash(Point(1, 2, {"b": 2}))  # tags not hashed
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags={})"
    assert Box() == Box()
    with pytest.raises(TypeError):
        hash(Box())  # mutable with eq: unhashable, like dataclasses


def test_frozen_and_slots() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x
    assert not hasattr(p, "__dict__")
    b = Box()
    b.label = "other"
    assert b.label == "other"
    with pytest.raises(AttributeError):
        b.other = 1  # type: ignore[attr-defined]


def test_stdlib_helpers_and_copies() -> None:
    p = Point(1, 2, {"a": 1})
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert dataclasses.replace(p, y=5) == Point(1, 5, {"a": 1})
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "tags": {"a": 1}}
    assert copy.deepcopy(p) == p and copy.copy(p) == p
    match p:
        case Point(x, y):
            assert (x, y) == (1, 2)

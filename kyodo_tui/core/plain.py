"""Catalog objects as plain data and back, for the on-disk caches.

A model object becomes ``[class name, *field values]`` (tuples stay tuples,
dicts stay dicts, a list becomes ``["list", *items]``); a :class:`Where` keeps
its path absolute and is shown relative to the working directory again when read
back, so one cache entry serves every working directory. Only the classes of
:mod:`kyodo_tui.core.model` are ever constructed: the data names no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.core.model import (
    Activity,
    Actor,
    Catalog,
    Choice,
    Condition,
    Contact,
    CycleStep,
    Field,
    Form,
    Languages,
    Municipality,
    Principle,
    Question,
    Text,
    Viewpoint,
    Where,
)

__all__ = ["Decoder", "catalog_from_plain", "catalog_to_plain", "encode", "shown_path"]

_MODEL_CLASSES: dict[str, type] = {
    c.__name__: c for c in (Text, Where, Field, Actor, Form, Principle, CycleStep, Viewpoint,
                            Contact, Activity, Condition, Choice, Question, Municipality,
                            Languages)
}


def shown_path(path: Path) -> str:
    """A path for messages: relative to the working dir when under it, else as is."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


_SCALARS = frozenset((str, int, float, bool, type(None)))
_ABSOLUTE: dict[tuple[str, Path], str] = {}


def _absolute(path: str, cwd: Path) -> str:
    """``path`` made absolute against ``cwd`` (remembered: a catalog has few files)."""
    key = (path, cwd)
    out = _ABSOLUTE.get(key)
    if out is None:
        p = Path(path)
        out = _ABSOLUTE[key] = str(p if p.is_absolute() else cwd / p)
        if len(_ABSOLUTE) > 4096:
            _ABSOLUTE.clear()
    return out


def encode(value: Any, cwd: Path) -> Any:
    """A model object (or a tuple/dict of them) as plain data; where-paths absolute."""
    t = type(value)
    if t in _SCALARS:
        return value
    if t is tuple:
        return tuple([v if type(v) is str else encode(v, cwd) for v in value])
    if t is Text:
        if value.more:  # more languages than ja and en: (code, text) pairs
            return ["Text", value.ja, value.en, value.more]
        return ["Text", value.ja, value.en]
    if t is Where:
        return ["Where", _absolute(value.path, cwd), value.line]
    if t is dict:
        return {k: v if type(v) in _SCALARS else encode(v, cwd) for k, v in value.items()}
    if t is list:
        return ["list", *(encode(v, cwd) for v in value)]
    name = t.__name__
    if _MODEL_CLASSES.get(name) is t:
        return [name, *(encode(getattr(value, f), cwd) for f in t.__slots__)]
    return value


class Decoder:
    """Plain data back to model objects (KeyError/TypeError/IndexError if malformed)."""

    def __init__(self) -> None:
        self.shown: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        t = type(value)
        if t is tuple:
            return tuple(map(self, value))
        if t is dict:
            return {k: self(v) for k, v in value.items()}
        if t is list:
            name = value[0]
            if name == "Text":  # the commonest object: its values are plain already
                if len(value) == 3:
                    return Text(value[1], value[2])
                return Text(value[1], value[2], tuple(map(tuple, value[3])))
            if name == "Where":
                path = value[1]
                shown = self.shown.get(path)
                if shown is None:
                    shown = self.shown[path] = shown_path(Path(path))
                return Where(shown, value[2])
            if name == "list":
                return [self(v) for v in value[1:]]
            return _MODEL_CLASSES[name](*map(self, value[1:]))
        return value


def catalog_to_plain(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain data (for the cache); :func:`catalog_from_plain` reverses it."""
    cwd = Path.cwd().resolve()
    return {f: encode(getattr(catalog, f), cwd) for f in Catalog.__slots__ if f != "layers"}


def catalog_from_plain(data: dict[str, Any], layers: Sequence[Path]) -> Catalog:
    """A catalog from :func:`catalog_to_plain`'s data (KeyError/TypeError if malformed)."""
    decode = Decoder()
    return Catalog(**{k: decode(v) for k, v in data.items()},
                   layers=tuple(str(p) for p in layers))

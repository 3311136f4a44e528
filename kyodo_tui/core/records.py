"""``@dataclass`` for the core's plain records, at a fraction of the start-up cost.

Python 3.11's :func:`dataclasses.dataclass` compiles every generated method with a
separate ``exec`` and its module imports :mod:`inspect`: about 2 ms a class plus
15 ms once, which is most of a headless command's own start-up. This decorator
takes the same arguments for what the core uses (``frozen``, ``slots``, ``eq``,
``repr``; :func:`field` with ``default``, ``default_factory``, ``hash``,
``compare``, ``repr``) and writes all methods in one ``exec``. Anything else
(``order``, ``kw_only``, inheritance from a record …) falls back to the real
decorator.

The classes stay dataclasses to the standard library: ``__dataclass_fields__``
is built (importing :mod:`dataclasses`) on first access, so
:func:`dataclasses.replace`, :func:`~dataclasses.fields`,
:func:`~dataclasses.asdict` and :func:`~dataclasses.is_dataclass` work as before.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FrozenInstanceError", "dataclass", "field"]

_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (like dataclasses.FrozenInstanceError)."""


class _Field:
    __slots__ = ("default", "default_factory", "hash", "compare", "repr", "init")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING,
                 hash: bool | None = None, compare: bool = True,  # noqa: A002 - as dataclasses
                 repr: bool = True, init: bool = True) -> None:  # noqa: A002
        self.default = default
        self.default_factory = default_factory
        self.hash = hash
        self.compare = compare
        self.repr = repr
        self.init = init


def field(*, default: Any = _MISSING, default_factory: Any = _MISSING,
          hash: bool | None = None, compare: bool = True,  # noqa: A002
          repr: bool = True) -> Any:  # noqa: A002
    """Like :func:`dataclasses.field` (the arguments the core uses)."""
    return _Field(default, default_factory, hash, compare, repr)


class _LazyFields:
    """``__dataclass_fields__``, built with the real dataclasses module when asked."""

    def __init__(self, specs: list[tuple[str, Any, _Field]]) -> None:
        self.specs = specs

    def __get__(self, obj: object, owner: type) -> dict[str, Any]:
        import dataclasses

        out: dict[str, Any] = {}
        for name, ann, spec in self.specs:
            kw: dict[str, Any] = {"hash": spec.hash, "compare": spec.compare, "repr": spec.repr}
            if spec.default is not _MISSING:
                kw["default"] = spec.default
            if spec.default_factory is not _MISSING:
                kw["default_factory"] = spec.default_factory
            f = dataclasses.field(**kw)
            f.name, f.type = name, ann
            f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # noqa: SLF001
            out[name] = f
        type.__setattr__(owner, "__dataclass_fields__", out)
        return out


def _fallback(cls: type | None, kw: dict[str, Any]) -> Any:
    import dataclasses

    if cls is None:
        return dataclasses.dataclass(**kw)
    return dataclasses.dataclass(cls, **kw)


def dataclass(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False,
              eq: bool = True, repr: bool = True, **other: Any) -> Any:  # noqa: A002
    """``@dataclass`` / ``@dataclass(frozen=True, slots=True)``, cheaply (see module doc)."""
    if other:
        return _fallback(cls, {"frozen": frozen, "slots": slots, "eq": eq, "repr": repr,
                               **other})

    def wrap(c: type) -> type:
        return _make(c, frozen=frozen, slots=slots, eq=eq, want_repr=repr)

    return wrap if cls is None else wrap(cls)


def _getter(names: list[str]) -> Any:
    """A function from a record to the tuple of its ``names`` fields."""
    from operator import attrgetter

    if not names:
        return lambda self: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return attrgetter(*names)


def _repr_of(qualname: str, names: list[str]) -> Any:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__qualname__}({inner})"
    return __repr__


def _eq_of(key: Any) -> Any:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented
    return __eq__


def _hash_of(key: Any) -> Any:
    def __hash__(self: Any) -> int:
        return hash(key(self))
    return __hash__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate_of(key: Any) -> Any:
    def __getstate__(self: Any) -> list[Any]:
        return list(key(self))
    return __getstate__


def _setstate_of(names: tuple[str, ...]) -> Any:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for n, v in zip(names, state, strict=False):
            object.__setattr__(self, n, v)
    return __setstate__


def _deferred_init(src: str, ns: dict[str, Any], qualname: str, owner: list[type]) -> Any:
    """An ``__init__`` that compiles the real one (``src``) on the first instance and
    puts it on the class (``owner[0]``): a headless command defines dozens of records
    and makes instances of a few, and compiling is most of a record class's cost."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = owner[0].__dict__.get("__init__")
        if init is __init__:
            exec(src, ns)  # noqa: S102 - our own generated __init__, as dataclasses does
            init = ns["__init__"]
            init.__qualname__ = qualname
            type.__setattr__(owner[0], "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = qualname
    return __init__


def _make(cls: type, *, frozen: bool, slots: bool, eq: bool, want_repr: bool) -> type:  # noqa: C901 - builds each record class's code: a branch per field feature
    if any(hasattr(b, "__dataclass_fields__") for b in cls.__mro__[1:]):
        return _fallback(cls, {"frozen": frozen, "slots": slots, "eq": eq, "repr": want_repr})
    body = dict(cls.__dict__)
    anns: dict[str, Any] = body.get("__annotations__", {})
    specs: list[tuple[str, Any, _Field]] = []
    for name, ann in anns.items():
        if isinstance(ann, str) and ann.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = body.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(default=value)
        specs.append((name, ann, spec))
    names = [n for n, _, _ in specs]
    ns: dict[str, Any] = {"_MISSING": _MISSING, "_FrozenInstanceError": FrozenInstanceError,
                          "_object_setattr": object.__setattr__}
    params: list[str] = []
    lines: list[str] = []
    seen_default = False
    for name, _, spec in specs:
        if spec.default_factory is not _MISSING:
            ns[f"_f_{name}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            lines.append(f"  if {name} is _MISSING: {name} = _f_{name}()")
            seen_default = True
        elif spec.default is not _MISSING:
            ns[f"_d_{name}"] = spec.default
            params.append(f"{name}=_d_{name}")
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        else:
            params.append(name)
        if frozen:
            lines.append(f"  _object_setattr(self, {name!r}, {name})")
        else:
            lines.append(f"  self.{name} = {name}")
    # only __init__ is compiled (its signature and speed matter); the rest are
    # closures over C-level attrgetters: compiling is most of a class's cost
    src = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
           *(lines or ["  pass"])]
    owner: list[type] = []
    body["__init__"] = _deferred_init("\n".join(src), ns, f"{cls.__qualname__}.__init__", owner)
    if want_repr and "__repr__" not in body:
        body["__repr__"] = _repr_of(cls.__qualname__, [n for n, _, s in specs if s.repr])
    if eq and "__eq__" not in body:
        body["__eq__"] = _eq_of(_getter([n for n, _, s in specs if s.compare]))
    if eq and frozen and "__hash__" not in body:
        body["__hash__"] = _hash_of(_getter(
            [n for n, _, s in specs if (s.compare if s.hash is None else s.hash)]))
    if frozen:
        body["__setattr__"] = _frozen_setattr
        body["__delattr__"] = _frozen_delattr
    if slots:
        body["__getstate__"] = _getstate_of(_getter(names))
        body["__setstate__"] = _setstate_of(tuple(names))
    if eq and not frozen and "__hash__" not in cls.__dict__:
        body["__hash__"] = None
    body["__match_args__"] = tuple(n for n, _, s in specs if s.init)
    body["__dataclass_fields__"] = _LazyFields(specs)
    if slots:
        for n in names:
            body.pop(n, None)
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        body["__slots__"] = tuple(names)
        new = type(cls)(cls.__name__, cls.__bases__, body)
        new.__qualname__ = cls.__qualname__
        owner.append(new)
        return new
    for n, _, spec in specs:  # defaults stay class attributes, as with dataclasses
        if spec.default is not _MISSING:
            type.__setattr__(cls, n, spec.default)
        elif isinstance(cls.__dict__.get(n), _Field):
            type.__delattr__(cls, n)
    for key in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                "__match_args__", "__dataclass_fields__"):
        if key in body and body[key] is not cls.__dict__.get(key, _MISSING):
            type.__setattr__(cls, key, body[key])
    owner.append(cls)
    return cls

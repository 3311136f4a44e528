"""Regular expressions compiled on first use, not at import.

``re.compile`` of a pattern with large character ranges costs milliseconds, and
a headless command imports dozens of them it never uses. ``lazy(pattern)`` is a
drop-in for ``re.compile(pattern)`` for the methods used here.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern", "lazy"]


_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "split")


class LazyPattern:
    """A pattern that compiles itself the first time it is used; from then on its
    methods are the compiled pattern's own (bound into the instance: no extra call)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @property
    def compiled(self) -> re.Pattern[str]:
        c = self.__dict__.get("_compiled")
        if c is None:
            c = re.compile(self.pattern, self.flags)
            self.__dict__["_compiled"] = c
            for name in _METHODS:
                self.__dict__[name] = getattr(c, name)
        return c

    def search(self, *a: Any) -> re.Match[str] | None:
        return self.compiled.search(*a)

    def match(self, *a: Any) -> re.Match[str] | None:
        return self.compiled.match(*a)

    def fullmatch(self, *a: Any) -> re.Match[str] | None:
        return self.compiled.fullmatch(*a)

    def findall(self, *a: Any) -> list[Any]:
        return self.compiled.findall(*a)

    def finditer(self, *a: Any) -> Any:
        return self.compiled.finditer(*a)

    def sub(self, *a: Any) -> str:
        return self.compiled.sub(*a)

    def split(self, *a: Any) -> list[str]:
        return self.compiled.split(*a)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, deferred until first use."""
    return LazyPattern(pattern, flags)

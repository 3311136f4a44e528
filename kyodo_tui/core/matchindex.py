"""The matcher for a catalog, persisted: built once per catalog state, then read back.

:func:`load_matcher` keys the index by the catalog's content (every layer file,
see :func:`kyodo_tui.core.layers.catalog_key`) and the matching code itself; a hit
reads plain data (strings, ints, byte strings: :mod:`kyodo_tui.core.cache`, never
code) and neither parses nor validates nor normalises anything. A miss loads the
catalog the usual way (validated; a bad catalog raises :class:`CatalogError`),
builds the matcher and stores it. An index is written only for a catalog that
validated, so a hit stands for a valid catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kyodo_tui.core import cache
from kyodo_tui.core.layers import catalog_key, catalog_layers
from kyodo_tui.core.matching import Matcher

__all__ = ["MATCH_INDEX", "load_matcher", "read_index", "store_index"]

#: the cache folder of persisted matcher indexes
MATCH_INDEX = "match-index-v2"
#: the code an index depends on besides the catalog loader's
_CODE = ("matching.py", "text.py", "matchindex.py")


def load_matcher(extra: Sequence[Path] = (), include_user: bool = True, *,
                 builtin: Path | None = None) -> Matcher:
    """The matcher over the merged catalog's activities, from the cache when it can."""
    layers = catalog_layers(extra, include_user, builtin=builtin)
    key = catalog_key(layers, code=_CODE)
    if key is not None:
        found = read_index(key)
        if found is not None:
            return found
    from kyodo_tui.core.catalog import load_catalog

    matcher = Matcher.from_catalog(load_catalog(extra, include_user, builtin=builtin))
    if key is not None:
        store_index(key, matcher)
    return matcher


def read_index(key: str) -> Matcher | None:
    """The matcher stored under ``key``, or None. The index (texts, offsets, masks)
    is read whole; the activities' rows stay on disk until a result shows one."""
    data = cache.read(MATCH_INDEX, key, check=False)  # from_plain checks the shape
    if not isinstance(data, dict):
        return None
    rows = cache.open_blob(MATCH_INDEX, key)
    if rows is None:
        return None
    try:
        return Matcher.from_plain(data, rows)
    except ValueError:
        rows.close()
        return None


def store_index(key: str, matcher: Matcher) -> bool:
    """Store ``matcher`` under ``key``: its rows first, then the index that needs them."""
    plain = matcher.to_plain()
    rows = plain.pop("rows")
    return cache.write_blob(MATCH_INDEX, key, rows) and cache.write(MATCH_INDEX, key, plain)

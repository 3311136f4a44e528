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

__all__ = ["MATCH_INDEX", "load_matcher"]

#: the cache folder of persisted matcher indexes
MATCH_INDEX = "match-index-v1"
#: the code an index depends on besides the catalog loader's
_CODE = ("matching.py", "text.py", "matchindex.py")


def load_matcher(extra: Sequence[Path] = (), include_user: bool = True, *,
                 builtin: Path | None = None) -> Matcher:
    """The matcher over the merged catalog's activities, from the cache when it can."""
    layers = catalog_layers(extra, include_user, builtin=builtin)
    key = catalog_key(layers, code=_CODE)
    if key is not None:
        data = cache.read(MATCH_INDEX, key, check=False)  # from_plain checks the shape
        if isinstance(data, dict):
            try:
                return Matcher.from_plain(data)
            except ValueError:
                pass
    from kyodo_tui.core.catalog import load_catalog

    matcher = Matcher.from_catalog(load_catalog(extra, include_user, builtin=builtin))
    if key is not None:
        cache.write(MATCH_INDEX, key, matcher.to_plain())
    return matcher

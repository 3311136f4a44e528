"""Wheel build hook: the built-in catalog, parsed once at build time.

Parsing the catalog's TOML (pure-Python ``tomllib``) is most of a headless
command's first start. As pip compiles the wheel's modules to bytecode, this hook
stores each built-in ``catalog/*.toml`` file's parse as plain data (:mod:`marshal`
of dicts, lists, strings and numbers: never code) in ``kyodo_tui/_catalog_parsed/``,
named by the digest of the file's bytes (:func:`kyodo_tui.core.cache.digest`). The
loader uses an entry only for a file with exactly those bytes, checks it is plain
data, and parses the file itself otherwise (a source checkout, an edited file).
"""

from __future__ import annotations

import marshal
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogParseHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from kyodo_tui.core.cache import digest
            from kyodo_tui.core.tomlfile import decode
        finally:
            sys.path.remove(str(root))
        out = Path(tempfile.mkdtemp(prefix="kyodo-catalog-parsed-"))
        for path in sorted((root / "catalog").rglob("*.toml")):
            data = path.read_bytes()
            tables = tomllib.loads(decode(data, str(path)))
            try:
                blob = marshal.dumps(tables)
            except ValueError:  # a datetime: not plain data, parsed at run time
                continue
            (out / f"{digest(data)}.bin").write_bytes(blob)
        build_data["force_include"][str(out)] = "kyodo_tui/_catalog_parsed"

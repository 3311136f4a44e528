"""The real built-in catalog (``catalog/``): valid, complete, and as the format doc says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import builtin_catalog_dir, check_catalog
from kyodo_tui.core.model import Catalog

DOC = Path(__file__).resolve().parent.parent / "docs" / "catalog-format.md"


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    catalog, problems = check_catalog(include_user=False)
    shown = "\n".join(str(p) for p in problems[:30])
    assert not problems, f"{len(problems)} problems in the built-in catalog:\n{shown}"
    assert catalog is not None
    return catalog


def test_builtin_catalog_is_the_repo_catalog() -> None:
    assert builtin_catalog_dir() == Path(__file__).resolve().parent.parent / "catalog"


def test_builtin_questionnaire_has_10_to_15_questions(builtin: Catalog) -> None:
    assert 10 <= len(builtin.questions) <= 15


def test_builtin_catalog_has_enough_activities(builtin: Catalog) -> None:
    assert len(builtin.activities) >= 100


def _doc_builtin_ids() -> dict[str, list[str]]:
    """kind -> the ids the format doc promises under ``Built-in ids``."""
    out: dict[str, list[str]] = {}
    for section in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE):
        kind = re.match(r"`\[\[(\w+)\]\]`", section)
        if not kind or "Built-in ids" not in section:
            continue
        paragraph = section.split("Built-in ids", 1)[1].split("\n\n", 1)[0]
        out[kind.group(1)] = re.findall(r"`([a-z0-9][a-z0-9._-]*)`", paragraph)
    return out


def test_doc_lists_builtin_ids() -> None:
    ids = _doc_builtin_ids()
    assert set(ids) == {"field", "actor", "form", "principle", "cycle", "viewpoint"}
    assert len(ids["field"]) == 14 and len(ids["form"]) == 13 and len(ids["cycle"]) == 10


def test_builtin_ids_promised_by_the_format_doc_exist(builtin: Catalog) -> None:
    have = {
        "field": set(builtin.fields), "actor": set(builtin.actors), "form": set(builtin.forms),
        "principle": set(builtin.principles), "cycle": {s.id for s in builtin.cycle},
        "viewpoint": set(builtin.viewpoints),
    }
    missing = {k: [i for i in ids if i not in have[k]] for k, ids in _doc_builtin_ids().items()}
    assert not any(missing.values()), missing
    assert [s.id for s in builtin.cycle] == _doc_builtin_ids()["cycle"]  # in doc order
    assert "desk" in builtin.contacts

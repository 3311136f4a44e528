"""Test helper: the report aggregates as stored, and recounted from the sessions."""

from __future__ import annotations

from kyodo_tui.core import storage
from kyodo_tui.core.storage import Store


def as_stored(store: Store) -> dict[tuple[str, str], list[int]]:
    return {(m, k): [int(v) for v in rest] for m, k, *rest in store.db.query(
        "SELECT month, key, n, k, u1, u2, u3 FROM report_cells") if any(rest)}


def recounted(store: Store) -> dict[tuple[str, str], list[int]]:
    deltas: dict[tuple[str, str], list[int]] = {}
    for row in store.db.query(f"SELECT {storage._KEY_COLUMNS} FROM {storage._ROW_FROM}"):
        storage._add_row(deltas, row, store.report_secret(), 1)
    return {key: cell for key, cell in deltas.items() if any(cell)}

"""The officer's screen (協働の検討) and the side-by-side sections it shares with
the intake mode's two-party view. Logic lives in :mod:`kyodo_tui.core.officer`."""

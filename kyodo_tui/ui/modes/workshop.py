"""The workshop mode (being built): until then it runs as the standard app."""

from kyodo_tui.ui.app import KyodoApp

APP_CLASS = KyodoApp

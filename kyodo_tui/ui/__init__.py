"""The Textual UI. Only this package imports Textual; start it with
``kyodo_tui.ui.launch.run_app`` or build the app with ``kyodo_tui.ui.app.make_app``."""

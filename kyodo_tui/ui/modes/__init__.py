"""App modes beyond the standard one: ``intake``, ``kiosk``, ``workshop``.

Each module defines ``APP_CLASS``, a :class:`kyodo_tui.ui.app.KyodoApp` subclass,
which ``make_app(mode=...)`` builds.
"""

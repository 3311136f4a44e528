"""App modes beyond the standard one: ``intake``, ``kiosk``, ``workshop``.

Each is a package (its app in ``app.py``, its screens and strings beside it) whose
``__init__`` exports ``APP_CLASS``, a :class:`kyodo_tui.ui.app.KyodoApp` subclass,
which ``make_app(mode=...)`` builds.
"""

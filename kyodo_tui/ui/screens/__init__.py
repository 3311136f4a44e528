"""The app's screens, one module each; every screen subclasses ``base.KyodoScreen``."""

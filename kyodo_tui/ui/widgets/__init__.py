"""The app's widgets, one module each, each with its own ``DEFAULT_CSS``."""

"""The headless core: catalog, placement, matching and storage.

Nothing under ``kyodo_tui.core`` may import Textual (a test enforces it).
"""

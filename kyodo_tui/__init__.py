"""kyodo_tui: 協働のまちづくり self-assessment and matching, in the terminal.

Importing the package is cheap: nothing here imports Textual. The UI lives in
``kyodo_tui.ui`` and is imported only when the app is launched.
"""

__version__ = "0.1.0"

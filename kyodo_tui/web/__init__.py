"""kyodo in a browser (``kyodo serve``), on top of textual-serve (the ``web`` extra).

* :mod:`kyodo_tui.web.policy`: which addresses are loopback, what binding an
  address exposes, the command each browser tab runs. Pure Python, no
  textual-serve, no Textual: the CLI checks everything before it imports the
  server.
* :mod:`kyodo_tui.web.server`: the textual-serve server with kyodo's page (no
  font from the internet), a Host/Origin guard, security headers and a cap on
  open sessions. Imported only by ``kyodo serve``.
* :mod:`kyodo_tui.web.probe`: JavaScript that tests and benchmarks inject into
  the page to read the terminal's text (xterm.js draws to a canvas).

Each browser tab opens one WebSocket; textual-serve starts one ``kyodo``
process per WebSocket (``AppService``, ``asyncio.create_subprocess_shell``) and
stops it when the tab closes, so two tabs share nothing but the data directory.
"""

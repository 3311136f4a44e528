"""The textual-serve server kyodo runs (``kyodo serve``). Needs the ``web`` extra.

Differences from textual-serve's own :class:`~textual_serve.server.Server`
(textual-serve 1.1; the methods overridden are its documented subclass hooks
and its route handlers, see the notes at each):

* **kyodo's page** (``templates/app_index.html``): no web font from the
  internet (the Roboto Mono textual-serve ships, then the device's CJK fonts),
  a phone viewport, Japanese and English texts.
* **URLs from the request**: the WebSocket URL is built from the Host the
  browser used, so a phone that reached ``http://192.168.1.20:8000`` connects
  back there (textual-serve builds it from the bind address).
* **Host and Origin guard**: on a loopback bind only loopback Host names are
  answered (DNS rebinding); a WebSocket whose Origin is another site is refused
  (a page elsewhere cannot drive or read a session).
* **Headers**: a Content-Security-Policy that allows nothing from elsewhere,
  no framing, no referrer, no caching of the page.
* **A cap on sessions**: each tab is a process (about 45 MB); past ``max_sessions``
  a new tab is told the server is full instead of exhausting the machine.
* **Clean stop**: SIGTERM/SIGINT close every WebSocket, which stops every
  tab's process before the server exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import weakref
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
_HOST_RE = re.compile(r"[a-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9a-f:.]+\](:[0-9]{1,5})?")
#: seconds a tab's app gets to quit when its tab or the server goes
STOP_SECONDS = 5

_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


class KyodoServer(Server):
    """textual-serve's server with kyodo's page, guard, headers and session cap."""

    def __init__(self, command: str, *, host: str, port: int, title: str,
                 allowed_hosts: frozenset[str] | None, max_sessions: int = 40,
                 font_size: int = 16, announce: list[str] | None = None) -> None:
        super().__init__(command, host=host, port=port, title=title,
                         templates_path=TEMPLATES)
        self.allowed_hosts = allowed_hosts
        self.max_sessions = max_sessions
        self.font_size = font_size
        self.announce = list(announce or [])
        self.sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        self.services: set[AppService] = set()
        self.sessions = 0

    # -- textual-serve hooks ------------------------------------------------

    def initialize_logging(self) -> None:
        """Plain log lines (textual-serve's rich handler prints locals on errors)."""
        logging.basicConfig(level="DEBUG" if self.debug else "WARNING",
                            format="kyodo serve: %(message)s")

    async def _make_app(self) -> web.Application:
        # textual-serve 1.1.3 builds its routes here; the guard is added before the
        # application starts (aiohttp freezes the middleware list at start-up)
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        for line in self.announce:
            print(line, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every tab's app process (asked to quit, then killed after a few
        seconds), then close its WebSocket: no process outlives the server."""
        await asyncio.gather(*(self._stop_service(s) for s in list(self.services)),
                             return_exceptions=True)
        for socket in list(self.sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(code=1001, message=b"server stopping"), 2)

    async def _stop_service(self, service: AppService) -> None:
        # AppService.stop() asks the app to quit and waits for it; the process handle
        # is textual-serve 1.1.3's private ``_process`` (no public one), used only to
        # make sure an app that does not quit in time is killed
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service.stop(), STOP_SECONDS)
        process = getattr(service, "_process", None)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(process.wait(), 2)
        self.services.discard(service)

    # -- guard ----------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        host = (request.host or "").lower()
        if not _HOST_RE.fullmatch(host):
            # the Host goes into the page's URLs: nothing but a name or an address
            raise web.HTTPBadRequest(text="bad host\n")
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            log.warning("refused a request for host %r", host)
            raise web.HTTPMisdirectedRequest(text="unknown host\n")
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            if origin is not None and origin.lower() != f"http://{host}":
                log.warning("refused a WebSocket from origin %r", origin)
                raise web.HTTPForbidden(text="cross-origin WebSocket refused\n")
        response = await handler(request)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path == "/":
            headers["Content-Security-Policy"] = _CSP
            headers["Cache-Control"] = "no-store"
        return response

    # -- routes (same names and routes as textual-serve 1.1.3) ----------------

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = f"http://{request.host}"
        return {
            "font_size": max(8, min(40, to_int(request.query.get("fontsize", ""),
                                               self.font_size))),
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: one WebSocket, one app process (textual-serve's ``AppService``),
        stopped when the tab goes. As textual-serve 1.1.3's own handler, plus the
        session cap and a record of the socket for a clean shutdown."""
        if self.sessions >= self.max_sessions:
            log.warning("refused a tab: %d sessions open (--max-sessions)", self.sessions)
            raise web.HTTPServiceUnavailable(text="too many open sessions\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = max(20, min(500, to_int(request.query.get("width", "80"), 80)))
        height = max(5, min(300, to_int(request.query.get("height", "24"), 24)))
        self.sessions += 1
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(app_service)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken tab must not stop the server
            log.warning("a session ended with an error: %s", error)
        finally:
            self.sessions -= 1
            if app_service is not None:
                await self._stop_service(app_service)
        return websocket


def serve_all(servers: list[KyodoServer]) -> None:
    """Run one or more servers (the facilitator's and the phones' addresses) in one
    event loop until SIGINT, SIGTERM or SIGHUP; then every tab's process is stopped."""
    import signal

    if servers:
        servers[0].initialize_logging()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, stop.set)
        runners = []
        try:
            for server in servers:
                runner = web.AppRunner(await server._make_app(), handle_signals=False,
                                       access_log=None)
                await runner.setup()
                runners.append(runner)
                await web.TCPSite(runner, server.host, server.port).start()
            await stop.wait()
        finally:
            for runner in reversed(runners):
                await runner.cleanup()

    asyncio.run(main())

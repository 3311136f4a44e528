"""``kyodo serve`` without a browser: what it refuses (exit 2, before anything is
served), the missing extra, the headless rule, the command each tab runs, and
the server's guard (Host names, WebSocket Origin, headers, the session cap)."""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyodo_tui.web import policy

ROOT = Path(__file__).resolve().parent.parent


def kyodo(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-c", code] if code else [sys.executable, "-m", "kyodo_tui", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT)


# ------------------------------------------------------------------ refusals

@pytest.mark.parametrize(("args", "says"), [
    (["--host", "0.0.0.0"], "--allow-network"),
    (["--host", "192.168.1.20"], "--allow-network"),
    (["--host", "example.org"], "--allow-network"),
    (["--mode", "intake", "--host", "192.168.1.20", "--allow-network"], "loopback"),
    (["--mode", "intake", "--host", "0.0.0.0", "--allow-network"], "loopback"),
    (["--port", "0"], "1 to 65535"),
    (["--port", "70000"], "1 to 65535"),
    (["--participants", "192.168.1.20"], "--mode workshop"),
    (["--mode", "workshop", "--participants", "0.0.0.0"], "not an address a phone can open"),
    (["--mode", "workshop", "--participants", "::"], "not an address a phone can open"),
    (["--mode", "workshop", "--participants", "127.0.0.1", "--participants-port", "8000"],
     "other than --port"),
    (["--max-sessions", "0"], "at least 1"),
])
def test_refused_before_serving(args: list[str], says: str) -> None:
    done = kyodo("serve", *args)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # nothing was served, nothing announced


def test_missing_web_extra_says_how_to_install() -> None:
    code = ("import sys; sys.modules['textual_serve'] = None\n"
            "from kyodo_tui.cli import main\n"
            "sys.exit(main(['serve', '--port', '1']))\n")
    done = kyodo(code=code)
    assert done.returncode == 2
    assert "pip install 'kyodo-tui[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_refusal_is_headless() -> None:
    code = ("import sys\n"
            "from kyodo_tui.cli import main\n"
            "rc = main(['serve', '--host', '10.1.2.3'])\n"
            "assert 'textual' not in sys.modules, 'serve imported Textual'\n"
            "assert 'textual_serve' not in sys.modules, 'a refusal imported textual-serve'\n"
            "sys.exit(rc)\n")
    done = kyodo(code=code)
    assert done.returncode == 2, done.stderr


# ------------------------------------------------------------------ policy

def test_loopback_names() -> None:
    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert policy.is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "localhost.evil",
                 "127.0.0.1.nip.io", ""):
        assert not policy.is_loopback(host), host
    assert policy.allowed_hosts("0.0.0.0", 8000) is None
    assert policy.allowed_hosts("127.0.0.1", 8000) == frozenset(
        {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"})


def test_each_tab_command_is_quoted(tmp_path: Path) -> None:
    odd = tmp_path / "a dir; rm -rf x" / "it's"
    command = policy.app_command("kiosk", lang="en", data_dir=odd, config=odd / "k.toml",
                                 catalogs=[odd], python="/py thon")
    argv = shlex.split(command)
    assert argv[:5] == ["/py thon", "-m", "kyodo_tui", "--mode", "kiosk"]
    assert argv[argv.index("--data-dir") + 1] == str(odd.resolve())
    assert argv[argv.index("--catalog") + 1] == str(odd.resolve())
    phone = shlex.split(policy.participant_command("abcDEF-123_x", data_dir=odd, python="py"))
    assert phone[0] == "KYODO_WORKSHOP_INBOX=abcDEF-123_x"
    assert phone[1:4] == ["py", "-m", "kyodo_tui.web.participant"]
    with pytest.raises(Exception, match="inbox code"):
        policy.participant_command("x; rm -rf /")


def test_exposure_names_the_address_and_the_risk() -> None:
    lines = policy.exposure("kiosk", "http://192.168.1.20:8000/")
    text = "\n".join(lines)
    assert "http://192.168.1.20:8000/" in text
    assert "without any password" in text and "パスワードなし" in text
    assert "no authentication" in text


# ------------------------------------------------------------------ the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    pytest.importorskip("textual_serve", reason="the web extra (pip install -e '.[web]')")
    port = free_port()
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    env = dict(os.environ, KYODO_DATA_DIR=str(data))
    proc = subprocess.Popen([sys.executable, "-m", "kyodo_tui", "serve", "--port", str(port),
                             "--max-sessions", "1"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            time.sleep(0.1)
    yield port, proc
    proc.terminate()
    proc.wait(20)


def get(port: int, host: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", "/", skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    conn.endheaders()
    return conn.getresponse()


def handshake(port: int, origin: str | None) -> tuple[int, socket.socket]:
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    lines = ["GET /ws?width=80&height=24 HTTP/1.1", f"Host: 127.0.0.1:{port}",
             "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    if origin:
        lines.append(f"Origin: {origin}")
    s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    status = int(s.recv(4096).split(b" ", 2)[1])
    return status, s


def test_page_is_kyodo_own_and_offline(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, _ = server
    response = get(port)
    body = response.read().decode()
    assert response.status == 200
    assert "fonts.googleapis.com" not in body and "https://" not in body
    assert f"ws://127.0.0.1:{port}/ws" in body  # the address the browser used
    assert "RobotoMono-VariableFont_wght.ttf" in body  # the font, from this server
    csp = response.getheader("Content-Security-Policy") or ""
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Cache-Control") == "no-store"
    font = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    font.request("GET", "/static/fonts/RobotoMono-VariableFont_wght.ttf")
    assert font.getresponse().status == 200


def test_other_host_names_are_refused(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, _ = server
    assert get(port, host=f"localhost:{port}").status == 200
    # a page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding)
    assert get(port, host=f"evil.example:{port}").status == 421
    # the Host goes into the page: anything but a name or an address is refused
    assert get(port, host='x"><script>alert(1)</script>').status == 400


def test_websocket_origin_and_session_cap(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, _ = server
    status, s = handshake(port, origin="http://evil.example")
    s.close()
    assert status == 403  # another site's page cannot open or read a session
    status, first = handshake(port, origin=f"http://127.0.0.1:{port}")
    assert status == 101
    try:
        status, second = handshake(port, origin=None)
        second.close()
        assert status == 503  # --max-sessions 1
    finally:
        first.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_no_tab_outlives_the_server(tmp_path: Path, sig: signal.Signals) -> None:
    """A tab's app process ends with the server, however the server ends (SIGKILL:
    the app sees its input close)."""
    pytest.importorskip("textual_serve", reason="the web extra (pip install -e '.[web]')")
    from tests.browser.driver import Served

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    served = Served(data_dir=data)
    served.wait_ready()
    status, sock = handshake(served.port, origin=None)
    try:
        assert status == 101
        deadline = time.monotonic() + 30
        while not served.tabs() and time.monotonic() < deadline:
            time.sleep(0.1)
        tabs = served.tabs()
        assert len(tabs) == 1
        served.proc.send_signal(sig)
        assert served.proc.wait(30) == (-9 if sig == signal.SIGKILL else 0)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in tabs):
            time.sleep(0.1)
        assert not any(Path(f"/proc/{p}").exists() for p in tabs), "a tab outlived the server"
    finally:
        sock.close()
        served.stop()

"""``kyodo serve`` in headless Chromium: a resident's walk from welcome to results,
one session per tab, no request leaving the machine (the network is blocked:
see driver.OFFLINE_ARGS), tabs' processes stopped with the tab and the server."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from .driver import Served, Tab, walk_questions

WELCOME = "個人として始める"
RESULTS = re.compile(r"あなたは[A-E]「.+」のあたりです")


def own_origin_only(tab: Tab, served: Served) -> None:
    """Every request went to the server itself and none failed."""
    elsewhere = [u for u in tab.requests if not u.startswith(served.url)]
    assert elsewhere == [], elsewhere
    assert tab.failed == [], tab.failed


def wait_until(test: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.1)
    return bool(test())


def test_resident_walks_from_welcome_to_results(browser: Any, data_dir: Path,
                                                 shots: Path) -> None:
    with Served(data_dir=data_dir) as served:
        tab = Tab(browser, served.url)
        screen = tab.open(expect=WELCOME)
        assert "協働のまちづくりへ ようこそ" in screen
        tab.screenshot(shots / "01-welcome.png")
        # the page's own font, from the server, and Japanese from the system's CJK font
        assert tab.page.evaluate("document.fonts.check('16px \"Roboto Mono\"')")
        assert any(u.endswith("RobotoMono-VariableFont_wght.ttf") for u in tab.requests)

        tab.click_text(WELCOME)  # a click, as on a touch screen
        first = tab.wait_for("質問 1 /")
        assert "住民" in first  # the first question's individual choices
        tab.screenshot(shots / "02-question.png")
        seen: list[str] = []
        review = walk_questions(tab, on_screen=seen.append)
        assert len(seen) >= 10, "every question was shown"
        assert "回答の確認" in review and "seisou" in review  # the typed text answer
        tab.screenshot(shots / "03-review.png")

        tab.click_text("結果を見る")
        results = tab.wait_for(RESULTS, timeout=60)
        assert re.search(r"あなた：[A-E] ", results), results
        assert "自助" in results and "共助" in results and "公助" in results
        tab.screenshot(shots / "04-results.png")
        own_origin_only(tab, served)
        tab.close()


def test_each_tab_is_its_own_session(browser: Any, data_dir: Path, shots: Path) -> None:
    with Served(data_dir=data_dir) as served:
        first = Tab(browser, served.url)
        first.open(expect=WELCOME)
        first.press("1")  # start as an individual
        first.wait_for("質問 1 /")
        first.press("2")  # a volunteer
        first.wait_for(lambda t: "質問 1 /" in t)

        second = Tab(browser, served.url)
        screen = second.open(expect=WELCOME)
        assert "質問 1 /" not in screen  # nothing of the first tab's walk
        assert wait_until(lambda: len(served.tabs()) == 2), served.tabs()
        second.screenshot(shots / "two-tabs-second.png")
        assert "質問 1 /" in first.text()  # and the first goes on where it was

        pids = set(served.tabs())
        first.close()  # closing a tab stops its process, the other stays
        assert wait_until(lambda: len(served.tabs()) == 1), served.tabs()
        assert set(served.tabs()) < pids
        assert WELCOME in second.text()
        second.close()


def test_server_stop_ends_every_tab(browser: Any, data_dir: Path) -> None:
    served = Served(data_dir=data_dir)
    served.wait_ready()
    tab = Tab(browser, served.url)
    tab.open(expect=WELCOME)
    pids = served.tabs()
    assert len(pids) == 1
    assert served.stop() == 0  # SIGTERM: a clean exit
    assert wait_until(lambda: not any(Path(f"/proc/{p}").exists() for p in pids), 10), \
        "a tab's process outlived the server"
    tab.wait_for(lambda t: True)
    assert tab.page.evaluate("document.body.classList.contains('-closed')")
    tab.close()


def test_kiosk_tab_cannot_be_quit_from_the_keyboard(browser: Any, data_dir: Path,
                                                    tmp_path: Path, shots: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "config"
    env = {"KYODO_CONFIG_DIR": str(config)}
    subprocess.run([sys.executable, "-m", "kyodo_tui", "kiosk", "set-pin", "--stdin"],
                   input="482915\n", text=True, check=True, capture_output=True,
                   env={**__import__("os").environ, **env})
    with Served("--mode", "kiosk", data_dir=data_dir, env=env) as served:
        tab = Tab(browser, served.url, width=1280, height=800)
        tab.open(expect=WELCOME)
        tab.press("Control+q", "Control+c", "Escape")
        time.sleep(1.5)
        assert not tab.page.evaluate("document.body.classList.contains('-closed')")
        assert len(served.tabs()) == 1  # its kyodo is still running
        tab.click_text(WELCOME)
        tab.wait_for("質問 1 /")  # and still answers
        tab.screenshot(shots / "kiosk-question.png")
        tab.close()

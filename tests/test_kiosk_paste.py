"""Issue 14: in the kiosk a paste is text only (control characters in a paste never
act as keys). The filter alone, then the kiosk in a pseudo-terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kyodo_tui.ui.modes.kiosk.driver import PASTE_END, PASTE_START, PasteFilter


def _filter(*chunks: str) -> str:
    f = PasteFilter()
    return "".join(f.feed(c) for c in chunks)


def test_controls_inside_a_paste_are_dropped_and_the_markers_kept() -> None:
    pasted = PASTE_START + "ab\x1b\x07" + "1" * 32 + "\x1bcd\x7f\x9b\ttab" + PASTE_END
    assert _filter(pasted) == PASTE_START + "ab" + "1" * 32 + "cd\ttab" + PASTE_END


def test_keys_outside_a_paste_pass_untouched() -> None:
    keys = "\x07\x1b[A\x1bx12\r\x1b"
    assert _filter(keys) == keys
    assert _filter("\x07" + PASTE_START + "x\x07" + PASTE_END + "\x07") == \
        "\x07" + PASTE_START + "x" + PASTE_END + "\x07"


def test_a_marker_split_between_reads_is_still_seen() -> None:
    data = "k" + PASTE_START + "a\x1b\x07b" + PASTE_END + "\x07"
    want = _filter(data)
    for cut in range(1, len(data)):
        for cut2 in range(cut, len(data)):
            assert _filter(data[:cut], data[cut:cut2], data[cut2:]) == want


def test_a_partial_end_marker_inside_the_paste_is_text() -> None:
    assert _filter(PASTE_START + "a\x1b[20x" + PASTE_END) == PASTE_START + "a[20x" + PASTE_END


def test_nothing_inside_a_paste_is_a_control_character() -> None:
    import random

    rng = random.Random(14)
    for _ in range(2000):
        body = "".join(rng.choice("ab1\x07\x1b[20~\x7f\n") for _ in range(rng.randrange(40)))
        body = body.replace(PASTE_END, "")
        out = _filter(PASTE_START + body + PASTE_END + "z")
        assert out.startswith(PASTE_START) and out.endswith(PASTE_END + "z"), repr(body)
        inside = out[len(PASTE_START):-len(PASTE_END) - 1]
        assert all(c == "\n" or (ord(c) >= 0x20 and c != "\x7f") for c in inside), repr(body)


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_a_pasted_bell_never_opens_the_staff_prompt(tmp_path: Path) -> None:
    from tests.ptyapp import PtyApp
    from tests.test_signals import SECRET, _answer_until_text, _kiosk_config

    config = _kiosk_config(tmp_path)
    app = PtyApp(["--mode", "kiosk", "--config", str(config),
                  "--data-dir", str(tmp_path / "data")])
    try:
        _answer_until_text(app)
        mark = len(app.raw)
        # bracketed paste is on in the kiosk: the terminal wraps what is pasted
        app.type(PASTE_START + "xy\x1b\x07" + "1" * 32 + "\x1bzw" + PASTE_END, 2.0)
        after = app.raw[mark:].decode("utf-8", errors="replace")
        assert "Staff only" not in after
        app.wait_for(SECRET + "xy" + "1" * 32 + "zw", since=mark)
    finally:
        app.close()

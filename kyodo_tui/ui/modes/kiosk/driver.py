"""The kiosk's terminal driver: a paste is text only.

A terminal in bracketed-paste mode wraps pasted text in ``ESC [200~`` and
``ESC [201~``. Textual's input parser (8.2.8) collects the paste, but an ESC
*inside* it starts an escape sequence whose characters are then re-issued as
keys, before the paste itself: a BEL after a stray ESC reached the app as
ctrl+g (the staff key) with every digit after it, and pasted text came out of
order. On an unattended kiosk whatever a resident pastes must only ever be text.

:class:`PasteFilter` sits between the terminal and the parser: inside a
bracketed paste it drops every control character (C0 but tab and line breaks,
DEL, C1, and ESC itself), so nothing in a paste can be read as a key or a
sequence. :class:`KioskDriver` is Textual's ``LinuxDriver`` with the filter
in its input thread.

Private Textual API, Textual 8.2.8: ``run_input_thread`` is the driver's own
loop (copied here with the filter added), and it builds the private
``textual._xterm_parser.XTermParser`` as the original does. No public hook sees
the raw input before the parser. Revisit when Textual fixes escapes in pastes.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual.drivers.linux_driver import LinuxDriver

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC = "\x1b"


def _is_text(ch: str) -> bool:
    code = ord(ch)
    if ch in "\t\n\r":
        return True
    return not (code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F)


class PasteFilter:
    """Feed it terminal input as it arrives; it returns the same input with every
    control character inside bracketed pastes removed (the markers are kept, so
    the parser still sees one paste). Chunks may split a marker anywhere."""

    def __init__(self) -> None:
        self.in_paste = False
        #: outside a paste: how much of PASTE_START the last characters matched
        self._start_matched = 0
        #: inside a paste: characters that may be the start of PASTE_END
        self._held = ""

    def feed(self, data: str) -> str:
        out: list[str] = []
        for ch in data:
            if not self.in_paste:
                out.append(ch)
                if ch == PASTE_START[self._start_matched]:
                    self._start_matched += 1
                    if self._start_matched == len(PASTE_START):
                        self.in_paste = True
                        self._start_matched = 0
                else:
                    self._start_matched = 1 if ch == ESC else 0
                continue
            self._paste_char(ch, out)
        return "".join(out)

    def _paste_char(self, ch: str, out: list[str]) -> None:
        if ch == PASTE_END[len(self._held)]:
            self._held += ch
            if self._held == PASTE_END:
                out.append(PASTE_END)
                self._held = ""
                self.in_paste = False
            return
        if self._held:
            # not the end after all: what was held is pasted text (its ESC dropped)
            out.extend(c for c in self._held if _is_text(c))
            self._held = ""
            if ch == ESC:
                self._held = ESC
                return
        if _is_text(ch):
            out.append(ch)


class KioskDriver(LinuxDriver):
    """``LinuxDriver`` whose input passes through a :class:`PasteFilter`."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual 8.2.8's loop, filtered)."""
        from textual._xterm_parser import XTermParser  # private: see the module doc

        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        paste_filter = PasteFilter()
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for index, (_key, mask) in enumerate(ready):
                if mask & selectors.EVENT_READ:
                    last = index == len(ready) - 1
                    text = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not text:
                        break
                    for event in parser.feed(paste_filter.feed(text)):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except Exception:  # noqa: BLE001 - as the original: end quietly (EOF, parse error)
                pass

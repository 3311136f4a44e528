"""Read what a served kyodo tab shows, from inside the page (tests, benchmarks).

xterm.js (inside textual-serve's ``textual.js``) draws the terminal on a canvas
and keeps its ``Terminal`` object private. :data:`PROBE_JS`, injected before the
page's scripts run (Playwright ``add_init_script``), catches that object as
textual.js stores it (``this.terminal = new Terminal(...)``: a setter on
``Object.prototype`` for the name ``terminal`` that records the value and then
stores it as an ordinary property), and offers:

* ``window.__kyodoText()``: the visible screen as text, one line a row
  (xterm.js's public ``buffer.active.getLine(y).translateToString(true)``; the
  right half of a double-width character is not repeated);
* ``window.__kyodoSize()``: ``[cols, rows]``.

Nothing here changes what the page does; it only reads. Tested against
textual-serve 1.1.3's textual.js.
"""

from __future__ import annotations

PROBE_JS = r"""
(() => {
  const terminals = [];
  window.__kyodoTerminals = terminals;
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      if (value && typeof value === "object" && value.buffer !== undefined) {
        terminals.push(value);
      }
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
    },
    get() { return undefined; },
  });
  window.__kyodoText = () => {
    const term = terminals[terminals.length - 1];
    if (!term) return "";
    const buffer = term.buffer.active;
    const lines = [];
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      lines.push(line ? line.translateToString(true) : "");
    }
    return lines.join("\n");
  };
  window.__kyodoSize = () => {
    const term = terminals[terminals.length - 1];
    return term ? [term.cols, term.rows] : [0, 0];
  };
})();
"""

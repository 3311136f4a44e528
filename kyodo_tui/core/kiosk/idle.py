"""The idle watch: when nobody touches the kiosk, ask 「まだ使っていますか？」, then wipe.

The UI calls :meth:`IdleWatch.touch` on every key, click and touch, and asks
:meth:`IdleWatch.phase` from a timer (:meth:`IdleWatch.next_change` says when
the phase next changes, for ``set_timer``):

- ``"active"``: someone is using it;
- ``"countdown"``: idle for ``idle_seconds``: show :data:`STILL_THERE` with
  :meth:`IdleWatch.countdown_left` seconds and a :data:`KEEP_GOING` button
  (pressing it is a touch);
- ``"expired"``: the countdown ran out: wipe every answer, go back to the
  welcome screen, and :meth:`IdleWatch.touch` to start afresh.

The clock is injectable so tests never sleep. Pure Python: no Textual.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from kyodo_tui.core.model import Text

if TYPE_CHECKING:
    from kyodo_tui.core.kiosk.config import KioskConfig

__all__ = ["FINISH", "KEEP_GOING", "STILL_THERE", "IdleWatch", "Phase", "countdown_text"]

Phase = Literal["active", "countdown", "expired"]

STILL_THERE = Text("まだ使っていますか？", "Are you still there?")
KEEP_GOING = Text("続ける", "Continue")
#: the results screen's button that wipes everything at once
FINISH = Text("終わる", "Finish")


def countdown_text(seconds: int) -> Text:
    """「あと N 秒で最初の画面に戻ります」 in both languages."""
    return Text(f"あと{seconds}秒で回答を消して最初の画面に戻ります。",
                f"In {seconds} s your answers are cleared and the kiosk starts over.")


class IdleWatch:
    """Tracks idleness: active → countdown after ``idle_seconds`` → expired after
    ``countdown_seconds`` more."""

    def __init__(self, idle_seconds: float, countdown_seconds: float, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if idle_seconds <= 0 or countdown_seconds <= 0:
            raise ValueError("idle and countdown seconds must be positive")
        self.idle_seconds = float(idle_seconds)
        self.countdown_seconds = float(countdown_seconds)
        self._clock = clock
        self._last = clock()

    @classmethod
    def from_config(cls, config: KioskConfig, *,
                    clock: Callable[[], float] = time.monotonic) -> IdleWatch:
        return cls(config.idle_seconds, config.countdown_seconds, clock=clock)

    def touch(self) -> None:
        """Someone did something: back to active."""
        self._last = self._clock()

    def idle_for(self) -> float:
        return max(0.0, self._clock() - self._last)

    def phase(self) -> Phase:
        idle = self.idle_for()
        if idle < self.idle_seconds:
            return "active"
        if idle < self.idle_seconds + self.countdown_seconds:
            return "countdown"
        return "expired"

    def countdown_left(self) -> int:
        """Whole seconds (rounded up) before expiry once the countdown runs; 0 when expired."""
        left = self.idle_seconds + self.countdown_seconds - self.idle_for()
        return max(0, min(int(self.countdown_seconds), math.ceil(left - 1e-9)))

    def next_change(self) -> float:
        """Seconds until the phase next changes (0.0 once expired)."""
        idle = self.idle_for()
        if idle < self.idle_seconds:
            return self.idle_seconds - idle
        return max(0.0, self.idle_seconds + self.countdown_seconds - idle)

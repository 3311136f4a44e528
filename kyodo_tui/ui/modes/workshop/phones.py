"""Workshop participants answering from their phones (``kyodo serve --participants``).

When the facilitator's app runs behind ``kyodo serve --mode workshop
--participants ADDRESS``, its environment holds the workshop's inbox code and
the participant address (:mod:`kyodo_tui.core.workshop.inbox`). Then:

* :class:`PhoneLink` looks in the inbox once a second (in a thread: the room
  never waits for the database) and adds every answer set that arrived to the
  room picture, anonymously: to the group the room screen shows, or, when it
  shows the whole room, to a group 「スマートフォン」 made for them. Answers that
  arrive before a workshop is started or opened wait in the inbox.
* :class:`PhoneJoinPanel`, on the room screen, shows the participant address as
  a QR code and as text, and how many phones have answered. A click folds it to
  the address alone (and back).

Without that environment nothing here runs and the room screen is unchanged.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.widgets import Static

from kyodo_tui.core.workshop.inbox import INBOX_ENV, URL_ENV, Arrival

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.workshop.app import WorkshopApp

PHONES_GROUP = "phones"
#: seconds between two looks in the inbox
POLL_SECONDS = 1.0

TEXTS = {
    "phones.group": ("スマートフォン", "Phones"),
    "phones.heading": ("スマートフォンで参加", "Join from your phone"),
    "phones.how": ("カメラで読み取るか、次のアドレスを開く:",
                   "Scan it with the camera, or open:"),
    "phones.count": ("スマートフォンから {n} 人が答えました", "{n} answered from their phones"),
    "phones.arrived": ("スマートフォンから {n} 人の答えが加わりました",
                       "{n} answers from phones joined the picture"),
}


def text(key: str, lang: str, **params: object) -> str:
    ja, en = TEXTS[key]
    value = en if lang == "en" else ja
    return value.format(**params) if params else value


class PhoneLink:
    """The facilitator's side of the phones: polls the inbox, feeds the workshop."""

    def __init__(self, app: WorkshopApp, code: str, url: str) -> None:
        self.app = app
        self.code = code
        self.url = url
        #: the last inbox row this app took
        self.last = 0
        #: answer sets added from phones in this session
        self.count = 0
        self._inbox: Any = None
        self._busy = False

    @classmethod
    def from_env(cls, app: WorkshopApp) -> PhoneLink | None:
        code = os.environ.get(INBOX_ENV, "").strip()
        url = os.environ.get(URL_ENV, "").strip()
        if not code or not url:
            return None
        return cls(app, code, url)

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="workshop-phones")

    def poll(self) -> None:
        if self._busy or self.app.workshop is None:
            return
        self._busy = True
        self.app.run_worker(self._fetch, thread=True, group="workshop-phones",
                            exit_on_error=False)

    def _fetch(self) -> None:
        try:
            if self._inbox is None:
                from kyodo_tui.core.workshop.inbox import open_inbox

                self._inbox = open_inbox(self.code, self.app.data_dir)
            workshop = self.app.workshop
            arrivals = self._inbox.claim(workshop.id) if workshop is not None else []
        except Exception:  # noqa: BLE001 - a busy database: the next look tries again
            arrivals = []
        self.app.call_from_thread(self._apply, arrivals)

    def _target(self, workshop: Any) -> tuple[Any, str]:
        """The group phones' answers go to (made when the room is shown whole)."""
        from kyodo_tui.core.workshop import ROOM_ID, add_group

        view = self.app.view_group
        if view and view != ROOM_ID and workshop.group(view) is not None:
            return workshop, view
        if workshop.group(PHONES_GROUP) is None:
            workshop = add_group(workshop, PHONES_GROUP, text("phones.group", workshop.lang))
        return workshop, PHONES_GROUP

    def _apply(self, arrivals: list[Arrival]) -> None:
        self._busy = False
        workshop = self.app.workshop
        if not arrivals or workshop is None:
            return
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.core.workshop import add_participant

        workshop, group_id = self._target(workshop)
        added = 0
        for arrival in arrivals:
            self.last = max(self.last, arrival.id)
            try:
                workshop = add_participant(self.app.catalog, workshop, group_id,
                                           arrival.answers)
            except KyodoInputError:
                continue  # an answer set this catalog cannot read: left out
            added += 1
        if added:
            self.count += added
            self.app.change(workshop)
            self.app.notify(text("phones.arrived", self.app.lang, n=added), markup=False)


class PhoneJoinPanel(Static):
    """The participant address as a QR code (black on white) and as text."""

    def __init__(self, link: PhoneLink, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.link = link
        self.folded = False

    def on_mount(self) -> None:
        self.watch(self.app, "lang", lambda _: self.redraw(), init=False)
        self.watch(self.app, "workshop_version", lambda _: self.redraw(), init=False)
        self.redraw()

    def on_click(self, event: events.Click) -> None:
        self.folded = not self.folded
        self.redraw()

    def redraw(self) -> None:
        from kyodo_tui.core.qr import qr_lines

        lang = str(getattr(self.app, "lang", "ja"))
        out = Text()
        out.append(text("phones.heading", lang) + "\n", style="bold")
        if not self.folded:
            out.append(text("phones.how", lang) + "\n")
        out.append(self.link.url + "\n", style="bold")
        if not self.folded:
            # "half" blocks: one cell a module across, two modules a line (xterm.js in
            # the browser draws them one cell wide); black on white whatever the theme
            for line in qr_lines(self.link.url, "half", border=2):
                out.append(line, style="#000000 on #ffffff")
                out.append("\n")
        out.append(text("phones.count", lang, n=self.link.count))
        self.update(out)

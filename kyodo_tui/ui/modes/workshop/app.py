"""Workshop mode (``kyodo --mode workshop``): a facilitator projects the app to a room.

The facilitator starts a new workshop (a title; tables, or before/after rounds) or
reopens a saved one, then per group keys in the room's show of hands, or lets
people answer one after another, anonymously, at one keyboard. The room picture
(dots on A–E, histogram, 自助・共助・公助, centre and spread) follows live, with
discussion prompts from the catalog beside it; two groups can be compared side
by side. The record is saved atomically and exported as TOML and Markdown.

Every number, edit, comparison, prompt and file format is the workshop core's
(:mod:`kyodo_tui.core.workshop`); this module keeps the session's state (the
current :class:`~kyodo_tui.core.workshop.Workshop`, its file, an undo stack) and
calls the core. It also registers the ``kyodo-projector`` theme: black on white
with strong colours, readable from the back of a lit room.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from kyodo_tui.core.langs import normalize
from kyodo_tui.ui.app import KyodoApp, stylesheets
from kyodo_tui.ui.modes.workshop import strings as ws
from kyodo_tui.ui.modes.workshop.common import (
    RoomView,
    SavedWorkshop,
    problem_text,
)
from kyodo_tui.ui.themes import CYCLE

if TYPE_CHECKING:
    from kyodo_tui.core.model import Catalog, Lang, Question
    from kyodo_tui.core.workshop import GroupPicture, Workshop

PROJECTOR_THEME = "kyodo-projector"

#: Black on white, strong colours, no subtle greys: a projector in a lit room
#: washes out dark themes and pale tints.
KYODO_PROJECTOR = Theme(
    name=PROJECTOR_THEME,
    primary="#0B3D91",
    secondary="#00695C",
    accent="#C2410C",
    warning="#B45309",
    error="#B00020",
    success="#2E7D32",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#DDE3EA",
    boost="#000000",
    dark=False,
    luminosity_spread=0.2,
    text_alpha=1.0,
    variables={
        "border": "#0B3D91",
        "border-blurred": "#555555",
        "foreground-muted": "#333333",
        "footer-key-foreground": "#0B3D91",
        "footer-background": "#DDE3EA",
        "footer-foreground": "#000000",
        "footer-description-foreground": "#000000",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-background": "#0B3D91",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#0B3D91 35%",
        "button-foreground": "#000000",
    },
)

#: undo steps kept
UNDO_LIMIT = 200
#: seconds of quiet after a change before the record is saved on its own
AUTOSAVE_QUIET = 0.5
#: the longest an unsaved change waits, however many changes follow it (seconds)
AUTOSAVE_MAX_WAIT = 2.0


class WorkshopApp(KyodoApp):
    """The facilitator's app. ``make_app(mode="workshop")`` builds it."""

    #: the standard layout, workshop.tcss, the screens' and the workshop's stylesheets
    CSS_PATH: ClassVar[Any] = stylesheets("workshop", "workshop.tcss")

    #: bumped on every change to the workshop: screens watch it to redraw
    workshop_version: reactive[int] = reactive(0)

    def __init__(self, catalog: Catalog, **kwargs: Any) -> None:
        theme = kwargs.get("theme")
        super().__init__(catalog, **kwargs)
        self.register_theme(KYODO_PROJECTOR)
        if theme is None:
            self.theme = PROJECTOR_THEME
        self.workshop: Workshop | None = None
        #: the record's file; None until it is first saved
        self.workshop_path: Path | None = None
        #: True once this session may replace ``workshop_path`` (opened or saved by us)
        self._owns_path = False
        self.dirty = False
        self._undo: list[Workshop] = []
        #: the group the room screen shows: a group id or ROOM_ID (the whole room)
        self.view_group: str | None = None
        #: the group people are answering for, one after another (None: not now)
        self.participant_group: str | None = None
        self._views: dict[tuple[int, str, str], RoomView] = {}
        self._views_lock = threading.Lock()
        self._autosave_timer: Timer | None = None
        #: monotonic time of the oldest change not yet saved (None: all saved)
        self._unsaved_since: float | None = None
        #: phones answering through ``kyodo serve --participants`` (None: not served so)
        from kyodo_tui.ui.modes.workshop.phones import PhoneLink

        self.phone_link: PhoneLink | None = PhoneLink.from_env(self)

    def on_mount(self) -> None:
        if self.phone_link is not None:
            self.phone_link.start()

    # ---------------------------------------------------------------- strings
    def t(self, key: str, **params: object) -> str:
        text = ws.t(key, self.lang)
        return text.format(**params) if params else text

    @property
    def ui_lang(self) -> Lang:
        return normalize(self.lang)  # type: ignore[return-value]

    # ---------------------------------------------------------------- screens
    def _make_screen(self, name: str) -> Screen[Any]:
        if name == "welcome":
            from kyodo_tui.ui.modes.workshop.start import WorkshopStartScreen

            return WorkshopStartScreen()
        return super()._make_screen(name)

    def go_home(self) -> None:
        from kyodo_tui.ui.modes.workshop.start import WorkshopStartScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkshopStartScreen):
                self._pop_to(screen)
                return

    def show_room(self) -> None:
        """The room screen of the current workshop (popping back to it if open)."""
        from kyodo_tui.ui.modes.workshop.room import WorkshopRoomScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkshopRoomScreen):
                self._pop_to(screen)
                return
        self.go_home()
        self.push_screen(WorkshopRoomScreen())

    def show_tally(self, group_id: str, question_id: str | None = None) -> None:
        from kyodo_tui.ui.modes.workshop.tally import WorkshopTallyScreen

        self.push_screen(WorkshopTallyScreen(group_id, question_id))

    def show_participants(self, group_id: str) -> None:
        from kyodo_tui.ui.modes.workshop.people import ParticipantHubScreen

        self.participant_group = group_id
        self.push_screen(ParticipantHubScreen(group_id))

    def show_compare(self) -> None:
        from kyodo_tui.ui.modes.workshop.compare import WorkshopCompareScreen

        self.push_screen(WorkshopCompareScreen())

    # ---------------------------------------------------------------- files
    def workshops_dir(self) -> Path:
        """``<data dir>/workshops``: where workshop records are saved."""
        from kyodo_tui.core.locations import data_dir

        return (self.data_dir or data_dir()) / "workshops"

    def exports_dir(self) -> Path:
        """``<data dir>/exports``: the default folder for exports."""
        from kyodo_tui.core.locations import data_dir

        return (self.data_dir or data_dir()) / "exports"

    def saved_workshops(self) -> list[SavedWorkshop]:
        """The records in the workshops folder, newest first; unreadable ones with
        their first problem (``path:line: message``)."""
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.core.workshop import load_workshop

        folder = self.workshops_dir()
        if not folder.is_dir():
            return []
        out = []
        for path in folder.glob("*.toml"):
            if not path.is_file():
                continue
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue
            try:
                out.append(SavedWorkshop(path, load_workshop(path, self.catalog), None, mtime))
            except KyodoInputError as exc:
                first = exc.problems[0] if exc.problems else None
                out.append(SavedWorkshop(path, None, str(first) if first else str(exc), mtime))
            except (OSError, UnicodeDecodeError) as exc:
                out.append(SavedWorkshop(path, None, f"{path}: {exc}", mtime))
        out.sort(key=lambda s: (-s.mtime, s.path.name))
        return out

    # ---------------------------------------------------------------- workshop
    def _set_workshop(self, workshop: Workshop, *, path: Path | None, owns: bool) -> None:
        self.workshop = workshop
        self.workshop_path = path
        self._owns_path = owns
        self.dirty = False
        self._undo = []
        self.view_group = workshop.groups[0].id if workshop.groups else None
        self.participant_group = None
        self._bump()

    def _bump(self) -> None:
        with self._views_lock:
            self._views.clear()
        self.workshop_version += 1

    def _schedule_autosave(self) -> None:
        """Save once the counting pauses, and never later than AUTOSAVE_MAX_WAIT
        after the first unsaved change however many follow: a killed terminal
        loses at most those seconds of counting (SIGTERM and SIGHUP lose nothing)."""
        if not self.is_running:
            return  # built but not run (tests of the state alone)
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        delay = min(AUTOSAVE_QUIET, self._unsaved_since + AUTOSAVE_MAX_WAIT - now)
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if delay <= 0.01:
            # the oldest change has waited long enough: save now (a zero-delay Textual
            # timer divides by zero when it runs late, 8.2.8)
            self.call_later(self.autosave)
            return
        self._autosave_timer = self.set_timer(delay, self.autosave, name="workshop-autosave")

    def new_workshop(self, title: str, groups: Sequence[tuple[str, str]], *,
                     compare_rounds: bool = False) -> Workshop:
        """Start a workshop titled ``title`` with ``groups`` as (id, label); the id is
        the creation time, made unique in the workshops folder."""
        from kyodo_tui.core.workshop import add_comparison, add_group, new_workshop

        created = datetime.now().astimezone()
        base = created.strftime("ws-%Y%m%d-%H%M%S")
        folder = self.workshops_dir()
        wid, n = base, 1
        while (folder / f"{wid}.toml").exists():
            n += 1
            wid = f"{base}-{n}"
        workshop = new_workshop(title, created=created, lang=self.ui_lang, workshop_id=wid)
        for gid, label in groups:
            workshop = add_group(workshop, gid, label)
        if compare_rounds and len(groups) == 2:
            workshop = add_comparison(workshop, groups[0][0], groups[1][0])
        self._set_workshop(workshop, path=folder / f"{wid}.toml", owns=False)
        self.dirty = True
        return workshop

    def open_workshop(self, path: Path) -> Workshop:
        """Reopen a saved record (raises ``WorkshopError`` with every problem)."""
        from kyodo_tui.core.workshop import load_workshop

        workshop = load_workshop(path, self.catalog)
        self._set_workshop(workshop, path=path, owns=True)
        return workshop

    def change(self, workshop: Workshop) -> None:
        """Take a new version of the workshop (from a core edit); the old one can be undone."""
        if self.workshop is not None and workshop is not self.workshop:
            self._undo.append(self.workshop)
            del self._undo[:-UNDO_LIMIT]
        self.workshop = workshop
        self.dirty = True
        self._bump()
        self._schedule_autosave()

    def undo(self) -> bool:
        """Back to the previous version; False when there is none."""
        if not self._undo:
            return False
        self.workshop = self._undo.pop()
        self.dirty = True
        self._bump()
        self._schedule_autosave()
        return True

    def _need(self) -> Workshop:
        if self.workshop is None:
            raise RuntimeError("no workshop is open")
        return self.workshop

    def set_count(self, group_id: str, question_id: str, choice_id: str, count: int) -> None:
        from kyodo_tui.core.workshop import set_count

        workshop = self._need()
        group = workshop.group(group_id)
        current = group.tally.get(question_id, {}).get(choice_id, 0) if group else 0
        if current != count:
            self.change(set_count(self.catalog, workshop, group_id, question_id, choice_id,
                                  max(0, count)))

    def count_of(self, group_id: str, question_id: str, choice_id: str) -> int:
        """Hands keyed in for one choice (the tally only, not the participants)."""
        group = self.workshop.group(group_id) if self.workshop else None
        return group.tally.get(question_id, {}).get(choice_id, 0) if group else 0

    def add_group(self, label: str, prefix: str = "table") -> str:
        from kyodo_tui.core.workshop import add_group, next_group_id

        workshop = self._need()
        gid = next_group_id(workshop, prefix)
        self.change(add_group(workshop, gid, label))
        return gid

    def add_note(self, group_id: str, question_id: str, text: str) -> None:
        from kyodo_tui.core.workshop import add_note

        self.change(add_note(self.catalog, self._need(), group_id, question_id, text))

    def keep_comparison(self, first: str, second: str) -> None:
        from kyodo_tui.core.workshop import add_comparison

        workshop = self._need()
        updated = add_comparison(workshop, first, second)
        if updated is not workshop:
            self.change(updated)

    # ---------------------------------------------------------------- pictures
    def group_label(self, group_id: str) -> str:
        from kyodo_tui.core.workshop import ROOM_ID
        from kyodo_tui.core.workshop.model import ROOM_LABEL

        if group_id == ROOM_ID:
            return ROOM_LABEL.get(self.ui_lang)
        group = self.workshop.group(group_id) if self.workshop else None
        return group.label if group is not None else group_id

    def room_view(self, group_id: str, workshop: Workshop | None = None,
                  version: int | None = None, lang: Lang | None = None) -> RoomView:
        """The picture, prompts (and the tables' pictures for the whole room) of a
        group: core calls, cached per workshop version. Safe in a thread worker."""
        from kyodo_tui.core.workshop import ROOM_ID, picture, prompts, room

        workshop = workshop or self._need()
        version = self.workshop_version if version is None else version
        lang = lang or self.ui_lang
        key = (version, group_id, lang)
        with self._views_lock:
            cached = self._views.get(key)
        if cached is not None:
            return cached
        groups: tuple[GroupPicture, ...] = ()
        if group_id == ROOM_ID:
            group = room(workshop, lang)
            if len(workshop.groups) > 1:
                groups = tuple(picture(self.catalog, g) for g in workshop.groups)
        else:
            found = workshop.group(group_id)
            if found is None:
                raise KeyError(group_id)
            group = found
        pic = picture(self.catalog, group)
        view = RoomView(version, group_id, pic, prompts(self.catalog, pic), groups)
        with self._views_lock:
            if version == self.workshop_version:
                self._views[key] = view
        return view

    # ---------------------------------------------------------------- saving
    def save(self, *, overwrite: bool = False) -> Path:
        """Save the record atomically to its file (``<data>/workshops/<id>.toml``).

        A file this session did not open or write is replaced only with
        ``overwrite`` (raises ``KyodoInputError`` "already exists" otherwise).
        """
        from kyodo_tui.core.workshop import save_workshop

        workshop = self._need()
        path = self.workshop_path or self.workshops_dir() / f"{workshop.id}.toml"
        if path.parent == self.workshops_dir():
            from kyodo_tui.core.locations import make_private_dir

            make_private_dir(path.parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        save_workshop(workshop, path, overwrite=overwrite or self._owns_path)
        self.workshop_path = path
        self._owns_path = True
        self.dirty = False
        self._unsaved_since = None
        return path

    def autosave(self) -> None:
        """Save quietly if anything changed; say so only when it fails."""
        if self.workshop is None or not self.dirty:
            return
        from kyodo_tui.core.errors import KyodoInputError

        try:
            self.save()
        except (KyodoInputError, OSError) as exc:
            self.notify(self.t("room.save_failed", problem=problem_text(exc)),
                        severity="error", markup=False)

    def export(self, markdown: Path | None, record: Path | None, *, include_notes: bool,
               replace: frozenset[Path] = frozenset()) -> list[Path]:
        """Write the Markdown summary and/or the TOML record. A file in ``replace``
        may be replaced (the user agreed); any other existing file is refused."""
        from kyodo_tui.core.export import write_new_file
        from kyodo_tui.core.workshop import export_markdown, save_workshop

        workshop = self._need()
        written = []
        if markdown is not None:
            _make_default_dir(markdown, self.exports_dir())
            text = export_markdown(workshop, self.catalog, self.ui_lang,
                                   include_notes=include_notes)
            if markdown in replace and markdown.exists():
                _replace_file(markdown, text.encode("utf-8"))
            else:
                write_new_file(markdown, text.encode("utf-8"))
            written.append(markdown)
        if record is not None:
            _make_default_dir(record, self.exports_dir())
            if not include_notes:  # like the Markdown: no notes, no text answers
                from kyodo_tui.core.workshop import without_free_text

                workshop = without_free_text(self.catalog, workshop)
            save_workshop(workshop, record, overwrite=record in replace)
            written.append(record)
        return written

    # ---------------------------------------------------------------- one by one
    def begin_participant(self) -> None:
        """The next person starts the questions (nothing of anyone before is kept)."""
        self.reset_session("individual")
        questions = self.visible_questions()
        if not questions:
            self.notify(self.t("catalog.empty"), severity="error", markup=False)
            return
        from kyodo_tui.ui.screens.question import QuestionScreen

        self.push_screen(QuestionScreen(questions[0].id))

    def clear_participant(self) -> None:
        """Forget the answers on screen (between people, and on leaving)."""
        if self.answers or self.picked:
            self.reset_session("individual")

    def record_participant(self) -> int:
        """Append the current answers to the group, anonymously; clear them.
        Returns how many people the group has now."""
        from kyodo_tui.core.workshop import add_participant

        gid = self.participant_group
        if gid is None:
            raise RuntimeError("nobody is answering")
        self.change(add_participant(self.catalog, self._need(), gid, dict(self.answers)))
        self.reset_session("individual")
        group = self._need().group(gid)
        return len(group.participants) if group else 0

    def remove_last_participant(self, group_id: str) -> bool:
        from kyodo_tui.core.workshop import remove_participant

        workshop = self._need()
        group = workshop.group(group_id)
        if group is None or not group.participants:
            return False
        self.change(remove_participant(workshop, group_id))
        return True

    def show_review(self) -> None:
        """The end of the questions: for a participant, the record-or-discard screen."""
        if self.participant_group is None:
            super().show_review()
            return
        from kyodo_tui.ui.modes.workshop.people import ParticipantDoneScreen

        self.push_screen(ParticipantDoneScreen(self.participant_group))

    def allowed_choice_ids(self, question: Question) -> set[str] | None:
        # a room holds residents, association members and municipal staff alike
        if self.participant_group is not None:
            return None
        return super().allowed_choice_ids(question)

    async def on_terminate_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP (the terminal closed): save what is unsaved, then exit."""
        if self.workshop is None or not self.dirty:
            return
        from kyodo_tui.core.errors import KyodoInputError

        try:
            self.save()
        except (KyodoInputError, OSError) as exc:
            import sys

            print(f"kyodo: {self.t('room.save_failed', problem=problem_text(exc))}",
                  file=sys.stderr)

    # ---------------------------------------------------------------- actions
    def action_cycle_theme(self) -> None:
        names = [PROJECTOR_THEME, *CYCLE]
        i = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(i + 1) % len(names)]

    async def action_quit(self) -> None:
        """Quit, saving first; if saving fails, ask before losing the changes."""
        from kyodo_tui.core.errors import KyodoInputError

        if self.workshop is not None and self.dirty:
            try:
                self.save()
            except (KyodoInputError, OSError) as exc:
                from kyodo_tui.ui.modes.workshop.dialogs import ConfirmDialog

                def answered(yes: bool | None) -> None:
                    if yes:
                        self.exit()

                self.push_screen(ConfirmDialog(
                    self.t("quit.title"), self.t("quit.body") + "\n" + problem_text(exc),
                    self.t("quit.yes"), self.t("quit.no")), answered)
                return
        self.exit()


def _make_default_dir(path: Path, default: Path) -> None:
    """Create the default exports folder, 0700 (never a folder the user typed)."""
    if path.parent == default:
        from kyodo_tui.core.locations import make_private_dir

        make_private_dir(default)


def _replace_file(path: Path, data: bytes) -> None:
    """Replace a file atomically (the user agreed to replace it)."""
    from kyodo_tui.core.atomic import write_file

    write_file(path, data)


APP_CLASS = WorkshopApp

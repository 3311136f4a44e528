"""Saved sessions: one TOML file per session, written atomically; drafts; search.

Pure Python, no Textual. The Textual intake/records screens build on this API;
the CLI (``kyodo assess --save``, ``kyodo sessions``, ``kyodo report``) too.

On disk (the data dir: ``--data-dir DIR``, ``$KYODO_DATA_DIR`` or platformdirs'
user data dir, see :mod:`kyodo_tui.core.locations`)::

    <data dir>/                       0700 when we create it
        20250314-093012-a1b2c3d4.toml one saved session (a *record*), 0600
        drafts/<id>.toml              an intake in progress (a *draft*), 0600
        .kyodo-index.json             a summary cache for reports (rebuilt, never trusted)
        .kyodo-lock                   taken briefly while a record is updated or deleted
        .kyodo-*.tmp                  a write in progress (or a crashed one)

Rules this module keeps
-----------------------
* **Saving needs the person's agreement.** Nothing is written unless the caller
  saves (the UI asks first; the CLI's ``--save`` is the agreement).
* **Contact details need consent.** ``consent`` records the person's agreement
  that their contact details be kept (and that they may be contacted): when,
  and who recorded it (``"self"`` or a coordinator's name). Saving a session
  with contact details but without ``consent.given`` raises
  :class:`ConsentError`; exports include contact details only with consent.
* **Atomic writes.** Data goes to a temp file in the same folder, is fsynced,
  then renamed into place and the folder fsynced. A crash or power cut leaves
  either the old file whole or the new one whole, never half a file. Temp
  files are never read; those older than :data:`STALE_TEMP_SECONDS` are
  removed by :meth:`Store.clean_stale` (called by :meth:`Store.list`).
* **No clobbering.** Ids are a UTC timestamp plus 32 random bits. A new record
  is published with ``os.link`` (fails if the name exists), so it can never
  replace another. An update replaces only its own file, under a folder lock,
  and only if the file's ``revision`` is still the one the editor loaded;
  otherwise :class:`ConflictError` (no edit is silently lost).
* **Foreign, corrupt or newer files** are reported as :class:`Problem` (path,
  line, message) and skipped, never deleted, never rewritten, never a crash.
  A file with a newer ``schema_version`` than :data:`SCHEMA_VERSION` is
  reported and left exactly as it is (an update of it is refused).

Reading many files fast
-----------------------
:meth:`Store.summaries` (used by ``kyodo report``) keeps ``.kyodo-index.json``:
per file name, the file's (inode, mtime_ns, size) and a small summary (no
label, notes, contact or free text). A file whose key differs is parsed again,
so the index is never trusted over the files; a damaged index or entry only
means more parsing. Cold scans parse on every CPU (a process pool; ``spawn``
when threads run). Three readers, each checked against the next by tests:

1. ``_layout_summary``: one regex for a record exactly as this version writes
   it, with the validation rules in the grammar; it gives a summary only when
   the full read would give the same one without a problem;
2. :func:`fast_loads`: TOML in the subset tomli-w writes, equal to ``tomllib``
   or None;
3. ``tomllib`` and the full validation (:func:`read_session_file`).

The cyclic GC is paused while ~10⁶ small acyclic objects are built
(:func:`gc_paused`). ``benchmarks/bench_report.py`` measures 100,000 records.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import errno
import gc
import json
import math
import os
import re
import secrets
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import tomli_w

from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.model import REGIONS, UNKNOWN, Catalog, Lang, Text
from kyodo_tui.core.tomlfile import syntax_problem

if TYPE_CHECKING:
    from kyodo_tui.core.placement import Placement

__all__ = [
    "KINDS",
    "MODES",
    "PARTIES",
    "SCHEMA_VERSION",
    "AnswerDiff",
    "Comparison",
    "ConflictError",
    "Consent",
    "ConsentError",
    "ContactInfo",
    "Movement",
    "PlacementSnapshot",
    "RecommendationSnapshot",
    "SearchHit",
    "Session",
    "SessionError",
    "SessionNotFound",
    "Store",
    "Summary",
    "compare",
    "fast_loads",
    "movement",
    "new_session",
    "parse_since",
    "save_session",
    "summary_of",
]

#: the record format written by this version; a newer one is reported and skipped.
SCHEMA_VERSION = 1
MODES: tuple[str, ...] = ("standard", "intake", "kiosk", "workshop")
KINDS: tuple[str, ...] = ("individual", "group")
#: the two sides of a two-party view: a citizen group and a municipal officer.
PARTIES: tuple[str, ...] = ("citizen", "government")
LANG_CODES: tuple[str, ...] = ("ja", "en")
#: ``YYYYMMDD-HHMMSS-<8 hex>`` (UTC creation time + 32 random bits).
SESSION_ID_RE = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9a-f]{8}")
DRAFTS_DIR = "drafts"
#: files the app writes for people (screenshots, hand-offs): beside the records, not records
EXPORTS_DIR = "exports"
INDEX_NAME = ".kyodo-index.json"
LOCK_NAME = ".kyodo-lock"
TEMP_PREFIX = ".kyodo-"
TEMP_SUFFIX = ".tmp"
#: temp files older than this (seconds) are left-overs of a crash: removed.
STALE_TEMP_SECONDS = 3600.0
#: the index format (bumped when :class:`Summary` or the encoding changes).
INDEX_FORMAT = 4
#: below this many files to parse, a process pool is not worth starting.
POOL_THRESHOLD = 2000
#: limits for free text, so a runaway paste cannot bloat a record.
MAX_LABEL = 200
MAX_NOTES = 20_000
_CHOICE_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_ID_LIKE: dict[str, bool] = {}


def _idlike(value: str) -> bool:
    """Whether ``value`` looks like a catalog id (memoised: ids repeat a lot)."""
    found = _ID_LIKE.get(value)
    if found is None:
        found = _CHOICE_ID_RE.fullmatch(value) is not None
        if len(_ID_LIKE) < 100_000:
            _ID_LIKE[value] = found
    return found


# =========================================================================== errors


class SessionError(KyodoInputError):
    """A session cannot be saved, loaded or found as asked."""


class ConflictError(SessionError):
    """The record changed (or was removed or created) since it was loaded."""


class ConsentError(SessionError):
    """Contact details without the person's consent."""


class SessionNotFound(SessionError):
    """No saved session (or draft) with that id."""


# =========================================================================== time


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    """``2025-03-14T09:30:12Z`` (UTC, seconds): sorts as text, reads as ISO 8601."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: object) -> datetime | None:
    """A stored time (ISO text or a TOML datetime) as an aware UTC datetime, or None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_since(value: str | datetime | None, what: str = "--since") -> datetime | None:
    """A ``--since`` value as an aware datetime (None stays None).

    Accepts ``YYYY-MM-DD`` (local midnight), ``YYYY-MM-DDTHH:MM[:SS]`` (local
    time) or either with an offset/``Z``. Raises :class:`KyodoInputError` naming
    the value.
    """
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.astimezone()
        return value
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or not text or not text[:1].isdigit():
        raise KyodoInputError(Problem(
            what, 0, f"not a date or time: {value!r} "
                     "(use YYYY-MM-DD, YYYY-MM-DDTHH:MM or an ISO time with offset)"))
    if moment.tzinfo is None:
        moment = moment.astimezone()  # local time, as a person means it
    return moment


def _since_key(since: str | datetime | None) -> str | None:
    moment = parse_since(since)
    return None if moment is None else _iso(moment)


# =========================================================================== records


@dataclass(frozen=True, slots=True)
class Consent:
    """The person's agreement that their contact details be kept (and used to contact them)."""

    given: bool
    #: when it was recorded (UTC, ISO)
    at: str
    #: who recorded it: "self", or the coordinator's name
    by: str

    def to_dict(self) -> dict[str, Any]:
        return {"given": self.given, "at": self.at, "by": self.by}


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """Contact details; stored only with consent."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.phone.strip() or self.email.strip()
                    or self.address.strip())

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "email": self.email,
                "address": self.address}


@dataclass(frozen=True, slots=True)
class PlacementSnapshot:
    """Where the answers placed the person when the session was saved."""

    placed: bool
    letter: str | None
    #: 0.0 = A … 4.0 = E
    position: float | None
    spread: float
    #: shares of (自助, 共助, 公助), summing to 1
    triad: tuple[float, float, float]
    actor: str | None = None
    fields: tuple[str, ...] = ()
    answered: int = 0
    unknown: int = 0
    skipped: int = 0
    #: False when no answer carried 自助・共助・公助 weight (the shares are then even)
    triad_placed: bool = True

    @classmethod
    def from_placement(cls, placement: Placement) -> PlacementSnapshot:
        """Snapshot a :class:`kyodo_tui.core.placement.Placement`."""
        return cls(
            placed=bool(placement.placed),
            letter=placement.letter,
            position=None if placement.position is None else round(placement.position, 4),
            spread=round(float(placement.spread), 4),
            triad=(round(placement.triad[0], 4), round(placement.triad[1], 4),
                   round(placement.triad[2], 4)),
            actor=placement.actor,
            fields=tuple(placement.fields),
            answered=int(placement.answered),
            unknown=int(placement.unknown),
            skipped=int(placement.skipped),
            triad_placed=bool(placement.triad_placed),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "placed": self.placed, "letter": self.letter, "position": self.position,
            "spread": self.spread,
            "triad": {"self": self.triad[0], "mutual": self.triad[1], "public": self.triad[2]},
            "triad_placed": self.triad_placed, "actor": self.actor,
            "fields": list(self.fields), "answered": self.answered,
            "unknown": self.unknown, "skipped": self.skipped,
        }


def _ids_of(items: Iterable[Any], attr: str) -> tuple[str, ...]:
    """Ids from strings, objects with ``.id``, or objects wrapping one (``.activity.id``)."""
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            value: Any = item
        elif isinstance(item, Mapping):
            value = item.get("id")
        else:
            inner = getattr(item, attr, None)
            value = getattr(inner, "id", None) if inner is not None else getattr(item, "id", None)
        if isinstance(value, str) and value and value not in out:
            out.append(value)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RecommendationSnapshot:
    """What was recommended when the session was saved: ids, best first."""

    activities: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()

    @classmethod
    def from_recommendations(cls, recs: Any) -> RecommendationSnapshot:
        """Snapshot :class:`kyodo_tui.core.recommend.Recommendations` (or a mapping alike).

        ``activities`` may hold Match objects (``.activity.id``), activities or
        ids; ``forms`` FormFit objects (``.form.id``), forms or ids.
        """
        if isinstance(recs, Mapping):
            acts: Any = recs.get("activities", ())
            forms: Any = recs.get("forms", ())
        else:
            acts = getattr(recs, "activities", ())
            forms = getattr(recs, "forms", ())
        return cls(_ids_of(acts or (), "activity"), _ids_of(forms or (), "form"))

    def to_dict(self) -> dict[str, Any]:
        return {"activities": list(self.activities), "forms": list(self.forms)}


AnswerValue = str | list[str]


@dataclass(frozen=True, slots=True)
class Session:
    """One session: a record once saved (``revision`` ≥ 1), or a draft.

    Immutable: change it with :func:`dataclasses.replace` (or :meth:`evolve`)
    and save the result; :meth:`Store.save` returns the saved copy with the new
    revision and ``updated`` time.
    """

    id: str
    created: str
    updated: str
    mode: str = "standard"
    kind: str = "individual"
    lang: str = "ja"
    #: a name for the record (the person's or group's chosen label)
    label: str = ""
    #: question id → choice id, list of choice ids, text, or "unknown"
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    #: questions marked 「後で確認」 (to check later; not the same as skipped)
    confirm_later: tuple[str, ...] = ()
    #: the coordinator's notes
    notes: str = ""
    consent: Consent | None = None
    contact: ContactInfo | None = None
    placement: PlacementSnapshot | None = None
    recommendations: RecommendationSnapshot | None = None
    #: the catalog layer dirs used when the session was placed
    catalog_layers: tuple[str, ...] = ()
    #: the id of the session this one re-assesses (for "how the placement moved")
    previous: str | None = None
    #: two-party view: "citizen" or "government", and the other party's record id
    party: str | None = None
    pair: str | None = None
    #: 0: never saved as a record; each save adds one
    revision: int = 0
    schema_version: int = SCHEMA_VERSION
    #: top-level keys this version does not know; kept and written back
    extra: dict[str, Any] = field(default_factory=dict)
    #: the file it was read from (not stored)
    path: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.id

    def evolve(self, **changes: Any) -> Session:
        """A copy with ``changes`` applied (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    @property
    def has_contact(self) -> bool:
        return self.contact is not None and not self.contact.is_empty()

    @property
    def consented(self) -> bool:
        return self.consent is not None and self.consent.given

    @property
    def created_at(self) -> datetime:
        moment = _parse_time(self.created)
        return moment if moment is not None else datetime.fromtimestamp(0, UTC)

    def with_consent(self, by: str, *, given: bool = True,
                     at: datetime | None = None) -> Session:
        """A copy recording consent (given or refused) now, by ``by``.

        Refusing (``given=False``) also drops any contact details.
        """
        consent = Consent(given, _iso(at or _utc_now()), by)
        if given:
            return self.evolve(consent=consent)
        return self.evolve(consent=consent, contact=None)

    def withdraw_consent(self, by: str) -> Session:
        """A copy without consent and without contact details."""
        return self.with_consent(by, given=False)

    def to_dict(self, *, include_contact: bool = True) -> dict[str, Any]:
        """A JSON-friendly dict (None for what is not set).

        Contact details are included only when ``include_contact`` and consent
        was given.
        """
        contact = (self.contact.to_dict() if include_contact and self.consented
                   and self.contact is not None else None)
        out: dict[str, Any] = {
            "schema_version": self.schema_version, "id": self.id, "revision": self.revision,
            "created": self.created, "updated": self.updated, "mode": self.mode,
            "kind": self.kind, "lang": self.lang, "label": self.label,
            "party": self.party, "pair": self.pair, "previous": self.previous,
            "catalog_layers": list(self.catalog_layers),
            "answers": {k: (list(v) if isinstance(v, list) else v)
                        for k, v in self.answers.items()},
            "confirm_later": list(self.confirm_later),
            "notes": self.notes,
            "consent": None if self.consent is None else self.consent.to_dict(),
            "contact": contact,
            "placement": None if self.placement is None else self.placement.to_dict(),
            "recommendations": (None if self.recommendations is None
                                else self.recommendations.to_dict()),
        }
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out


def _new_id(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def new_session(
    *,
    mode: str = "standard",
    kind: str = "individual",
    lang: str = "ja",
    label: str = "",
    answers: Mapping[str, AnswerValue] | None = None,
    previous: str | None = None,
    party: str | None = None,
    pair: str | None = None,
    catalog_layers: Sequence[str] = (),
    now: datetime | None = None,
) -> Session:
    """A fresh, unsaved session (revision 0) with a new unique id."""
    moment = now or _utc_now()
    stamp = _iso(moment)
    session = Session(
        id=_new_id(moment), created=stamp, updated=stamp, mode=mode, kind=kind, lang=lang,
        label=label, answers=_copy_answers(answers or {}), previous=previous, party=party,
        pair=pair, catalog_layers=tuple(catalog_layers),
    )
    _check_session(session)
    return session


def _copy_answers(answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    return {str(k): (list(v) if isinstance(v, (list, tuple)) else v) for k, v in answers.items()}


# =========================================================================== checks


def _check_session(session: Session) -> None:
    """Refuse a session that cannot be written as it is (before touching the disk)."""
    where = f"session {session.id}"
    problems: list[str] = []
    if not SESSION_ID_RE.fullmatch(session.id):
        problems.append(f"id {session.id!r} is not a session id (YYYYMMDD-HHMMSS-xxxxxxxx)")
    if session.mode not in MODES:
        problems.append(f"mode must be one of {', '.join(MODES)}, not {session.mode!r}")
    if session.kind not in KINDS:
        problems.append(f"kind must be one of {', '.join(KINDS)}, not {session.kind!r}")
    if session.lang not in LANG_CODES:
        problems.append(f"lang must be ja or en, not {session.lang!r}")
    if session.party is not None and session.party not in PARTIES:
        problems.append(f"party must be one of {', '.join(PARTIES)}, not {session.party!r}")
    for key in ("previous", "pair"):
        value = getattr(session, key)
        if value is not None and not SESSION_ID_RE.fullmatch(str(value)):
            problems.append(f"{key} {value!r} is not a session id")
    if session.pair is not None and session.pair == session.id:
        problems.append("pair: a session cannot be paired with itself")
    if len(session.label) > MAX_LABEL:
        problems.append(f"label is longer than {MAX_LABEL} characters")
    if len(session.notes) > MAX_NOTES:
        problems.append(f"notes are longer than {MAX_NOTES} characters")
    if _parse_time(session.created) is None or _parse_time(session.updated) is None:
        problems.append("created/updated must be ISO times")
    for qid, value in session.answers.items():
        if not isinstance(qid, str) or not qid:
            problems.append(f"answers: a question id must be a non-empty string, not {qid!r}")
        elif not (isinstance(value, str) or (isinstance(value, list)
                                             and all(isinstance(v, str) for v in value))):
            problems.append(f"answers.{qid}: must be a string or a list of strings")
    for key in set(session.extra) & _KNOWN_KEYS:
        problems.append(f"extra key {key!r} shadows a field")
    if problems:
        raise SessionError([Problem(where, 0, p) for p in problems])
    if session.has_contact and not session.consented:
        raise ConsentError(Problem(
            where, 0, "contact details can be saved only with the person's consent "
                      "(record it with Session.with_consent(by=...))"))


# =========================================================================== TOML


def _toml_dict(session: Session) -> dict[str, Any]:
    """The on-disk table: keys with nothing in them are left out."""
    out: dict[str, Any] = {
        "schema_version": session.schema_version, "id": session.id,
        "revision": session.revision, "created": session.created,
        "updated": session.updated, "mode": session.mode, "kind": session.kind,
        "lang": session.lang,
    }
    if session.label:
        out["label"] = session.label
    for key in ("party", "pair", "previous"):
        value = getattr(session, key)
        if value is not None:
            out[key] = value
    if session.catalog_layers:
        out["catalog_layers"] = list(session.catalog_layers)
    if session.confirm_later:
        out["confirm_later"] = list(session.confirm_later)
    if session.notes:
        out["notes"] = session.notes
    for key, value in session.extra.items():
        if key not in out and not isinstance(value, Mapping):
            out[key] = value
    out["answers"] = {k: (list(v) if isinstance(v, list) else v)
                      for k, v in session.answers.items()}
    if session.consent is not None:
        out["consent"] = session.consent.to_dict()
    if session.contact is not None and session.consented and not session.contact.is_empty():
        out["contact"] = session.contact.to_dict()
    if session.placement is not None:
        p = session.placement.to_dict()
        out["placement"] = {k: v for k, v in p.items() if v is not None}
    if session.recommendations is not None:
        out["recommendations"] = session.recommendations.to_dict()
    for key, value in session.extra.items():
        if key not in out and isinstance(value, Mapping):
            out[key] = value
    return out


def _to_bytes(session: Session) -> bytes:
    return tomli_w.dumps(_toml_dict(session)).encode("utf-8")


# --------------------------------------------------------------- the fast path

_KEY = r"[A-Za-z0-9_-]+"
# a basic string as tomli-w writes it: no raw control character but tab, only
# the escapes both TOML and JSON read alike (\uXXXX only below U+0100)
# (possessive: runs of plain characters are matched in one step, never given back)
_STR = r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]++|\\(?:["\\bfnrt]|u00[0-9A-Fa-f]{2}))*+"'
_NUM = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_SCALAR = rf"(?:{_STR}|{_NUM}|true|false)"
_VALUE = rf"(?:{_SCALAR}|\[\]|\[\n(?:    {_SCALAR},\n)+\])"
_KV = rf"{_KEY} = {_VALUE}\n"
_HEADER = rf"\[{_KEY}(?:\.{_KEY})*\]\n"
_FAST_FILE_RE = re.compile(rf"(?:{_KV}|\n)*(?:{_HEADER}(?:{_KV}|\n)*)*")
_FAST_SPLIT_RE = re.compile(rf"^(?:\[({_KEY}(?:\.{_KEY})*)\]\n|({_KEY}) = )", re.MULTILINE)


def fast_loads(text: str) -> dict[str, Any] | None:
    """Parse TOML in exactly the subset tomli-w writes for sessions, or return None.

    The subset: bare keys, ``[a.b]`` headers, basic strings, decimal integers and
    floats, booleans, and one-level arrays of those written one item per line.
    Anything else (comments, dates, inline tables, other escapes, CRLF, a
    missing final newline, duplicate keys or tables) returns None, and the
    caller parses with ``tomllib``. When it returns a dict, it equals
    ``tomllib.loads(text)`` (tests check this differentially). The grammar is
    matched first; values are then decoded by ``json`` (JSON and TOML agree on
    every string, number and boolean the grammar admits).
    """
    if _FAST_FILE_RE.fullmatch(text) is None:
        return None
    flat = text.replace(",\n]", "]").replace("[\n    ", "[").replace(",\n    ", ",")
    pieces = _FAST_SPLIT_RE.split(flat)
    headers = pieces[1::3]
    keys = pieces[2::3]
    values = [v for h, v in zip(headers, pieces[3::3], strict=True) if h is None]
    try:
        decoded = json.loads("[" + ",".join(values) + "]", strict=False)
    except ValueError:
        return None
    root: dict[str, Any] = {}
    target = root
    explicit: set[str] = set()
    it = iter(decoded)
    for header, key in zip(headers, keys, strict=True):
        if header is not None:
            if header in explicit:
                return None
            explicit.add(header)
            target = root
            for part in header.split("."):
                nxt = target.setdefault(part, {})
                if type(nxt) is not dict:
                    return None
                target = nxt
            continue
        if key in target:
            return None
        target[key] = next(it)
    return root




def _loads(text: str) -> dict[str, Any]:
    data = fast_loads(text)
    return data if data is not None else tomllib.loads(text)


# --------------------------------------------------------------- validation

_KNOWN_KEYS = frozenset({
    "schema_version", "id", "revision", "created", "updated", "mode", "kind", "lang",
    "label", "party", "pair", "previous", "catalog_layers", "confirm_later", "notes",
    "answers", "consent", "contact", "placement", "recommendations",
})


def _line_of(text: str, key: str | None, table: str | None = None) -> int:
    """1-based line of ``key =`` (in ``[table]`` when given), or of ``[table]``; 0 if none."""
    current: str | None = None
    table_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]").strip()
            if table is not None and current == table:
                table_line = number
            continue
        if key is not None and current == table and re.match(rf"""\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=""",
                                          line):
            return number
    return table_line


class _Checker:
    """Collects problems of one file, each with the line it concerns."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []

    def bad(self, key: str | None, message: str, table: str | None = None) -> None:
        self.problems.append(Problem(self.path, _line_of(self.text, key, table), message))

    def string(self, data: Mapping[str, Any], key: str, table: str | None = None,
               default: str = "", choices: Sequence[str] | None = None,
               limit: int | None = None) -> str:
        value = data.get(key, default)
        name = f"{table}.{key}" if table else key
        if not isinstance(value, str):
            self.bad(key, f"{name} must be a string, not {type(value).__name__}", table)
            return default
        if choices is not None and value not in choices:
            self.bad(key, f"{name} must be one of {', '.join(choices)}, not {value!r}", table)
            return default
        if limit is not None and len(value) > limit:
            self.bad(key, f"{name} is longer than {limit} characters", table)
            return value[:limit]
        return value

    def optional_id(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not SESSION_ID_RE.fullmatch(value):
            self.bad(key, f"{key} must be a session id, not {value!r}")
            return None
        return value

    def strings(self, data: Mapping[str, Any], key: str,
                table: str | None = None) -> tuple[str, ...]:
        value = data.get(key, [])
        name = f"{table}.{key}" if table else key
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, f"{name} must be a list of strings", table)
            return ()
        return tuple(value)

    def time(self, data: Mapping[str, Any], key: str, table: str | None = None) -> str:
        value = data.get(key)
        moment = _parse_time(value)
        if moment is None:
            name = f"{table}.{key}" if table else key
            self.bad(key, f"{name} must be an ISO date and time, not {value!r}", table)
            return ""
        return _iso(moment)

    def number(self, data: Mapping[str, Any], key: str, table: str,
               low: float, high: float) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                low <= value <= high):
            self.bad(key, f"{table}.{key} must be a number from {low} to {high}, not {value!r}",
                     table)
            return None
        return float(value)

    def count(self, data: Mapping[str, Any], key: str, table: str) -> int:
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.bad(key, f"{table}.{key} must be a count (0 or more), not {value!r}", table)
            return 0
        return value

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.bad(key, f"{key} must be a table")
            return None
        return value


def _session_from_data(data: Mapping[str, Any], path: str, text: str, *,
                       expect_id: str | None, draft: bool
                       ) -> tuple[Session | None, list[Problem]]:
    """Validate one parsed file. Serious problems → (None, problems): the file is skipped."""
    c = _Checker(path, text)
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.bad("schema_version", "not a kyodo_tui session: schema_version "
                                f"must be a positive integer, not {version!r}")
        return None, c.problems
    if version > SCHEMA_VERSION:
        c.bad("schema_version", f"written by a newer kyodo_tui (schema_version {version}; "
                                f"this version reads up to {SCHEMA_VERSION}): skipped, left as is")
        return None, c.problems
    sid = data.get("id")
    if not isinstance(sid, str) or not SESSION_ID_RE.fullmatch(sid):
        c.bad("id", f"id must be a session id (YYYYMMDD-HHMMSS-xxxxxxxx), not {sid!r}")
        return None, c.problems
    if expect_id is not None and sid != expect_id:
        c.bad("id", f"id {sid!r} does not match the file name ({expect_id}.toml)")
        return None, c.problems
    revision = data.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < (
            0 if draft else 1):
        c.bad("revision", f"revision must be an integer ≥ {0 if draft else 1}, not {revision!r}")
        return None, c.problems
    created = c.time(data, "created")
    updated = c.time(data, "updated")
    mode = c.string(data, "mode", default="standard", choices=MODES)
    kind = c.string(data, "kind", default="individual", choices=KINDS)
    lang = c.string(data, "lang", default="ja", choices=LANG_CODES)
    label = c.string(data, "label", limit=MAX_LABEL)
    notes = c.string(data, "notes", limit=MAX_NOTES)
    party_raw = data.get("party")
    party = None if party_raw is None else c.string(data, "party", choices=PARTIES) or None
    pair = c.optional_id(data, "pair")
    previous = c.optional_id(data, "previous")
    layers = c.strings(data, "catalog_layers")
    confirm = c.strings(data, "confirm_later")

    answers: dict[str, AnswerValue] = {}
    raw_answers = c.table(data, "answers") or {}
    for qid, value in raw_answers.items():
        if isinstance(value, str):
            answers[qid] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            answers[qid] = list(value)
        else:
            c.bad(qid, f"answers.{qid} must be a choice id, a list of them, text or "
                       f"'{UNKNOWN}'", "answers")

    consent: Consent | None = None
    raw_consent = c.table(data, "consent")
    if raw_consent is not None:
        given = raw_consent.get("given")
        if not isinstance(given, bool):
            c.bad("given", "consent.given must be true or false", "consent")
            given = False
        consent = Consent(given, c.time(raw_consent, "at", "consent"),
                          c.string(raw_consent, "by", "consent"))

    contact: ContactInfo | None = None
    raw_contact = c.table(data, "contact")
    if raw_contact is not None:
        info = ContactInfo(*(c.string(raw_contact, k, "contact")
                             for k in ("name", "phone", "email", "address")))
        if consent is None or not consent.given:
            c.bad(None, "contact details without consent: not read (they are not "
                        "shown or exported)", "contact")
        elif not info.is_empty():
            contact = info

    placement: PlacementSnapshot | None = None
    raw_p = c.table(data, "placement")
    if raw_p is not None:
        placed = raw_p.get("placed", False)
        if not isinstance(placed, bool):
            c.bad("placed", "placement.placed must be true or false", "placement")
            placed = False
        letter_raw = raw_p.get("letter")
        letter = None
        if letter_raw is not None:
            letter = c.string(raw_p, "letter", "placement", choices=REGIONS) or None
        position = c.number(raw_p, "position", "placement", 0.0, 4.0)
        spread = c.number(raw_p, "spread", "placement", 0.0, 4.0) or 0.0
        raw_t = raw_p.get("triad", {})
        triad = (1 / 3, 1 / 3, 1 / 3)
        if isinstance(raw_t, dict):
            parts = [c.number(raw_t, k, "placement.triad", 0.0, 1.0)
                     for k in ("self", "mutual", "public")]
            if all(x is not None for x in parts):
                triad = (parts[0] or 0.0, parts[1] or 0.0, parts[2] or 0.0)
        else:
            c.bad("triad", "placement.triad must be a table of self, mutual, public",
                  "placement")
        triad_placed = raw_p.get("triad_placed", True)
        if not isinstance(triad_placed, bool):
            c.bad("triad_placed", "placement.triad_placed must be true or false", "placement")
            triad_placed = False
        actor_raw = raw_p.get("actor")
        actor = None if actor_raw is None else c.string(raw_p, "actor", "placement") or None
        if placed and (letter is None or position is None):
            c.bad("placed", "placement: placed, but without letter and position", "placement")
            placed = False
        placement = PlacementSnapshot(
            placed=placed, letter=letter if placed else None,
            position=position if placed else None, spread=spread, triad=triad, actor=actor,
            fields=c.strings(raw_p, "fields", "placement"),
            answered=c.count(raw_p, "answered", "placement"),
            unknown=c.count(raw_p, "unknown", "placement"),
            skipped=c.count(raw_p, "skipped", "placement"), triad_placed=triad_placed)

    recs: RecommendationSnapshot | None = None
    raw_r = c.table(data, "recommendations")
    if raw_r is not None:
        recs = RecommendationSnapshot(c.strings(raw_r, "activities", "recommendations"),
                                      c.strings(raw_r, "forms", "recommendations"))

    extra = {k: v for k, v in data.items() if k not in _KNOWN_KEYS}
    if created == "" or updated == "":
        return None, c.problems
    session = Session(
        id=sid, created=created, updated=updated, mode=mode, kind=kind, lang=lang,
        label=label, answers=answers, confirm_later=confirm, notes=notes, consent=consent,
        contact=contact, placement=placement, recommendations=recs, catalog_layers=layers,
        previous=previous, party=party, pair=pair, revision=revision,
        schema_version=version, extra=extra, path=path,
    )
    return session, c.problems


def read_session_file(path: Path | str, *, draft: bool = False
                      ) -> tuple[Session | None, list[Problem]]:
    """Read and validate one session file. Never raises for bad content."""
    shown = str(path)
    p = Path(path)
    expect = p.stem if SESSION_ID_RE.fullmatch(p.stem) else None
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot read: {exc.strerror or exc}")]
    if not raw:
        return None, [Problem(shown, 0, "empty file (an interrupted save?): skipped")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not a kyodo_tui session: not UTF-8 text")]
    text = text.removeprefix("\ufeff")
    try:
        data = _loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = syntax_problem(exc, shown, text)
        return None, [Problem(shown, problem.line, f"not a kyodo_tui session: {problem.message}")]
    return _session_from_data(data, shown, text, expect_id=expect, draft=draft)


# =========================================================================== summaries


class Summary(NamedTuple):
    """What reports need of one record: no label, notes, contact or free text."""

    id: str
    created: str
    mode: str
    kind: str
    actor: str | None
    letter: str | None
    position: float | None
    #: (自助, 共助, 公助) shares, or None without a placement
    triad: Sequence[float] | None
    #: field, activity and form ids: each id once (see :func:`summary_of`)
    fields: Sequence[str]
    activities: Sequence[str]
    forms: Sequence[str]
    #: question id → the choice ids answered (text answers left out as best we can)
    choices: Mapping[str, Sequence[str]]
    party: str | None


def _ids(values: Iterable[str]) -> builtins.list[str]:
    """The id-like values, each once, in order."""
    out = [v for v in values if _idlike(v)]
    return out if len(out) < 2 or len(set(out)) == len(out) else list(dict.fromkeys(out))


def summary_of(session: Session) -> Summary:
    """The report summary of a session (also for tallying unsaved sessions in a workshop).

    Only values that look like catalog ids are kept in ``fields``,
    ``activities``, ``forms`` and ``choices`` (so text answers never reach a
    report, and the index can store each list as one space-separated string);
    ``fields``, ``activities`` and ``forms`` hold each id once.
    """
    p = session.placement
    r = session.recommendations
    choices: dict[str, list[str]] = {}
    for qid, value in session.answers.items():
        items = [value] if isinstance(value, str) else value
        ids = [v for v in items if _idlike(v)]
        if ids and _idlike(qid):
            choices[qid] = ids
    return Summary(
        id=session.id, created=session.created, mode=session.mode, kind=session.kind,
        actor=None if p is None else p.actor,
        letter=None if p is None or not p.placed else p.letter,
        position=None if p is None or not p.placed else p.position,
        triad=None if p is None or not p.triad_placed else list(p.triad),
        fields=[] if p is None else _ids(p.fields),
        activities=[] if r is None else _ids(r.activities),
        forms=[] if r is None else _ids(r.forms),
        choices=choices, party=session.party,
    )


# --------------------------------------------------------------- the layout path
# A record exactly as this version writes it (``_toml_dict`` through tomli-w),
# with the validation rules of ``_session_from_data`` written into the grammar.
# When it matches (and the few checks in ``_layout_summary`` pass), the full
# path would load the file without a problem and give the same summary; when it
# does not, the full path runs. Tests compare the two on many files.

_L_STR = _STR
_L_ID = r'"[0-9]{8}-[0-9]{6}-[0-9a-f]{8}"'
_L_TIME = r'"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"'
_L_NUM = _NUM
_L_STRS = rf"(?:\[\]|\[\n(?:    {_STR},\n)+\])"
_L_BOOL = r"(?:true|false)"
_LAYOUT_RE = re.compile(
    rf"schema_version = {SCHEMA_VERSION}\n"
    rf"id = (?P<id>{_L_ID})\n"
    r"revision = (?P<revision>[1-9][0-9]{0,17})\n"
    rf"created = (?P<created>{_L_TIME})\n"
    rf"updated = (?P<updated>{_L_TIME})\n"
    r'mode = "(?P<mode>standard|intake|kiosk|workshop)"\n'
    r'kind = "(?P<kind>individual|group)"\n'
    r'lang = "(?:ja|en)"\n'
    rf"(?:label = (?P<label>{_L_STR})\n)?"
    r'(?:party = "(?P<party>citizen|government)"\n)?'
    rf"(?:pair = (?P<pair>{_L_ID})\n)?"
    rf"(?:previous = {_L_ID}\n)?"
    rf"(?:catalog_layers = {_L_STRS}\n)?"
    rf"(?:confirm_later = {_L_STRS}\n)?"
    rf"(?:notes = (?P<notes>{_L_STR})\n)?"
    rf"\n\[answers\]\n(?P<answers>(?:{_KEY} = (?:{_L_STR}|{_L_STRS})\n)*)"
    rf"(?:\n\[consent\]\ngiven = (?P<given>{_L_BOOL})\nat = {_L_TIME}\nby = {_L_STR}\n)?"
    rf"(?P<contact>\n\[contact\]\nname = {_L_STR}\nphone = {_L_STR}\nemail = {_L_STR}\n"
    rf"address = {_L_STR}\n)?"
    rf"(?:\n\[placement\]\nplaced = (?P<placed>{_L_BOOL})\n"
    r'(?:letter = "(?P<letter>[A-E])"\n)?'
    rf"(?:position = (?P<position>{_L_NUM})\n)?"
    rf"spread = (?P<spread>{_L_NUM})\n"
    rf"triad_placed = (?P<triad_placed>{_L_BOOL})\n"
    rf"(?:actor = (?P<actor>{_L_STR})\n)?"
    rf"fields = (?P<fields>{_L_STRS})\n"
    r"answered = (?:0|[1-9][0-9]{0,17})\nunknown = (?:0|[1-9][0-9]{0,17})\n"
    r"skipped = (?:0|[1-9][0-9]{0,17})\n"
    rf"\n\[placement\.triad\]\nself = (?P<t_self>{_L_NUM})\nmutual = (?P<t_mutual>{_L_NUM})\n"
    rf"public = (?P<t_public>{_L_NUM})\n)?"
    rf"(?:\n\[recommendations\]\nactivities = (?P<activities>{_L_STRS})\n"
    rf"forms = (?P<forms>{_L_STRS})\n)?"
)
_ANSWER_RE = re.compile(rf"({_KEY}) = ({_L_STR}|{_L_STRS})\n")
_PLAIN_STR_RE = re.compile(r'"([^"\\]*)"')


def _l_str(token: str) -> str:
    return token[1:-1] if "\\" not in token else str(json.loads(token, strict=False))


def _l_strs(token: str) -> builtins.list[str]:
    if "\\" not in token:
        return _PLAIN_STR_RE.findall(token)
    flat = token.replace(",\n]", "]").replace("[\n    ", "[").replace(",\n    ", ",")
    return [str(v) for v in json.loads(flat, strict=False)]


def _l_num(token: str | None, low: float, high: float) -> float | None:
    if token is None:
        return None
    value = float(token)
    return value if low <= value <= high else math.nan


def _layout_summary(text: str, expect_id: str | None) -> Summary | None:
    """The summary of a record in exactly our layout, or None (then parse it fully)."""
    m = _LAYOUT_RE.fullmatch(text)
    if m is None:
        return None
    g = m.group
    sid = g("id")[1:-1]
    if sid != expect_id or g("pair") == g("id"):
        return None
    created = g("created")[1:-1]
    try:
        datetime.fromisoformat(created)
        datetime.fromisoformat(g("updated")[1:-1])
    except ValueError:
        return None
    label, notes = g("label"), g("notes")
    if (label is not None and len(_l_str(label)) > MAX_LABEL) or (
            notes is not None and len(_l_str(notes)) > MAX_NOTES):
        return None
    if g("contact") is not None and g("given") != "true":
        return None  # contact without consent: the full path reports it
    choices: dict[str, builtins.list[str]] = {}
    seen: set[str] = set()
    for key, value in _ANSWER_RE.findall(g("answers")):
        if key in seen:
            return None  # a key twice (TOML forbids it)
        seen.add(key)
        items = [_l_str(value)] if value[0] == '"' else _l_strs(value)
        ids = [v for v in items if _idlike(v)]
        if ids and _idlike(key):
            choices[key] = ids
    actor = letter = None
    position: float | None = None
    triad: builtins.list[float] | None = None
    fields: builtins.list[str] = []
    if g("placed") is not None:
        placed = g("placed") == "true"
        letter = g("letter")
        position = _l_num(g("position"), 0.0, 4.0)
        spread = _l_num(g("spread"), 0.0, 4.0)
        shares = [_l_num(g(k), 0.0, 1.0) for k in ("t_self", "t_mutual", "t_public")]
        if any(x is not None and math.isnan(x) for x in (position, spread, *shares)):
            return None  # out of range: the full path reports it
        if placed and (letter is None or position is None):
            return None
        if not placed:
            letter, position = None, None
        if g("triad_placed") == "true":
            triad = [x or 0.0 for x in shares]
        actor_token = g("actor")
        actor = _l_str(actor_token) if actor_token is not None else None
        actor = actor or None
        fields = _ids(_l_strs(g("fields")))
    activities: builtins.list[str] = []
    forms: builtins.list[str] = []
    if g("activities") is not None:
        activities = _ids(_l_strs(g("activities")))
        forms = _ids(_l_strs(g("forms")))
    return Summary(sid, created, g("mode"), g("kind"), actor, letter, position, triad,
                   fields, activities, forms, choices, g("party"))


def _scan_file(path: str) -> tuple[Summary | None, builtins.list[Problem]]:
    """The summary of one record file (and its problems); layout path first."""
    name = os.path.basename(path)
    expect = name[:-5] if name.endswith(".toml") else None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            chunks = [os.read(fd, 1 << 16)]
            while len(chunks[-1]) == 1 << 16:
                chunks.append(os.read(fd, 1 << 16))
        finally:
            os.close(fd)
        text: str | None = b"".join(chunks).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    if text is not None:
        summary = _layout_summary(text, expect)
        if summary is not None:
            return summary, []
    session, problems = read_session_file(path)
    return (None if session is None else summary_of(session)), problems


def _scan_row(path: str) -> tuple[str | builtins.list[Any] | None, builtins.list[Any]]:
    """One file as an index row and ``[[line, message], …]`` (cheap to send between processes)."""
    summary, problems = _scan_file(path)
    return (None if summary is None else _encode_row(summary),
            [[p.line, p.message] for p in problems])


def _scan_chunk(paths: Sequence[str]
                ) -> builtins.list[tuple[str | builtins.list[Any] | None, builtins.list[Any]]]:
    """Worker entry point (a process pool): parse a batch of files."""
    with gc_paused():
        return [_scan_row(p) for p in paths]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk load of acyclic data.

    Building ~10⁶ small objects otherwise triggers collections that rescan
    everything alive, which more than doubles the time of a 100,000-file scan.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --------------------------------------------------------------- the index


class _Choices(Mapping[str, Sequence[str]]):
    """Answers of a summary, kept as ``"q=a,b q2=c"`` and split only when read.

    A report reads one question of 100,000 summaries: parsing every answer of
    every summary up front would cost more than the rest of the report.
    """

    __slots__ = ("_dict", "_raw")

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._dict: dict[str, builtins.list[str]] | None = None

    def _parsed(self) -> dict[str, builtins.list[str]]:
        if self._dict is None:
            out: dict[str, builtins.list[str]] = {}
            for part in self._raw.split():
                q, _, ids = part.partition("=")
                out[q] = ids.split(",")
            self._dict = out
        return self._dict

    def get(self, key: str, default: Any = None) -> Any:
        if self._dict is None:
            raw = self._raw
            at = raw.find(key + "=")
            while at > 0 and raw[at - 1] != " ":
                at = raw.find(key + "=", at + 1)
            if at < 0:
                return default
            end = raw.find(" ", at)
            return raw[at + len(key) + 1:end if end >= 0 else None].split(",")
        return self._dict.get(key, default)

    def __getitem__(self, key: str) -> builtins.list[str]:
        return self._parsed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parsed())

    def __len__(self) -> int:
        return len(self._parsed())

    def __repr__(self) -> str:
        return repr(self._parsed())


_SEP = "\x1f"  # between the fields of an index row (a control character ids never hold)


def _encode_row(summary: Summary) -> str | builtins.list[Any]:
    """A summary as an index row (see :class:`_Index`): one string, or a list if it must."""
    choices = summary.choices
    raw = choices._raw if isinstance(choices, _Choices) else " ".join(
        f"{q}={','.join(ids)}" for q, ids in choices.items())
    triad = "" if summary.triad is None else " ".join(repr(float(x)) for x in summary.triad)
    position = "" if summary.position is None else repr(float(summary.position))
    parts = [summary.created, summary.mode, summary.kind, summary.actor or "",
             summary.letter or "", position, triad, " ".join(summary.fields),
             " ".join(summary.activities), " ".join(summary.forms), raw, summary.party or ""]
    text = _SEP.join(parts)
    if text.count(_SEP) == len(parts) - 1:
        return text
    # a value holding the separator (a hand-edited actor, say): the plain list form
    return [summary.created, summary.mode, summary.kind, summary.actor, summary.letter,
            summary.position, None if summary.triad is None else list(summary.triad),
            " ".join(summary.fields), " ".join(summary.activities), " ".join(summary.forms),
            raw, summary.party]


def _decode_row(name: str, row: str | builtins.list[Any]) -> Summary:
    """The summary of an index row; raises ValueError/TypeError/IndexError if damaged."""
    if isinstance(row, str):
        p = row.split(_SEP)
        if len(p) != 12:
            raise ValueError("row")
        triad = [float(x) for x in p[6].split()] if p[6] else None
        if triad is not None and len(triad) != 3:
            raise ValueError("triad")
        return Summary(name[:-5], p[0], p[1], p[2], p[3] or None, p[4] or None,
                       float(p[5]) if p[5] else None, triad, p[7].split(), p[8].split(),
                       p[9].split(), _Choices(p[10]), p[11] or None)
    if len(row) != 12 or not isinstance(row[10], str):
        raise TypeError("row")
    return Summary(name[:-5], row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                   row[7].split(), row[8].split(), row[9].split(), _Choices(row[10]), row[11])


def _stamp(st: os.stat_result) -> str:
    """What identifies a file's content for the index: inode, mtime_ns and size."""
    return f"{st.st_ino} {st.st_mtime_ns} {st.st_size}"


class _Index:
    """The summary cache: file name → (stamp, summary row, problems).

    On disk (JSON, 0600): ``{"format", "schema", "files": {name: entry}}``. A
    common entry is one string: ``"<inode> <mtime_ns> <size>"`` and the 12
    fields of the summary joined by U+001F, each list of ids as one
    space-separated string (ids never hold spaces: :func:`summary_of` keeps only
    id-like values) and the answers as ``"q=a,b q2=c"``. Files with problems
    (and the rare value holding U+001F) use a list: ``[inode, mtime_ns, size,
    row | null, [[line, message], …]]``. Two JSON values per entry instead of
    twenty is what makes a 100,000-record index quick to write and read.
    Anything unexpected makes an entry (or the whole file) count as missing:
    it is a cache, never trusted over the files.
    """

    def __init__(self) -> None:
        #: name → a string entry or [inode, mtime_ns, size, row, lines]
        self.files: dict[str, str | builtins.list[Any]] = {}

    def __len__(self) -> int:
        return len(self.files)

    def keep(self, name: str, other: _Index) -> None:
        """Carry ``other``'s entry for ``name`` over unchanged."""
        self.files[name] = other.files[name]

    def put(self, name: str, stamp: str, row: str | builtins.list[Any] | None,
            lines: builtins.list[Any]) -> None:
        """Record an encoded row (:func:`_encode_row`) and ``[[line, message], …]``."""
        if isinstance(row, str) and not lines:
            self.files[name] = stamp + _SEP + row
        else:
            ino, mtime, size = (int(x) for x in stamp.split())
            self.files[name] = [ino, mtime, size, row, lines]

    def get(self, name: str, stamp: str
            ) -> tuple[Summary | None, builtins.list[tuple[int, str]]] | None:
        item = self.files.get(name)
        if item is None:
            return None
        try:
            if isinstance(item, str):
                if not item.startswith(stamp + _SEP):
                    return None
                return _decode_row(name, item[len(stamp) + 1:]), []
            if f"{item[0]} {item[1]} {item[2]}" != stamp:
                return None
            problems = [(int(line), str(msg)) for line, msg in item[4]]
            return (None if item[3] is None else _decode_row(name, item[3])), problems
        except (AttributeError, IndexError, TypeError, ValueError):
            return None  # a damaged entry: parse the file again

    @classmethod
    def read(cls, path: Path) -> _Index:
        index = cls()
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return index
        if not (isinstance(data, dict) and data.get("format") == INDEX_FORMAT
                and data.get("schema") == SCHEMA_VERSION
                and isinstance(data.get("files"), dict)):
            return index
        files = index.files
        for name, item in data["files"].items():
            if type(item) is str or (type(item) is list and len(item) == 5
                                     and type(item[4]) is list):
                files[name] = item
        return index

    def write(self, path: Path) -> None:
        data = {"format": INDEX_FORMAT, "schema": SCHEMA_VERSION, "files": self.files}
        try:
            # a cache, checked entry by entry when read: no need to wait for the disk
            _write_replace(path, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                           .encode("utf-8"), durable=False)
        except OSError:
            pass  # a cache: a read-only folder still gets its report


# =========================================================================== files


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _ensure_dir(path: Path) -> None:
    """Create ``path`` (0700) if missing; a folder we did not create is left as it is."""
    if path.is_dir():
        return
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        if not path.is_dir():
            raise SessionError(Problem(str(path), 0, "exists but is not a folder")) from None
        return
    except OSError as exc:
        raise SessionError(Problem(str(path), 0,
                                   f"cannot create the folder: {exc.strerror or exc}")) from exc
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    _fsync_dir(path.parent)


def _write_temp(folder: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to a new temp file in ``folder`` (0600), fsynced and closed."""
    for _ in range(100):
        tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 random collisions
        raise SessionError(Problem(str(folder), 0, "cannot create a temp file"))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


_NO_LINK = {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.EMLINK,
            getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}


def _publish_new(tmp: Path, target: Path) -> None:
    """Move a written temp file to ``target``, which must not exist (never replaces).

    ``os.link`` fails if the name exists: two writers can never clobber each
    other. Where the filesystem has no hard links, the name is reserved with
    O_EXCL and then replaced by the complete file.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.replace(tmp, target)
    else:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write_new(target: Path, data: bytes) -> None:
    """Atomically create ``target`` with ``data``; FileExistsError if it exists."""
    tmp = _write_temp(target.parent, data)
    try:
        _publish_new(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError, OSError):
            if tmp.exists():
                os.unlink(tmp)
    _fsync_dir(target.parent)


def _write_replace(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Atomically replace (or create) ``target`` with ``data``.

    ``durable=False`` skips the fsyncs: for caches, which are checked when read.
    """
    tmp = _write_temp(target.parent, data, durable=durable)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(target.parent)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder (held for a read-check-replace of one record)."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# =========================================================================== search

def _norm(text: str) -> str:
    import jaconv

    return jaconv.kata2hira(unicodedata.normalize("NFKC", text).casefold())


class SearchHit(NamedTuple):
    session: Session
    #: 0–100 (100 for an empty query)
    score: float
    #: where the query matched: "label", "notes", "activity" or "" (empty query)
    matched: str


# =========================================================================== the store


class Store:
    """Saved sessions in one folder. Safe for several processes (kiosks) at once."""

    def __init__(self, root: Path | str, *, now: Callable[[], datetime] | None = None) -> None:
        self.root = Path(root).expanduser()
        self._now = now or _utc_now

    @classmethod
    def default(cls, data_dir: Path | str | None = None) -> Store:
        """The store in ``data_dir``, else ``$KYODO_DATA_DIR``, else the user data dir."""
        if data_dir is None:
            from kyodo_tui.core.locations import data_dir as default_dir

            return cls(default_dir())
        return cls(data_dir)

    @property
    def drafts_dir(self) -> Path:
        return self.root / DRAFTS_DIR

    def record_path(self, session_id: str) -> Path:
        _check_id(session_id)
        return self.root / f"{session_id}.toml"

    def draft_path(self, session_id: str) -> Path:
        _check_id(session_id)
        return self.drafts_dir / f"{session_id}.toml"

    def new_session(self, **kwargs: Any) -> Session:
        """A fresh unsaved session (see :func:`new_session`), timed by this store's clock."""
        kwargs.setdefault("now", self._now())
        return new_session(**kwargs)

    # ------------------------------------------------------------ write

    def save(self, session: Session) -> Session:
        """Save ``session`` as a record; return the saved copy (revision + 1).

        A new session (revision 0) is created without ever replacing a file; if
        its id is taken, :class:`ConflictError`. A loaded one (revision ≥ 1)
        replaces its file only if the file still has that revision, else
        :class:`ConflictError`. A draft of the session is removed once the
        record is written.
        """
        _check_session(session)
        _ensure_dir(self.root)
        target = self.record_path(session.id)
        saved = session.evolve(revision=session.revision + 1, updated=_iso(self._now()),
                               schema_version=SCHEMA_VERSION, path=str(target))
        if session.revision == 0:
            try:
                _write_new(target, _to_bytes(saved))
            except FileExistsError:
                raise ConflictError(Problem(
                    str(target), 0, "a record with this id is already saved; load it and "
                                    "save that, or start a new session")) from None
        else:
            with _folder_lock(self.root):
                current = self._current_revision(target)
                if current != session.revision:
                    raise ConflictError(Problem(
                        str(target), 0, f"changed by someone else since it was loaded "
                                        f"(revision {session.revision}, now {current}): "
                                        "reload it and make the change again"))
                _write_replace(target, _to_bytes(saved))
        self._remove_draft(session.id)
        return saved

    def _current_revision(self, target: Path) -> int:
        if not target.exists():
            raise ConflictError(Problem(str(target), 0,
                                        "the record was deleted since it was loaded"))
        current, problems = read_session_file(target)
        if current is None:
            raise ConflictError(problems or [Problem(str(target), 0, "cannot be read")])
        return current.revision

    def delete(self, session_id: str) -> None:
        """Remove only that record (the UI asks for confirmation first)."""
        target = self.record_path(session_id)
        if not target.exists():
            raise SessionNotFound(Problem(str(target), 0, "no such saved session"))
        with _folder_lock(self.root):
            try:
                os.unlink(target)
            except FileNotFoundError:
                raise SessionNotFound(Problem(str(target), 0, "no such saved session")) from None
        _fsync_dir(self.root)

    # ------------------------------------------------------------ drafts

    def save_draft(self, session: Session) -> Session:
        """Save an intake in progress (replaces only that session's draft, atomically)."""
        _check_session(session)
        _ensure_dir(self.root)
        _ensure_dir(self.drafts_dir)
        target = self.draft_path(session.id)
        saved = session.evolve(updated=_iso(self._now()), schema_version=SCHEMA_VERSION,
                               path=str(target))
        _write_replace(target, _to_bytes(saved))
        return saved

    def drafts(self) -> tuple[builtins.list[Session], builtins.list[Problem]]:
        """Every draft, most recently updated first, and the problems met."""
        sessions, problems = self._read_folder(self.drafts_dir, draft=True)
        sessions.sort(key=lambda s: (s.updated, s.id), reverse=True)
        return sessions, problems

    def latest_draft(self, mode: str | None = None) -> Session | None:
        """The most recently updated draft (of ``mode`` if given), to offer resuming it."""
        for session in self.drafts()[0]:
            if mode is None or session.mode == mode:
                return session
        return None

    def load_draft(self, session_id: str) -> Session:
        path = self.draft_path(session_id)
        if not path.exists():
            raise SessionNotFound(Problem(str(path), 0, "no such draft"))
        session, problems = read_session_file(path, draft=True)
        if session is None:
            raise SessionError(problems)
        return session

    def discard_draft(self, session_id: str) -> bool:
        """Remove a draft; True if there was one."""
        return self._remove_draft(session_id)

    def _remove_draft(self, session_id: str) -> bool:
        path = self.draft_path(session_id)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True

    # ------------------------------------------------------------ read

    def load(self, session_id: str) -> Session:
        """The record with this id, or with this unique id prefix (≥ 4 characters)."""
        text = session_id.strip()
        if SESSION_ID_RE.fullmatch(text):
            path = self.record_path(text)
        else:
            path = self._by_prefix(text)
        if not path.exists():
            raise SessionNotFound(Problem(str(path), 0, "no such saved session"))
        session, problems = read_session_file(path)
        if session is None:
            raise SessionError(problems)
        return session

    def _by_prefix(self, prefix: str) -> Path:
        if len(prefix) < 4 or not re.fullmatch(r"[0-9a-f-]+", prefix):
            raise SessionNotFound(Problem(
                prefix or "''", 0, "not a session id (YYYYMMDD-HHMMSS-xxxxxxxx, or a "
                                   "unique beginning of one, at least 4 characters)"))
        found = sorted(p for p in self._record_names() if p.startswith(prefix))
        if not found:
            raise SessionNotFound(Problem(prefix, 0, f"no saved session in {self.root}"))
        if len(found) > 1:
            listed = ", ".join(f[:-5] for f in found[:5])
            raise SessionError(Problem(prefix, 0, f"matches {len(found)} sessions ({listed}"
                                                  f"{', …' if len(found) > 5 else ''})"))
        return self.root / found[0]

    def _record_names(self) -> builtins.list[str]:
        try:
            with os.scandir(self.root) as it:
                return [e.name for e in it if e.name.endswith(".toml")
                        and SESSION_ID_RE.fullmatch(e.name[:-5])]
        except FileNotFoundError:
            return []

    def list(self, since: str | datetime | None = None
             ) -> tuple[builtins.list[Session], builtins.list[Problem]]:
        """Every readable record (created at or after ``since``), oldest first.

        Foreign, corrupt and newer-schema files come back as problems; they are
        skipped and left untouched. Stale temp files are cleaned.
        """
        key = _since_key(since)
        self.clean_stale()
        sessions, problems = self._read_folder(self.root, draft=False)
        if key is not None:
            sessions = [s for s in sessions if s.created >= key]
        sessions.sort(key=lambda s: (s.created, s.id))
        return sessions, problems

    def _entries(self, folder: Path, *, draft: bool
                 ) -> tuple[builtins.list[os.DirEntry[str]], builtins.list[Problem]]:
        """The session files of ``folder`` and problems for anything foreign in it."""
        entries: list[os.DirEntry[str]] = []
        problems: list[Problem] = []
        try:
            it = os.scandir(folder)
        except FileNotFoundError:
            return entries, problems
        except OSError as exc:
            return entries, [Problem(str(folder), 0, f"cannot read the folder: "
                                                     f"{exc.strerror or exc}")]
        with it:
            for entry in it:
                name = entry.name
                if name.startswith("."):
                    continue  # ours: temp files, the index, the lock
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if not ((name == DRAFTS_DIR or name == EXPORTS_DIR) and not draft):
                        problems.append(Problem(entry.path, 0,
                                                "not a kyodo_tui session (a folder): skipped"))
                    continue
                if name.endswith(".toml") and SESSION_ID_RE.fullmatch(name[:-5]):
                    entries.append(entry)
                else:
                    problems.append(Problem(entry.path, 0,
                                            "not a kyodo_tui session file (its name is not "
                                            "<session id>.toml): skipped, left as is"))
        return entries, problems

    def _read_folder(self, folder: Path, *, draft: bool
                     ) -> tuple[builtins.list[Session], builtins.list[Problem]]:
        entries, problems = self._entries(folder, draft=draft)
        sessions: list[Session] = []
        for entry in sorted(entries, key=lambda e: e.name):
            session, found = read_session_file(entry.path, draft=draft)
            problems.extend(found)
            if session is not None:
                sessions.append(session)
        problems.sort(key=lambda p: (p.path, p.line))
        return sessions, problems

    def clean_stale(self, max_age: float = STALE_TEMP_SECONDS) -> int:
        """Remove our temp files older than ``max_age`` seconds (crash left-overs)."""
        removed = 0
        cutoff = time.time() - max_age
        for folder in (self.root, self.drafts_dir):
            try:
                it = os.scandir(folder)
            except OSError:
                continue
            with it:
                for entry in it:
                    if not (entry.name.startswith(TEMP_PREFIX)
                            and entry.name.endswith(TEMP_SUFFIX)):
                        continue
                    try:
                        if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                            os.unlink(entry.path)
                            removed += 1
                    except OSError:
                        continue
        return removed

    # ------------------------------------------------------------ summaries

    def summaries(self, since: str | datetime | None = None, *, workers: int | None = None,
                  use_index: bool = True
                  ) -> tuple[builtins.list[Summary], builtins.list[Problem]]:
        """Report summaries of every readable record (created at or after ``since``).

        Uses and refreshes ``.kyodo-index.json``: a file is parsed again unless
        its (inode, mtime_ns, size) are the ones indexed. Files to parse are
        spread over ``workers`` processes (default: the CPU count) when there
        are many. Problems are reported every time, as by :meth:`list`.
        """
        key_since = _since_key(since)
        with gc_paused():
            entries, problems = self._entries(self.root, draft=False)
            index = _Index.read(self.root / INDEX_NAME) if use_index else _Index()
            fresh = _Index()
            todo: builtins.list[tuple[str, str, str]] = []
            results: builtins.list[Summary] = []
            for entry in entries:
                try:
                    st = entry.stat()
                except OSError:
                    continue  # removed meanwhile
                name = entry.name
                stamp = _stamp(st)
                cached = index.get(name, stamp)
                if cached is not None:
                    summary, lines = cached
                    fresh.keep(name, index)
                    if summary is not None:
                        results.append(summary)
                    problems.extend(Problem(entry.path, line, msg) for line, msg in lines)
                else:
                    todo.append((name, entry.path, stamp))
            parsed = _parse_many([path for _, path, _ in todo], workers)
            for (name, path, stamp), (row, lines) in zip(todo, parsed, strict=True):
                fresh.put(name, stamp, row, lines)
                if row is not None:
                    results.append(_decode_row(name, row))
                problems.extend(Problem(path, line, msg) for line, msg in lines)
            if use_index and (todo or len(fresh) != len(index)):
                fresh.write(self.root / INDEX_NAME)
            if key_since is not None:
                results = [s for s in results if s.created >= key_since]
            results.sort(key=lambda s: (s.created, s.id))
            problems.sort(key=lambda p: (p.path, p.line))
        return results, problems

    # ------------------------------------------------------------ search

    def search(
        self,
        query: str = "",
        catalog: Catalog | None = None,
        *,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        region: str | None = None,
        field: str | None = None,
        actor: str | None = None,
        kind: str | None = None,
        mode: str | None = None,
        limit: int | None = None,
        threshold: float = 70.0,
    ) -> builtins.list[SearchHit]:
        """Records matching ``query`` (fuzzy) and the filters, best first.

        The query is matched (rapidfuzz, after NFKC, case and kana folding)
        against the label, the notes and — with a catalog — the titles of the
        recommended activities. An empty query returns every record passing
        the filters, newest first. Filters: created in [since, until), the
        placement's ``region`` letter, a ``field`` id among the placement's
        fields, the ``actor`` id, ``kind``, ``mode``.
        """
        sessions, _ = self.list(since)
        until_key = _since_key(until) if until is not None else None
        pool = [s for s in sessions if _passes(s, until_key, region, field, actor, kind, mode)]
        hits: list[SearchHit] = []
        q = _norm(query.strip()) if query.strip() else ""
        if not q:
            hits = [SearchHit(s, 100.0, "") for s in reversed(pool)]
        else:
            from rapidfuzz import fuzz

            for s in pool:
                best = (0.0, "")
                for where, text in _search_texts(s, catalog):
                    t = _norm(text)
                    if not t:
                        continue
                    score = 100.0 if q in t else float(fuzz.partial_ratio(q, t))
                    if score > best[0]:
                        best = (score, where)
                if best[0] >= threshold:
                    hits.append(SearchHit(s, best[0], best[1]))
            hits.sort(key=lambda h: (h.session.created, h.session.id), reverse=True)
            hits.sort(key=lambda h: -h.score)  # stable: equal scores stay newest first
        return hits if limit is None else hits[:limit]

    # ------------------------------------------------------------ pairs

    def link_pair(self, citizen: Session, government: Session) -> tuple[Session, Session]:
        """Link two saved records as the two parties of one view; return both saved.

        Sets ``party`` ("citizen" / "government") and ``pair`` on both, each
        saved with the usual revision check.
        """
        if citizen.id == government.id:
            raise SessionError(Problem(f"session {citizen.id}", 0,
                                       "cannot pair a session with itself"))
        a = self.save(citizen.evolve(party="citizen", pair=government.id))
        b = self.save(government.evolve(party="government", pair=citizen.id))
        return a, b


def _check_id(session_id: str) -> None:
    if not isinstance(session_id, str) or not SESSION_ID_RE.fullmatch(session_id):
        raise SessionNotFound(Problem(
            repr(session_id), 0, "not a session id (YYYYMMDD-HHMMSS-xxxxxxxx)"))


def _passes(s: Session, until_key: str | None, region: str | None, field_id: str | None,
            actor: str | None, kind: str | None, mode: str | None) -> bool:
    p = s.placement
    if until_key is not None and s.created >= until_key:
        return False
    if region is not None and (p is None or not p.placed or p.letter != region.upper()):
        return False
    if field_id is not None and (p is None or field_id not in p.fields):
        return False
    if actor is not None and (p is None or p.actor != actor):
        return False
    if kind is not None and s.kind != kind:
        return False
    return mode is None or s.mode == mode


def _search_texts(s: Session, catalog: Catalog | None) -> Iterator[tuple[str, str]]:
    if s.label:
        yield "label", s.label
    if s.notes:
        yield "notes", s.notes
    if catalog is not None and s.recommendations is not None:
        for aid in s.recommendations.activities:
            activity = catalog.activities.get(aid)
            if activity is not None:
                yield "activity", activity.title.ja
                yield "activity", activity.title.en
                yield "activity", activity.reading


def _parse_many(paths: Sequence[str], workers: int | None
                ) -> builtins.list[tuple[str | builtins.list[Any] | None, builtins.list[Any]]]:
    """Parse files, on several processes when there are many; order kept."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(paths) < POOL_THRESHOLD:
        return _scan_chunk(paths)
    size = max(256, len(paths) // (count * 8))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    try:
        import multiprocessing
        import threading
        from concurrent.futures import ProcessPoolExecutor

        # fork is cheap, but forking a process that runs threads (the Textual
        # app does) can deadlock the child: then start fresh interpreters.
        methods = multiprocessing.get_all_start_methods()
        method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            out: list[tuple[str | list[Any] | None, list[Any]]] = []
            for part in pool.map(_scan_chunk, chunks):
                out.extend(part)
            return out
    except (OSError, ImportError, RuntimeError):
        # no processes here (a sandbox, a frozen app): one process is slower, not wrong
        return _scan_chunk(paths)


# =========================================================================== compare


def _same(a: AnswerValue | None, b: AnswerValue | None) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    if isinstance(a, list) and len(a) == 1:
        return a[0] == b
    if isinstance(b, list) and len(b) == 1:
        return b[0] == a
    return a == b


@dataclass(frozen=True, slots=True)
class AnswerDiff:
    """One question answered differently (None: not answered, i.e. skipped)."""

    question_id: str
    a: AnswerValue | None
    b: AnswerValue | None


def _ordered_ids(ids: Iterable[str], catalog: Catalog | None) -> builtins.list[str]:
    order = {q.id: q.order for q in catalog.questions} if catalog is not None else {}
    return sorted(set(ids), key=lambda q: (order.get(q, 1 << 30), q))


def _diffs(a: Session, b: Session, catalog: Catalog | None
           ) -> tuple[builtins.list[AnswerDiff], builtins.list[str]]:
    differ: list[AnswerDiff] = []
    agree: list[str] = []
    for qid in _ordered_ids([*a.answers, *b.answers], catalog):
        va, vb = a.answers.get(qid), b.answers.get(qid)
        if _same(va, vb):
            agree.append(qid)
        else:
            differ.append(AnswerDiff(qid, va, vb))
    return differ, agree


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two parties' answers side by side (a group and a municipal officer)."""

    a: str
    b: str
    #: questions answered differently (incl. answered by one side only), question order
    differ: tuple[AnswerDiff, ...]
    #: questions both answered the same way
    agree: tuple[str, ...]
    letter_a: str | None
    letter_b: str | None
    #: b's position − a's position (None unless both are placed)
    position_gap: float | None


def compare(a: Session, b: Session, catalog: Catalog | None = None) -> Comparison:
    """Where two sessions' answers differ (for the two-party view)."""
    differ, agree = _diffs(a, b, catalog)
    pa, pb = a.placement, b.placement
    gap = None
    if pa is not None and pb is not None and pa.position is not None and pb.position is not None:
        gap = round(pb.position - pa.position, 4)
    return Comparison(a.id, b.id, tuple(differ), tuple(agree),
                      None if pa is None else pa.letter, None if pb is None else pb.letter, gap)


@dataclass(frozen=True, slots=True)
class Movement:
    """How the placement moved between an earlier session and a re-assessment."""

    old: str
    new: str
    from_letter: str | None
    to_letter: str | None
    from_position: float | None
    to_position: float | None
    #: to_position − from_position (None unless both are placed)
    shift: float | None
    #: change of the (自助, 共助, 公助) shares (None unless both have placements)
    triad_shift: tuple[float, float, float] | None
    days: float
    changed: tuple[AnswerDiff, ...]

    def text(self, lang: Lang) -> str:
        """``B → C (+0.80)`` style summary in ``lang``."""
        if self.from_letter is None or self.to_letter is None or self.shift is None:
            return "比べられる位置がありません" if lang == "ja" else "no placement to compare"
        if self.from_letter == self.to_letter:
            tmpl = Text("{a} のまま（{s:+.2f}）", "still {a} ({s:+.2f})")
        else:
            tmpl = Text("{a}から{b}へ（{s:+.2f}）", "{a} -> {b} ({s:+.2f})")
        return tmpl.get(lang).format(a=self.from_letter, b=self.to_letter, s=self.shift)


def movement(old: Session, new: Session, catalog: Catalog | None = None) -> Movement:
    """How ``new`` (a re-assessment) moved from ``old``."""
    changed, _ = _diffs(old, new, catalog)
    po, pn = old.placement, new.placement
    shift = None
    if po is not None and pn is not None and po.position is not None \
            and pn.position is not None:
        shift = round(pn.position - po.position, 4)
    triad_shift = None
    if po is not None and pn is not None:
        triad_shift = (round(pn.triad[0] - po.triad[0], 4), round(pn.triad[1] - po.triad[1], 4),
                       round(pn.triad[2] - po.triad[2], 4))
    days = (new.created_at - old.created_at) / timedelta(days=1)
    return Movement(old.id, new.id, None if po is None else po.letter,
                    None if pn is None else pn.letter, None if po is None else po.position,
                    None if pn is None else pn.position, shift, triad_shift, round(days, 3),
                    tuple(changed))


# =========================================================================== one call


def _matcher_for(catalog: Catalog) -> Any | None:
    try:
        import importlib

        matching = importlib.import_module("kyodo_tui.core.matching")
    except ImportError:
        return None
    return matching.Matcher.from_catalog(catalog)


def save_session(
    answers: Mapping[str, AnswerValue],
    *,
    catalog: Catalog,
    placement: Placement | None = None,
    recommendations: Any | None = None,
    data_dir: Path | str | None = None,
    name: str | None = None,
    label: str | None = None,
    mode: str = "standard",
    kind: str | None = None,
    lang: str = "ja",
    previous: str | None = None,
) -> Session:
    """Save one assessment as a record (``kyodo assess --save``); return it.

    ``str()`` of the result is the new session's id. ``placement`` and
    ``recommendations`` are computed when not given. ``name`` and ``label``
    are the same thing (the record's label). ``kind`` defaults from the
    answered actor (groups, businesses, the municipality: "group").
    """
    from kyodo_tui.core.placement import place, prune_hidden

    clean = prune_hidden(catalog, answers)
    if placement is None:
        placement = place(catalog, clean)
    if recommendations is None:
        from kyodo_tui.core.recommend import recommend

        recommendations = recommend(catalog, clean, placement, _matcher_for(catalog))
    if kind is None:
        actor = catalog.actors.get(placement.actor or "")
        kind = "individual" if actor is None or actor.kind == "individual" else "group"
    store = Store.default(data_dir)
    session = store.new_session(
        mode=mode, kind=kind, lang=lang, label=(label if label is not None else name) or "",
        answers=clean, previous=previous, catalog_layers=list(catalog.layers))
    session = session.evolve(
        placement=PlacementSnapshot.from_placement(placement),
        recommendations=RecommendationSnapshot.from_recommendations(recommendations))
    return store.save(session)

"""Saved sessions: records, drafts, search, and their database.

Pure Python, no Textual. The Textual intake/records screens build on this API;
the CLI (``kyodo assess --save``, ``kyodo sessions``, ``kyodo report``) too.

Where: one database, SQLite in the data dir by default or PostgreSQL with
``--db URL``/``$KYODO_DB`` (see :mod:`kyodo_tui.core.db`: safe places, WAL,
migrations). A record is one row: the session's table as JSON plus the columns
reports, the records screen and search query (placement, ids, folded texts).

Rules this module keeps
-----------------------
* **Saving needs the person's agreement.** Nothing is written unless the caller
  saves (the UI asks first; the CLI's ``--save`` is the agreement).
* **Contact details need consent.** ``consent`` records the person's agreement
  that their contact details be kept (and that they may be contacted): when,
  and who recorded it (``"self"`` or a coordinator's name). Saving a session
  with contact details but without ``consent.given`` raises
  :class:`ConsentError`; the database refuses such a row too (a CHECK);
  exports include contact details only with consent.
* **No clobbering, no lost edit.** Ids are a UTC timestamp plus 32 random
  bits. A new record is inserted (never replaces one: same id, :class:`ConflictError`).
  An update is ``UPDATE … WHERE revision = <the one the editor loaded>``:
  if someone saved in between, :class:`ConflictError`. Every save is one
  transaction: a killed process leaves the old record or the new one.
* **Newer records** (a ``schema_version`` above :data:`SCHEMA_VERSION`, written
  by a newer kyodo_tui sharing the database) are reported as :class:`Problem`,
  skipped and never updated.

Moving in: :meth:`Store.import_dir` reads the TOML session files earlier
versions wrote (validated by :func:`read_session_file`, problems as path:line).
``benchmarks/bench_store.py`` measures 100,000 records.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import gc
import json
import math
import os
import re
import secrets
import stat
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import tomli_w

from kyodo_tui.core import langs
from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.model import REGIONS, UNKNOWN, Catalog, Lang, Text
from kyodo_tui.core import tomlfile

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
    "ImportResult",
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
LANG_CODES: tuple[str, ...] = langs.LANG_CODES
#: ``YYYYMMDD-HHMMSS-<8 hex>`` (UTC creation time + 32 random bits).
SESSION_ID_RE = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9a-f]{8}")
#: the drafts folder of a TOML session folder (read by ``kyodo sessions import``)
DRAFTS_DIR = "drafts"
#: files the app writes for people (screenshots, hand-offs): beside the database
EXPORTS_DIR = "exports"
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
    if not _SINCE_YEARS[0] <= moment.year <= _SINCE_YEARS[1]:
        raise KyodoInputError(Problem(
            what, 0, f"{value!r} is out of range (use a year from {_SINCE_YEARS[0]} "
                     f"to {_SINCE_YEARS[1]})"))
    if moment.tzinfo is None:
        moment = moment.astimezone()  # local time, as a person means it
    return moment


#: the years a ``--since`` may name (far from datetime's limits, so no offset overflows)
_SINCE_YEARS = (1970, 9000)


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
        problems.append(f"lang must be one of {', '.join(LANG_CODES)}, not {session.lang!r}")
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


def session_toml(session: Session) -> str:
    """A session as the TOML document earlier versions saved (contact only with consent)."""
    return tomli_w.dumps(_toml_dict(session))


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
        key_re = rf"""\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=""" if key is not None else ""
        if key is not None and current == table and re.match(key_re, line):
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


def _session_from_data(data: Mapping[str, Any], path: str, text: str, *,  # noqa: C901 - one validator: a check per saved-session field
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
        with p.open("rb") as f:
            raw = f.read(tomlfile.SESSION.max_bytes + 1)
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot read: {exc.strerror or exc}")]
    if len(raw) > tomlfile.SESSION.max_bytes:
        return None, [tomlfile.too_big_problem(shown, tomlfile.SESSION)]
    if not raw:
        return None, [Problem(shown, 0, "empty file (an interrupted save?): skipped")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "not a kyodo_tui session: not UTF-8 text")]
    text = text.removeprefix("\ufeff")
    try:
        data = tomlfile.parse(text, shown, limits=tomlfile.SESSION)  # bounded (issue 13)
    except KyodoInputError as exc:
        problem = exc.problems[0]
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

_OPEN_LOCK = threading.Lock()
#: rows loaded per batch when streaming (exports, list)
BATCH = 500
#: a whole record: the narrow row's id and versions, and the body beside it
_ROW_COLUMNS = "s.id, s.revision, s.schema_version, d.body"
_ROW_FROM = "sessions s JOIN session_data d ON d.id = s.id"


def _body(session: Session) -> str:
    """A session as stored: the record's table (contact only with consent) as JSON."""
    return json.dumps(_toml_dict(session), ensure_ascii=False, separators=(",", ":"),
                      default=str)


def _space(values: Iterable[str]) -> str:
    return " ".join(_ids(values))


class ImportResult(NamedTuple):
    """What ``kyodo sessions import`` did."""

    imported: int
    #: files already imported before (same file, or a record already in the store)
    already: int
    problems: builtins.list[Problem]


class Store:
    """Saved sessions, drafts and kiosk statistics in one database.

    SQLite in the data dir by default, PostgreSQL with ``db="postgresql://…"``
    (or ``$KYODO_DB``): see :mod:`kyodo_tui.core.db`. Safe for several
    processes (kiosks, coordinators) and threads at once. The database is
    opened (and created or migrated) on first use.
    """

    def __init__(self, root: Path | str | None = None, *, db: str | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        if root is None:
            from kyodo_tui.core.locations import data_dir as default_dir

            root = default_dir()
        self.root = Path(root).expanduser()
        self.db_url = db
        self._now = now or _utc_now
        self._db: Any = None
        self._secret: bytes | None = None

    @classmethod
    def default(cls, data_dir: Path | str | None = None, db: str | None = None) -> Store:
        """The store of ``db``/``$KYODO_DB``, else of ``data_dir``/``$KYODO_DATA_DIR``/user data."""
        return cls(data_dir, db=db)

    @property
    def db(self) -> Any:
        """The open :class:`kyodo_tui.core.db.Database` (opened, checked and migrated once)."""
        if self._db is None:
            with _OPEN_LOCK:  # threads starting at once share one Database
                if self._db is None:
                    from kyodo_tui.core.db import open_database

                    self._db = open_database(self.root, self.db_url)
        return self._db

    @property
    def location(self) -> str:
        """Where the sessions are, for messages (a URL without its password)."""
        return self.db.where

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def new_session(self, **kwargs: Any) -> Session:
        """A fresh unsaved session (see :func:`new_session`), timed by this store's clock."""
        kwargs.setdefault("now", self._now())
        return new_session(**kwargs)

    def _where(self, session_id: str) -> str:
        return f"{self.location}: session {session_id}"

    # ------------------------------------------------------------ write

    def _row(self, saved: Session) -> tuple[Any, ...]:
        s = summary_of(saved)
        triad = s.triad if s.triad is not None else (None, None, None)
        return (saved.id, saved.revision, saved.schema_version, saved.created, saved.updated,
                saved.mode, saved.kind, saved.lang, saved.party, saved.pair, saved.previous,
                s.actor, s.letter, s.position, triad[0], triad[1], triad[2],
                _space(s.fields), _space(s.activities), _space(s.forms),
                json.dumps(s.choices, ensure_ascii=False, separators=(",", ":")),
                _norm(saved.label), _norm(saved.notes), int(saved.consented),
                int(saved.has_contact and saved.consented), _body(saved))

    # _row's values 0-17 and 21-24 go to ``sessions``; 18-20 and 25 to ``session_data``
    _INSERT = ("INSERT INTO sessions (id, revision, schema_version, created, updated, mode, "
               "kind, lang, party, pair, previous, actor, letter, position, t_self, t_mutual, "
               "t_public, fields, label_norm, notes_norm, consent_given, has_contact) VALUES "
               "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    _INSERT_DATA = ("INSERT INTO session_data (id, activities, forms, choices, body) "
                    "VALUES (?, ?, ?, ?, ?)")
    _UPDATE = ("UPDATE sessions SET revision = ?, schema_version = ?, created = ?, updated = ?, "
               "mode = ?, kind = ?, lang = ?, party = ?, pair = ?, previous = ?, actor = ?, "
               "letter = ?, position = ?, t_self = ?, t_mutual = ?, t_public = ?, fields = ?, "
               "label_norm = ?, notes_norm = ?, consent_given = ?, has_contact = ? "
               "WHERE id = ? AND revision = ? AND schema_version <= ?")

    @staticmethod
    def _split(row: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...],
                                             builtins.list[tuple[str, str]]]:
        """A _row as its ``sessions`` values, ``session_data`` values and activity rows."""
        return ((*row[:18], *row[21:25]), (row[0], row[18], row[19], row[20], row[25]),
                [(a, row[0]) for a in dict.fromkeys(str(row[18]).split())])

    def _write(self, row: tuple[Any, ...], *, new: bool, revision: int = 0) -> bool:
        """Insert (``new``) or update one record inside a transaction; False: not updated."""
        db = self.db
        secret = self.report_secret()
        deltas: dict[tuple[str, str], list[int]] = {}
        narrow, data, acts = self._split(row)
        if new:
            db.execute(self._INSERT, narrow)
            db.execute(self._INSERT_DATA, data)
        else:
            old = self._old_cells(row[0])
            cur = db.execute(self._UPDATE, (*narrow[1:], row[0], revision, SCHEMA_VERSION))
            if cur.rowcount != 1 or old is None:
                return False
            db.execute("UPDATE session_data SET activities = ?, forms = ?, choices = ?, "
                       "body = ? WHERE id = ?", (*data[1:], row[0]))
            db.execute("DELETE FROM session_activities WHERE id = ?", (row[0],))
            _add_row(deltas, old, secret, -1)
        if acts:
            cur = db.conn.cursor()
            try:
                cur.executemany(db.sql("INSERT INTO session_activities (activity, id) "
                                       "VALUES (?, ?)"), acts)
            finally:
                cur.close()
        _add_row(deltas, [row[i] for i in _KEY_INDEXES], secret, 1)
        _bump(db, deltas)
        return True

    def save(self, session: Session) -> Session:
        """Save ``session`` as a record; return the saved copy (revision + 1).

        A new session (revision 0) never replaces a record: if its id is taken,
        :class:`ConflictError`. A loaded one (revision ≥ 1) is updated only if
        the stored revision is still the one it was loaded with, else
        :class:`ConflictError` (no edit is silently lost). A record written by
        a newer kyodo_tui is never updated. The session's draft is removed in
        the same transaction.
        """
        _check_session(session)
        saved = session.evolve(revision=session.revision + 1, updated=_iso(self._now()),
                               created=_canonical(session.created),
                               schema_version=SCHEMA_VERSION, path=None)
        row = self._row(saved)
        db = self.db
        try:
            with db.transaction():
                if not self._write(row, new=session.revision == 0, revision=session.revision):
                    raise self._conflict(session)
                db.execute("DELETE FROM drafts WHERE id = ?", (saved.id,))
        except db.integrity_errors as exc:
            if session.revision == 0 and db.one("SELECT 1 FROM sessions WHERE id = ?",
                                                (saved.id,)):
                raise ConflictError(Problem(
                    self._where(saved.id), 0, "a record with this id is already saved; load "
                                              "it and save that, or start a new session")) from None
            raise ConsentError(Problem(self._where(saved.id), 0,
                                       f"refused by the database: {exc}")) from exc
        return saved

    def _conflict(self, session: Session) -> ConflictError:
        row = self.db.one("SELECT revision, schema_version FROM sessions WHERE id = ?",
                          (session.id,))
        where = self._where(session.id)
        if row is None:
            return ConflictError(Problem(where, 0, "the record was deleted since it was loaded"))
        if row[1] > SCHEMA_VERSION:
            return ConflictError(Problem(where, 0, f"written by a newer kyodo_tui (schema_version "
                                                   f"{row[1]}): left as it is"))
        return ConflictError(Problem(where, 0, f"changed by someone else since it was loaded "
                                               f"(revision {session.revision}, now {row[0]}): "
                                               "reload it and make the change again"))

    def delete(self, session_id: str) -> None:
        """Remove only that record (the UI asks for confirmation first)."""
        _check_id(session_id)
        secret = self.report_secret()
        with self.db.transaction():
            old = self._old_cells(session_id)
            self.db.execute("DELETE FROM session_activities WHERE id = ?", (session_id,))
            self.db.execute("DELETE FROM session_data WHERE id = ?", (session_id,))
            cur = self.db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            gone = cur.rowcount
            if gone == 1 and old is not None:
                deltas: dict[tuple[str, str], list[int]] = {}
                _add_row(deltas, old, secret, -1)
                _bump(self.db, deltas)
        if gone != 1:
            raise SessionNotFound(Problem(self._where(session_id), 0, "no such saved session"))

    # ------------------------------------------------------------ drafts

    def save_draft(self, session: Session) -> Session:
        """Save an intake in progress (replaces only that session's draft)."""
        _check_session(session)
        saved = session.evolve(updated=_iso(self._now()), schema_version=SCHEMA_VERSION,
                               path=None)
        db = self.db
        with db.transaction():
            db.execute(
                "INSERT INTO drafts (id, mode, updated, consent_given, has_contact, body) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, "
                "updated = excluded.updated, consent_given = excluded.consent_given, "
                "has_contact = excluded.has_contact, body = excluded.body",
                (saved.id, saved.mode, saved.updated, int(saved.consented),
                 int(saved.has_contact and saved.consented), _body(saved)))
        return saved

    def _decode(self, sid: str, revision: int, version: int, body: str, *, draft: bool
                ) -> tuple[Session | None, builtins.list[Problem]]:
        where = f"{self.location}: {'draft' if draft else 'session'} {sid}"
        if version > SCHEMA_VERSION:
            return None, [Problem(where, 0, f"written by a newer kyodo_tui (schema_version "
                                            f"{version}; this version reads up to "
                                            f"{SCHEMA_VERSION}): skipped, left as is")]
        try:
            data = json.loads(body)
        except ValueError:
            return None, [Problem(where, 0, "stored data is not JSON: skipped")]
        if not isinstance(data, dict):
            return None, [Problem(where, 0, "stored data is not a table: skipped")]
        return _session_from_data(data, where, "", expect_id=sid, draft=draft)

    def drafts(self) -> tuple[builtins.list[Session], builtins.list[Problem]]:
        """Every draft, most recently updated first, and the problems met."""
        sessions: list[Session] = []
        problems: list[Problem] = []
        for sid, body in self.db.query("SELECT id, body FROM drafts "
                                       "ORDER BY updated DESC, id DESC"):
            version = _version_of(body)
            session, found = self._decode(sid, 0, version, body, draft=True)
            problems.extend(found)
            if session is not None:
                sessions.append(session)
        return sessions, problems

    def latest_draft(self, mode: str | None = None) -> Session | None:
        """The most recently updated draft (of ``mode`` if given), to offer resuming it."""
        for session in self.drafts()[0]:
            if mode is None or session.mode == mode:
                return session
        return None

    def load_draft(self, session_id: str) -> Session:
        _check_id(session_id)
        row = self.db.one("SELECT body FROM drafts WHERE id = ?", (session_id,))
        if row is None:
            raise SessionNotFound(Problem(self._where(session_id), 0, "no such draft"))
        session, problems = self._decode(session_id, 0, _version_of(row[0]), row[0], draft=True)
        if session is None:
            raise SessionError(problems)
        return session

    def discard_draft(self, session_id: str) -> bool:
        """Remove a draft; True if there was one."""
        _check_id(session_id)
        with self.db.transaction():
            cur = self.db.execute("DELETE FROM drafts WHERE id = ?", (session_id,))
            return bool(cur.rowcount == 1)

    # ------------------------------------------------------------ read

    def load(self, session_id: str) -> Session:
        """The record with this id, or with this unique id prefix (≥ 4 characters)."""
        text = session_id.strip()
        if not SESSION_ID_RE.fullmatch(text):
            text = self._by_prefix(text)
        row = self.db.one(f"SELECT {_ROW_COLUMNS} FROM {_ROW_FROM} WHERE s.id = ?", (text,))
        if row is None:
            raise SessionNotFound(Problem(self._where(text), 0, "no such saved session"))
        session, problems = self._decode(*row, draft=False)
        if session is None:
            raise SessionError(problems)
        return session

    def _by_prefix(self, prefix: str) -> str:
        if len(prefix) < 4 or not re.fullmatch(r"[0-9a-f-]+", prefix):
            raise SessionNotFound(Problem(
                prefix or "''", 0, "not a session id (YYYYMMDD-HHMMSS-xxxxxxxx, or a "
                                   "unique beginning of one, at least 4 characters)"))
        found = [r[0] for r in self.db.query(
            "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (prefix, prefix + "\x7f"))]
        if not found:
            raise SessionNotFound(Problem(prefix, 0, f"no saved session in {self.location}"))
        if len(found) > 1:
            listed = ", ".join(found[:5])
            raise SessionError(Problem(prefix, 0, f"matches {len(found)}"
                                                  f"{'+' if len(found) > 5 else ''} sessions "
                                                  f"({listed}{', ...' if len(found) > 5 else ''})"))
        return found[0]

    def count(self, since: str | datetime | None = None) -> int:
        """How many readable records (created at or after ``since``)."""
        key = _since_key(since)
        if key is None:  # the records screen's total: the small schema_version index only
            row = self.db.one("SELECT COUNT(*) FROM sessions WHERE schema_version <= ?",
                              (SCHEMA_VERSION,))
        else:
            row = self.db.one("SELECT COUNT(*) FROM sessions WHERE created >= ? "
                              "AND schema_version <= ?", (key, SCHEMA_VERSION))
        return int(row[0])

    def iter_sessions(self, since: str | datetime | None = None,
                      problems: builtins.list[Problem] | None = None) -> Iterator[Session]:
        """Every readable record (created at or after ``since``), oldest first, streamed.

        Rows are read :data:`BATCH` at a time (keyset pages, so memory stays flat
        on both backends). Records that cannot be read (a newer schema) are
        added to ``problems`` and skipped.
        """
        key = _since_key(since) or ""
        last = (key, "")
        while True:
            rows = self.db.query(
                f"SELECT {_ROW_COLUMNS}, s.created FROM {_ROW_FROM} "
                "WHERE (s.created, s.id) > (?, ?) "  # a row value: the index seeks, no rescan
                f"ORDER BY s.created, s.id LIMIT {BATCH}", (last[0], last[1]))
            if not rows:
                return
            for sid, revision, version, body, _created in rows:
                session, found = self._decode(sid, revision, version, body, draft=False)
                if problems is not None:
                    problems.extend(found)
                if session is not None:
                    yield session
            last = (rows[-1][4], rows[-1][0])
            if len(rows) < BATCH:
                return

    def list(self, since: str | datetime | None = None
             ) -> tuple[builtins.list[Session], builtins.list[Problem]]:
        """Every readable record (created at or after ``since``), oldest first.

        Records that cannot be read (written by a newer kyodo_tui) come back as
        problems; they are skipped and left untouched. For many records prefer
        :meth:`iter_sessions` (streamed) or :meth:`search` (a page).
        """
        problems: list[Problem] = []
        sessions = builtins.list(self.iter_sessions(since, problems))
        return sessions, problems

    # ------------------------------------------------------------ summaries

    _SUMMARY = ("SELECT s.id, s.created, s.mode, s.kind, s.actor, s.letter, s.position, "
                "s.t_self, s.t_mutual, s.t_public, s.fields, d.activities, d.forms, d.choices, "
                f"s.party FROM {_ROW_FROM} WHERE s.created >= ? AND s.schema_version <= ? "
                "ORDER BY s.created, s.id")

    def summaries(self, since: str | datetime | None = None, **_: Any
                  ) -> tuple[builtins.list[Summary], builtins.list[Problem]]:
        """Report summaries of every readable record (created at or after ``since``)."""
        out: list[Summary] = []
        with gc_paused():
            for (sid, created, mode, kind, actor, letter, position, t1, t2, t3, fields,
                 activities, forms, choices, party) in self.db.stream(
                    self._SUMMARY, (_since_key(since) or "", SCHEMA_VERSION)):
                out.append(Summary(
                    sid, created, mode, kind, actor, letter, position,
                    None if t1 is None else [t1, t2, t3], fields.split(),
                    activities.split(), forms.split(), json.loads(choices), party))
        return out, self.problems()

    def problems(self) -> builtins.list[Problem]:
        """Records this version cannot read (written by a newer kyodo_tui): first 100."""
        return [Problem(self._where(r[0]), 0, f"written by a newer kyodo_tui (schema_version "
                                              f"{r[1]}): skipped, left as is")
                # (no ORDER BY: sorting by id would scan the whole table; the
                # schema_version index finds the rare newer records at once)
                for r in sorted(self.db.query("SELECT id, schema_version FROM sessions "
                                              "WHERE schema_version > ?",
                                              (SCHEMA_VERSION,)))[:100]]

    def report_secret(self) -> bytes:
        """The key of the report's record keys (:func:`disclosure.record_key`), kept in
        the database so every machine writing to it rounds alike (made by migration 2)."""
        if self._secret is None:
            row = self.db.one("SELECT secret FROM report_secret")
            self._secret = bytes.fromhex(row[0])
        return self._secret

    def report_months(self) -> dict[tuple[int, int], int]:
        """Records per local calendar month of creation (as :func:`disclosure.month_of`
        counts them): the aggregates' totals per UTC month, a local month's edges
        (the hours its UTC offset moves into the next or previous UTC month)
        counted on the index."""
        from kyodo_tui.core import disclosure

        db = self.db
        # one aggregate a query, no filter: each reads one end of the index
        (low,) = db.one("SELECT MIN(created) FROM sessions")
        (high,) = db.one("SELECT MAX(created) FROM sessions")
        first = None if low is None else disclosure.month_of(str(low))
        last = None if high is None else disclosure.month_of(str(high))
        out: dict[tuple[int, int], int] = {}
        if first is None or last is None:
            return out
        totals = {str(m): int(n) for m, n in db.query(
            "SELECT month, n FROM report_cells WHERE key = 'total'")}
        month, start = first, disclosure.month_start(first)
        while month <= last:
            following = disclosure.next_month(month)
            end = disclosure.month_start(following)
            whole, ranges = _plan(start, end)
            n = sum(totals.get(m, 0) for m in whole)
            n += sum(sign * self._count_between(a, b) for a, b, sign in ranges)
            if n:
                out[month] = n
            month, start = following, end
        return out

    def report_cells(self, start: str, end: str, support_question: str | None = None,
                     valid_choices: Iterable[str] | None = None) -> dict[str, builtins.list[int]]:
        """What ``kyodo report`` counts of the records created in [start, end) (stored
        UTC times), from the aggregates: cell name -> [sessions, sum of record keys,
        and for ``triad`` the sums of the three shares in 1/10,000ths].

        ``report_cells`` holds them per UTC month; a local month's edges (hours of
        the neighbouring UTC month) are added or taken off row by row, whichever
        is the shorter time (see :func:`_plan`). Names: ``total``, ``kind/actor/letter<US>value``,
        ``triad``, ``field/activity<US>id``, ``choice<US>question<US>choice`` and
        ``answered<US>question`` (<US> is U+001F). With ``support_question`` and
        ``valid_choices`` (the catalog's choices) ``answered<US>question`` counts
        only sessions choosing one of those, as :func:`report.build_report` does.
        """
        db = self.db
        secret = self.report_secret()
        cells: dict[str, list[int]] = {}
        adjust: dict[tuple[str, str], list[int]] = {}
        months, ranges = _plan(start, end)
        for low, high, sign in ranges:
            self._rows_between(adjust, low, high, secret, sign)
        if months:
            marks = ", ".join("?" * len(months))
            for name, *sums in db.query(
                    "SELECT key, SUM(n), SUM(k), SUM(u1), SUM(u2), SUM(u3) FROM report_cells "
                    f"WHERE month IN ({marks}) GROUP BY key", months):
                cells[name] = [int(v) for v in sums]
        for (_, name), sums in adjust.items():
            cell = cells.setdefault(name, [0, 0, 0, 0, 0])
            for i, v in enumerate(sums):
                cell[i] += v
        if support_question and valid_choices is not None:
            valid = set(valid_choices)
            prefix = f"choice{_SEP}{support_question}{_SEP}"
            stray = [name[len(prefix):] for name, cell in cells.items()
                     if name.startswith(prefix) and cell[0] > 0
                     and name[len(prefix):] not in valid and name[len(prefix):] != UNKNOWN]
            if stray:  # choices the catalog no longer has: who chose only those
                answered = cells.setdefault(f"answered{_SEP}{support_question}",
                                            [0, 0, 0, 0, 0])
                for sid, choices in db.stream(
                        f"SELECT s.id, d.choices FROM {_ROW_FROM} WHERE s.created >= ? "
                        f"AND s.created < ? AND s.schema_version <= ? AND "
                        f"{db.instr('d.choices')} > 0", (start, end, SCHEMA_VERSION,
                                                         json.dumps(support_question))):
                    chosen = set(json.loads(choices).get(support_question) or ()) - {UNKNOWN}
                    if chosen and not chosen & valid:
                        answered[0] -= 1
                        answered[1] -= _record_key(sid, secret)
        return {name: cell for name, cell in cells.items() if cell[0]}

    def _count_between(self, low: str, high: str) -> int:
        (n,) = self.db.one("SELECT COUNT(*) FROM sessions WHERE created >= ? AND created < ? "
                           "AND schema_version <= ?", (low, high, SCHEMA_VERSION))
        return int(n)

    def _rows_between(self, deltas: dict[tuple[str, str], builtins.list[int]], low: str,
                      high: str, secret: bytes, sign: int) -> None:
        for row in self.db.stream(f"SELECT {_KEY_COLUMNS} FROM {_ROW_FROM} WHERE "
                                  "s.created >= ? AND s.created < ? AND s.schema_version <= ?",
                                  (low, high, SCHEMA_VERSION)):
            _add_row(deltas, row, secret, sign, month="")

    def _old_cells(self, session_id: str) -> tuple[Any, ...] | None:
        return self.db.one(f"SELECT {_KEY_COLUMNS} FROM {_ROW_FROM} WHERE s.id = ?",
                           (session_id,))

    def rebuild_report_cells(self) -> int:
        """Recount ``report_cells`` from the sessions (a repair; bulk loads). Returns rows."""
        with self.db.transaction():
            return fill_report_cells(self.db, self.report_secret())

    # ------------------------------------------------------------ search

    def search(  # noqa: C901 - one query: a filter per search option
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
        offset: int = 0,
        threshold: float = 70.0,
    ) -> builtins.list[SearchHit]:
        """Records matching ``query`` (fuzzy) and the filters, best first.

        The query is matched (rapidfuzz, after NFKC, case and kana folding)
        against the label, the notes and — with a catalog — the titles of the
        recommended activities. An empty query returns every record passing
        the filters, newest first. Filters (done by the database): created in
        [since, until), the placement's ``region`` letter, a ``field`` id among
        the placement's fields, the ``actor`` id, ``kind``, ``mode``. ``limit``
        and ``offset`` give one page; only that page's records are loaded.
        """
        conds = ["schema_version <= ?"]
        params: list[Any] = [SCHEMA_VERSION]
        since_key = _since_key(since)
        if since_key is not None:
            conds.append("created >= ?")
            params.append(since_key)
        if until is not None:
            conds.append("created < ?")
            params.append(_since_key(until))
        for column, value in (("letter", region.upper() if region else None), ("actor", actor),
                              ("kind", kind), ("mode", mode)):
            if value is not None:
                conds.append(f"{column} = ?")
                params.append(value)
        if field is not None:
            conds.append("(' ' || fields || ' ') LIKE ?")
            params.append(f"% {field} %")
        where = " AND ".join(conds)
        q = _norm(query.strip()) if query.strip() else ""
        db = self.db
        if not q:
            page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
            ids = [r[0] for r in db.query(f"SELECT id FROM sessions WHERE {where} "
                                          f"ORDER BY created DESC, id DESC{page}", params)]
            by_id = {s.id: s for s in self._load_many(ids)}
            return [SearchHit(by_id[i], 100.0, "") for i in ids if i in by_id]
        from rapidfuzz import fuzz, process

        title_score: dict[str, float] = {}
        if catalog is not None:
            for aid, activity in catalog.activities.items():
                top = 0.0
                for text in (activity.title.ja, activity.title.en, activity.reading):
                    t = _norm(text)
                    if t:
                        top = max(top, 100.0 if q in t else float(fuzz.partial_ratio(q, t)))
                if top >= threshold:
                    title_score[aid] = top
        # A record's score is the best of its label's, its notes' and its matched
        # activities' titles'. The titles' scores are known (above), so the database
        # gives each record its activity score and, for records matched only
        # through activities, just the best page of them. Label and notes are
        # scored here, but only on records that can reach the threshold: a partial
        # ratio >= T needs q's characters (counted with repeats) found in the text
        # to make up T% of q (or of a shorter text). Same hits as scoring every
        # record (a test checks).
        if limit is not None:
            page = self._best_page(q, where, params, title_score, offset + limit)
            if page is not None:
                by_id = {s.id: s for s in self._load_many([r[0] for r in page[offset:]])}
                return [SearchHit(by_id[sid], 100.0, matched)
                        for sid, matched in page[offset:] if sid in by_id]
        act_sql = "0"
        act_params: list[Any] = []
        if title_score:
            ranked = sorted(title_score.items(), key=lambda kv: -kv[1])
            cases = " ".join("WHEN ? THEN CAST(? AS DOUBLE PRECISION)" for _ in ranked)
            marks = ", ".join("?" * len(ranked))
            act_sql = (f"(SELECT MAX(CASE a.activity {cases} ELSE 0 END) FROM "
                       f"session_activities a WHERE a.id = sessions.id AND a.activity IN "
                       f"({marks}))")
            for aid, score in ranked:
                act_params += [aid, score]
            act_params += [aid for aid, _ in ranked]
        need = math.ceil(threshold / 100 * len(q) - 1e-9)
        weights = Counter(q)
        maybe: list[str] = []
        maybe_params: list[Any] = []
        for column in ("label_norm", "notes_norm"):
            terms = " + ".join(f"CASE WHEN {db.instr(column)} > 0 THEN ? ELSE 0 END"
                               for _ in weights)
            maybe.append(f"(length({column}) < ? OR {terms} >= ?)")
            maybe_params.append(len(q))
            for ch, k in weights.items():
                maybe_params += [ch, k]
            maybe_params.append(need)
        rows = db.query(f"SELECT id, created, label_norm, notes_norm, {act_sql} FROM sessions "
                        f"WHERE {where} AND ({' OR '.join(maybe)})",
                        [*act_params, *params, *maybe_params])
        fuzzy = {r[0] for r in rows}
        if title_score:
            # the best records matched only through activities: by score, newest first
            top = None if limit is None else offset + limit + len(fuzzy)
            rows += [r for r in db.query(
                f"SELECT id, created, label_norm, notes_norm, {act_sql} AS act FROM sessions "
                f"WHERE {where} AND id IN (SELECT a.id FROM session_activities a WHERE "
                f"a.activity IN ({marks})) ORDER BY act DESC, created DESC, id DESC"
                + ("" if top is None else f" LIMIT {int(top)}"),
                [*act_params, *params, *[aid for aid, _ in ranked]]) if r[0] not in fuzzy]
        if not rows:
            return []
        ids, created, labels, notes, act_scores = (builtins.list(c)
                                                   for c in zip(*rows, strict=True))
        del rows
        best: dict[int, tuple[float, str]] = {}
        for where_name, texts in (("label", labels), ("notes", notes)):
            for _, score, i in process.extract(q, texts, scorer=fuzz.partial_ratio,
                                               score_cutoff=threshold, limit=None):
                score = 100.0 if q in texts[i] else float(score)
                if score > best.get(i, (0.0, ""))[0]:
                    best[i] = (score, where_name)
        for i, score in enumerate(act_scores):
            if score and float(score) > best.get(i, (0.0, ""))[0]:
                best[i] = (float(score), "activity")
        order = sorted(best, key=lambda i: (created[i], ids[i]), reverse=True)
        order.sort(key=lambda i: -best[i][0])  # stable: equal scores stay newest first
        chosen = order[offset:] if limit is None else order[offset:offset + limit]
        by_id = {s.id: s for s in self._load_many([ids[i] for i in chosen])}
        return [SearchHit(by_id[ids[i]], best[i][0], best[i][1])
                for i in chosen if ids[i] in by_id]

    def _best_page(self, q: str, where: str, params: Sequence[Any],
                   title_score: Mapping[str, float], need: int
                   ) -> builtins.list[tuple[str, str]] | None:
        """The first ``need`` hits when that many score 100 (the most), else None.

        A text scores 100 when it holds the query or (shorter) is held in it; an
        activity when its title's score is 100. The database finds the newest
        such records through the creation-time index and stops at ``need``: a
        common word is found at once, however many records hold it.
        """
        db = self.db
        conds = []
        extra: list[Any] = []
        for column in ("label_norm", "notes_norm"):
            conds.append(f"{db.position(column, '?')} > 0 OR (length({column}) > 0 AND "
                         f"{db.position('?', column)} > 0)")
            extra += [q, q]
        full = [aid for aid, score in title_score.items() if score >= 100.0]
        if full:
            marks = ", ".join("?" * len(full))
            conds.append(f"id IN (SELECT a.id FROM session_activities a "
                         f"WHERE a.activity IN ({marks}))")
            extra += full
        rows = db.query(f"SELECT id, label_norm, notes_norm FROM sessions WHERE {where} AND "
                        f"({' OR '.join(conds)}) ORDER BY created DESC, id DESC LIMIT {need}",
                        [*params, *extra])
        if len(rows) < need:
            return None

        def whole(text: str) -> bool:
            return bool(text) and (q in text or text in q)

        return [(sid, "label" if whole(label) else "notes" if whole(notes) else "activity")
                for sid, label, notes in rows]

    def _sessions(self, rows: Iterable[Any]) -> builtins.list[Session]:
        out: list[Session] = []
        for row in rows:
            session, _ = self._decode(*row, draft=False)
            if session is not None:
                out.append(session)
        return out

    def _load_many(self, ids: Sequence[str]) -> builtins.list[Session]:
        out: list[Session] = []
        for start in range(0, len(ids), BATCH):
            part = builtins.list(ids[start:start + BATCH])
            marks = ", ".join("?" * len(part))
            out.extend(self._sessions(self.db.query(
                f"SELECT {_ROW_COLUMNS} FROM {_ROW_FROM} WHERE s.id IN ({marks})", part)))
        return out

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

    # ------------------------------------------------------------ kiosk statistics

    def add_kiosk_stat(self, record: Mapping[str, Any]) -> None:
        """Store one anonymous kiosk statistics record (see :mod:`kyodo_tui.core.kiosk.records`)."""
        body = json.dumps(dict(record), ensure_ascii=False, separators=(",", ":"))
        with self.db.transaction():
            self.db.execute("INSERT INTO kiosk_stats (day, body) VALUES (?, ?)",
                            (str(record.get("date", "")), body))

    def kiosk_stats(self) -> builtins.list[dict[str, Any]]:
        """Every kiosk statistics record, oldest first."""
        out: list[dict[str, Any]] = []
        for (body,) in self.db.stream("SELECT body FROM kiosk_stats ORDER BY n"):
            with contextlib.suppress(ValueError):
                value = json.loads(body)
                if isinstance(value, dict):
                    out.append(value)
        return out

    # ------------------------------------------------------------ moving in, backup

    def import_dir(self, folder: Path | str) -> ImportResult:
        """Import the TOML session files of ``folder`` (and its ``drafts/``); never touch them.

        Idempotent: a file imported before (same path and content) or whose
        record is already stored is counted as ``already``. Files that cannot
        be read are reported as problems (path:line) and skipped.
        """
        import hashlib

        source = Path(folder).expanduser()
        if not source.is_dir():
            raise SessionError(Problem(str(folder), 0, "not a folder"))
        imported = already = 0
        problems: list[Problem] = []
        db = self.db
        for sub, draft in ((source, False), (source / DRAFTS_DIR, True)):
            try:
                names = sorted(e.name for e in os.scandir(sub)
                               if e.name.endswith(".toml") and not e.name.startswith("."))
            except FileNotFoundError:
                continue
            except OSError as exc:
                problems.append(Problem(str(sub), 0, f"cannot read the folder: "
                                                     f"{exc.strerror or exc}"))
                continue
            for name in names:
                path = sub / name
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    problems.append(Problem(str(path), 0, "not a regular file (a link, a "
                                                          "FIFO...): skipped"))
                    continue
                if st.st_size > 4 * 1024 * 1024:
                    problems.append(Problem(str(path), 0, "larger than 4 MiB: not a session"))
                    continue
                session, found = read_session_file(path, draft=draft)
                problems.extend(found)
                if session is None:
                    continue
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                key = f"{'draft' if draft else 'record'}:{hashlib.sha256(data).hexdigest()}"
                if db.one("SELECT 1 FROM imported WHERE source = ?", (key,)):
                    already += 1
                    continue
                table = "drafts" if draft else "sessions"
                if db.one(f"SELECT 1 FROM {table} WHERE id = ?", (session.id,)):
                    already += 1
                    continue
                session = session.evolve(path=None)
                if session.has_contact and not session.consented:
                    session = session.evolve(contact=None)
                with db.transaction():
                    if draft:
                        db.execute(
                            "INSERT INTO drafts (id, mode, updated, consent_given, "
                            "has_contact, body) VALUES (?, ?, ?, ?, ?, ?)",
                            (session.id, session.mode, session.updated, int(session.consented),
                             int(session.has_contact and session.consented), _body(session)))
                    else:
                        self._write(self._row(session), new=True)
                    db.execute("INSERT INTO imported (source, session_id, at) VALUES (?, ?, ?)",
                               (key, session.id, _iso(self._now())))
                imported += 1
        problems.sort(key=lambda p: (p.path, p.line))
        return ImportResult(imported, already, problems)

    def backup(self, target: Path | str) -> Path:
        """Copy the SQLite database to ``target`` (a new file, 0600), consistent while in use."""
        path = Path(target).expanduser()
        self.db.backup(path)
        return path


#: the columns a session's report cells come from, in :func:`_add_row`'s order (and
#: their places in :meth:`Store._row`)
_KEY_COLUMNS = ("s.id, s.created, s.kind, s.actor, s.letter, s.t_self, s.t_mutual, s.t_public, "
                "s.fields, d.activities, d.choices")
_KEY_INDEXES = (0, 3, 6, 11, 12, 14, 15, 16, 17, 18, 20)
_SEP = "\x1f"


def _record_key(session_id: str, secret: bytes) -> int:
    from kyodo_tui.core.disclosure import record_key

    return record_key(session_id, secret)


def _report_keys(kind: str, actor: str | None, letter: str | None, t1: float | None,
                 t2: float | None, t3: float | None, fields: str, activities: str,
                 choices: str | Mapping[str, Any]
                 ) -> builtins.list[tuple[str, int, int, int]]:
    """The report cells one session is in (each once), with its triad shares in 1/10,000ths."""
    from kyodo_tui.core.disclosure import share_units

    keys: list[tuple[str, int, int, int]] = [
        ("total", 0, 0, 0), (f"kind{_SEP}{kind}", 0, 0, 0),
        (f"actor{_SEP}{actor or ''}", 0, 0, 0), (f"letter{_SEP}{letter or ''}", 0, 0, 0)]
    if t1 is not None:
        keys.append(("triad", share_units(t1), share_units(t2 or 0.0), share_units(t3 or 0.0)))
    keys += [(f"field{_SEP}{f}", 0, 0, 0) for f in dict.fromkeys(fields.split())]
    keys += [(f"activity{_SEP}{a}", 0, 0, 0) for a in dict.fromkeys(activities.split())]
    table = json.loads(choices) if isinstance(choices, str) else choices
    for qid, chosen in table.items():
        ids = dict.fromkeys(chosen)
        keys += [(f"choice{_SEP}{qid}{_SEP}{c}", 0, 0, 0) for c in ids]
        if any(c != UNKNOWN for c in ids):
            keys.append((f"answered{_SEP}{qid}", 0, 0, 0))
    return keys


def _add_row(deltas: dict[tuple[str, str], builtins.list[int]], values: Sequence[Any],
             secret: bytes, sign: int, month: str | None = None) -> None:
    """Add (``sign`` 1) or take off (-1) one session (its :data:`_KEY_COLUMNS`) to
    ``deltas``: (UTC month, or ``month`` when given; cell) -> [n, k, u1, u2, u3]."""
    sid, created, *rest = values
    rkey = _record_key(str(sid), secret)
    where = str(created)[:7] if month is None else month
    for name, u1, u2, u3 in _report_keys(*rest):
        cell = deltas.get((where, name))
        if cell is None:
            cell = deltas[(where, name)] = [0, 0, 0, 0, 0]
        cell[0] += sign
        cell[1] += sign * rkey
        cell[2] += sign * u1
        cell[3] += sign * u2
        cell[4] += sign * u3


def _bump(db: Any, deltas: Mapping[tuple[str, str], Sequence[int]]) -> None:
    """Add ``deltas`` to ``report_cells`` (inside the caller's transaction; rows in
    one order, so concurrent PostgreSQL writers never deadlock)."""
    cur = db.conn.cursor()
    try:
        cur.executemany(db.sql(
            "INSERT INTO report_cells (month, key, n, k, u1, u2, u3) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (month, key) DO UPDATE SET "
            "n = report_cells.n + excluded.n, k = report_cells.k + excluded.k, "
            "u1 = report_cells.u1 + excluded.u1, u2 = report_cells.u2 + excluded.u2, "
            "u3 = report_cells.u3 + excluded.u3"),
            [(m, k, *v) for (m, k), v in sorted(deltas.items()) if any(v)])
    finally:
        cur.close()


def fill_report_cells(db: Any, secret: bytes) -> int:
    """Recount ``report_cells`` from every session (inside the caller's transaction:
    migration 2's backfill, a repair). Returns the rows written."""
    deltas: dict[tuple[str, str], list[int]] = {}
    for row in db.stream(f"SELECT {_KEY_COLUMNS} FROM {_ROW_FROM}", size=5000):
        _add_row(deltas, row, secret, 1)
    db.execute("DELETE FROM report_cells")
    _bump(db, deltas)
    return len(deltas)


def _plan(start: str, end: str) -> tuple[builtins.list[str], builtins.list[tuple[str, str, int]]]:
    """How to count the records created in [start, end) (stored UTC times): the UTC
    months whose aggregates are taken whole, and row ranges (low, high, +1 to add,
    -1 to take off). A month cut by ``start`` or ``end`` is either added row by row
    (its part inside) or taken whole less its part outside: whichever part is the
    shorter time, so a local month in Japan reads the rows of 9 hours, not 30 days."""
    def seconds(low: str, high: str) -> float:
        return (_parse_time(high) - _parse_time(low)).total_seconds()  # type: ignore[operator]

    whole: list[str] = []
    ranges: list[tuple[str, str, int]] = []
    month = start[:7]
    while month < end[:7] or (month == end[:7] and end[7:] != "-01T00:00:00Z"):
        year, mon = int(month[:4]), int(month[5:7])
        following = f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"
        m_start, m_end = f"{month}-01T00:00:00Z", f"{following}-01T00:00:00Z"
        inside = (max(start, m_start), min(end, m_end))
        outside = [r for r in ((m_start, inside[0]), (inside[1], m_end)) if r[0] < r[1]]
        if not outside:
            whole.append(month)
        elif seconds(*inside) <= sum(seconds(*r) for r in outside):
            ranges.append((*inside, 1))
        else:
            whole.append(month)
            ranges += [(*r, -1) for r in outside]
        month = following
    return whole, ranges


def _canonical(moment: str) -> str:
    """A stored time as canonical UTC text (``…Z``), so times compare as text."""
    parsed = _parse_time(moment)
    return moment if parsed is None else _iso(parsed)


def _version_of(body: str) -> int:
    match = re.search(r'"schema_version":(\d+)', body)
    return int(match.group(1)) if match else SCHEMA_VERSION


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
            return "比べられる位置がありません" if is_japanese(lang) else "no placement to compare"
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

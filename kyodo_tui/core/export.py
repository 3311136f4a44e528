"""Export saved sessions as CSV, JSON or Markdown. Pure Python, no Textual.

- **CSV**: one row per session, the columns :data:`CSV_COLUMNS` in that order
  (stable: new columns are only ever added at the end). Lists are joined with
  ``;``; ``answers`` is a JSON object. Every cell goes through
  :func:`kyodo_tui.core.neutral.csv_cell`: one a spreadsheet would run as a
  formula gets a leading ``'``.
- **JSON**: a list of sessions, as :meth:`Session.to_dict` but only the known
  fields (:data:`JSON_FIELDS`): a table a file carries beyond them is left out.
- **Markdown**: readable, one section per session, answers with the catalog's
  prompts and labels when a catalog is given. User text is kept literal
  (:func:`kyodo_tui.core.neutral.md_inline`): no HTML, links or headings.

Contact details appear only for sessions whose ``consent.given`` is true.
:func:`write_new_file` writes an export atomically and never replaces an
existing file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.model import UNKNOWN, Catalog, Lang, Text
from kyodo_tui.core.neutral import csv_cell, md_block_line, md_inline, printable
from kyodo_tui.core.storage import AnswerValue, Session

__all__ = [
    "CSV_COLUMNS",
    "JSON_FIELDS",
    "clean_text",
    "export_csv",
    "export_json",
    "export_markdown",
    "session_markdown",
    "write_new_file",
]

CSV_COLUMNS: tuple[str, ...] = (
    "id", "created", "updated", "revision", "mode", "kind", "lang", "label",
    "party", "pair", "previous",
    "placed", "letter", "position", "spread", "self", "mutual", "public",
    "actor", "fields", "activities", "forms",
    "answers", "confirm_later", "notes",
    "consent", "consent_at", "consent_by",
    "contact_name", "contact_phone", "contact_email", "contact_address",
)
#: the top-level keys of a session in a JSON export (contact only through the consent gate)
JSON_FIELDS: tuple[str, ...] = (
    "schema_version", "id", "revision", "created", "updated", "mode", "kind", "lang",
    "label", "party", "pair", "previous", "catalog_layers", "answers", "confirm_later",
    "notes", "consent", "contact", "placement", "recommendations",
)


def clean_text(text: str) -> str:
    """Text safe to print to a terminal: control characters (but newline, tab) shown as �."""
    return printable(text)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_row(session: Session) -> dict[str, str]:
    """One session as CSV cells (all strings)."""
    p = session.placement
    r = session.recommendations
    consent = session.consent
    contact = session.contact if session.consented else None
    row: dict[str, str] = {
        "id": session.id, "created": session.created, "updated": session.updated,
        "revision": str(session.revision), "mode": session.mode, "kind": session.kind,
        "lang": session.lang, "label": session.label, "party": session.party or "",
        "pair": session.pair or "", "previous": session.previous or "",
        "placed": "" if p is None else ("true" if p.placed else "false"),
        "letter": "" if p is None else (p.letter or ""),
        "position": "" if p is None else _num(p.position),
        "spread": "" if p is None else _num(p.spread),
        "self": "" if p is None or not p.triad_placed else _num(p.triad[0]),
        "mutual": "" if p is None or not p.triad_placed else _num(p.triad[1]),
        "public": "" if p is None or not p.triad_placed else _num(p.triad[2]),
        "actor": "" if p is None else (p.actor or ""),
        "fields": "" if p is None else ";".join(p.fields),
        "activities": "" if r is None else ";".join(r.activities),
        "forms": "" if r is None else ";".join(r.forms),
        "answers": json.dumps(session.answers, ensure_ascii=False, sort_keys=True),
        "confirm_later": ";".join(session.confirm_later),
        "notes": session.notes,
        "consent": "" if consent is None else ("true" if consent.given else "false"),
        "consent_at": "" if consent is None else consent.at,
        "consent_by": "" if consent is None else consent.by,
        "contact_name": "" if contact is None else contact.name,
        "contact_phone": "" if contact is None else contact.phone,
        "contact_email": "" if contact is None else contact.email,
        "contact_address": "" if contact is None else contact.address,
    }
    return {key: csv_cell(value) for key, value in row.items()}


def export_csv(sessions: Iterable[Session]) -> str:
    """CSV text (RFC 4180 line ends), header row first."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for s in sessions:
        writer.writerow(csv_row(s))
    return buf.getvalue()


def export_json(sessions: Iterable[Session]) -> str:
    """A JSON list of sessions (contact details only with consent)."""
    data = []
    for s in sessions:
        full = s.to_dict(include_contact=True)
        data.append({key: full.get(key) for key in JSON_FIELDS})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ Markdown

_L: dict[str, Text] = {
    "title": Text("保存した記録", "Saved sessions"),
    "count": Text("{n}件", "{n} sessions"),
    "id": Text("ID", "ID"),
    "created": Text("作成", "Created"),
    "updated": Text("更新", "Updated"),
    "mode": Text("モード", "Mode"),
    "kind": Text("種類", "Kind"),
    "placement": Text("協働の領域", "A–E placement"),
    "not_placed": Text("位置なし", "not placed"),
    "triad": Text("自助・共助・公助", "Self / mutual / public help"),
    "actor": Text("立場", "Actor"),
    "fields": Text("分野", "Fields"),
    "forms": Text("合う協働の形", "Forms that fit"),
    "activities": Text("活動例", "Example activities"),
    "answers": Text("回答", "Answers"),
    "question": Text("質問", "Question"),
    "answer": Text("回答", "Answer"),
    "confirm_later": Text("後で確認", "To check later"),
    "notes": Text("メモ", "Notes"),
    "contact": Text("連絡先（同意あり）", "Contact (with consent)"),
    "consent": Text("同意", "Consent"),
    "consent_yes": Text("あり（{at}、記録: {by}）", "given ({at}, recorded by {by})"),
    "consent_no": Text("なし（{at}、記録: {by}）", "not given ({at}, recorded by {by})"),
    "previous": Text("前回の記録", "Re-assesses"),
    "pair": Text("相手方の記録", "Other party's record"),
    "party": Text("立場（二者）", "Party"),
    "unknown": Text("分からない", "don't know"),
    "no_sessions": Text("記録はありません。", "No sessions."),
    "name": Text("名前", "Name"),
    "phone": Text("電話", "Phone"),
    "email": Text("メール", "Email"),
    "address": Text("住所", "Address"),
}
_MODES = {"standard": Text("通常", "standard"), "intake": Text("受付", "intake"),
          "kiosk": Text("キオスク", "kiosk"), "workshop": Text("ワークショップ", "workshop")}
_KINDS = {"individual": Text("個人", "individual"), "group": Text("団体", "group")}
_PARTIES = {"citizen": Text("市民・団体側", "citizen side"),
            "government": Text("行政側", "municipality side")}


def _cell(text: str) -> str:
    return md_inline(text)


def _answer_text(value: AnswerValue, catalog: Catalog | None, qid: str, lang: Lang) -> str:
    items = [value] if isinstance(value, str) else list(value)
    if items == [UNKNOWN]:
        return _L["unknown"].get(lang)
    q = catalog.question(qid) if catalog is not None else None
    if q is None or q.kind == "text":
        return "、".join(items) if is_japanese(lang) else ", ".join(items)
    labels = []
    for item in items:
        choice = q.choice(item)
        labels.append(choice.label.get(lang) if choice is not None else item)
    return "、".join(labels) if is_japanese(lang) else ", ".join(labels)


def _names(ids: Sequence[str], table: dict[str, Any] | None, attr: str, lang: Lang) -> str:
    out = []
    for i in ids:
        entry = table.get(i) if table is not None else None
        out.append(getattr(entry, attr).get(lang) if entry is not None else i)
    return "、".join(out) if is_japanese(lang) else ", ".join(out)


def session_markdown(session: Session, catalog: Catalog | None = None, lang: Lang = "ja",  # noqa: C901 - one document, section after section
                     *, level: int = 2, include_contact: bool = True) -> list[str]:
    """One session as Markdown lines (also what ``kyodo sessions show`` prints)."""
    L = _L
    h = "#" * level
    title = md_inline(session.label.strip() or session.id)
    out = [f"{h} {title}", ""]

    def item(key: str, value: str) -> None:
        out.append(f"- {L[key].get(lang)}: {md_inline(value)}")

    item("id", session.id)
    item("created", session.created)
    if session.updated != session.created:
        item("updated", session.updated)
    item("mode", _MODES.get(session.mode, Text(session.mode, session.mode)).get(lang))
    item("kind", _KINDS.get(session.kind, Text(session.kind, session.kind)).get(lang))
    if session.party:
        item("party", _PARTIES.get(session.party, Text(session.party, session.party)).get(lang))
    if session.pair:
        item("pair", session.pair)
    if session.previous:
        item("previous", session.previous)
    p = session.placement
    if p is not None:
        if p.placed and p.position is not None:
            item("placement", f"{p.letter} ({p.position:.2f} ±{p.spread:.2f})")
        else:
            item("placement", L["not_placed"].get(lang))
        if p.triad_placed:
            item("triad", f"{p.triad[0]:.0%} / {p.triad[1]:.0%} / {p.triad[2]:.0%}")
        if p.actor:
            item("actor", _names([p.actor], catalog.actors if catalog else None, "name", lang))
        if p.fields:
            item("fields", _names(p.fields, catalog.fields if catalog else None, "name", lang))
    r = session.recommendations
    if r is not None:
        if r.forms:
            item("forms", _names(r.forms, catalog.forms if catalog else None, "name", lang))
        if r.activities:
            item("activities", _names(r.activities, catalog.activities if catalog else None,
                                      "title", lang))
    if session.consent is not None:
        c = session.consent
        key = "consent_yes" if c.given else "consent_no"
        item("consent", L[key].get(lang).format(at=c.at, by=c.by))
    out.append("")
    if session.answers:
        order = {q.id: q.order for q in catalog.questions} if catalog is not None else {}
        out += [f"{h}# {L['answers'].get(lang)}", "",
                f"| {L['question'].get(lang)} | {L['answer'].get(lang)} |", "|---|---|"]
        for qid in sorted(session.answers, key=lambda q: (order.get(q, 1 << 30), q)):
            q = catalog.question(qid) if catalog is not None else None
            prompt = q.prompt.get(lang) if q is not None else qid
            mark = f" ({L['confirm_later'].get(lang)})" if qid in session.confirm_later else ""
            out.append(f"| {_cell(prompt)}{mark} | "
                       f"{_cell(_answer_text(session.answers[qid], catalog, qid, lang))} |")
        out.append("")
    if session.confirm_later:
        names = []
        for qid in session.confirm_later:
            q = catalog.question(qid) if catalog is not None else None
            names.append(q.prompt.get(lang) if q is not None else qid)
        out += [f"{h}# {L['confirm_later'].get(lang)}", ""]
        out += [f"- {_cell(n)}" for n in names]
        out.append("")
    if session.notes:
        out += [f"{h}# {L['notes'].get(lang)}", ""]
        out += [f"> {md_block_line(line)}" if line else ">"
                for line in session.notes.splitlines()]
        out.append("")
    if include_contact and session.consented and session.has_contact and session.contact:
        info = session.contact
        out += [f"{h}# {L['contact'].get(lang)}", ""]
        for key in ("name", "phone", "email", "address"):
            value = getattr(info, key)
            if value:
                out.append(f"- {L[key].get(lang)}: {_cell(value)}")
        out.append("")
    return out


def export_markdown(sessions: Sequence[Session], catalog: Catalog | None = None,
                    lang: Lang = "ja") -> str:
    """Every session as one Markdown document."""
    out = [f"# {_L['title'].get(lang)}", "", _L["count"].get(lang).format(n=len(sessions)), ""]
    if not sessions:
        out += [_L["no_sessions"].get(lang), ""]
    for s in sessions:
        out += session_markdown(s, catalog, lang, level=2)
    return "\n".join(out).rstrip("\n") + "\n"


# ------------------------------------------------------------------ streams
# The same documents as export_csv/export_json/export_markdown, a piece at a
# time, so an export of any number of sessions needs the memory of one.


def stream_csv(sessions: Iterable[Session], *, bom: bool = False) -> Iterator[str]:
    """:func:`export_csv`'s text in pieces (``bom``: a UTF-8 BOM first, for spreadsheets)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    yield ("\ufeff" if bom else "") + buf.getvalue()
    for s in sessions:
        buf.seek(0)
        buf.truncate()
        writer.writerow(csv_row(s))
        yield buf.getvalue()


def stream_json(sessions: Iterable[Session]) -> Iterator[str]:
    """:func:`export_json`'s text in pieces."""
    first = True
    for s in sessions:
        item = json.dumps(s.to_dict(include_contact=True), ensure_ascii=False, indent=2)
        yield ("[\n" if first else ",\n") + "\n".join("  " + line for line in item.split("\n"))
        first = False
    yield "[]\n" if first else "\n]\n"


def stream_markdown(sessions: Iterable[Session], count: int, catalog: Catalog | None = None,
                    lang: Lang = "ja") -> Iterator[str]:
    """:func:`export_markdown`'s text in pieces (``count``: the number of sessions, told first)."""
    yield f"# {_L['title'].get(lang)}\n\n{_L['count'].get(lang).format(n=count)}\n"
    empty = True
    for s in sessions:
        empty = False
        yield "\n" + "\n".join(session_markdown(s, catalog, lang, level=2)).rstrip("\n") + "\n"
    if empty:
        yield f"\n{_L['no_sessions'].get(lang)}\n"


def stream_toml(sessions: Iterable[Session]) -> Iterator[str]:
    """Each session as a TOML document, the format earlier versions kept one file each in.

    Documents are separated by a ``# --- session <id>`` comment line; contact
    details only with consent. ``kyodo sessions import`` reads folders of such
    files (split the stream at the comment lines).
    """
    from kyodo_tui.core.storage import session_toml

    for s in sessions:
        yield f"# --- session {s.id}\n" + session_toml(s) + "\n"


# ------------------------------------------------------------------ files


def exports_dir(data_dir: Path | str | None = None) -> Path:
    """Where the app writes files for people (screenshots, hand-off Markdown): the
    ``exports`` folder of the data dir, kept like the records (0700, files 0600)."""
    from kyodo_tui.core.storage import EXPORTS_DIR

    if data_dir is None:
        from kyodo_tui.core.locations import data_dir as default_data_dir

        data_dir = default_data_dir()
    return Path(data_dir) / EXPORTS_DIR


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and its parents) for the app's own files: the folder is 0700.

    A link where the folder should be is refused, never followed (nor chmod-ed)."""
    from kyodo_tui.core.locations import make_private_dir

    folder = Path(path).expanduser()
    if folder.is_symlink():  # e.g. the data dir's exports folder planted as a link
        raise KyodoInputError(Problem(str(folder), 0, "is a symbolic link; refused (nothing "
                                                      "follows links out of the data dir): "
                                                      "remove it, or give the folder it "
                                                      "points to"))
    try:
        make_private_dir(folder)  # every folder we create is private
        os.chmod(folder, 0o700)  # and the app's own exports folder too
    except OSError as exc:
        raise KyodoInputError(Problem(str(folder), 0,
                                      f"cannot create the folder: {exc.strerror or exc}")
                              ) from exc
    return folder


def write_new_file(path: Path | str, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to a new file (0600), atomically; never replace an existing file.

    ``data`` may be an iterable of chunks (a streamed export): written as it comes.

    Raises :class:`KyodoInputError` naming the path if it exists or cannot be written.
    """
    from kyodo_tui.core.atomic import write_file

    target = Path(path)
    shown = str(path)
    if target.exists() or target.is_symlink():
        raise KyodoInputError(Problem(shown, 0, "already exists; not overwritten "
                                                "(choose a new file name)"))
    if not target.parent.is_dir():
        raise KyodoInputError(Problem(shown, 0, f"no such folder: {target.parent}"))
    try:
        write_file(target, data, replace=False)
    except FileExistsError:
        raise KyodoInputError(Problem(shown, 0, "already exists; not overwritten "
                                                "(choose a new file name)")) from None
    except OSError as exc:
        raise KyodoInputError(Problem(shown, 0, f"cannot write: {exc.strerror or exc}")) from exc

"""Intake (受付) helpers: a session's placement snapshot, the hand-off summary,
two-party and re-assessment rows, date filters. Pure Python, no Textual.

The Textual intake screens (``kyodo_tui/ui/modes/intake/``: ``home.py``, ``records.py``,
``handoff.py``, ``two_party.py``, …) call these; storage itself is
:mod:`kyodo_tui.core.storage` (records, drafts, search, ``compare``, ``movement``).

Everything a person typed (label, notes, text answers, contact details) is
carried as plain strings (or a :class:`Text` with the same string twice): the
UI shows them literally; :func:`handoff_markdown` writes them as Markdown text
(control characters replaced, notes quoted).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kyodo_tui.core.model import REGIONS, TRIAD, UNKNOWN, Catalog, Lang, Text
from kyodo_tui.core.storage import (
    AnswerDiff,
    Comparison,
    Movement,
    PlacementSnapshot,
    RecommendationSnapshot,
    SearchHit,
    Session,
    Store,
)

__all__ = [
    "DATE_RANGES",
    "AnswerRow",
    "DiffRow",
    "Handoff",
    "answer_rows",
    "answer_text",
    "assess",
    "build_handoff",
    "clean_marks",
    "date_since",
    "diff_rows",
    "export_handoff",
    "handoff_filename",
    "handoff_markdown",
    "local_time",
    "movement_text",
    "order_pair",
    "party_of",
    "placement_text",
    "reassessment",
    "search_records",
    "snapshot",
    "triad_shift_text",
    "triad_text",
]

#: the key in ``Session.extra`` for the reading (よみ) of the record's name
READING_KEY = "reading"


def _fold(text: str) -> str:
    """NFKC, lower case, katakana to hiragana (as the store's search folds)."""
    import unicodedata

    import jaconv

    return jaconv.kata2hira(unicodedata.normalize("NFKC", text).casefold()).strip()


def _kana_of(query: str) -> str | None:
    """``yamada`` -> ``やまだ``: a romaji query as hiragana (None when it is not romaji)."""
    import jaconv

    q = _fold(query)
    if not q or not q.isascii() or not any(c.isalpha() for c in q):
        return None
    kana = jaconv.alphabet2kana(q)
    if any(c.isascii() and c.isalpha() for c in kana):
        return None  # not all of it reads as romaji (an English word, an id)
    return kana


def search_records(store: Store, query: str, catalog: Catalog | None = None,
                   **filters: Any) -> list[SearchHit]:
    """``Store.search`` that also folds romaji to kana and looks in the name's reading
    (よみ): ``yamada`` finds 「山田さん」 whose reading is やまだ, and 「やまだ」 too.

    ``limit`` and ``offset`` page the combined hits: the readings are looked for in
    every record passing the filters, not only in one page of the store's search."""
    limit = filters.pop("limit", None)
    offset = int(filters.pop("offset", 0) or 0)
    kana = _kana_of(query)
    wanted = [w for w in {_fold(query), kana} if w]
    if not wanted:  # an empty query: the store pages the records itself
        return store.search(query, catalog, limit=limit, offset=offset, **filters)
    hits = {h.session.id: h for h in store.search(query, catalog, **filters)}
    # the reading, or a name written in kana, holding the query (romaji folded)
    for h in store.search("", catalog, **filters):
        reading = h.session.extra.get(READING_KEY)
        names = [_fold(h.session.label)]
        if isinstance(reading, str) and reading.strip():
            names.append(_fold(reading))
        if any(w in name for w in wanted for name in names if name):
            old = hits.get(h.session.id)
            if old is None or old.score < 100.0:
                hits[h.session.id] = SearchHit(h.session, 100.0, "label")
    out = sorted(hits.values(), key=lambda h: (h.session.created, h.session.id), reverse=True)
    out.sort(key=lambda h: -h.score)
    return out[offset:] if limit is None else out[offset:offset + limit]


def reassessment(store: Store, record: Session, lang: Lang) -> Session:
    """A new session re-assessing ``record``: its answers, name, reading, notes and
    「後で確認」 marks carried over, ``previous`` linked. Consent and contact details
    are not: the person agrees again, and then the details come back."""
    extra = {k: v for k, v in record.extra.items() if k == READING_KEY}
    session = store.new_session(mode="intake", kind=record.kind, lang=lang,
                                label=record.label, answers=record.answers,
                                previous=record.id)
    return session.evolve(notes=record.notes, confirm_later=record.confirm_later,
                          extra={**session.extra, **extra})


#: date filter presets of the records screen, in the order they are offered
DATE_RANGES: tuple[str, ...] = ("all", "today", "week", "month", "year")
_DAYS = {"week": 7, "month": 30, "year": 365}


def _same(text: str) -> Text:
    """A person's own string, the same in both languages."""
    return Text(text, text)


# ---------------------------------------------------------------- assessing


def assess(catalog: Catalog, answers: Mapping[str, Any], matcher: Any | None = None,
           *, limit: int = 10) -> tuple[Any, Any]:
    """(Placement, Recommendations) of the answers (pruned to the visible questions)."""
    from kyodo_tui.core.placement import place, prune_hidden
    from kyodo_tui.core.recommend import recommend

    clean = prune_hidden(catalog, answers)
    placement = place(catalog, clean)
    return placement, recommend(catalog, clean, placement, matcher, limit=limit)


def clean_marks(catalog: Catalog, answers: Mapping[str, Any],
                marks: Sequence[str]) -> tuple[str, ...]:
    """The 「後で確認」 marks on questions still shown, in question order, once each."""
    from kyodo_tui.core.placement import visible_questions

    wanted = set(marks)
    return tuple(q.id for q in visible_questions(catalog, answers) if q.id in wanted)


def snapshot(session: Session, catalog: Catalog, matcher: Any | None = None) -> Session:
    """The session with answers pruned, marks cleaned, and placement and
    recommendations computed from its answers (ready for :meth:`Store.save`)."""
    from kyodo_tui.core.placement import prune_hidden

    answers = dict(prune_hidden(catalog, session.answers))
    placement, recs = assess(catalog, answers, matcher)
    return session.evolve(
        answers=answers,
        confirm_later=clean_marks(catalog, answers, session.confirm_later),
        placement=PlacementSnapshot.from_placement(placement),
        recommendations=RecommendationSnapshot.from_recommendations(recs),
        catalog_layers=tuple(catalog.layers),
    )


# ---------------------------------------------------------------- two parties


def party_of(session: Session, catalog: Catalog) -> str:
    """"government" when the session answered as the municipality, else "citizen"."""
    if session.party in ("citizen", "government"):
        return session.party
    actor_id = session.placement.actor if session.placement is not None else None
    if actor_id is None:
        from kyodo_tui.core.placement import place

        actor_id = place(catalog, session.answers).actor
    actor = catalog.actors.get(actor_id or "")
    return "government" if actor is not None and actor.kind == "government" else "citizen"


def order_pair(a: Session, b: Session, catalog: Catalog) -> tuple[Session, Session]:
    """(citizen side, government side): ``b`` goes first only if it alone is the municipality."""
    if party_of(a, catalog) == "government" and party_of(b, catalog) != "government":
        return b, a
    return a, b


# ---------------------------------------------------------------- text


def answer_text(catalog: Catalog, qid: str, value: Any) -> Text:
    """An answer as a bilingual label (choices' labels; text as typed; skipped)."""
    from kyodo_tui.core.placement import answer_label

    q = catalog.question(qid)
    if q is None:
        if value is None:
            return Text("（無回答）", "(no answer)")
        items = [value] if isinstance(value, str) else list(value)
        if items == [UNKNOWN]:
            return Text("分からない", "don't know")
        return Text("、".join(items), ", ".join(items))
    return answer_label(q, value)


def _prompt(catalog: Catalog, qid: str) -> Text:
    q = catalog.question(qid)
    return q.prompt if q is not None else _same(qid)


def _letter_name(letter: str) -> Text:
    from kyodo_tui.core.placement import LETTER_NAMES

    return LETTER_NAMES.get(letter, _same(letter))


def placement_text(p: PlacementSnapshot | None, hint: Text | None = None) -> Text:
    """``B：市民が主導し、行政が支援する領域（位置 1.20）`` or 「まだ位置は決まっていません」.

    ``hint`` (not placed only) says which question would place it.
    """
    if p is None or not p.placed or p.letter is None or p.position is None:
        from kyodo_tui.core.placement import UNPLACED

        if hint is None:
            return UNPLACED
        return Text(f"{UNPLACED.ja}。{hint.ja}", f"{UNPLACED.en}. {hint.en}")
    name = _letter_name(p.letter)
    return Text(f"{p.letter}：{name.ja}（位置 {p.position:.2f}）",
                f"{p.letter}: {name.en} (position {p.position:.2f})")


def _hint(reason: Any) -> Text | None:
    return None if reason is None else Text(reason.text("ja"), reason.text("en"))


def triad_text(p: PlacementSnapshot | None) -> Text | None:
    """``自助 20%・共助 50%・公助 30%`` (None when nothing placed the triad)."""
    if p is None or not p.triad_placed:
        return None
    pct = [round(x * 100) for x in p.triad]
    return Text(f"自助 {pct[0]}%・共助 {pct[1]}%・公助 {pct[2]}%",
                f"self-help {pct[0]}%, mutual aid {pct[1]}%, public help {pct[2]}%")


def movement_text(m: Movement) -> Text:
    """``A から B へ（+0.80）`` / ``still B (+0.10)``; ASCII signs only."""
    if m.from_letter is None or m.to_letter is None or m.shift is None:
        return Text("比べられる位置がありません", "No placement to compare")
    if m.from_letter == m.to_letter:
        return Text(f"{m.from_letter} のまま（{m.shift:+.2f}）",
                    f"still {m.from_letter} ({m.shift:+.2f})")
    return Text(f"{m.from_letter} から {m.to_letter} へ（{m.shift:+.2f}）",
                f"from {m.from_letter} to {m.to_letter} ({m.shift:+.2f})")


def triad_shift_text(m: Movement) -> Text | None:
    """``自助 +10%・共助 -5%・公助 -5%`` (None without both placements)."""
    if m.triad_shift is None:
        return None
    pct = [round(x * 100) for x in m.triad_shift]
    return Text(f"自助 {pct[0]:+d}%・共助 {pct[1]:+d}%・公助 {pct[2]:+d}%",
                f"self-help {pct[0]:+d}%, mutual aid {pct[1]:+d}%, public help {pct[2]:+d}%")


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One visible question of a session with its answer and marks."""

    question_id: str
    prompt: Text
    answer: Text
    skipped: bool
    unknown: bool
    confirm_later: bool
    #: a free-text answer (typed by a person: shown literally)
    typed: bool


def answer_rows(catalog: Catalog, session: Session) -> list[AnswerRow]:
    """Every question shown for the session's answers, in order, plus answers to
    questions the catalog no longer has (at the end)."""
    from kyodo_tui.core.placement import visible_questions

    rows: list[AnswerRow] = []
    seen: set[str] = set()
    marks = set(session.confirm_later)
    for q in visible_questions(catalog, session.answers):
        seen.add(q.id)
        value = session.answers.get(q.id)
        skipped = value is None or value == "" or value == []
        unknown = value == UNKNOWN or value == [UNKNOWN]
        rows.append(AnswerRow(q.id, q.prompt, answer_text(catalog, q.id, value), skipped,
                              unknown, q.id in marks, q.kind == "text" and not skipped))
    for qid, value in session.answers.items():
        if qid not in seen:
            rows.append(AnswerRow(qid, _same(qid), answer_text(catalog, qid, value), False,
                                  value == UNKNOWN, qid in marks, True))
    return rows


@dataclass(frozen=True, slots=True)
class DiffRow:
    """A question the two sessions answered differently."""

    question_id: str
    prompt: Text
    a: Text
    b: Text


def diff_rows(catalog: Catalog, diffs: Comparison | Movement | Sequence[AnswerDiff]
              ) -> list[DiffRow]:
    """The differing answers as labelled rows (question order)."""
    if isinstance(diffs, Comparison):
        items: Sequence[AnswerDiff] = diffs.differ
    elif isinstance(diffs, Movement):
        items = diffs.changed
    else:
        items = diffs
    return [DiffRow(d.question_id, _prompt(catalog, d.question_id),
                    answer_text(catalog, d.question_id, d.a),
                    answer_text(catalog, d.question_id, d.b)) for d in items]


# ---------------------------------------------------------------- dates


def local_time(iso: str) -> str:
    """A stored UTC time (``2025-03-14T09:30:12Z``) as local ``2025-03-14 18:30``."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def date_since(key: str, now: datetime | None = None) -> datetime | None:
    """The start of a date filter preset (local time); None for "all"."""
    if key == "all":
        return None
    moment = (now or datetime.now().astimezone()).astimezone()
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if key == "today":
        return midnight
    if key in _DAYS:
        return midnight - timedelta(days=_DAYS[key])
    raise ValueError(f"unknown date range: {key!r}")


# ---------------------------------------------------------------- hand-off

_MODES = {"standard": Text("通常", "standard"), "intake": Text("受付", "intake"),
          "kiosk": Text("キオスク", "kiosk"), "workshop": Text("ワークショップ", "workshop")}
_KINDS = {"individual": Text("個人", "individual"), "group": Text("団体", "group")}
_PARTIES = {"citizen": Text("市民・団体側", "citizen side"),
            "government": Text("行政側", "municipality side")}

L: dict[str, Text] = {
    "title": Text("引き継ぎメモ", "Hand-off summary"),
    "record": Text("記録", "Record"),
    "created": Text("作成", "Created"),
    "updated": Text("更新", "Updated"),
    "mode": Text("方法", "Mode"),
    "kind": Text("種類", "Kind"),
    "actor": Text("立場", "Actor"),
    "party": Text("二者のうち", "Party"),
    "pair": Text("相手方の記録", "Other party's record"),
    "previous": Text("前回の記録", "Previous record"),
    "placement": Text("協働の領域（A〜E）", "Placement (A to E)"),
    "triad": Text("自助・共助・公助", "Self, mutual, public help"),
    "movement": Text("前回からの動き", "Since the previous record"),
    "answers": Text("回答", "Answers"),
    "question": Text("質問", "Question"),
    "answer": Text("回答", "Answer"),
    "confirm_later": Text("後で確認すること", "To confirm later"),
    "confirm_mark": Text("後で確認", "to confirm"),
    "notes": Text("メモ", "Notes"),
    "forms": Text("合いそうな協働の形", "Forms of collaboration that fit"),
    "activities": Text("合いそうな活動の例", "Example activities that fit"),
    "next": Text("次の一歩", "Next step"),
    "desk": Text("相談先", "Where to ask"),
    "contact": Text("連絡先（本人の同意あり）", "Contact (with the person's consent)"),
    "consent": Text("連絡先の同意", "Consent to keep contact details"),
    "consent_yes": Text("あり（{at}、記録: {by}）", "given ({at}, recorded by {by})"),
    "consent_no": Text("なし（{at}、記録: {by}）", "not given ({at}, recorded by {by})"),
    "name": Text("名前", "Name"),
    "phone": Text("電話", "Phone"),
    "email": Text("メール", "Email"),
    "address": Text("住所", "Address"),
    "url": Text("ウェブ", "Web"),
    "none": Text("（なし）", "(none)"),
    "unsaved": Text("（未保存）", "(not saved)"),
}


@dataclass(frozen=True, slots=True)
class Handoff:
    """One page for the next coordinator or the resident (see :func:`build_handoff`)."""

    session: Session
    #: the record's label (typed by a person) or its id
    title: str
    #: (label, value) lines: record id, dates, mode, kind, actor, party, links
    facts: tuple[tuple[Text, Text], ...]
    placement: Text
    triad: Text | None
    movement: Text | None
    triad_movement: Text | None
    answers: tuple[AnswerRow, ...]
    confirm_later: tuple[Text, ...]
    notes: str
    forms: tuple[Text, ...]
    activities: tuple[Text, ...]
    next_step: Text | None
    #: the 協働 desk (name, then label/value lines)
    desk: tuple[Text, ...]
    #: contact lines (label, value): empty unless the person consented
    contact: tuple[tuple[Text, str], ...]
    consent: Text | None


def build_handoff(session: Session, catalog: Catalog, *,
                  previous: Session | None = None,
                  recommendations: Any | None = None) -> Handoff:
    """The hand-off summary of a session (saved or not).

    Forms and activities come from the session's saved recommendations (or
    ``recommendations`` when given); the next step is worked out from its
    answers. ``previous`` (the record it re-assesses) adds how it moved.
    Contact details appear only when consent was given.
    """
    from kyodo_tui.core.placement import place, placing_hint, prune_hidden
    from kyodo_tui.core.recommend import recommend
    from kyodo_tui.core.storage import movement

    answers = prune_hidden(catalog, session.answers)
    placement = place(catalog, answers)
    recs_now = recommend(catalog, answers, placement, None)
    snap = session.placement or PlacementSnapshot.from_placement(placement)

    facts: list[tuple[Text, Text]] = []
    if session.revision > 0:
        facts.append((L["record"], _same(session.id)))
    else:
        facts.append((L["record"], Text(f"{session.id} {L['unsaved'].ja}",
                                        f"{session.id} {L['unsaved'].en}")))
    facts.append((L["created"], _same(local_time(session.created))))
    if session.updated != session.created:
        facts.append((L["updated"], _same(local_time(session.updated))))
    facts.append((L["mode"], _MODES.get(session.mode, _same(session.mode))))
    facts.append((L["kind"], _KINDS.get(session.kind, _same(session.kind))))
    actor = catalog.actors.get(snap.actor or "")
    if actor is not None:
        facts.append((L["actor"], actor.name))
    if session.party:
        facts.append((L["party"], _PARTIES.get(session.party, _same(session.party))))
    if session.pair:
        facts.append((L["pair"], _same(session.pair)))
    if session.previous:
        facts.append((L["previous"], _same(session.previous)))

    move = tmove = None
    if previous is not None and previous.placement is not None:
        m = movement(previous, session.evolve(placement=snap), catalog)
        move = movement_text(m)
        tmove = triad_shift_text(m)

    if recommendations is not None:
        saved = RecommendationSnapshot.from_recommendations(recommendations)
    elif session.recommendations is not None:
        saved = session.recommendations
    else:
        saved = RecommendationSnapshot.from_recommendations(recs_now)
    forms = tuple(catalog.forms[f].name for f in saved.forms if f in catalog.forms)
    acts = tuple(catalog.activities[a].title for a in saved.activities
                 if a in catalog.activities)

    next_step = None
    if recs_now.next_step is not None:
        reason = recs_now.next_step.reason
        next_step = Text(reason.text("ja"), reason.text("en"))

    desk: list[Text] = []
    contact_desk = catalog.contacts.get("desk") or next(iter(catalog.contacts.values()), None)
    if contact_desk is not None:
        desk.append(contact_desk.name)
        for key in ("phone", "email", "url"):
            value = getattr(contact_desk, key)
            if value:
                desk.append(Text(f"{L[key].ja}: {value}", f"{L[key].en}: {value}"))

    contact: list[tuple[Text, str]] = []
    if session.consented and session.contact is not None:
        for key in ("name", "phone", "email", "address"):
            value = getattr(session.contact, key)
            if value.strip():
                contact.append((L[key], value))
    consent = None
    if session.consent is not None:
        c = session.consent
        key = "consent_yes" if c.given else "consent_no"
        consent = Text(L[key].ja.format(at=c.at, by=c.by), L[key].en.format(at=c.at, by=c.by))

    rows = tuple(answer_rows(catalog, session))
    return Handoff(
        session=session,
        title=session.label.strip() or session.id,
        facts=tuple(facts),
        placement=placement_text(snap, _hint(placing_hint(catalog, placement.to_place))),
        triad=triad_text(snap),
        movement=move,
        triad_movement=tmove,
        answers=rows,
        confirm_later=tuple(r.prompt for r in rows if r.confirm_later),
        notes=session.notes,
        forms=forms,
        activities=acts,
        next_step=next_step,
        desk=tuple(desk),
        contact=tuple(contact),
        consent=consent,
    )


def _md(text: str) -> str:
    """A person's or the catalog's text on one Markdown line (no raw control chars)."""
    from kyodo_tui.core.export import clean_text

    return clean_text(text).replace("\n", " ").replace("|", "\\|")


def handoff_markdown(h: Handoff, lang: Lang = "ja") -> str:
    """The hand-off summary as a Markdown document in ``lang``."""
    from kyodo_tui.core.export import clean_text

    def g(t: Text) -> str:
        return t.get(lang)

    out = [f"# {g(L['title'])}: {_md(h.title)}", ""]
    out += [f"- {g(k)}: {_md(g(v))}" for k, v in h.facts]
    out.append("")
    out += [f"## {g(L['placement'])}", "", f"- {_md(g(h.placement))}"]
    if h.triad is not None:
        out.append(f"- {g(L['triad'])}: {g(h.triad)}")
    if h.movement is not None:
        move = g(h.movement) + (f" / {g(h.triad_movement)}" if h.triad_movement else "")
        out.append(f"- {g(L['movement'])}: {move}")
    out.append("")
    out += [f"## {g(L['answers'])}", "", f"| {g(L['question'])} | {g(L['answer'])} |",
            "|---|---|"]
    for row in h.answers:
        mark = f" ({g(L['confirm_mark'])})" if row.confirm_later else ""
        out.append(f"| {_md(g(row.prompt))}{mark} | {_md(g(row.answer))} |")
    out.append("")
    out += [f"## {g(L['confirm_later'])}", ""]
    out += [f"- {_md(g(p))}" for p in h.confirm_later] or [f"- {g(L['none'])}"]
    out.append("")
    out += [f"## {g(L['notes'])}", ""]
    if h.notes.strip():
        out += [f"> {line}" if line else ">" for line in clean_text(h.notes).splitlines()]
    else:
        out.append(g(L["none"]))
    out.append("")
    for key, items in (("forms", h.forms), ("activities", h.activities)):
        out += [f"## {g(L[key])}", ""]
        out += [f"- {_md(g(t))}" for t in items] or [f"- {g(L['none'])}"]
        out.append("")
    out += [f"## {g(L['next'])}", ""]
    if h.next_step is not None:
        out.append(_md(g(h.next_step)))
        out.append("")
    if h.desk:
        out.append(f"{g(L['desk'])}:")
        out.append("")
        out += [f"- {_md(g(t))}" for t in h.desk]
        out.append("")
    if h.contact:
        out += [f"## {g(L['contact'])}", ""]
        out += [f"- {g(k)}: {_md(v)}" for k, v in h.contact]
        out.append("")
    if h.consent is not None:
        out += [f"- {g(L['consent'])}: {_md(g(h.consent))}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def handoff_filename(session: Session, n: int = 1) -> str:
    """``kyodo-handoff-<id>.md`` (``-2``, ``-3`` … for the n-th)."""
    suffix = "" if n <= 1 else f"-{n}"
    return f"kyodo-handoff-{session.id}{suffix}.md"


def export_handoff(h: Handoff, folder: Path | str, lang: Lang = "ja") -> Path:
    """Write the hand-off as Markdown in ``folder`` under a new name; never overwrite.

    Tries ``kyodo-handoff-<id>.md``, then ``-2``, ``-3`` …; the folder is created
    (0700) if missing. Raises :class:`KyodoInputError` when it cannot write.
    """
    from kyodo_tui.core.errors import KyodoInputError, Problem
    from kyodo_tui.core.export import write_new_file

    target_dir = Path(folder).expanduser()
    try:
        target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise KyodoInputError(Problem(str(target_dir), 0,
                                      f"cannot create the folder: {exc.strerror or exc}")
                              ) from exc
    data = handoff_markdown(h, lang).encode("utf-8")
    for n in range(1, 1000):
        path = target_dir / handoff_filename(h.session, n)
        if path.exists() or path.is_symlink():
            continue
        try:
            write_new_file(path, data)
        except KyodoInputError:
            if path.exists():
                continue  # taken meanwhile: try the next name
            raise
        return path
    raise KyodoInputError(Problem(str(target_dir), 0, "too many hand-off files for this record"))


# keep the module's public letters in one place for the UI's filters
LETTERS: tuple[str, ...] = REGIONS
TRIAD_KEYS: tuple[str, ...] = TRIAD

"""``kyodo questions`` and ``kyodo assess --answers FILE.toml``. Headless: no Textual.

``kyodo questions [--json] [--lang ja|en]`` prints the questionnaire: every
question with its id, kind, prompt, choices and show_if.

``kyodo assess --answers FILE.toml [--json] [--lang ja|en] [--save [--name N]]``
places the answers (A–E, 自助・共助・公助) and prints what fits. A bad answers
file prints ``kyodo: path:line: message`` and exits 2.

JSON output (stable; ``"format": 1``; strings in ``--lang``; floats rounded to 4
places; reasons are ``{"code", "text"}``)::

    kyodo questions --json
    {"format": 1, "lang": "ja", "questions": [
      {"id", "order", "kind": "single|multi|text", "prompt", "help",
       "allow_unknown", "weight", "match" (text only, else null),
       "show_if": null | {"question", "any_of": [...]},
       "choices": [{"id", "label"}]}]}

    kyodo assess --json
    {"format": 1, "lang": "ja", "answers": {question id: answer},
     "counts": {"answered", "unknown", "skipped"},
     "placement": {"placed", "position", "letter", "letter_name", "spread", "low",
                   "high", "conflict", "margin", "summary", "to_place": [question ids],
                   "to_place_prompts": [...], "participation": null | {"code", "text"},
                   "triad": {"self", "mutual", "public"}, "triad_placed",
                   "contributions": [{"question", "choices", "answer", "weight", "pull",
                                      "letters", "shift", "loo_shift", "effect",
                                      "reason"}],
                   "triad_contributions": [{"question", "choices", "answer", "self",
                                            "mutual", "public", "reason"}],
                   "what_if": null | {"question", "change": "choose|add|remove",
                                      "choice", "new_answer", "letter", "position",
                                      "shift", "reason"}},
     "forms": [{"id", "name", "regions", "score", "effect", "cautions",
                "responsibility", "reasons": [...]}],
     "why_not": [{"id", "name", "regions", "score", "reasons": [...]}],
     "roles": [{"actor", "name", "answered", "roles": [...], "effects": [...]}],
     "principles": [{"id", "name", "at_stake", "reasons": [...]}],
     "next_step": null | {"current", "step", "name", "stage", "description", "reason"},
     "activities": [{"id", "title", "score", "weak", "reasons": [...]}],
     "query", "notes": [...]}

``position`` is 0.0 (A) … 4.0 (E); ``placed`` false means no answer placed you
(``position``/``letter`` are null; ``summary`` says 「まだ位置は決まっていません」 and
``to_place`` lists the questions that would place you, heaviest first).
Contributions are measured from the result: ``shift`` = ``loo_shift`` = the
position minus the position without that answer (``loo_shift`` null and
``shift`` 0 when that answer alone places you); ``letters`` are the letters the
answer fits. See docs/placement.md and ``kyodo_tui.core.placement``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kyodo_tui.cli._common import dispatch
from kyodo_tui.core.errors import ExitCode
from kyodo_tui.core.model import REGIONS, TRIAD, Catalog, Lang, Question, Text
from kyodo_tui.core.placement import (
    TRIAD_NAMES,
    Answers,
    Placement,
    Reason,
    answer_label,
    letter_names,
    place,
    placing_hint,
)
from kyodo_tui.core.recommend import FormFit, Recommendations, recommend

FORMAT = 1
#: width of one letter cell in the text spectrum
CELL = 10

L: dict[str, Text] = {
    "kind.single": Text("一つ選ぶ", "pick one"),
    "kind.multi": Text("いくつでも", "pick any"),
    "kind.text": Text("自由記述", "free text"),
    "unknown_ok": Text("「分からない」可", "'unknown' allowed"),
    "show_if": Text("表示条件", "shown when"),
    "region": Text("協働の領域", "Region of collaboration"),
    "position": Text("位置", "position"),
    "spread": Text("ぶれ幅", "spread"),
    "not_placed": Text("まだ位置は決まっていません", "Not placed yet"),
    "triad": Text("自助・共助・公助", "Self-help, mutual aid, public help"),
    "triad_even": Text("（回答からは決まらず、均等にしています）",
                       "(not set by the answers; shown evenly)"),
    "counts": Text("回答 {answered}問・分からない {unknown}問・無回答 {skipped}問",
                   "{answered} answered, {unknown} don't know, {skipped} skipped"),
    "contributions": Text("位置を決めた回答（外した場合と比べて）",
                          "Answers that placed you (compared with leaving each out)"),
    "triad_contributions": Text("自助・共助・公助を決めた回答（外した場合と比べて）",
                                "Answers that set the triad (compared with leaving each out)"),
    "what_if": Text("もしも", "What if"),
    "margin": Text("境界まで{margin:.2f}", "{margin:.2f} from the nearest boundary"),
    "no_what_if": Text("一つの回答を変えても領域は変わりません",
                       "No single answer change moves the letter"),
    "forms": Text("合う協働の形", "Forms of collaboration that fit"),
    "no_forms": Text("（合う形は見つかりませんでした）", "(no form fits yet)"),
    "score": Text("{score:.0f}点", "score {score:.0f}"),
    "effect": Text("効果", "Effect"),
    "cautions": Text("留意点", "Cautions"),
    "responsibility": Text("責任", "Responsibility"),
    "why": Text("理由", "Why"),
    "why_not": Text("選ばれなかった形", "Why not these forms"),
    "roles": Text("あなたの役割", "Your roles"),
    "roles_all": Text("それぞれの立場の役割", "Roles of each actor"),
    "effects": Text("期待される効果", "What it brings"),
    "principles": Text("協働の原則チェックリスト", "Principles checklist"),
    "at_stake": Text("（[!] は回答で大事になったもの）", "([!] = put at stake by your answers)"),
    "next_step": Text("次の一歩", "Next step"),
    "activities": Text("活動の例", "Example activities"),
    "no_matcher": Text("（活動の検索は使えません）", "(activity search is not available)"),
    "no_query": Text("（検索する言葉がありません：今の活動・やりたいこと・分野を答えてください）",
                     "(nothing to search for: answer what you do, want or care about)"),
    "no_activities": Text("（見つかりませんでした）", "(nothing found)"),
    "notes": Text("メモ", "Notes"),
}


def _t(key: str, lang: Lang, **params: object) -> str:
    text = L[key].get(lang)
    return text.format(**params) if params else text


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _reason_json(reason: Reason, lang: Lang) -> dict[str, str]:
    return {"code": reason.code, "text": reason.text(lang)}


def _load(args: argparse.Namespace) -> Catalog:
    from kyodo_tui.core.catalog import load_catalog

    return load_catalog(list(getattr(args, "catalog", None) or []))


# ---------------------------------------------------------------- questions


def _question_json(q: Question, lang: Lang) -> dict[str, Any]:
    return {
        "id": q.id,
        "order": q.order,
        "kind": q.kind,
        "prompt": q.prompt.get(lang),
        "help": q.help.get(lang) if q.help.ja or q.help.en else "",
        "allow_unknown": q.allow_unknown if q.kind != "text" else False,
        "weight": q.weight,
        "match": q.match if q.kind == "text" else None,
        "show_if": None if q.show_if is None else {
            "question": q.show_if.question, "any_of": list(q.show_if.any_of)},
        "choices": [{"id": c.id, "label": c.label.get(lang)} for c in q.choices],
    }


def _questions(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    catalog = _load(args)
    questions = sorted(catalog.questions, key=lambda q: q.order)
    if args.json:
        out = {"format": FORMAT, "lang": lang,
               "questions": [_question_json(q, lang) for q in questions]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for q in questions:
        extra = _t(f"kind.{q.kind}", lang)
        if q.kind != "text" and q.allow_unknown:
            extra += ", " + _t("unknown_ok", lang)
        print(f"{q.id}  ({extra})")
        print(f"  {q.prompt.get(lang)}")
        if q.help.get(lang):
            print(f"  {q.help.get(lang)}")
        if q.show_if is not None:
            print(f"  {_t('show_if', lang)}: {q.show_if.question} = "
                  f"{' / '.join(q.show_if.any_of)}")
        for c in q.choices:
            print(f"    {c.id:<22} {c.label.get(lang)}")
        print()
    return ExitCode.OK


# ---------------------------------------------------------------- assess


def spectrum(placement: Placement, cell: int = CELL) -> list[str]:
    """Two ASCII lines: the letters, and the scale with ``[==*==]`` for position ± spread."""
    width = cell * (len(REGIONS) - 1) + 1
    head = [" "] * width
    for i, letter in enumerate(REGIONS):
        head[i * cell] = letter
    line = ["-"] * width
    for i in range(len(REGIONS)):
        line[i * cell] = "|"
    if placement.position is not None and placement.low is not None \
            and placement.high is not None:
        lo = round(placement.low * cell)
        hi = round(placement.high * cell)
        for x in range(lo, hi + 1):
            line[x] = "="
        line[lo] = "["
        line[hi] = "]"
        line[round(placement.position * cell)] = "*"
    return ["  " + "".join(head).rstrip(), "  " + "".join(line)]


def _bar(share: float, width: int = 20) -> str:
    n = round(share * width)
    return "#" * n + "." * (width - n)


def _placement_json(catalog: Catalog, answers: Answers, p: Placement,
                    lang: Lang) -> dict[str, Any]:
    by_id = {q.id: q for q in catalog.questions}
    what_if = None
    if p.what_if is not None:
        w = p.what_if
        what_if = {
            "question": w.question_id, "change": w.change, "choice": w.choice_id,
            "new_answer": list(w.new_answer) if isinstance(w.new_answer, tuple)
            else w.new_answer,
            "letter": w.letter, "position": _r(w.position), "shift": _r(w.shift),
            "reason": _reason_json(w.reason, lang),
        }
    return {
        "placed": p.placed,
        "position": _r(p.position),
        "letter": p.letter,
        "letter_name": letter_names(catalog.municipality)[p.letter].get(lang)
        if p.letter else None,
        "spread": _r(p.spread),
        "low": _r(p.low),
        "high": _r(p.high),
        "conflict": _r(p.conflict),
        "margin": _r(p.margin),
        "summary": p.summary.text(lang),
        "to_place": list(p.to_place),
        "to_place_prompts": [by_id[q].prompt.get(lang) for q in p.to_place if q in by_id],
        "participation": None if p.participation is None
        else _reason_json(p.participation, lang),
        "triad": {k: _r(v) for k, v in zip(TRIAD, p.triad, strict=True)},
        "triad_placed": p.triad_placed,
        "contributions": [
            {"question": c.question_id, "choices": list(c.choice_ids),
             "answer": answer_label(by_id[c.question_id], answers.get(c.question_id)).get(lang),
             "weight": _r(c.weight), "pull": _r(c.pull), "letters": list(c.letters),
             "shift": _r(c.shift), "loo_shift": _r(c.loo_shift),
             "effect": None if c.effect is None else _reason_json(c.effect, lang),
             "reason": _reason_json(c.reason, lang)}
            for c in p.region_contributions
        ],
        "triad_contributions": [
            {"question": c.question_id, "choices": list(c.choice_ids),
             "answer": answer_label(by_id[c.question_id], answers.get(c.question_id)).get(lang),
             **{k: _r(v) for k, v in zip(TRIAD, c.triad_shift, strict=True)},
             "reason": _reason_json(c.reason, lang)}
            for c in p.triad_contributions
        ],
        "what_if": what_if,
    }


def _form_json(f: FormFit, lang: Lang, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.form.id, "name": f.form.name.get(lang),
                           "regions": list(f.form.regions), "score": _r(f.score)}
    if full:
        out["effect"] = f.form.effect.get(lang)
        out["cautions"] = f.form.cautions.get(lang)
        out["responsibility"] = f.form.responsibility.get(lang)
    out["reasons"] = [_reason_json(r, lang) for r in f.reasons]
    return out


def _activity_json(match: Any, lang: Lang) -> dict[str, Any]:
    activity = match.activity
    return {
        "id": activity.id,
        "title": activity.title.get(lang),
        "score": _r(float(match.score)),
        "weak": bool(getattr(match, "weak", False)),
        "reasons": [_reason_json(r, lang) if isinstance(r, Reason)
                    else {"code": getattr(r, "code", ""), "text": r.text(lang)}
                    for r in getattr(match, "reasons", ())],
    }


def assessment_json(catalog: Catalog, answers: Answers, p: Placement, r: Recommendations,
                    lang: Lang) -> dict[str, Any]:
    """The documented ``kyodo assess --json`` structure."""
    step = r.next_step
    return {
        "format": FORMAT,
        "lang": lang,
        "answers": answers,
        "counts": {"answered": p.answered, "unknown": p.unknown, "skipped": p.skipped},
        "placement": _placement_json(catalog, answers, p, lang),
        "forms": [_form_json(f, lang, True) for f in r.forms],
        "why_not": [_form_json(f, lang, False) for f in r.why_not],
        "roles": [{"actor": x.actor.id, "name": x.actor.name.get(lang), "answered": x.answered,
                   "roles": [t.get(lang) for t in x.roles],
                   "effects": [t.get(lang) for t in x.effects]} for x in r.roles],
        "principles": [{"id": c.principle.id, "name": c.principle.name.get(lang),
                        "at_stake": c.at_stake,
                        "reasons": [_reason_json(x, lang) for x in c.reasons]}
                       for c in r.principles],
        "next_step": None if step is None else {
            "current": step.current.id if step.current else None,
            "step": step.step.id, "name": step.step.name.get(lang),
            "stage": step.step.stage.get(lang),
            "description": step.step.description.get(lang),
            "reason": _reason_json(step.reason, lang)},
        "activities": [_activity_json(m, lang) for m in r.activities],
        "query": r.query,
        "notes": [_reason_json(n, lang) for n in r.notes],
    }


def assessment_text(catalog: Catalog, answers: Answers, p: Placement, r: Recommendations,  # noqa: C901 - one report, section after section
                    lang: Lang, *, matcher_available: bool = True, top: int = 5) -> list[str]:
    """The human-readable report, as lines."""
    out: list[str] = []
    add = out.append
    if p.placed and p.letter is not None and p.position is not None:
        name = letter_names(catalog.municipality)[p.letter].get(lang)
        add(f"{_t('region', lang)}: {p.letter}  {name}")
        add(f"  {_t('position', lang)} {p.position:.2f}  {_t('spread', lang)} {p.spread:.2f}")
    else:
        add(f"{_t('region', lang)}: {_t('not_placed', lang)}")
        hint = placing_hint(catalog, p.to_place)
        if hint is not None:
            add(f"  {hint.text(lang)}")
    out.extend(spectrum(p))
    add("")
    add(f"{_t('triad', lang)}:" + ("" if p.triad_placed else " " + _t("triad_even", lang)))
    for key, share in zip(TRIAD, p.triad, strict=True):
        name = TRIAD_NAMES[key].get(lang)
        add(f"  {name:<{4 if lang == 'ja' else 12}} {_bar(share)} {share:4.0%}")
    add("  " + _t("counts", lang, answered=p.answered, unknown=p.unknown, skipped=p.skipped))
    if p.region_contributions:
        add("")
        add(f"{_t('contributions', lang)}:")
        for c in p.region_contributions[:top]:
            add(f"  - {c.reason.text(lang)}")
    if p.triad_contributions:
        add("")
        add(f"{_t('triad_contributions', lang)}:")
        for c in p.triad_contributions[:3]:
            add(f"  - {c.reason.text(lang)}")
    if p.placed and p.margin is not None:
        add("")
        if p.what_if is not None:
            add(f"{_t('what_if', lang)}: {p.what_if.reason.text(lang)}")
        else:
            add(f"{_t('what_if', lang)}: {_t('no_what_if', lang)}")
        margin = _t("margin", lang, margin=p.margin)
        add(f"  （{margin}）" if lang == "ja" else f"  ({margin})")
    for note in r.notes:
        add("")
        add(f"{_t('notes', lang)}: {note.text(lang)}")
    add("")
    add(f"{_t('forms', lang)}:")
    if not r.forms:
        add(f"  {_t('no_forms', lang)}")
    for i, f in enumerate(r.forms, start=1):
        add(f"  {i}. {f.form.name.get(lang)} ({'・'.join(f.form.regions)})  "
            f"{_t('score', lang, score=f.score)}")
        add(f"     {_t('effect', lang)}: {f.form.effect.get(lang)}")
        add(f"     {_t('cautions', lang)}: {f.form.cautions.get(lang)}")
        add(f"     {_t('responsibility', lang)}: {f.form.responsibility.get(lang)}")
        for reason in f.reasons[:3]:
            add(f"     {_t('why', lang)}: {reason.text(lang)}")
    if r.why_not:
        add("")
        add(f"{_t('why_not', lang)}:")
        for f in r.why_not:
            why = " / ".join(x.text(lang) for x in f.reasons[:2])
            add(f"  - {f.form.name.get(lang)} ({'・'.join(f.form.regions)}): {why}")
    add("")
    answered_actor = any(x.answered for x in r.roles)
    if answered_actor:
        add(f"{_t('roles', lang)} ({r.roles[0].actor.name.get(lang)}):")
        for role in r.roles[0].roles:
            add(f"  - {role.get(lang)}")
        if r.roles[0].effects:
            add(f"  {_t('effects', lang)}:")
            for effect in r.roles[0].effects:
                add(f"  - {effect.get(lang)}")
    else:
        add(f"{_t('roles_all', lang)}:")
        for rs in r.roles:
            add(f"  {rs.actor.name.get(lang)}:")
            for role in rs.roles:
                add(f"    - {role.get(lang)}")
    add("")
    add(f"{_t('principles', lang)} {_t('at_stake', lang)}:")
    for check in r.principles:
        mark = "[!]" if check.at_stake else "[ ]"
        line = f"  {mark} {check.principle.name.get(lang)}"
        if check.reasons:
            line += " - " + " / ".join(x.text(lang) for x in check.reasons[:2])
        add(line)
    if r.next_step is not None:
        add("")
        add(f"{_t('next_step', lang)}: {r.next_step.reason.text(lang)}")
        add(f"  {r.next_step.step.description.get(lang)}")
    add("")
    add(f"{_t('activities', lang)}:")
    if not matcher_available:
        add(f"  {_t('no_matcher', lang)}")
    elif not r.query:
        add(f"  {_t('no_query', lang)}")
    elif not r.activities:
        add(f"  {_t('no_activities', lang)}")
    for m in r.activities[:top]:
        a = _activity_json(m, lang)
        why = " / ".join(x["text"] for x in a["reasons"][:2])
        add(f"  - {a['title']} ({a['score']:.0f})" + (f": {why}" if why else ""))
    return out


def _matcher(args: argparse.Namespace) -> Any:
    """The activity matcher: the index persisted for this catalog state."""
    from kyodo_tui.core.matchindex import load_matcher

    return load_matcher(list(args.catalog))


def _save(args: argparse.Namespace, catalog: Catalog, answers: Answers,
          placement: Placement, recs: Recommendations) -> int:
    """Save the session through core storage; print its id (a database refusal: exit 2)."""
    from kyodo_tui.core.storage import save_session as save

    try:
        saved = save(answers, catalog=catalog, placement=placement, recommendations=recs,
                     name=getattr(args, "name", None),
                     data_dir=getattr(args, "data_dir", None), lang=args.lang)
    except OSError as exc:
        # a read-only data dir or a full disk: the result above stands, nothing was saved
        from kyodo_tui.cli import _os_problem

        print(f"kyodo: assess --save: not saved: {_os_problem(exc)}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except Exception as exc:
        # the database refused the write (SQLite's "database or disk is full", "attempt
        # to write a readonly database"; a PostgreSQL server gone): the same one line
        if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        from kyodo_tui.core.neutral import one_line

        print(f"kyodo: assess --save: not saved: {one_line(str(exc).strip())}",
              file=sys.stderr)
        return ExitCode.BAD_INPUT
    print(f"kyodo: saved {saved}", file=sys.stderr)
    return ExitCode.OK


def _assess(args: argparse.Namespace) -> int:
    from kyodo_tui.core.answers import load_answers

    lang: Lang = args.lang
    catalog = _load(args)
    answers = load_answers(args.answers, catalog)
    placement = place(catalog, answers)
    matcher = _matcher(args)
    recs = recommend(catalog, answers, placement, matcher)
    if args.json:
        data = assessment_json(catalog, answers, placement, recs, lang)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in assessment_text(catalog, answers, placement, recs, lang,
                                    matcher_available=matcher is not None):
            print(line)
    if getattr(args, "save", False):
        return _save(args, catalog, answers, placement, recs)
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "action", "kyodo", {"questions": _questions, "assess": _assess})

"""``kyodo officer viewpoints|partner|agreement|evaluate|template``: the officer's tools.

Each step of taking a planned project from 協働すべきか to an evaluation, headless:

* ``viewpoints --answers FILE [--session ID]``: 004 Ⅳ-1's five viewpoints -> whether
  collaboration fits, which regions and forms would, and why (seed lines cited).
  With ``--session`` the answers and result are saved on that record; ``--session``
  alone shows what was saved.
* ``partner --session ID [--answers FILE]``: the partner-selection checklist. On the
  municipality's record it is the officer's check of the partner; on the citizen
  side's record of a two-party view it is the partner's own self-assessment. Prints
  both side by side.
* ``agreement --session ID [-o OUT.md]``: a 協定書 outline (Markdown) from a
  two-party session; ``-o`` never overwrites an existing file.
* ``evaluate --session ID [--answers FILE]``: adds this side's evaluation to the
  record's history; prints both sides' latest side by side, and how each moved
  since its previous evaluation.
* ``template viewpoints|partner|self|evaluate``: a blank answers file to fill in.

Bad input (a file, a line, a field) prints ``kyodo: path:line: message`` and exits 2;
nothing saved is overwritten. Headless: never imports Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kyodo_tui.cli._common import dispatch
from kyodo_tui.core.errors import ExitCode, Problem
from kyodo_tui.core.langs import base_lang
from kyodo_tui.core.model import Catalog, Lang
from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.officer import viewpoints as vp
from kyodo_tui.core.officer.agreement import outline, write_new
from kyodo_tui.core.officer.common import LEVELS, OfficerInputError
from kyodo_tui.core.storage import Session, Store


def _catalog(args: argparse.Namespace) -> Catalog:
    from kyodo_tui.core.catalog import load_catalog

    return load_catalog(list(getattr(args, "catalog", None) or []))


def _store(args: argparse.Namespace) -> Store:
    return Store.default(args.data_dir)


def _lang(args: argparse.Namespace) -> Lang:
    return base_lang(args.lang)  # type: ignore[return-value]


def _session(store: Store, args: argparse.Namespace) -> Session:
    return store.load(args.session)


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# ------------------------------------------------------------------ viewpoints

def _viewpoints(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    lang = _lang(args)
    session: Session | None = None
    store = _store(args) if args.session else None
    if store is not None:
        session = _session(store, args)
    if args.answers is not None:
        answers = vp.load_viewpoint_answers(args.answers, catalog)
        if store is not None and session is not None:
            session = store.save(rec.with_viewpoints(session, catalog, answers))
    elif session is not None:
        saved = rec.officer_data(session).viewpoints
        if saved is None:
            raise OfficerInputError(Problem(f"session {session.id}", 0,
                                            "no viewpoints saved on this record (give "
                                            "--answers FILE to add them)"))
        answers = saved
    else:
        raise OfficerInputError(Problem("kyodo officer viewpoints", 0,
                                        "give --answers FILE, --session ID, or both"))
    result = vp.assess(catalog, answers)
    if args.json:
        _dump({"answers": answers.to_dict(), "result": result.to_dict(),
               "session": session.id if session else None})
    else:
        sys.stdout.write(vp.render(catalog, answers, result, lang))
        if session is not None and args.answers is not None:
            print(("保存しました: " if lang == "ja" else "saved: ") + session.id)
    return ExitCode.OK


# ------------------------------------------------------------------ partner

def _partner(args: argparse.Namespace) -> int:
    lang = _lang(args)
    store = _store(args)
    session = _session(store, args)
    side = rec.side_of(session)
    if args.answers is not None:
        check = pt.load_partner_check(args.answers, side)
        session = store.save(rec.with_partner(session, check))
    citizen, government = rec.parties(store, session)
    g = rec.officer_data(government).partner if government else None
    c = rec.officer_data(citizen).partner if citizen else None
    if args.json:
        _dump({"government": g.to_dict() if g else None, "citizen": c.to_dict() if c else None,
               "rows": [{"id": r.criterion.id, "government": r.government,
                         "citizen": r.citizen, "differ": r.differ, "cite": str(r.criterion.cite)}
                        for r in pt.side_by_side(g, c)]})
        return ExitCode.OK
    sys.stdout.write(pt.render_side_by_side(g, c, lang))
    if args.answers is not None:
        print(("保存しました: " if lang == "ja" else "saved: ") + session.id)
    return ExitCode.OK


# ------------------------------------------------------------------ agreement

def _agreement(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    store = _store(args)
    session = _session(store, args)
    citizen, government = rec.parties(store, session)
    if citizen is None or government is None:
        raise OfficerInputError(Problem(f"session {session.id}", 0,
                                        "not a two-party session: pair it with the other "
                                        "party's record first (intake: two-party view)"))
    text = outline(catalog, citizen, government, _lang(args))
    if args.output is None:
        sys.stdout.write(text)
    else:
        path = write_new(args.output, text)
        print(("書き出しました: " if _lang(args) == "ja" else "written: ") + str(path))
    return ExitCode.OK


# ------------------------------------------------------------------ evaluate

def _evaluate(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    store = _store(args)
    session = _session(store, args)
    if args.answers is not None:
        evaluation = ev.load_evaluation(args.answers, catalog, rec.side_of(session))
        session = store.save(rec.with_evaluation(session, evaluation))
    citizen, government = rec.parties(store, session)
    g_hist = rec.officer_data(government).evaluations if government else []
    c_hist = rec.officer_data(citizen).evaluations if citizen else []
    if not g_hist and not c_hist:
        raise OfficerInputError(Problem(f"session {session.id}", 0,
                                        "no evaluation saved yet (give --answers FILE)"))
    if args.json:
        g, c = ev.latest(g_hist), ev.latest(c_hist)
        _dump({"government": [e.to_dict() for e in g_hist],
               "citizen": [e.to_dict() for e in c_hist],
               "rows": [{"id": r.key, "government": r.government, "citizen": r.citizen,
                         "differ": r.differ} for r in ev.side_by_side(catalog, g, c)]})
        return ExitCode.OK
    sys.stdout.write(ev.render(catalog, g_hist, c_hist, _lang(args)))
    if args.answers is not None:
        print(("保存しました: " if _lang(args) == "ja" else "saved: ") + session.id)
    return ExitCode.OK


# ------------------------------------------------------------------ template

def _template(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    lang = _lang(args)
    levels = " | ".join(LEVELS)
    out: list[str] = []
    if args.step == "viewpoints":
        out += ['project = ""', 'purpose = ""',
                f'lead = "unknown"  # {" | ".join(vp.LEADS)}',
                f'traits = []  # any of: {", ".join(vp.TRAITS)}',
                f'forms = []  # form ids: {", ".join(catalog.forms)}', "", "[answers]"]
        for vid in vp.VIEWPOINTS:
            v = catalog.viewpoints.get(vid)
            out.append(f'{vid} = "unknown"  # {v.name.get(lang) if v else vid} ({levels})')
    elif args.step in ("partner", "self"):
        side = "government" if args.step == "partner" else "citizen"
        out += ['name = ""', "", "[answers]"]
        for c in pt.items_for(side):
            prompt = (c.officer if side == "government" else c.self_check) or c.officer
            out.append(f'{c.id} = "unknown"  # {prompt.get(lang)} ({levels})')
        out += ["", "[notes]"]
    else:
        out += ['notes = ""', "", "[answers]"]
        for item in ev.ITEMS:
            out.append(f'{item.id} = "unknown"  # {item.prompt.get(lang)} ({levels})')
        out += ["", "[principles]"]
        for p in catalog.principles.values():
            out.append(f'{p.id} = "unknown"  # {p.name.get(lang)} ({levels})')
    print("\n".join(out))
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "officer_command", "kyodo officer", {
        "viewpoints": _viewpoints, "partner": _partner, "agreement": _agreement,
        "evaluate": _evaluate, "template": _template,
    })

"""Answers files (TOML) → validated :data:`~kyodo_tui.core.placement.Answers`.

An answers file is a TOML table mapping question ids to answers: a choice id
(single), a list of choice ids (multi), a string (text). ``"unknown"`` answers
「分からない」 (for a multi question either ``"unknown"`` or ``["unknown"]``); a
question left out, an empty list or an empty text is skipped.

Every problem is collected and raised together as :class:`AnswersError`, each
located by path and line (the line of ``key =`` in the file; 0 when the file as
a whole is wrong).

**Answers to hidden questions are problems**, not silently dropped: an answers
file is written by hand or by a tool, and an answer that would be ignored
(``size = "large"`` when ``who = "resident"`` hides ``size``) most likely means
a mistake the user wants to hear about. The app never produces such answers: it
calls :func:`~kyodo_tui.core.placement.prune_hidden` before saving.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import tomli_w

from kyodo_tui.core import tomlfile
from kyodo_tui.core.errors import AnswersError, Problem
from kyodo_tui.core.model import UNKNOWN, Catalog, Question
from kyodo_tui.core.placement import Answers, visible_questions
from kyodo_tui.core.tomlfile import type_name


#: the longest text answer (characters); the app's text box stops there too
MAX_TEXT = 2_000


def _choices_hint(question: Question) -> str:
    ids = [c.id for c in question.choices]
    if question.allow_unknown:
        ids.append(UNKNOWN)
    return ", ".join(ids)


def _check_one(question: Question, value: object) -> tuple[str | list[str] | None, str | None]:  # noqa: C901 - one validator: a branch per answer kind, each its own message
    """(normalised answer or None for skipped, problem message or None)."""
    qid = question.id
    if question.kind == "text":
        if not isinstance(value, str):
            return None, f"{qid}: a text question takes a string, not {type_name(value)}"
        if len(value) > MAX_TEXT:
            return None, f"{qid}: the text is longer than {MAX_TEXT:,} characters"
        return (value if value.strip() else None), None
    if question.kind == "single":
        if not isinstance(value, str):
            return None, (f"{qid}: a single-choice question takes one choice id (a string), "
                          f"not {type_name(value)}")
        if value == UNKNOWN:
            if not question.allow_unknown:
                return None, f"{qid}: 'unknown' is not allowed here; choices: {_choices_hint(question)}"
            return UNKNOWN, None
        if question.choice(value) is None:
            return None, f"{qid}: unknown choice {value!r}; choices: {_choices_hint(question)}"
        return value, None
    # multi
    if isinstance(value, str):
        if value == UNKNOWN:
            if not question.allow_unknown:
                return None, f"{qid}: 'unknown' is not allowed here; choices: {_choices_hint(question)}"
            return UNKNOWN, None
        return None, (f"{qid}: a multiple-choice question takes a list of choice ids, "
                      f"not a string (write {qid} = [{value!r}])")
    if not isinstance(value, list):
        return None, f"{qid}: a multiple-choice question takes a list of choice ids, not {type_name(value)}"
    bad_types = [v for v in value if not isinstance(v, str)]
    if bad_types:
        return None, f"{qid}: every item must be a choice id (a string), not {type_name(bad_types[0])}"
    items: list[str] = [v for v in value if isinstance(v, str)]
    if not items:
        return None, None
    if UNKNOWN in items:
        if len(items) > 1:
            return None, f"{qid}: 'unknown' cannot be combined with other choices"
        if not question.allow_unknown:
            return None, f"{qid}: 'unknown' is not allowed here; choices: {_choices_hint(question)}"
        return UNKNOWN, None
    unknown = [v for v in items if question.choice(v) is None]
    if unknown:
        listed = ", ".join(repr(v) for v in unknown)
        return None, f"{qid}: unknown choice {listed}; choices: {_choices_hint(question)}"
    dupes = sorted(v for v, n in Counter(items).items() if n > 1)
    if dupes:
        return None, f"{qid}: choice {dupes[0]!r} is listed twice"
    alone = [v for v in items if (c := question.choice(v)) is not None and c.exclusive]
    if alone and len(items) > 1:
        return None, f"{qid}: {alone[0]!r} stands alone and cannot be combined with other choices"
    # catalog order, so equal sets of choices give equal answers
    return [c.id for c in question.choices if c.id in items], None


def validate_answers(
    catalog: Catalog,
    data: Mapping[str, object],
    path: str = "<answers>",
    *,
    source_text: str | None = None,
) -> Answers:
    """Check ``data`` against the questionnaire; return the normalised answers.

    Skipped answers (empty list, empty text) are left out of the result; multi
    answers are in catalog choice order. ``source_text`` (the file's text) lets
    problems carry line numbers. Raises :class:`AnswersError` listing every problem.
    """
    problems: list[Problem] = []
    answers: Answers = {}
    by_id = {q.id: q for q in catalog.questions}
    lines = tomlfile.key_lines(source_text)
    known = ""
    for key, value in data.items():
        line = lines.get(key, 0)
        question = by_id.get(key)
        if question is None:
            known = known or ", ".join(q.id for q in sorted(catalog.questions,
                                                            key=lambda x: x.order))
            problems.append(Problem(path, line, f"unknown question {key!r}; questions: {known}"))
            continue
        normal, message = _check_one(question, value)
        if message is not None:
            problems.append(Problem(path, line, message))
        elif normal is not None:
            answers[key] = normal
    if not problems:
        shown = {q.id for q in visible_questions(catalog, answers)}
        for key in list(answers):
            if key in shown:
                continue
            question = by_id[key]
            cond = question.show_if
            why = ""
            if cond is not None:
                why = (f" (asked only when {cond.question} is "
                       f"{' or '.join(repr(c) for c in cond.any_of)})")
            problems.append(Problem(path, lines.get(key, 0),
                                    f"{key}: this question is not asked with these answers{why}"))
    if problems:
        problems.sort(key=lambda p: p.line)
        raise AnswersError(problems)
    order = {q.id: q.order for q in catalog.questions}
    return dict(sorted(answers.items(), key=lambda kv: order[kv[0]]))


def load_answers(path: Path | str, catalog: Catalog) -> Answers:
    """Read and validate an answers file. Raises :class:`AnswersError`."""
    shown = str(path)
    text = tomlfile.read_text(path, shown, AnswersError, tomlfile.ANSWERS)
    data = tomlfile.parse(text, shown, AnswersError, tomlfile.ANSWERS)
    return validate_answers(catalog, data, shown, source_text=text)


def dump_answers(answers: Mapping[str, str | list[str]], catalog: Catalog | None = None) -> str:
    """The answers as an answers file (TOML); in question order when a catalog is given."""
    items = list(answers.items())
    if catalog is not None:
        order = {q.id: q.order for q in catalog.questions}
        items.sort(key=lambda kv: order.get(kv[0], 1 << 30))
    return tomli_w.dumps({k: (list(v) if isinstance(v, list) else v) for k, v in items})

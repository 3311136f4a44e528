"""The workshop record: groups (tables, rounds), anonymous answers, show-of-hands tallies.

Pure and immutable: every edit returns a new :class:`Workshop` (the UI keeps the
old one for undo). No I/O, no Textual. Nothing here holds a person's name: a
participant is an anonymous answer set, known only by its place in the list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from kyodo_tui.core.langs import LANG_CODES
from kyodo_tui.core.answers import _choices_hint, validate_answers
from kyodo_tui.core.errors import AnswersError, KyodoInputError, Problem, did_you_mean
from kyodo_tui.core.model import UNKNOWN, Catalog, Lang, Question, Text
from kyodo_tui.core.placement import Answers, prune_hidden, visible_questions
from kyodo_tui.core.tomlfile import type_name

__all__ = [
    "Counts",
    "Group",
    "Tally",
    "Workshop",
    "WorkshopError",
    "add_comparison",
    "add_group",
    "add_hands",
    "add_note",
    "add_participant",
    "group_hands",
    "has_whole_room",
    "is_round",
    "merge_groups",
    "new_workshop",
    "next_group_id",
    "remove_group",
    "remove_participant",
    "room",
    "set_count",
    "tally_problem",
    "without_free_text",
]

#: choice id (or ``"unknown"``) → number of hands
Counts = Mapping[str, int]
#: question id → counts
Tally = Mapping[str, Counts]

#: ids (workshop, group) follow the catalog's id rule
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
#: the id and label of the merged whole room
ROOM_ID = "room"
ROOM_LABEL = Text("全体", "Whole room")
#: ids of rounds: the same people before and after a discussion (never added up)
ROUND_IDS = frozenset({"before", "after"})
_WHERE = "<workshop>"


class WorkshopError(KyodoInputError):
    """A workshop record (a file, or an edit in the app) does not fit the catalog."""


@dataclass(frozen=True, slots=True)
class Group:
    """One table, round (``before``/``after``) or any other part of the room.

    ``participants`` are anonymous answer sets (people answering one after
    another at one keyboard); ``tally`` holds show-of-hands counts per question
    and choice (``"unknown"`` counts 「分からない」); ``notes`` holds optional
    free text per question. A group may have either or both.
    """

    id: str
    label: str
    participants: tuple[Answers, ...] = ()
    tally: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    notes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def hands(self) -> int:
        """All hands in the tally (not counting participants)."""
        return sum(n for counts in self.tally.values() for n in counts.values())

    @property
    def is_empty(self) -> bool:
        return not self.participants and self.hands == 0


@dataclass(frozen=True, slots=True)
class Workshop:
    """A workshop record. ``comparisons`` are (first, second) group ids to compare."""

    id: str
    title: str
    created: datetime
    lang: Lang
    groups: tuple[Group, ...] = ()
    comparisons: tuple[tuple[str, str], ...] = ()

    def group(self, group_id: str) -> Group | None:
        for g in self.groups:
            if g.id == group_id:
                return g
        return None


# ---------------------------------------------------------------- checks


def question_problem(catalog: Catalog, question_id: str, *, counted: bool) -> str | None:
    """Why ``question_id`` cannot be tallied (``counted``) or annotated; None when it can."""
    question = catalog.question(question_id)
    if question is None:
        ids = [q.id for q in sorted(catalog.questions, key=lambda q: q.order)]
        return (f"unknown question {question_id!r}{did_you_mean(question_id, ids)}; "
                f"questions: {', '.join(ids)}")
    if counted and question.kind == "text":
        return (f"{question_id}: a text question has no choices to count "
                "(put free text under notes)")
    return None


def choice_problem(question: Question, choice_id: str) -> str | None:
    """Why ``choice_id`` cannot be counted for ``question``; None when it can."""
    if choice_id == UNKNOWN:
        if question.allow_unknown:
            return None
        return (f"{question.id}: 'unknown' is not allowed here; "
                f"choices: {_choices_hint(question)}")
    if question.choice(choice_id) is None:
        ids = [c.id for c in question.choices]
        return (f"{question.id}: unknown choice {choice_id!r}{did_you_mean(choice_id, ids)}; "
                f"choices: {_choices_hint(question)}")
    return None


#: the most hands one choice can count (the tally screen's counter stops there too)
MAX_HANDS = 9999


def count_problem(value: object) -> str | None:
    """Why ``value`` is not a count of hands; None when it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"a count of hands is a whole number, not {type_name(value)}"
    if value < 0:
        return f"a count of hands cannot be negative (got {value})"
    if value > MAX_HANDS:
        return f"a count of hands is at most {MAX_HANDS} (got {value})"
    return None


def tally_problem(catalog: Catalog, question_id: str, choice_id: str, count: object) -> str | None:
    """Why ``count`` hands for ``choice_id`` of ``question_id`` do not fit; None when they do."""
    message = question_problem(catalog, question_id, counted=True)
    if message is not None:
        return message
    question = catalog.question(question_id)
    assert question is not None
    message = choice_problem(question, choice_id)
    if message is not None:
        return message
    problem = count_problem(count)
    return None if problem is None else f"{question_id}.{choice_id}: {problem}"


def id_problem(value: object, what: str) -> str | None:
    if not isinstance(value, str):
        return f"the {what} id must be a string, not {type_name(value)}"
    if not ID_RE.fullmatch(value):
        return (f"{value!r} is not a valid {what} id "
                "(lower-case ASCII: [a-z0-9][a-z0-9._-]*, e.g. table-1)")
    return None


def _fail(message: str) -> WorkshopError:
    return WorkshopError(Problem(_WHERE, 0, message))


# ---------------------------------------------------------------- building


def new_workshop(title: str, *, created: datetime, lang: Lang = "ja",
                 workshop_id: str | None = None) -> Workshop:
    """An empty workshop. Its id defaults to ``ws-YYYYMMDD-HHMMSS`` from ``created``."""
    if not title.strip():
        raise _fail("a workshop needs a title")
    wid = workshop_id if workshop_id is not None else created.strftime("ws-%Y%m%d-%H%M%S")
    problem = id_problem(wid, "workshop")
    if problem:
        raise _fail(problem)
    if lang not in LANG_CODES:
        raise _fail(f"lang must be one of {', '.join(LANG_CODES)}, not {lang!r}")
    return Workshop(wid, title.strip(), created, lang)


def next_group_id(workshop: Workshop, prefix: str = "table") -> str:
    """The first free ``prefix-N`` id (N = 1, 2, …)."""
    taken = {g.id for g in workshop.groups}
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def add_group(workshop: Workshop, group_id: str, label: str) -> Workshop:
    """Add an empty group at the end."""
    problem = id_problem(group_id, "group")
    if problem:
        raise _fail(problem)
    if workshop.group(group_id) is not None:
        raise _fail(f"there is already a group {group_id!r}")
    if not label.strip():
        raise _fail("a group needs a label (e.g. テーブル1 / before)")
    return replace(workshop, groups=workshop.groups + (Group(group_id, label.strip()),))


def remove_group(workshop: Workshop, group_id: str) -> Workshop:
    """Remove a group and every comparison naming it."""
    _get(workshop, group_id)
    return replace(
        workshop,
        groups=tuple(g for g in workshop.groups if g.id != group_id),
        comparisons=tuple(c for c in workshop.comparisons if group_id not in c),
    )


def _get(workshop: Workshop, group_id: str) -> Group:
    group = workshop.group(group_id)
    if group is None:
        ids = ", ".join(g.id for g in workshop.groups) or "(none)"
        raise _fail(f"unknown group {group_id!r}; groups: {ids}")
    return group


def _put(workshop: Workshop, group: Group) -> Workshop:
    return replace(workshop, groups=tuple(group if g.id == group.id else g
                                          for g in workshop.groups))


def _ordered_counts(question: Question, counts: Mapping[str, int]) -> dict[str, int]:
    """Counts in catalog choice order, ``unknown`` last, zeros dropped."""
    out = {c.id: counts[c.id] for c in question.choices if counts.get(c.id, 0) > 0}
    if counts.get(UNKNOWN, 0) > 0:
        out[UNKNOWN] = counts[UNKNOWN]
    return out


def _ordered_tally(catalog: Catalog, tally: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for q in sorted(catalog.questions, key=lambda q: q.order):
        counts = _ordered_counts(q, tally.get(q.id, {}))
        if counts:
            out[q.id] = counts
    return out


def set_count(catalog: Catalog, workshop: Workshop, group_id: str, question_id: str,
              choice_id: str, count: int) -> Workshop:
    """Set the number of hands for one choice (0 clears it)."""
    problem = tally_problem(catalog, question_id, choice_id, count)
    if problem:
        raise _fail(problem)
    group = _get(workshop, group_id)
    tally = {q: dict(c) for q, c in group.tally.items()}
    tally.setdefault(question_id, {})[choice_id] = count
    return _put(workshop, replace(group, tally=_ordered_tally(catalog, tally)))


def add_hands(catalog: Catalog, workshop: Workshop, group_id: str, question_id: str,
              choice_id: str, delta: int = 1) -> Workshop:
    """Add ``delta`` hands (negative to take some back; the count never goes below 0)."""
    group = _get(workshop, group_id)
    current = group.tally.get(question_id, {}).get(choice_id, 0)
    return set_count(catalog, workshop, group_id, question_id, choice_id,
                     max(0, current + delta))


def add_participant(catalog: Catalog, workshop: Workshop, group_id: str,
                    answers: Mapping[str, object]) -> Workshop:
    """Add one anonymous answer set. Answers to hidden questions are dropped first."""
    group = _get(workshop, group_id)
    usable: Answers = {k: v for k, v in answers.items() if isinstance(v, (str, list))}
    shown = {q.id for q in visible_questions(catalog, usable)}
    # hidden questions' answers go; unknown questions and bad values stay, to be reported
    pruned = {k: v for k, v in answers.items() if k in shown or catalog.question(k) is None}
    try:
        valid = validate_answers(catalog, pruned, _WHERE)
    except AnswersError as exc:
        raise WorkshopError(exc.problems) from exc
    if not valid:
        raise _fail("an empty answer set: nothing to add")
    return _put(workshop, replace(group, participants=group.participants + (valid,)))


def remove_participant(workshop: Workshop, group_id: str, index: int = -1) -> Workshop:
    """Remove one answer set (default: the last one, to undo a mistaken entry)."""
    group = _get(workshop, group_id)
    people = list(group.participants)
    if not people:
        raise _fail(f"group {group_id!r} has no participants")
    try:
        people.pop(index)
    except IndexError:
        raise _fail(f"group {group_id!r} has no participant number {index}") from None
    return _put(workshop, replace(group, participants=tuple(people)))


def add_note(catalog: Catalog, workshop: Workshop, group_id: str, question_id: str,
             text: str) -> Workshop:
    """Add one free-text note to a question (any kind of question)."""
    problem = question_problem(catalog, question_id, counted=False)
    if problem:
        raise _fail(problem)
    if not text.strip():
        raise _fail("an empty note")
    group = _get(workshop, group_id)
    notes = {q: tuple(n) for q, n in group.notes.items()}
    notes[question_id] = notes.get(question_id, ()) + (text.strip(),)
    order = {q.id: q.order for q in catalog.questions}
    notes = dict(sorted(notes.items(), key=lambda kv: order.get(kv[0], 1 << 30)))
    return _put(workshop, replace(group, notes=notes))


def add_comparison(workshop: Workshop, first: str, second: str) -> Workshop:
    """Record a pair of groups to compare (e.g. ``before``, ``after``)."""
    _get(workshop, first)
    _get(workshop, second)
    if first == second:
        raise _fail("compare two different groups")
    if (first, second) in workshop.comparisons:
        return workshop
    return replace(workshop, comparisons=workshop.comparisons + ((first, second),))


# ---------------------------------------------------------------- combining


def merge_groups(groups: Sequence[Group], group_id: str = ROOM_ID,
                 label: str = ROOM_LABEL.ja) -> Group:
    """One group holding every participant, the summed tallies and all notes."""
    participants: list[Answers] = []
    tally: dict[str, dict[str, int]] = {}
    notes: dict[str, tuple[str, ...]] = {}
    for g in groups:
        participants.extend(g.participants)
        for qid, counts in g.tally.items():
            into = tally.setdefault(qid, {})
            for cid, n in counts.items():
                into[cid] = into.get(cid, 0) + n
        for qid, texts in g.notes.items():
            notes[qid] = notes.get(qid, ()) + tuple(texts)
    return Group(group_id, label, tuple(participants), tally, notes)


def without_free_text(catalog: Catalog, workshop: Workshop) -> Workshop:
    """The record with no free text: no notes, no participant's text answers.

    What an export holds when 「自由記述を含める」 is not ticked: counts and
    choices only (the room's own words can name people or say private things).
    """
    text_ids = {q.id for q in catalog.questions if q.kind == "text"}
    groups = []
    for g in workshop.groups:
        participants = tuple({k: v for k, v in a.items() if k not in text_ids}
                             for a in g.participants)
        groups.append(replace(g, participants=participants, notes={}))
    return replace(workshop, groups=tuple(groups))


def is_round(group: Group) -> bool:
    """A round (``before``/``after``): the same people as the other round."""
    return group.id in ROUND_IDS


def has_whole_room(workshop: Workshop) -> bool:
    """Whether 「全体」 means something: several groups of *different* people.

    Rounds are the same people twice: adding them would count everyone twice
    (30 people in each round is not 60 people), so a workshop with rounds has no
    whole room; its rounds are shown apart and compared.
    """
    return len(workshop.groups) > 1 and not any(is_round(g) for g in workshop.groups)


def room(workshop: Workshop, lang: Lang | None = None) -> Group:
    """The whole room: every group merged, labelled 全体 / Whole room."""
    return merge_groups(workshop.groups, ROOM_ID, ROOM_LABEL.get(lang or workshop.lang))


def group_hands(catalog: Catalog, group: Group) -> dict[str, dict[str, int]]:
    """The group's tally plus its participants' answers counted as hands.

    A participant raises one hand per answered single question, one per ticked
    choice of a multi question, and one for 「分からない」; answers to hidden
    questions and text answers are not counted. Catalog order, zeros dropped.
    """
    tally: dict[str, dict[str, int]] = {q: dict(c) for q, c in group.tally.items()}
    by_id = {q.id: q for q in catalog.questions}
    for answers in group.participants:
        for qid, value in prune_hidden(catalog, answers).items():
            q = by_id.get(qid)
            if q is None or q.kind == "text":
                continue
            if value == UNKNOWN or value == [UNKNOWN]:
                ids: list[str] = [UNKNOWN]
            elif isinstance(value, str):
                ids = [value] if q.choice(value) is not None else []
            else:
                ids = [v for v in value if q.choice(v) is not None]
                if q.kind == "single":
                    ids = ids[:1]
            counts = tally.setdefault(qid, {})
            for cid in ids:
                counts[cid] = counts.get(cid, 0) + 1
    return _ordered_tally(catalog, tally)

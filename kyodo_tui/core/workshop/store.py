"""Workshop records on disk: TOML, validated on load, written atomically.

A record looks like this (``docs/workshop.md`` has every key)::

    schema_version = 1
    id = "ws-20250501-140000"
    title = "みらいまちづくり会議"
    created = 2025-05-01T14:00:00+09:00
    lang = "ja"
    comparisons = [["before", "after"]]

    [[group]]
    id = "before"
    label = "話し合いの前"

    [group.tally.lead]          # question id → choice id → hands
    we-supported = 3
    municipality-alone = 1
    unknown = 2

    [group.notes]               # question id → free-text notes
    lead = ["行政と一緒に、という声が多い"]

    [[group.participant]]       # one anonymous answer set: no names
    who = "resident"
    lead = "together"

Loading collects every problem (a negative count, an unknown question or
choice id, a wrong type, an unknown key …) as a :class:`Problem` with the file
and line, and raises :class:`WorkshopError`. Participants' answers are checked
by :func:`kyodo_tui.core.answers.validate_answers`, like an answers file.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli_w

from kyodo_tui.core.langs import LANG_CODES
from kyodo_tui.core import tomlfile
from kyodo_tui.core.answers import validate_answers
from kyodo_tui.core.catalog import _FileIndex
from kyodo_tui.core.errors import AnswersError, Problem, did_you_mean
from kyodo_tui.core.model import Catalog, Lang
from kyodo_tui.core.placement import Answers
from kyodo_tui.core.tomlfile import type_name
from kyodo_tui.core.workshop.model import (
    Group,
    Workshop,
    WorkshopError,
    _ordered_tally,
    choice_problem,
    count_problem,
    id_problem,
    question_problem,
)

__all__ = [
    "SCHEMA_VERSION",
    "dumps_workshop",
    "load_workshop",
    "loads_workshop",
    "save_workshop",
]

SCHEMA_VERSION = 1
_TOP_KEYS = ("schema_version", "id", "title", "created", "lang", "comparisons", "group")
_GROUP_KEYS = ("id", "label", "tally", "notes", "participant")
#: keys that would identify a person; refused with a clear message
_NAME_KEYS = ("name", "names", "full_name", "fullname", "person", "participant",
              "氏名", "名前", "なまえ")
_HEADER = "# kyodo workshop record (協働ワークショップの記録); format: docs/workshop.md\n"


# ---------------------------------------------------------------- writing


def _plain(workshop: Workshop) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": workshop.id,
        "title": workshop.title,
        "created": workshop.created,
        "lang": workshop.lang,
    }
    if workshop.comparisons:
        data["comparisons"] = [list(pair) for pair in workshop.comparisons]
    groups = []
    for g in workshop.groups:
        item: dict[str, Any] = {"id": g.id, "label": g.label}
        tally = {q: dict(c) for q, c in g.tally.items() if any(c.values())}
        if tally:
            item["tally"] = tally
        if g.notes:
            item["notes"] = {q: list(n) for q, n in g.notes.items() if n}
        if g.participants:
            item["participant"] = [
                {k: (list(v) if isinstance(v, list) else v) for k, v in a.items()}
                for a in g.participants
            ]
        groups.append(item)
    if groups:
        data["group"] = groups
    return data


def dumps_workshop(workshop: Workshop) -> str:
    """The record as TOML text."""
    return _HEADER + tomli_w.dumps(_plain(workshop))


def save_workshop(workshop: Workshop, path: Path | str, *, overwrite: bool = False) -> Path:
    """Write the record atomically. An existing file is replaced only with ``overwrite``.

    (The app passes ``overwrite=True`` when saving back to the file it opened, or
    when the user agreed to replace the file they chose.)
    """
    from kyodo_tui.core.export import write_new_file

    target = Path(path)
    data = dumps_workshop(workshop).encode("utf-8")
    if not overwrite:
        write_new_file(target, data)  # raises if it exists
        return target
    from kyodo_tui.core.atomic import write_file

    if not target.parent.is_dir():
        raise WorkshopError(Problem(str(path), 0, f"no such folder: {target.parent}"))
    if target.exists() and not target.is_file():
        raise WorkshopError(Problem(str(path), 0, "exists and is not a file"))
    try:
        write_file(target, data)
    except OSError as exc:
        raise WorkshopError(Problem(str(path), 0,
                                    f"cannot write: {exc.strerror or exc}")) from exc
    return target


# ---------------------------------------------------------------- reading


def load_workshop(path: Path | str, catalog: Catalog) -> Workshop:
    """Read and validate a record. Raises :class:`WorkshopError` (every problem, with lines)."""
    shown = str(path)
    return loads_workshop(tomlfile.read_text(path, shown, WorkshopError, tomlfile.WORKSHOP),
                          catalog, shown)


def loads_workshop(text: str, catalog: Catalog, path: str = "<workshop>") -> Workshop:
    """Parse and validate a record's text."""
    text = text.removeprefix("\ufeff")
    data = tomlfile.parse(text, path, WorkshopError, tomlfile.WORKSHOP)
    return _Reader(catalog, path, text).read(data)


#: problems listed at most per record (the rest are found once these are fixed)
MAX_PROBLEMS = 200

#: the first key of a ``key =`` or ``key.sub =`` line (bare, "quoted" or 'literal')
_KEY_START_RE = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')\s*[=.]""")


class _Reader:
    """Validates the parsed data, collecting every problem with its line."""

    def __init__(self, catalog: Catalog, path: str, text: str) -> None:
        self.catalog = catalog
        self.path = path
        self.index = _FileIndex(text)
        self.problems: list[Problem] = []
        self._prefixes: dict[str, list[int]] | None = None
        self._key_memo: dict[tuple[int, int], dict[str, int]] = {}
        headers = self.index.headers
        self.first_header = headers[0][0] if headers else len(self.index.lines) + 1

    # -- locating

    def bad(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def top_line(self, key: str) -> int:
        end = self.first_header
        found = self.index.find_key(key, 1, end, end, "")
        if found is None and key == "group":
            found = self.index.nth_array_header("group", 0)
        return found or 0

    def line_in(self, start: int, end: int, table: str, *keys: str) -> int:
        """The line of ``table.keys…`` inside [start, end) (the deepest one found).

        Each key is looked for as a table header (``[group.tally.lead]``), then as
        a ``key =`` line among the current table's own lines.
        """
        line = start
        for key in keys:
            name = f"{table}.{key}"
            found = self._header_at(name, line, end)
            if found is None:
                stop = min(self.index.own_end(line), end, len(self.index.lines) + 1)
                found = self._own_keys(max(line, 1), stop).get(key)
            if found is None:
                return line
            table, line = name, found
        return line

    def _header_at(self, name: str, start: int, end: int) -> int | None:
        """The first header ``[name]`` or ``[name.…]`` on a line in [start, end)."""
        if self._prefixes is None:  # every header under each of its dotted prefixes, once
            self._prefixes = {}
            for n, _is_array, header in self.index.headers:
                parts = header.split(".")
                for i in range(1, len(parts) + 1):
                    self._prefixes.setdefault(".".join(parts[:i]), []).append(n)
        lines = self._prefixes.get(name, [])
        i = bisect_left(lines, start)
        return lines[i] if i < len(lines) and lines[i] < end else None

    def _own_keys(self, start: int, stop: int) -> dict[str, int]:
        """``key`` → its first line among lines [start, stop) (one pass per table)."""
        found = self._key_memo.get((start, stop))
        if found is None:
            found = {}
            lines = self.index.lines
            for number in range(start, stop):
                m = _KEY_START_RE.match(lines[number - 1])
                if m is not None:
                    found.setdefault(next(g for g in m.groups() if g is not None), number)
            self._key_memo[(start, stop)] = found
        return found

    def group_span(self, n: int) -> tuple[int, int]:
        start = self.index.nth_array_header("group", n)
        if start is None:  # written inline: the best we know is the `group =` line
            line = self.top_line("group")
            return line, len(self.index.lines) + 1
        return start, self.index.span_end(start, "group")

    # -- reading

    def read(self, data: Mapping[str, Any]) -> Workshop:
        wid = self.top(data)
        groups = self.groups(data.get("group", []))
        comparisons = self.comparisons(data.get("comparisons", []), groups)
        if self.problems:
            self.problems.sort(key=lambda p: p.line)
            raise WorkshopError(self.problems)
        title = data["title"].strip()
        created = _as_datetime(data["created"])
        assert created is not None
        lang: Lang = data["lang"] if data["lang"] in LANG_CODES else "ja"
        return Workshop(wid, title, created, lang, tuple(groups), comparisons)

    def top(self, data: Mapping[str, Any]) -> str:
        for key in data:
            if key not in _TOP_KEYS:
                self.bad(self.top_line(key),
                         f"unknown key {key!r}{did_you_mean(key, _TOP_KEYS)}")
        for key in ("schema_version", "id", "title", "created", "lang"):
            if key not in data:
                self.bad(0, f"missing {key!r} (a workshop record needs schema_version, id, "
                         "title, created and lang)")
        version = data.get("schema_version")
        if "schema_version" in data:
            if isinstance(version, bool) or not isinstance(version, int):
                self.bad(self.top_line("schema_version"),
                         f"schema_version must be a whole number, not {type_name(version)}")
            elif version > SCHEMA_VERSION:
                self.bad(self.top_line("schema_version"),
                         f"schema_version {version} was written by a newer kyodo; this one "
                         f"reads up to {SCHEMA_VERSION} (the file is left as it is)")
            elif version < 1:
                self.bad(self.top_line("schema_version"),
                         f"schema_version must be 1 or more, not {version}")
        wid = data.get("id")
        if "id" in data:
            problem = id_problem(wid, "workshop")
            if problem:
                self.bad(self.top_line("id"), problem)
        title = data.get("title")
        if "title" in data and (not isinstance(title, str) or not title.strip()):
            self.bad(self.top_line("title"),
                     "title must be a non-empty string"
                     + ("" if isinstance(title, str) else f", not {type_name(title)}"))
        if "created" in data and _as_datetime(data["created"]) is None:
            self.bad(self.top_line("created"),
                     "created must be a date and time (e.g. 2025-05-01T14:00:00+09:00), "
                     f"not {type_name(data['created'])}")
        lang = data.get("lang")
        if "lang" in data and lang not in LANG_CODES:
            self.bad(self.top_line("lang"),
                     f"lang must be one of {', '.join(LANG_CODES)}, not {lang!r}")
        return wid if isinstance(wid, str) else ""

    def groups(self, value: object) -> list[Group]:
        if not isinstance(value, list) or not all(isinstance(g, dict) for g in value):
            self.bad(self.top_line("group"),
                     "group must be an array of tables ([[group]]), not " + type_name(value))
            return []
        out: list[Group] = []
        seen: set[str] = set()
        for n, item in enumerate(value):
            start, end = self.group_span(n)
            gid = item.get("id")
            if isinstance(gid, str):
                if gid in seen:
                    self.bad(self.line_in(start, end, "group", "id"),
                             f"there is already a group {gid!r} (group ids are unique)")
                seen.add(gid)
            group = self.group(item, start, end)
            if group is not None:
                out.append(group)
        return out

    def group(self, item: Mapping[str, Any], start: int, end: int) -> Group | None:
        before = len(self.problems)
        for key in item:
            if key not in _GROUP_KEYS:
                hint = did_you_mean(key, _GROUP_KEYS)
                if key in ("name", "names", "person", "people"):
                    hint = " (workshop records keep no names: participants are anonymous)"
                self.bad(self.line_in(start, end, "group", key), f"group: unknown key {key!r}{hint}")
        gid = item.get("id")
        problem = id_problem(gid, "group") if "id" in item else "a group needs an id"
        if problem:
            self.bad(self.line_in(start, end, "group", "id") if "id" in item else start, problem)
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            self.bad(self.line_in(start, end, "group", "label") if "label" in item else start,
                     "a group needs a label (a non-empty string, e.g. テーブル1)")
        tally = self.tally(item.get("tally", {}), start, end)
        notes = self.notes(item.get("notes", {}), start, end)
        participants = self.participants(item.get("participant", []), start, end)
        if len(self.problems) > before:
            return None
        assert isinstance(gid, str) and isinstance(label, str)
        return Group(gid, label.strip(), tuple(participants),
                     _ordered_tally(self.catalog, tally), notes)

    def tally(self, value: object, start: int, end: int) -> dict[str, dict[str, int]]:
        if not isinstance(value, dict):
            self.bad(self.line_in(start, end, "group", "tally"),
                     f"tally must be a table of questions, not {type_name(value)}")
            return {}
        out: dict[str, dict[str, int]] = {}
        for qid, counts in value.items():
            line = self.line_in(start, end, "group", "tally", qid)
            problem = question_problem(self.catalog, qid, counted=True)
            if problem:
                self.bad(line, f"tally: {problem}")
                continue
            question = self.catalog.question(qid)
            assert question is not None
            if not isinstance(counts, dict):
                self.bad(line, f"tally.{qid} must be a table of choice = hands, "
                         f"not {type_name(counts)}")
                continue
            good: dict[str, int] = {}
            for cid, n in counts.items():
                if len(self.problems) >= MAX_PROBLEMS:  # enough to fix first; bounded time
                    break
                cline = self.line_in(start, end, "group", "tally", qid, cid)
                message = choice_problem(question, cid) or (
                    None if count_problem(n) is None else f"{qid}.{cid}: {count_problem(n)}")
                if message:
                    self.bad(cline, f"tally: {message}")
                else:
                    good[cid] = n
            out[qid] = good
        return out

    def notes(self, value: object, start: int, end: int) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            self.bad(self.line_in(start, end, "group", "notes"),
                     f"notes must be a table of question = [texts], not {type_name(value)}")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for qid, texts in value.items():
            line = self.line_in(start, end, "group", "notes", qid)
            problem = question_problem(self.catalog, qid, counted=False)
            if problem:
                self.bad(line, f"notes: {problem}")
                continue
            if isinstance(texts, str):
                self.bad(line, f"notes.{qid} must be a list of texts (write {qid} = [{texts!r}])")
                continue
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                self.bad(line, f"notes.{qid} must be a list of texts, not {type_name(texts)}")
                continue
            kept = tuple(t.strip() for t in texts if t.strip())
            if kept:
                out[qid] = kept
        order = {q.id: q.order for q in self.catalog.questions}
        return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], 1 << 30)))

    def participants(self, value: object, start: int, end: int) -> list[Answers]:
        heads = self.index.array_headers("group.participant", start, end)
        if not isinstance(value, list):
            self.bad(self.line_in(start, end, "group", "participant"),
                     "participant must be an array of tables ([[group.participant]]), "
                     f"not {type_name(value)}")
            return []
        out: list[Answers] = []
        for m, answers in enumerate(value):
            if len(self.problems) >= MAX_PROBLEMS:
                break
            head = heads[m] if m < len(heads) else self.line_in(start, end, "group",
                                                                "participant")
            if not isinstance(answers, dict):
                self.bad(head, f"participant {m + 1} must be a table of answers, "
                         f"not {type_name(answers)}")
                continue
            if not answers:
                self.bad(head, f"participant {m + 1} has no answers")
                continue
            named = [k for k in answers if k.casefold() in _NAME_KEYS]
            for key in named:
                self.bad(self.line_in(head, end, "group.participant", key)
                         if m < len(heads) else head,
                         f"participant {m + 1}: {key!r}: workshop records keep no names "
                         "(participants are anonymous); remove it")
            answers = {k: v for k, v in answers.items() if k not in named}
            own_end = self.index.own_end(head) if m < len(heads) else head + 1
            section = "\n".join(self.index.lines[head:own_end - 1]) if m < len(heads) else None
            try:
                out.append(validate_answers(self.catalog, answers, self.path,
                                            source_text=section))
            except AnswersError as exc:
                for p in exc.problems:
                    line = head + p.line if (p.line and section is not None) else head
                    self.bad(line, f"participant {m + 1}: {p.message}")
        return out

    def comparisons(self, value: object, groups: list[Group]) -> tuple[tuple[str, str], ...]:
        line = self.top_line("comparisons")
        if not isinstance(value, list):
            self.bad(line, f"comparisons must be a list of [first, second] group ids, "
                     f"not {type_name(value)}")
            return ()
        ids = {g.id for g in groups}
        out: list[tuple[str, str]] = []
        for pair in value:
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(x, str) for x in pair)):
                self.bad(line, f"each comparison is a pair of group ids like "
                         f'["before", "after"], not {pair!r}')
                continue
            a, b = pair
            missing = [x for x in (a, b) if x not in ids]
            if missing:
                if not self.problems:  # else the group may only have been dropped as bad
                    self.bad(line, f"comparisons: unknown group {missing[0]!r}; groups: "
                             f"{', '.join(sorted(ids)) or '(none)'}")
                continue
            if a == b:
                self.bad(line, f"comparisons: compare two different groups, not {a!r} twice")
                continue
            if (a, b) not in out:
                out.append((a, b))
        return tuple(out)


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None

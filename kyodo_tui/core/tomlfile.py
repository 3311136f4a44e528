"""Reading user-supplied TOML files with located problems, within bounds.

Every TOML input (catalog layers, answers files, workshop records, the kiosk
config) is read the same way: bytes (at most ``limits.max_bytes``) → UTF-8 (an
undecodable byte is reported at its line and column) → without a leading BOM →
:func:`scan` (the bounds) → ``tomllib``, whose "(at line N, column M)" becomes
``Problem(path, N, "TOML syntax error: … (column M)")``.

**Bounds.** Every file is checked against :class:`Limits`, one set per kind of
file (:data:`ANSWERS`, :data:`CATALOG`, :data:`WORKSHOP`, :data:`KIOSK`), before
``tomllib`` sees it: file size, string and key length, items in one array, keys
in the file, nesting depth (arrays, inline tables, dotted keys, headers) and
numbers (digits, finite, magnitude). :func:`scan` does this in one linear pass
and reports the first excess as ``path:line``, so no input can make the parser
(or the validators after it) run long, recurse deeply or use much memory.
Range checks that depend on meaning (a workshop count <= 9999, a weight <= 100)
are the validators' job.

Failures raise ``error`` (a :class:`KyodoInputError` subclass the caller picks,
so an answers file raises ``AnswersError``); sites that collect problems catch
:class:`KyodoInputError` and keep its ``problems``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.lazyre import lazy
from kyodo_tui.core.records import dataclass

if TYPE_CHECKING:
    import tomllib

__all__ = ["ANSWERS", "CATALOG", "DEFAULT", "KIOSK", "SESSION", "WORKSHOP", "Limits", "decode",
           "key_lines", "loads", "parse", "read_bytes", "read_problem", "read_text", "scan",
           "syntax_problem", "too_big_problem", "type_name"]

_POS_RE = lazy(r"\s*\(at line (\d+), column (\d+)\)")
_END_RE = lazy(r"\s*\(at end of document\)")


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a TOML input may be. Every bound is far above what a real file needs."""

    #: the file's size in bytes
    max_bytes: int = 1_000_000
    #: characters in one string value
    max_string: int = 20_000
    #: characters in one key (one part of a dotted key or header)
    max_key: int = 128
    #: values in one array
    max_items: int = 10_000
    #: arrays/inline tables inside each other; parts of one dotted key or header
    max_depth: int = 16
    #: ``key =`` lines, inline keys and table headers in the whole file
    max_keys: int = 50_000
    #: table headers (``[t]``, ``[[t]]``) in the whole file
    max_tables: int = 10_000
    #: digits in one number literal
    max_digits: int = 24
    #: the largest magnitude of a number (nan and inf are never accepted)
    max_number: float = 1e15


DEFAULT = Limits()
#: an answers file: question ids (a few dozen) to short answers
ANSWERS = Limits(max_bytes=256_000, max_string=4_000, max_key=64, max_items=200,
                 max_depth=4, max_keys=2_000, max_tables=200)
#: one catalog file (the biggest built-in file is ~35 KB, its longest text 343 characters)
CATALOG = Limits(max_bytes=1_000_000, max_string=4_000, max_key=64, max_items=5_000,
                 max_depth=8, max_keys=50_000, max_tables=5_000)
#: a workshop record: groups (<= 20), tallies, notes and anonymous participants
WORKSHOP = Limits(max_bytes=1_000_000, max_string=4_000, max_key=64, max_items=1_000,
                  max_depth=8, max_keys=20_000, max_tables=2_000)
#: a saved session (notes up to 20,000 characters, a few dozen answers, contact details)
SESSION = Limits(max_bytes=512_000, max_string=20_000, max_key=64, max_items=1_000,
                 max_depth=6, max_keys=5_000, max_tables=200)
#: the kiosk config
KIOSK = Limits(max_bytes=64_000, max_string=4_000, max_key=64, max_items=200,
               max_depth=6, max_keys=1_000, max_tables=200)


def read_bytes(path: Path | str, shown: str,
               error: type[KyodoInputError] = KyodoInputError,
               limits: Limits = DEFAULT) -> bytes:
    """The file's bytes; raises ``error`` ("cannot read the file: …", line 0).

    A file over ``limits.max_bytes`` is refused without reading it whole.
    """
    try:
        with Path(path).open("rb") as f:
            data = f.read(limits.max_bytes + 1)
    except OSError as exc:
        raise error(read_problem(exc, shown)) from exc
    if len(data) > limits.max_bytes:
        raise error(too_big_problem(shown, limits))
    return data


def too_big_problem(shown: str, limits: Limits) -> Problem:
    """The problem for a file over ``limits.max_bytes``."""
    return Problem(shown, 0, f"the file is too big (more than {limits.max_bytes:,} bytes)")


def read_problem(exc: OSError, shown: str) -> Problem:
    """Why a file could not be read, for the whole file (line 0)."""
    return Problem(shown, 0, f"cannot read the file: {exc.strerror or exc}")


def decode(data: bytes, shown: str, error: type[KyodoInputError] = KyodoInputError) -> str:
    """``data`` as UTF-8 text without a leading BOM; raises ``error`` at the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(Problem(shown, line, f"not UTF-8: undecodable byte 0x{data[exc.start]:02x} "
                                         f"at column {column} (save the file as UTF-8)")) from exc
    return text.removeprefix("\ufeff")


def read_text(path: Path | str, shown: str,
              error: type[KyodoInputError] = KyodoInputError,
              limits: Limits = DEFAULT) -> str:
    """:func:`read_bytes` then :func:`decode`."""
    return decode(read_bytes(path, shown, error, limits), shown, error)


def type_name(value: object) -> str:
    """A parsed TOML value's type in TOML's words, for "must be …, not a table" messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def syntax_problem(exc: tomllib.TOMLDecodeError, shown: str, text: str) -> Problem:
    """``exc`` (from parsing ``text``) as a Problem on its line, the column in the message.

    An error "at end of document" is put on the file's last line.
    """
    message = str(exc)
    m = _POS_RE.search(message)
    if m:
        line = int(m.group(1))
        message = f"{_POS_RE.sub('', message).strip()} (column {m.group(2)})"
    elif _END_RE.search(message):
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        message = f"{_END_RE.sub('', message).strip()} (at the end of the file)"
    else:
        line = 0
    return Problem(shown, line, f"TOML syntax error: {message}")


def parse(text: str, shown: str, error: type[KyodoInputError] = KyodoInputError,
          limits: Limits = DEFAULT) -> dict[str, Any]:
    """:func:`scan` then :func:`loads`; raises ``error`` with a located problem."""
    scan(text, shown, error, limits)
    return loads(text, shown, error)


def loads(text: str, shown: str, error: type[KyodoInputError] = KyodoInputError
          ) -> dict[str, Any]:
    """``tomllib.loads(text)`` (after :func:`scan`); every failure raises ``error``."""
    import tomllib  # here: a command whose files are all cached never imports it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(syntax_problem(exc, shown, text)) from exc
    except (ValueError, RecursionError, MemoryError) as exc:  # a net behind scan()
        raise error(Problem(shown, 0, "the file is too complex to read "
                                      f"({type(exc).__name__})")) from exc


# --------------------------------------------------------------------------- scan

_TOKEN = lazy(r'''
    [ \t\r]*
    (?:
    (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<mlb>"""(?:[^"\\]+|\\[\s\S]|"(?!""))*(?:""""{0,2})?)
  | (?P<mll>\'\'\'[\s\S]*?(?:\'\'\'\'{0,2}|\Z))
  | (?P<bs>"(?:[^"\\\n]+|\\.)*"?)
  | (?P<ls>\'[^\'\n]*\'?)
  | (?P<dt>\d{4}-\d\d-\d\d(?:[Tt\ ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?)
  | (?P<bare>[A-Za-z0-9_+\-.:]+)
  | (?P<punct>[\s\S])
  | (?P<end>\Z)
    )
''', re.VERBOSE)
#: a run of short plain strings in an array (``"a", "b",``), checked in one step
_STRINGS = lazy(r'(?:[ \t\r\n]*"[^"\\\n]{0,200}"[ \t\r\n]*,)+')
#: a run of ``key = "text",`` or ``key = 0.5,`` pairs in an inline table
_PAIRS = lazy(r'''(?:[ \t]*[A-Za-z0-9_-]{1,64}[ \t]*=[ \t]*
    (?:"[^"\\\n]{0,200}"|[0-9][0-9.]{0,12})[ \t]*,)+''', re.VERBOSE)
#: the common line ``key = "text"`` / ``key = 12``, checked in one step
_S = r'"[^"\\\n]{0,200}"'                     # a short plain string
_N = r"[0-9][0-9.]{0,12}"                         # a small plain number
_ARR = rf"\[[ \t]*(?:{_S}[ \t]*,[ \t]*)*(?:{_S}[ \t]*)?\]"
_PAIR = rf"[A-Za-z0-9_-]{{1,64}}[ \t]*=[ \t]*(?:{_S}|{_N}|{_ARR})"
_TBL = rf"\{{[ \t]*(?:{_PAIR}[ \t]*,[ \t]*)*(?:{_PAIR}[ \t]*)?\}}"
#: the common lines ``key = "text"``, ``key = 12``, ``key = ["a", "b"]`` and
#: ``key = { ja = "…", en = ["…"] }``, checked in one step
_SIMPLE = lazy(rf'''[ \t\r]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*
    (?:"((?:[^"\\\n]+|\\.)*)"|\'([^\'\n]*)\'|([A-Za-z0-9_+\-.]+)|({_ARR})|({_TBL}))
    [ \t\r]*(?:\#[^\n]*)?(?:\n|\Z)''', re.VERBOSE)
_INT_RE = lazy(r"[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)")
_FLOAT_RE = lazy(r"[+-]?[0-9_]+(?:\.[0-9_]+)?(?:[eE][+-]?[0-9_]+)?")
_NONFINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf"})
_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _number_problem(token: str, limits: Limits) -> str | None:
    """Why a bare value token is not an acceptable number; None if fine or not a number."""
    if token.lower() in _NONFINITE:
        return f"{token} is not allowed here: numbers must be finite"
    is_int = _INT_RE.fullmatch(token) is not None
    if not is_int and _FLOAT_RE.fullmatch(token) is None:
        return None
    if sum(c.isdigit() for c in token) > limits.max_digits:
        return f"a number has more than {limits.max_digits} digits"
    clean = token.replace("_", "")
    try:
        if is_int:
            body = clean.lstrip("+-")
            base = _BASES.get(body[:2], 10)
            value: float = int(body[2:] if base != 10 else body, base)
        else:
            value = float(clean)
    except ValueError:
        return None  # bad syntax: tomllib says so
    if not math.isfinite(value) or abs(value) > limits.max_number:
        return f"a number is out of range (more than {limits.max_number:g})"
    return None


def scan(text: str, shown: str, error: type[KyodoInputError] = KyodoInputError,  # noqa: C901 - a hand-written TOML scanner: one state machine
         limits: Limits = DEFAULT) -> None:
    """Check ``text`` against ``limits`` in one linear pass; raise ``error`` at the first excess.

    A light TOML tokenizer: it knows strings, comments, headers, keys and values
    well enough to count what ``tomllib`` would build. It never fails on bad
    syntax: that is left to ``tomllib``, which runs only after this passed.
    """
    if len(text) > limits.max_bytes:  # characters <= bytes: a quick, safe first cut
        raise error(too_big_problem(shown, limits))
    line = 1
    stack: list[list[Any]] = []  # [kind "[" or "{", values so far]
    mode = "start"               # start | key | header | value | after
    parts = 0
    keys = 0
    tables = 0

    def bad(message: str) -> None:
        raise error(Problem(shown, line, message))

    def key_part(length: int) -> None:
        nonlocal parts
        parts += 1
        if parts > limits.max_depth:
            bad(f"a dotted key or table header has more than {limits.max_depth} parts")
        if length > limits.max_key:
            bad(f"a key is longer than {limits.max_key} characters")

    def count_key() -> None:
        nonlocal keys
        keys += 1
        if keys > limits.max_keys:
            bad(f"the file has more than {limits.max_keys:,} keys")

    def value_starts() -> None:
        if stack and stack[-1][0] == "[":
            stack[-1][1] += 1
            if stack[-1][1] > limits.max_items:
                bad(f"an array has more than {limits.max_items:,} items")

    pos = 0
    end = len(text)
    match = _TOKEN.compiled.match
    simple = _SIMPLE.compiled.match
    while pos < end:
        if mode == "start" and not stack:
            m = simple(text, pos)
            if m is not None:
                key, value, literal, bare, array, table = m.groups()
                parts = 0
                key_part(len(key))
                count_key()
                if array is not None or table is not None:
                    # plain strings, small numbers and arrays of strings only (the regex
                    # allows nothing else): count items and keys, at most two deep
                    found = array if array is not None else table
                    if found.count('"') // 2 > limits.max_items:
                        bad(f"an array has more than {limits.max_items:,} items")
                    if limits.max_depth < 2:
                        bad(f"arrays or tables are nested more than {limits.max_depth} deep")
                    for _ in range(found.count("=") if table is not None else 0):
                        count_key()
                elif bare is not None:
                    problem = _number_problem(bare, limits)
                    if problem:
                        bad(problem)
                    if len(bare) > limits.max_string:
                        bad(f"a value is longer than {limits.max_string:,} characters")
                elif len(value if value is not None else literal) > limits.max_string:
                    bad(f"a text is longer than {limits.max_string:,} characters")
                pos = m.end()
                line += 1
                continue
        elif stack:
            if mode == "value" and stack[-1][0] == "[":
                m = _STRINGS.match(text, pos)
                if m is not None:
                    run = m.group()
                    stack[-1][1] += run.count('"') // 2
                    if stack[-1][1] > limits.max_items:
                        bad(f"an array has more than {limits.max_items:,} items")
                    line += run.count("\n")
                    pos = m.end()
            elif mode == "key" and stack[-1][0] == "{":
                m = _PAIRS.match(text, pos)
                if m is not None:
                    run = m.group()
                    n = run.count("=")
                    for _ in range(n):
                        count_key()
                    pos = m.end()
        m = match(text, pos)
        assert m is not None  # the last alternatives match any character or the end
        kind = m.lastgroup
        token = m.group(kind) if kind else ""
        pos = m.end()
        if kind == "end":
            break
        if kind == "nl":
            line += 1
            if not stack and mode != "start":
                mode = "start"  # (a key or header without its end is bad syntax)
            continue
        if kind == "comment":
            continue
        if kind in ("mlb", "mll", "bs", "ls"):
            quote = 3 if kind in ("mlb", "mll") else 1
            length = max(0, len(token) - 2 * quote)
            if mode in ("start", "key", "header"):
                if mode == "start":
                    mode, parts = "key", 0
                key_part(length)
            elif mode == "value":
                if length > limits.max_string:
                    bad(f"a text is longer than {limits.max_string:,} characters")
                value_starts()
            line += token.count("\n")
            continue
        if kind == "bare" or kind == "dt":
            if mode in ("start", "key", "header"):
                if mode == "start":
                    mode, parts = "key", 0
                for piece in token.split("."):
                    key_part(len(piece))
            elif mode == "value":
                problem = _number_problem(token, limits) if kind == "bare" else None
                if problem:
                    bad(problem)
                if len(token) > limits.max_string:
                    bad(f"a value is longer than {limits.max_string:,} characters")
                value_starts()
            continue
        # punctuation
        if mode == "start":
            if token == "[":
                mode, parts = "header", 0
                count_key()
                tables += 1
                if tables > limits.max_tables:
                    bad(f"the file has more than {limits.max_tables:,} tables")
                if text.startswith("[", pos):
                    pos += 1
            continue
        if mode == "header":
            if token == "]":
                mode = "after"
                if text.startswith("]", pos):
                    pos += 1
            continue
        if mode == "key":
            if token == "=":
                count_key()
                mode = "value"
            elif token == "}" and stack and stack[-1][0] == "{":  # an empty inline table
                stack.pop()
                mode = "value" if stack else "after"
            continue
        if mode == "value":
            if token == "[" or token == "{":
                value_starts()
                if len(stack) >= limits.max_depth:
                    bad(f"arrays or tables are nested more than {limits.max_depth} deep")
                stack.append([token, 0])
                if token == "{":
                    mode, parts = "key", 0
            elif token == "]" or token == "}":
                if stack:
                    stack.pop()
                if not stack:
                    mode = "after"
            elif token == "," and stack and stack[-1][0] == "{":
                mode, parts = "key", 0
        # after a complete value or header only a comment or a newline may follow


_TOP_KEY_RE = lazy(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def key_lines(text: str | None) -> dict[str, int]:
    """The 1-based line of each top-level ``key =`` before the first table header.

    One pass over the text (callers used to search the whole text once per key).
    """
    out: dict[str, int] = {}
    if not text:
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        m = _TOP_KEY_RE.match(line)
        if m is None:
            if line.lstrip().startswith("["):
                break
            continue
        key = next(g for g in m.groups() if g is not None)
        out.setdefault(key, number)
    return out

"""Reading user-supplied TOML files with located problems.

Every TOML input (catalog layers, answers files, workshop records, the kiosk
config) is read the same way: bytes → UTF-8 (an undecodable byte is reported at
its line and column) → without a leading BOM → ``tomllib``, whose
"(at line N, column M)" becomes ``Problem(path, N, "TOML syntax error: … (column M)")``.

Failures raise ``error`` (a :class:`KyodoInputError` subclass the caller picks,
so an answers file raises ``AnswersError``); sites that collect problems catch
:class:`KyodoInputError` and keep its ``problems``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kyodo_tui.core.errors import KyodoInputError, Problem

__all__ = ["decode", "parse", "read_bytes", "read_problem", "read_text", "syntax_problem",
           "type_name"]

_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END_RE = re.compile(r"\s*\(at end of document\)")


def read_bytes(path: Path | str, shown: str,
               error: type[KyodoInputError] = KyodoInputError) -> bytes:
    """The file's bytes; raises ``error`` ("cannot read the file: …", line 0)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise error(read_problem(exc, shown)) from exc


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
              error: type[KyodoInputError] = KyodoInputError) -> str:
    """:func:`read_bytes` then :func:`decode`."""
    return decode(read_bytes(path, shown, error), shown, error)


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


def parse(text: str, shown: str, error: type[KyodoInputError] = KyodoInputError
          ) -> dict[str, Any]:
    """``tomllib.loads(text)``; raises ``error`` with :func:`syntax_problem`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(syntax_problem(exc, shown, text)) from exc

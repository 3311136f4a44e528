"""kyodo_tui.core.tomlfile: reading TOML input with located problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kyodo_tui.core import tomlfile
from kyodo_tui.core.errors import AnswersError, KyodoInputError, Problem


def _problem(call: object) -> Problem:
    assert callable(call)
    with pytest.raises(KyodoInputError) as info:
        call()
    [problem] = info.value.problems
    return problem


def test_undecodable_byte_is_located_by_line_and_column() -> None:
    data = b'a = 1\nb = "ok"\nc = "\x93\xfa"\n'
    p = _problem(lambda: tomlfile.decode(data, "x.toml"))
    assert p == Problem("x.toml", 3,
                        "not UTF-8: undecodable byte 0x93 at column 6 (save the file as UTF-8)")


def test_undecodable_byte_on_the_first_line() -> None:
    p = _problem(lambda: tomlfile.decode(b"\xff = 1\n", "x.toml"))
    assert (p.line, "0xff at column 1" in p.message) == (1, True)


def test_bom_is_stripped_and_the_text_parses() -> None:
    text = tomlfile.decode('\ufeffa = "é"\n'.encode(), "x.toml")
    assert text == 'a = "é"\n'
    assert tomlfile.parse(text, "x.toml") == {"a": "é"}


def test_read_text_reads_decodes_and_strips_the_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.toml"
    f.write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert tomlfile.read_text(f, "a.toml") == "a = 1\n"


def test_unreadable_file_is_a_whole_file_problem(tmp_path: Path) -> None:
    p = _problem(lambda: tomlfile.read_text(tmp_path / "missing.toml", "missing.toml"))
    assert p.line == 0 and p.message.startswith("cannot read the file: ")
    assert str(p) == f"missing.toml: {p.message}"
    p = _problem(lambda: tomlfile.read_bytes(tmp_path, "dir"))  # a directory
    assert p.line == 0 and p.message.startswith("cannot read the file: ")


def test_syntax_error_has_its_line_and_column_in_the_message() -> None:
    p = _problem(lambda: tomlfile.parse('a = 1\nb = "x"\nc = \n', "x.toml"))
    assert p == Problem("x.toml", 3, "TOML syntax error: Invalid value (column 5)")
    assert "at line" not in p.message


def test_syntax_error_at_end_of_document_is_on_the_last_line() -> None:
    p = _problem(lambda: tomlfile.parse("a = 1\nb = [\n", "x.toml"))
    assert p == Problem("x.toml", 2, "TOML syntax error: Invalid value (at the end of the file)")
    # without a final newline the last line is still the last one
    assert _problem(lambda: tomlfile.parse("a = 1\nb = [", "x.toml")).line == 2
    assert _problem(lambda: tomlfile.parse("b = [", "x.toml")).line == 1


def test_the_caller_chooses_the_error_class(tmp_path: Path) -> None:
    with pytest.raises(AnswersError):
        tomlfile.parse("a = \n", "x.toml", AnswersError)
    with pytest.raises(AnswersError):
        tomlfile.read_text(tmp_path / "missing.toml", "m.toml", AnswersError)
    with pytest.raises(AnswersError):
        tomlfile.decode(b"\xff", "x.toml", AnswersError)


def test_syntax_problem_without_a_position_is_a_whole_file_problem() -> None:
    import tomllib

    exc = tomllib.TOMLDecodeError("something odd")
    assert tomlfile.syntax_problem(exc, "x.toml", "") == Problem(
        "x.toml", 0, "TOML syntax error: something odd")


@pytest.mark.parametrize(("value", "name"), [
    (True, "a boolean"), (3, "an integer"), (1.5, "a number"), ("x", "a string"),
    ([1], "an array"), ({}, "a table"), (date(2025, 1, 1), "a date"),
])
def test_type_name_uses_tomls_words(value: object, name: str) -> None:
    assert tomlfile.type_name(value) == name

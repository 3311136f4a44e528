"""Answers files: loading, every kind of problem with its line, dumping."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kyodo_tui.core.answers import dump_answers, load_answers, validate_answers
from kyodo_tui.core.errors import AnswersError, KyodoInputError
from kyodo_tui.core.model import Catalog

DATA = Path(__file__).parent / "data" / "answers"


def _problems(catalog: Catalog, name: str) -> list[tuple[int, str]]:
    with pytest.raises(AnswersError) as info:
        load_answers(DATA / name, catalog)
    assert isinstance(info.value, KyodoInputError)
    for p in info.value.problems:
        assert p.path.endswith(name)
    return [(p.line, p.message) for p in info.value.problems]


def test_good_file_loads_normalised(mini_catalog: Catalog) -> None:
    answers = load_answers(DATA / "mini-good.toml", mini_catalog)
    # multi answers in catalog order, keys in question order
    assert answers == {"who": "association", "fields": ["environment", "safety"],
                       "now_text": "川の清掃を毎年しています"}
    assert list(answers) == ["who", "fields", "now_text"]


def test_wrong_types_and_unknown_question(mini_catalog: Catalog) -> None:
    problems = _problems(mini_catalog, "mini-errors.toml")
    assert [line for line, _ in problems] == [2, 3, 4]
    assert "list of choice ids" in problems[0][1] and "fields = ['environment']" in problems[0][1]
    assert "text question takes a string, not an integer" in problems[1][1]
    assert "unknown question 'colour'" in problems[2][1] and "who, fields, now_text" in problems[2][1]


def test_unknown_choices_name_the_existing_ones(mini_catalog: Catalog) -> None:
    problems = _problems(mini_catalog, "mini-badchoice.toml")
    assert problems[0][0] == 1
    assert "unknown choice 'mayor'" in problems[0][1]
    assert "choices: resident, association, unknown" in problems[0][1]
    # every problem at once, each on its own line
    assert problems[1] == (2, ("fields: unknown choice 'sports'; choices: environment, "
                               "safety, unknown"))


def test_multi_problems(mini_catalog: Catalog) -> None:
    def msg(data: dict[str, object]) -> str:
        with pytest.raises(AnswersError) as info:
            validate_answers(mini_catalog, data)
        return str(info.value)

    assert "unknown choice 'sports'" in msg({"who": "association",
                                            "fields": ["environment", "sports"]})
    assert "listed twice" in msg({"who": "association", "fields": ["safety", "safety"]})
    assert "cannot be combined" in msg({"who": "association", "fields": ["safety", "unknown"]})
    assert "single-choice question takes one choice id" in msg({"who": ["resident"]})
    assert "not a table" in msg({"who": {"a": 1}})
    assert "not a boolean" in msg({"who": "association", "fields": [True]})


def test_unknown_and_skipped_forms(mini_catalog: Catalog) -> None:
    assert validate_answers(mini_catalog, {"who": "unknown"}) == {"who": "unknown"}
    assert validate_answers(mini_catalog, {"who": "association", "fields": ["unknown"]}) == \
        {"who": "association", "fields": "unknown"}
    assert validate_answers(mini_catalog, {"who": "association", "fields": "unknown"}) == \
        {"who": "association", "fields": "unknown"}
    # an empty list and an empty text are skips
    assert validate_answers(mini_catalog, {"who": "association", "fields": [],
                                           "now_text": "  "}) == {"who": "association"}


def test_hidden_question_is_a_problem(mini_catalog: Catalog) -> None:
    problems = _problems(mini_catalog, "mini-hidden.toml")
    assert problems == [(3, ("fields: this question is not asked with these answers "
                             "(asked only when who is 'association')"))]


def test_syntax_error_has_a_line(mini_catalog: Catalog) -> None:
    problems = _problems(mini_catalog, "mini-syntax.toml")
    assert problems[0][0] == 2 and problems[0][1].startswith("TOML syntax error")
    assert "line 2" not in problems[0][1]  # the line is in the location, not repeated


def test_syntax_error_at_end_of_document(tmp_path: Path, mini_catalog: Catalog) -> None:
    f = tmp_path / "a.toml"
    f.write_text('who = "association"\nfields = [\n', encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(f, mini_catalog)
    assert info.value.problems[0].line == 2


def test_undecodable_bytes(mini_catalog: Catalog) -> None:
    problems = _problems(mini_catalog, "mini-bytes.toml")
    assert problems[0][0] == 2 and "not UTF-8" in problems[0][1]


def test_unreadable_file(tmp_path: Path, mini_catalog: Catalog) -> None:
    with pytest.raises(AnswersError) as info:
        load_answers(tmp_path / "missing.toml", mini_catalog)
    p = info.value.problems[0]
    assert p.line == 0 and "cannot read" in p.message
    assert str(p).startswith(str(tmp_path / "missing.toml") + ": ")
    with pytest.raises(AnswersError):
        load_answers(tmp_path, mini_catalog)  # a directory


def test_bom_is_accepted(tmp_path: Path, mini_catalog: Catalog) -> None:
    f = tmp_path / "bom.toml"
    f.write_bytes('\ufeffwho = "resident"\n'.encode())
    assert load_answers(f, mini_catalog) == {"who": "resident"}


def test_quoted_keys_get_lines(tmp_path: Path, mini_catalog: Catalog) -> None:
    f = tmp_path / "q.toml"
    f.write_text('# c\n"who" = "resident"\n\'bogus\' = "x"\n', encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(f, mini_catalog)
    assert [p.line for p in info.value.problems] == [3]


def test_dump_round_trips(tmp_path: Path, mini_catalog: Catalog) -> None:
    answers = load_answers(DATA / "mini-good.toml", mini_catalog)
    text = dump_answers({"now_text": answers["now_text"], "who": "association",
                         "fields": answers["fields"]}, mini_catalog)
    assert text.index("who") < text.index("fields") < text.index("now_text")
    assert tomllib.loads(text) == answers
    f = tmp_path / "out.toml"
    f.write_text(text, encoding="utf-8")
    assert load_answers(f, mini_catalog) == answers


def test_unknown_refused_where_not_allowed() -> None:
    from kyodo_tui.core.catalog import load_catalog

    real = load_catalog(include_user=False)
    with pytest.raises(AnswersError) as info:
        validate_answers(real, {"who": "unknown"}, "f.toml", source_text='who = "unknown"\n')
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("f.toml", 1)
    assert problem.message.startswith("who: 'unknown' is not allowed here; choices: resident,")


@pytest.mark.parametrize("name", ["river-association.toml", "format-doc-example.toml",
                                  "officer.toml", "nothing.toml"])
def test_example_files_fit_the_builtin_questionnaire(name: str) -> None:
    from kyodo_tui.core.catalog import load_catalog

    real = load_catalog(include_user=False)
    answers = load_answers(DATA / name, real)
    raw = tomllib.loads((DATA / name).read_text(encoding="utf-8"))

    def norm(d: dict[str, object]) -> dict[str, object]:
        return {k: sorted(v) if isinstance(v, list) else v for k, v in d.items()}

    assert norm(answers) == norm(raw)  # type: ignore[arg-type]


def test_an_exclusive_choice_cannot_be_combined(tmp_path: Path) -> None:
    from kyodo_tui.core.catalog import load_catalog

    real = load_catalog(include_user=False)
    f = tmp_path / "a.toml"
    f.write_text('who = "resident"\nnow = ["local-events", "nothing-yet"]\n', encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(f, real)
    (problem,) = info.value.problems
    assert problem.line == 2 and "'nothing-yet' stands alone" in problem.message

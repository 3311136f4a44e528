"""Every kind of catalog problem is found, with the file and the line that causes it.

Broken catalogs are written into ``tmp_path`` as a layer on top of the mini
catalog (or as a built-in catalog of their own), so each test shows its input.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

import pytest

from kyodo_tui.core.catalog import check_catalog, load_catalog
from kyodo_tui.core.errors import CatalogError, Problem

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"

ACTIVITY = """\
[[activity]]
id = "a-new"
title = { ja = "新しい活動", en = "A new activity" }
reading = "あたらしいかつどう"
keywords = { ja = ["新"], en = ["new"] }
description = { ja = "説明。", en = "Description." }
fields = ["environment"]
regions = ["B"]
triad = { self = 0.2, mutual = 0.5, public = 0.3 }
actors = ["resident"]
forms = ["koen"]
source = "local.pdf"
"""


def write(directory: Path, files: dict[str, str | bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content), encoding="utf-8")
    return directory


def layer_problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    """Problems of the mini catalog with ``files`` as a --catalog layer on top."""
    layer = write(tmp_path / "layer", files)
    catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    assert (catalog is None) == bool(problems)
    return problems


def builtin_problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    """Problems of a copy of the mini catalog (as the built-in layer) plus ``files``."""
    base = tmp_path / "builtin"
    shutil.copytree(MINI, base)
    write(base, files)
    _catalog, problems = check_catalog([], include_user=False, builtin=base)
    return problems


def only(problems: list[Problem], needle: str) -> Problem:
    hits = [p for p in problems if needle in p.message]
    assert len(hits) == 1, f"expected one problem with {needle!r}, got {problems}"
    return hits[0]


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line containing ``text``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if text in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{text!r} not in {path}")


# ------------------------------------------------------------------ file-level


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"bad.toml": '[[activity]]\nid = "x"\ntitle = {ja = \n'})
    p = only(problems, "TOML syntax error")
    assert p.path.endswith("bad.toml")
    assert p.line == 3
    assert "at line" not in p.message  # the position is in Problem.line, not repeated


def test_undecodable_bytes_report_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    data = b'# ok\n[[activity]]\nid = "x"\n' + b'title = "\x93\xfa"\n'
    problems = layer_problems(tmp_path, {"sjis.toml": data})
    p = only(problems, "not UTF-8")
    assert p.line == 4
    assert "0x93" in p.message


def test_missing_extra_dir_and_file_instead_of_dir(tmp_path: Path) -> None:
    a_file = tmp_path / "file.toml"
    a_file.write_text("", encoding="utf-8")
    _catalog, problems = check_catalog(
        [tmp_path / "nope", a_file], include_user=False, builtin=MINI
    )
    assert [p.message for p in problems] == [
        "catalog directory does not exist",
        "not a directory (a catalog is a directory of *.toml files)",
    ]
    assert problems[0].path.endswith("nope")


def test_empty_builtin_dir_is_a_problem(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    _catalog, problems = check_catalog([], include_user=False, builtin=empty)
    assert len(problems) == 1
    assert "no catalog entries found" in problems[0].message


def test_unknown_table_name_with_suggestion(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"t.toml": '\n[[activities]]\nid = "x"\n'})
    p = only(problems, "unknown table")
    assert p.line == 2
    assert "did you mean '" in p.message and "activity" in p.message


def test_plain_table_instead_of_array_of_tables(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"t.toml": '[activity]\nid = "x"\n'})
    p = only(problems, "array of tables")
    assert p.line == 1
    assert "[[activity]]" in p.message


# ------------------------------------------------------------------ entries


def test_missing_required_key_points_at_the_entry(tmp_path: Path) -> None:
    text = ACTIVITY.replace('title = { ja = "新しい活動", en = "A new activity" }\n', "")
    problems = layer_problems(tmp_path, {"a.toml": "# comment\n\n" + text})
    p = only(problems, "missing required key 'title'")
    assert p.line == 3  # the [[activity]] header
    assert "a-new" in p.message


def test_wrong_type_points_at_the_key(tmp_path: Path) -> None:
    text = ACTIVITY.replace('regions = ["B"]', 'regions = "B"')
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, "regions")
    assert p.line == 8
    assert "must be an array" in p.message and "not a string" in p.message


def test_boolean_is_not_an_integer_order(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"q.toml": '[[cycle]]\nid = "do-run"\norder = true\n'})
    p = only(problems, "order")
    assert p.line == 3 and "integer" in p.message


@pytest.mark.parametrize(
    ("title", "needle"),
    [
        ('{ ja = "活動" }', "no English (en)"),
        ('{ ja = "活動", en = "  " }', "English (en) text is empty"),
        ('{ ja = "", en = "Activity" }', "Japanese (ja) text is empty"),
        ('{ ja = "活動", en = "Activity", jp = "x" }', "unknown language 'jp'"),
        ('"活動"', "must be a text"),
    ],
)
def test_missing_translation(tmp_path: Path, title: str, needle: str) -> None:
    text = ACTIVITY.replace('{ ja = "新しい活動", en = "A new activity" }', title)
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, needle)
    assert p.line == 3
    assert "title" in p.message


def test_missing_translation_in_a_list_of_texts(tmp_path: Path) -> None:
    text = '[[actor]]\nid = "resident"\nroles = [\n  { ja = "見守る" },\n]\n'
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, "roles")
    assert p.line == 3 and "item 1" in p.message and "English" in p.message


def test_unknown_region_letter(tmp_path: Path) -> None:
    text = ACTIVITY.replace('regions = ["B"]', 'regions = ["B", "F"]')
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, "unknown region letter 'F'")
    assert p.line == 8


def test_duplicate_id_in_a_layer_points_at_the_second(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"a.toml": ACTIVITY, "b/c.toml": "\n" + ACTIVITY})
    p = only(problems, "duplicate activity id 'a-new'")
    assert p.path.endswith("c.toml")
    assert p.line == 3  # the `id =` line of the second table
    assert "a.toml:1" in p.message  # and it says where the first one is


def test_same_id_in_different_kinds_is_fine(tmp_path: Path) -> None:
    text = '[[principle]]\nid = "environment"\nname = { ja = "環境", en = "Env" }\n' \
           'description = { ja = "説明", en = "D" }\nsource = "x"\n'
    assert layer_problems(tmp_path, {"p.toml": text}) == []


@pytest.mark.parametrize(
    ("old", "new", "needle", "line"),
    [
        ('fields = ["environment"]', 'fields = ["enviroment"]',
         "unknown field 'enviroment' (did you mean 'environment'?)", 7),
        ('actors = ["resident"]', 'actors = ["nobody"]', "unknown actor 'nobody'", 10),
        ('forms = ["koen"]', 'forms = ["kouen"]', "unknown form 'kouen'", 11),
    ],
)
def test_dangling_references_of_an_activity(
    tmp_path: Path, old: str, new: str, needle: str, line: int
) -> None:
    problems = layer_problems(tmp_path, {"a.toml": ACTIVITY.replace(old, new)})
    p = only(problems, needle)
    assert p.line == line


def test_dangling_reference_of_a_form(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"f.toml": '[[form]]\nid = "koen"\nactors = ["ghost"]\n'})
    p = only(problems, "unknown actor 'ghost'")
    assert p.line == 3 and "form 'koen'" in p.message


def test_reading_must_be_hiragana(tmp_path: Path) -> None:
    for reading, ok in (("カワ", False), ("川", False), ("kawa", False), ("", False),
                        ("かわ・ー 2", True)):
        text = ACTIVITY.replace('reading = "あたらしいかつどう"', f'reading = "{reading}"')
        problems = layer_problems(tmp_path / reading.replace(" ", "_") / "x", {"a.toml": text})
        if ok:
            assert problems == []
        else:
            p = only(problems, "not a hiragana reading")
            assert p.line == 4


@pytest.mark.parametrize(
    ("triad", "needle"),
    [
        ("{ self = -0.2, mutual = 0.7, public = 0.5 }", "must not be negative"),
        ("{ self = 0.2, mutual = 0.2, public = 0.2 }", "sum to 0.6"),
        ("{ self = 0.2, mutual = 0.7, public = 0.1, private = 0 }", "unknown triad key"),
        ('{ self = "a lot", mutual = 0.5, public = 0.5 }', "must be a number"),
        ("{ self = nan, mutual = 0.5, public = 0.5 }", "numbers must be finite"),
    ],
)
def test_triad_weights(tmp_path: Path, triad: str, needle: str) -> None:
    text = ACTIVITY.replace("{ self = 0.2, mutual = 0.5, public = 0.3 }", triad)
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, needle)
    assert p.line == 9


def test_triad_within_tolerance_is_fine(tmp_path: Path) -> None:
    text = ACTIVITY.replace("{ self = 0.2, mutual = 0.5, public = 0.3 }",
                            "{ self = 0.333, mutual = 0.333, public = 0.333 }")
    assert layer_problems(tmp_path, {"a.toml": text}) == []


def test_unknown_key_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    text = ACTIVITY.replace('source = "local.pdf"', 'source = "local.pdf"\nkeyword = "x"')
    problems = layer_problems(tmp_path, {"a.toml": text})
    p = only(problems, "unknown key 'keyword'")
    assert p.line == 13
    assert "did you mean 'keywords'?" in p.message


def test_bad_id(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"a.toml": ACTIVITY.replace('"a-new"', '"A New"')})
    p = only(problems, "not a valid id")
    assert p.line == 2


# ------------------------------------------------------------------ questions

Q_WHO_OVERRIDE = """\
[[question]]
id = "extra"
order = 40
kind = "single"
prompt = { ja = "質問", en = "Question" }
"""


def test_choice_problems_point_at_the_choice_lines(tmp_path: Path) -> None:
    text = Q_WHO_OVERRIDE + dedent("""\

        [[question.choices]]
        id = "a"
        label = { ja = "あ" }
        regions = { A = 1, Z = 2 }
        actor = "alien"
        fields = ["nowhere"]
        forms = { kyosai = 1, nada = 2 }
        principles = ["honesty"]
        cycle = "spin"
        colour = "red"

        [[question.choices]]
        id = "a"
        label = { ja = "い", en = "I" }

        [[question.choices]]
        id = "unknown"
        label = { ja = "分からない", en = "Don't know" }
        """)
    problems = layer_problems(tmp_path, {"q.toml": text})
    path = tmp_path / "layer" / "q.toml"
    # type problems are found first; references only once the types are right
    assert only(problems, "label").line == line_of(path, 'label = { ja = "あ" }')
    assert only(problems, "unknown region letter 'Z'").line == line_of(path, "regions =")
    assert only(problems, "unknown key 'colour'").line == line_of(path, "colour")
    assert only(problems, "duplicate choice id 'a'").line == line_of(path, 'id = "a"', 2)
    assert only(problems, "reserved").line == line_of(path, 'id = "unknown"')


def test_dangling_references_of_choices(tmp_path: Path) -> None:
    text = Q_WHO_OVERRIDE + dedent("""\

        [[question.choices]]
        id = "a"
        label = { ja = "あ", en = "A" }
        actor = "alien"
        fields = ["nowhere"]
        forms = { kyosai = 1, nada = 2 }
        principles = ["honesty"]
        cycle = "spin"

        [[question.choices]]
        id = "b"
        label = { ja = "い", en = "B" }
        """)
    problems = layer_problems(tmp_path, {"q.toml": text})
    path = tmp_path / "layer" / "q.toml"
    for needle, key in [("unknown actor 'alien'", "actor ="), ("unknown field 'nowhere'", "fields"),
                        ("unknown form 'nada'", "forms ="), ("unknown principle 'honesty'",
                        "principles"), ("unknown cycle step 'spin'", "cycle =")]:
        assert only(problems, needle).line == line_of(path, key), needle
    assert len(problems) == 5


def test_inline_choices_are_located_by_id(tmp_path: Path) -> None:
    text = Q_WHO_OVERRIDE + dedent("""\
        choices = [
          { id = "a", label = { ja = "あ", en = "A" } },
          { id = "b", label = { ja = "い", en = "B" }, actor = "alien" },
        ]
        """)
    problems = layer_problems(tmp_path, {"q.toml": text})
    assert only(problems, "unknown actor 'alien'").line == 8


def test_single_question_needs_two_choices(tmp_path: Path) -> None:
    text = Q_WHO_OVERRIDE + '\n[[question.choices]]\nid = "a"\nlabel = { ja = "あ", en = "A" }\n'
    p = only(layer_problems(tmp_path, {"q.toml": text}), "at least two choices")
    assert p.line == line_of(tmp_path / "layer" / "q.toml", "choices")
    no_choices = layer_problems(tmp_path / "2", {"q.toml": Q_WHO_OVERRIDE})
    assert only(no_choices, "at least two choices (has 0)").line == 1


def test_text_question_has_no_choices(tmp_path: Path) -> None:
    text = '[[question]]\nid = "now_text"\nchoices = [{ id = "a", label = { ja = "あ", en = "A" } }]\n'
    p = only(layer_problems(tmp_path, {"q.toml": text}), "text question has no choices")
    assert p.line == 3


def _show_if_layer(show_if: str, order: int = 40) -> str:
    return dedent(f"""\
        [[question]]
        id = "extra"
        order = {order}
        kind = "multi"
        prompt = {{ ja = "質問", en = "Question" }}
        show_if = {show_if}
        choices = [
          {{ id = "x", label = {{ ja = "エックス", en = "X" }} }},
          {{ id = "y", label = {{ ja = "ワイ", en = "Y" }} }},
        ]
        """)


@pytest.mark.parametrize(
    ("show_if", "order", "needle"),
    [
        ('{ question = "nope", any_of = ["a"] }', 40, "unknown question 'nope'"),
        ('{ question = "now_text", any_of = ["a"] }', 40, "refers to text question"),
        ('{ question = "who", any_of = ["martian"] }', 40, "has no choice 'martian'"),
        ('{ question = "fields", any_of = ["safety"] }', 5, "not asked before it"),
        ('{ question = "extra", any_of = ["x"] }', 40, "refers to itself"),
        ('{ question = "who", any_of = [] }', 40, "must not be empty"),
        ('{ question = "who" }', 40, "missing key 'any_of'"),
    ],
)
def test_show_if_that_can_never_be_satisfied(
    tmp_path: Path, show_if: str, order: int, needle: str
) -> None:
    problems = layer_problems(tmp_path, {"q.toml": _show_if_layer(show_if, order)})
    assert only(problems, needle).line == 6


def test_show_if_may_test_unknown_and_chains_work(tmp_path: Path) -> None:
    layer = _show_if_layer('{ question = "who", any_of = ["unknown"] }') + dedent("""\

        [[question]]
        id = "deeper"
        order = 50
        kind = "text"
        prompt = { ja = "詳しく", en = "More" }
        show_if = { question = "extra", any_of = ["y"] }
        """)
    assert layer_problems(tmp_path, {"q.toml": layer}) == []


def test_show_if_chain_through_a_never_shown_question(tmp_path: Path) -> None:
    # `fields` (order 20) now depends on a question asked later: it is never shown,
    # so `extra`, which depends on `fields`, is never shown either.
    layer = _show_if_layer('{ question = "fields", any_of = ["safety"] }') + dedent("""\

        [[question]]
        id = "fields"
        show_if = { question = "extra", any_of = ["x"] }
        """)
    problems = layer_problems(tmp_path, {"q.toml": layer})
    assert only(problems, "not asked before it").line == 14
    chained = only(problems, "which itself can never be shown")
    assert chained.line == 6 and "'extra'" in chained.message


def test_duplicate_order(tmp_path: Path) -> None:
    text = '[[question]]\nid = "fields"\norder = 10\n\n[[cycle]]\nid = "do-run"\norder = 1\n'
    problems = layer_problems(tmp_path, {"o.toml": text})
    q = only(problems, "question 'fields': order 10 is also used by question 'who'")
    assert q.line == 3 and "questions.toml:" in q.message
    c = only(problems, "order 1 is also used")
    assert c.line == 7


def test_question_count_limits(tmp_path: Path) -> None:
    many = "".join(
        f'[[question]]\nid = "t{i}"\norder = {100 + i}\nkind = "text"\n'
        f'prompt = {{ ja = "問{i}", en = "Q{i}" }}\n\n' for i in range(28)
    )
    assert "31 questions" in only(layer_problems(tmp_path / "a", {"q.toml": many}),
                                  "questions").message
    none = "".join(f'[[question]]\nid = "{q}"\ndisabled = true\n\n'
                   for q in ("who", "fields", "now_text"))
    assert "0 questions" in only(layer_problems(tmp_path / "b", {"q.toml": none}),
                                 "questions").message


# ------------------------------------------------------------------ layers


def test_disabled_entry_still_referenced_says_where_it_was_disabled(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"off.toml": '\n[[form]]\nid = "koen"\ndisabled = true\n'})
    p = only(problems, "form 'koen', which is disabled at")
    assert p.path.endswith("env.toml")  # the activity of the built-in layer citing it
    assert "off.toml:2" in p.message


def test_disabling_an_unknown_id_is_reported(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"off.toml": '[[form]]\nid = "kooen"\ndisabled = true\n'})
    assert only(problems, "no earlier layer defines it").line == 3


def test_new_entry_in_a_layer_must_be_complete(tmp_path: Path) -> None:
    problems = layer_problems(tmp_path, {"f.toml": '[[principle]]\nid = "new"\n'})
    messages = sorted(p.message for p in problems)
    assert messages == [f"principle 'new': missing required key '{k}'"
                        for k in ("description", "name", "source")]
    assert {p.line for p in problems} == {1}


def test_problem_in_a_merged_entry_points_at_the_layer_that_set_the_key(tmp_path: Path) -> None:
    problems = layer_problems(
        tmp_path, {"o.toml": '[[activity]]\nid = "a-river-cleanup"\n\nfields = ["gone"]\n'}
    )
    p = only(problems, "unknown field 'gone'")
    assert p.path.endswith("o.toml") and p.line == 4


def test_every_problem_is_collected_across_files_and_layers(tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(MINI, base)
    write(base, {"zz_broken.toml": "[[field]\n"})
    layer = write(tmp_path / "layer", {
        "a.toml": ACTIVITY.replace('"B"', '"Q"'),
        "b.toml": '[[form]]\nid = "koen"\nreading = "コウエン"\n',
    })
    with pytest.raises(CatalogError) as info:
        load_catalog([layer], include_user=False, builtin=base)
    problems = info.value.problems
    assert len(problems) == 3
    # built-in layer first, then the extra layer, each file's problems in line order
    assert problems[0].path.endswith("zz_broken.toml")
    assert [Path(p.path).name for p in problems[1:]] == ["a.toml", "b.toml"]
    assert str(problems[1]).endswith(": activity 'a-new': regions: unknown region letter 'Q' (A–E)")


def test_duplicate_in_the_builtin_catalog(tmp_path: Path) -> None:
    dup = '[[viewpoint]]\nid = "needs"\nname = { ja = "重複", en = "Dup" }\n' \
          'description = { ja = "説明", en = "D" }\nsource = "x"\n'
    p = only(builtin_problems(tmp_path, {"zz.toml": dup}), "duplicate viewpoint id")
    assert p.path.endswith("zz.toml") and p.line == 2


def test_exclusive_only_on_multi_choices(tmp_path: Path) -> None:
    text = (MINI / "questions.toml").read_text(encoding="utf-8").replace(
        'id = "resident"\n', 'id = "resident"\nexclusive = true\n', 1)
    problems = builtin_problems(tmp_path, {"questions.toml": text})
    p = only(problems, "exclusive applies to the choices of multi questions")
    assert "'who'" in p.message and p.line > 0
    assert p.path.endswith("questions.toml")

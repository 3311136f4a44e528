"""Issue 13, "Inputs without bounds": one test per row of the issue's table.

Each hostile input must end in a located problem (``path:line: message``) and
exit code 2, never a traceback, a hang or a huge allocation. Timings live in
``benchmarks/bench_bounds.py``; here only the behaviour is checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core import storage, tomlfile
from kyodo_tui.core.answers import MAX_TEXT, load_answers, validate_answers
from kyodo_tui.core.catalog import check_catalog, load_catalog
from kyodo_tui.core.errors import AnswersError, KyodoInputError
from kyodo_tui.core.matching import MAX_QUERY, Matcher
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.workshop import WorkshopError, load_workshop, loads_workshop

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"
WS_HEAD = """\
schema_version = 1
id = "ws-1"
title = "t"
created = 2025-05-01T10:00:00+09:00
lang = "ja"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Error:" not in err.replace("kyodo:", "")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def _answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _assess(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code, _out, err = run(capsys, "assess", "--answers", str(path))
    no_traceback(err)
    return code, err


def _layer(tmp_path: Path, text: str) -> Path:
    layer = tmp_path / "layer"
    layer.mkdir(exist_ok=True)
    (layer / "a.toml").write_text(text, encoding="utf-8")
    return layer


def _catalog_problems(tmp_path: Path, text: str) -> list[str]:
    _catalog, problems = check_catalog([_layer(tmp_path, text)], include_user=False,
                                       builtin=MINI)
    return [str(p) for p in problems]


def _activity(**extra: str) -> str:
    body = {"id": '"x-one"', "title": '{ ja = "川", en = "River" }',
            "reading": '"かわ"', "description": '{ ja = "川", en = "River" }',
            "fields": '["environment"]', "regions": '["A"]', "actors": '["resident"]',
            "source": '"000_57015c5ace657278.txt"', **extra}
    return "[[activity]]\n" + "".join(f"{k} = {v}\n" for k, v in body.items())


# ------------------------------------------------------------------ big integers


def test_an_integer_over_4300_digits_in_an_answers_file_is_a_located_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, 'who = "resident"\nx = ' + "9" * 5000 + "\n")
    code, err = _assess(capsys, path)
    assert code == 2
    assert f"{path}:2: a number has more than" in err


def test_an_integer_over_4300_digits_in_a_catalog_is_a_located_problem(tmp_path: Path) -> None:
    found = _catalog_problems(tmp_path, _activity(order="9" * 5000))
    assert any(":10: a number has more than" in p for p in found), found


def test_a_saved_workshop_with_a_huge_integer_is_one_problem_not_a_crash(
        tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "ws.toml"
    path.write_text(WS_HEAD + "\n[[group]]\nid = \"g\"\nlabel = \"g\"\n[group.tally.lead]\n"
                    "together = " + "1" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(WorkshopError) as info:
        load_workshop(path, catalog)
    [problem] = info.value.problems
    assert problem.line == 11 and "digits" in problem.message


# ------------------------------------------------------------------ nesting, size, keys


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000, "{a=" * 3000 + "1" + "}" * 3000])
def test_deep_nesting_is_a_located_problem_not_a_recursion_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    path = _answers(tmp_path, f'who = "resident"\n\nx = {value}\n')
    code, err = _assess(capsys, path)
    assert code == 2 and f"{path}:3: arrays or tables are nested more than" in err


def test_deep_nesting_in_a_catalog_and_a_workshop(tmp_path: Path, catalog: Catalog) -> None:
    found = _catalog_problems(tmp_path, _activity(keywords="[" * 3000 + "]" * 3000))
    assert any("nested more than" in p for p in found), found
    with pytest.raises(WorkshopError, match="nested more than"):
        loads_workshop(WS_HEAD + "x = " + "[" * 3000 + "]" * 3000 + "\n", catalog, "w.toml")


def test_an_answers_file_with_100000_keys_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, "".join(f"k{i} = 1\n" for i in range(100_000)))
    code, err = _assess(capsys, path)
    assert code == 2 and "too big" in err
    # within the size bound, the key count is the limit
    path = _answers(tmp_path, "".join(f"k{i}=1\n" for i in range(3_000)))
    code, err = _assess(capsys, path)
    assert code == 2 and "more than 2,000 keys" in err


def test_many_unknown_keys_are_located_in_one_pass(catalog: Catalog) -> None:
    """Every unknown key still gets its own line (the lookup used to rescan per key)."""
    text = "".join(f"k{i} = 1\n" for i in range(1_500))
    with pytest.raises(AnswersError) as info:
        validate_answers(catalog, tomlfile.parse(text, "a.toml"), "a.toml", source_text=text)
    lines = [p.line for p in info.value.problems]
    assert lines == list(range(1, 1_501))


def test_a_20000_item_list_is_refused(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, "fields = [" + ", ".join(['"a"'] * 20_000) + "]\n")
    code, err = _assess(capsys, path)
    assert code == 2 and f"{path}:1: an array has more than 200 items" in err


def test_a_long_list_of_repeats_reports_the_repeat(catalog: Catalog) -> None:
    with pytest.raises(AnswersError, match="'environment' is listed twice"):
        validate_answers(catalog, {"who": "resident", "fields": ["environment"] * 150})


def test_a_20000_deep_dotted_key_is_refused(tmp_path: Path, catalog: Catalog,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, "a" + ".a" * 20_000 + " = 1\n")
    code, err = _assess(capsys, path)
    assert code == 2 and f"{path}:1: a dotted key or table header has more than" in err
    with pytest.raises(WorkshopError, match="more than 8 parts"):
        loads_workshop(WS_HEAD + "[" + ".".join(["g"] * 20_000) + "]\n", catalog, "w.toml")


# ------------------------------------------------------------------ text answers


def test_a_10_mb_text_answer_is_refused(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, 'who = "resident"\nnow_text = "' + "川" * 3_500_000 + '"\n')
    code, err = _assess(capsys, path)
    assert code == 2 and "too big" in err


def test_a_text_answer_longer_than_the_app_allows_is_refused(catalog: Catalog,
                                                              tmp_path: Path) -> None:
    path = _answers(tmp_path, f'who = "resident"\nnow_text = "{"川" * (MAX_TEXT + 1)}"\n')
    with pytest.raises(AnswersError) as info:
        load_answers(path, catalog)
    [problem] = info.value.problems
    assert problem.line == 2 and "longer than 2,000 characters" in problem.message
    ok = validate_answers(catalog, {"who": "resident", "now_text": "川" * MAX_TEXT})
    assert len(ok["now_text"]) == MAX_TEXT


def test_the_matcher_reads_only_the_start_of_a_long_query(catalog: Catalog) -> None:
    matcher = Matcher(catalog.activities.values())
    query = "川の清掃"
    long = query + "あ" * (MAX_QUERY - len(query))
    assert [m.activity.id for m in matcher.search(long + "ごみ" * 50_000)] == \
        [m.activity.id for m in matcher.search(long)]


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("value", "message"), [
    ("1e308", "out of range"), ("nan", "numbers must be finite"),
    ("inf", "numbers must be finite"), ("-inf", "numbers must be finite"),
    ("1000", "must be at most 100"),
])
def test_weights_must_be_finite_and_sane(tmp_path: Path, value: str, message: str) -> None:
    question = ('[[question]]\nid = "q-x"\norder = 99\nkind = "text"\n'
                'prompt = { ja = "問", en = "Q" }\nweight = ' + value + "\n")
    found = _catalog_problems(tmp_path, question)
    assert any(":6:" in p and message in p for p in found), found
    assert not any("not a number" in p for p in found)


@pytest.mark.parametrize(("count", "message"), [
    ("99999999999999999999", "out of range"), ("10000", "at most 9999 (got 10000)")])
def test_a_workshop_count_is_at_most_what_the_ui_allows(catalog: Catalog, count: str,
                                                        message: str) -> None:
    text = WS_HEAD + f'\n[[group]]\nid = "g"\nlabel = "g"\n[group.tally.lead]\ntogether = {count}\n'
    with pytest.raises(WorkshopError) as info:
        loads_workshop(text, catalog, "w.toml")
    assert [(p.line, message in p.message) for p in info.value.problems] == [(11, True)]
    ok = loads_workshop(text.replace(count, "9999"), catalog, "w.toml")
    assert ok.groups[0].tally["lead"]["together"] == 9999


# ------------------------------------------------------------------ --since, saving


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00Z"])
@pytest.mark.parametrize("command", [("sessions", "list"), ("sessions", "export"), ("report",)])
def test_since_far_out_of_range_is_bad_input(capsys: pytest.CaptureFixture[str], since: str,
                                             command: tuple[str, ...]) -> None:
    code, _out, err = run(capsys, *command, "--since", since)
    no_traceback(err)
    assert code == 2 and "--since" in err
    assert "out of range" in err or "whole calendar months" in err


@pytest.mark.parametrize("message", ["attempt to write a readonly database",
                                     "database or disk is full"])
def test_saving_on_a_read_only_or_full_disk_is_a_message_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    import sqlite3

    answers = tmp_path / "a.toml"
    shutil.copy(Path(__file__).parent / "data" / "answers" / "river-association.toml", answers)
    data = tmp_path / "data"
    data.mkdir()

    def refuse(self: Any, session: Any) -> Any:
        raise sqlite3.OperationalError(message)  # what SQLite says on such a disk

    monkeypatch.setattr(storage.Store, "save", refuse)
    code, out, err_text = run(capsys, "assess", "--answers", str(answers), "--save",
                              "--data-dir", str(data))
    no_traceback(err_text)
    assert code == 2
    assert out.strip()  # the result was printed before the save failed
    assert "not saved" in err_text and message in err_text


# ------------------------------------------------------------------ long strings and keys


def test_a_1_mb_catalog_title_or_key_is_refused_and_not_echoed(tmp_path: Path) -> None:
    found = _catalog_problems(tmp_path, _activity(title='{ ja = "' + "x" * 1_000_000 +
                                                  '", en = "x" }'))
    assert any("too big" in p for p in found), found
    found = _catalog_problems(tmp_path, _activity(title='{ ja = "' + "川" * 300_000 +
                                                  '", en = "x" }'))
    assert any(":3: a text is longer than 4,000 characters" in p for p in found), found
    assert all(len(p) < 500 for p in found)
    found = _catalog_problems(tmp_path, _activity(**{"k" * 900_000: "1"}))
    assert any(":10: a key is longer than 64 characters" in p for p in found), found
    assert all(len(p) < 500 for p in found)


def test_a_catalog_file_over_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    layer = _layer(tmp_path, _activity())
    with (layer / "big.toml").open("w") as f:
        f.write("# " + "x" * (tomlfile.CATALOG.max_bytes + 10) + "\n")
    _catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    assert any("big.toml" in p.path and "too big" in p.message for p in problems)


def test_the_kiosk_config_is_bounded_too(tmp_path: Path) -> None:
    from kyodo_tui.core.kiosk.config import check_kiosk_config

    path = tmp_path / "kiosk.toml"
    path.write_text("idle_seconds = " + "9" * 5000 + "\n")
    config, problems = check_kiosk_config(path)
    assert config is None and "digits" in problems[0].message
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    config, problems = check_kiosk_config(path)
    assert config is None and "nested" in problems[0].message


def test_the_built_in_catalog_fits_its_bounds() -> None:
    """The bounds are far above real files: every shipped file passes them (the loader
    skips the scan for the built-in layer, which ships with the code)."""
    root = Path(__file__).parent.parent / "catalog"
    files = sorted(root.rglob("*.toml"))
    assert len(files) > 5
    for path in files:
        data = tomlfile.read_bytes(path, str(path), limits=tomlfile.CATALOG)
        tomlfile.scan(tomlfile.decode(data, str(path)), str(path), limits=tomlfile.CATALOG)
    catalog, problems = check_catalog(include_user=False)
    assert problems == [] and catalog is not None


def test_a_problem_is_always_a_problem_type() -> None:
    with pytest.raises(KyodoInputError):
        tomlfile.parse("a = " + "9" * 5000, "x.toml")


@pytest.mark.parametrize("body", [
    "revision = " + "9" * 5000, "x = " + "[" * 5000 + "]" * 5000, "a" + ".a" * 20_000 + " = 1",
    'notes = "' + "x" * 600_000 + '"'])
def test_a_hostile_session_file_is_one_warning_and_the_rest_still_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str) -> None:
    from kyodo_tui.core.storage import new_session

    # an earlier version's session folder, imported into the database
    old = tmp_path / "old"
    old.mkdir()
    good = new_session(answers={"who": "resident"}, label="good").evolve(revision=1)
    from kyodo_tui.core.storage import session_toml

    (old / f"{good.id}.toml").write_text(session_toml(good), "utf-8")
    bad = old / "20250101-000000-0000abcd.toml"
    bad.write_text('schema_version = 1\nid = "20250101-000000-0000abcd"\n' + body + "\n")
    data = tmp_path / "data"
    code, out, err = run(capsys, "sessions", "import", str(old), "--data-dir", str(data))
    no_traceback(err)
    assert code == 0
    code, out, _ = run(capsys, "sessions", "list", "--data-dir", str(data))
    assert code == 0 and good.id in out
    assert f"kyodo: warning: {bad}" in err
    assert "not a kyodo_tui session" in err or "too big" in err

"""Loading the catalog: layers, merging by id, the model built, locations, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core import locations
from kyodo_tui.core.catalog import builtin_catalog_dir, catalog_layers, check_catalog, load_catalog
from kyodo_tui.core.errors import CatalogError
from kyodo_tui.core.model import Catalog, Text

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"
REPO = Path(__file__).resolve().parent.parent


def test_mini_catalog_builds_the_model(mini_catalog: Catalog) -> None:
    c = mini_catalog
    assert set(c.fields) == {"environment", "safety", "disaster-prevention"}
    assert c.fields["disaster-prevention"].kind == "theme"
    assert c.fields["disaster-prevention"].source == ("000_57015c5ace657278.txt",)
    assert c.actors["government"].effects == ()
    assert c.actors["resident"].roles[0] == Text("地域の課題に関心を持つ", "Take an interest in local issues")
    assert c.forms["kyosai"].regions == ("C",)
    assert [s.id for s in c.cycle] == ["plan-issue", "do-run"]
    assert c.contacts["desk"].phone == ""
    river = c.activities["a-river-cleanup"]
    assert river.triad == (0.2, 0.7, 0.1)
    assert river.keywords_en == ("river", "clean-up", "litter")
    assert river.where is not None and river.where.line == 1
    assert river.where.path.endswith("activities/env.toml")
    assert c.activities["a-disaster-drill"].where.line == 14  # type: ignore[union-attr]
    assert c.layers == (str(MINI),)


def test_questions_defaults_and_order(mini_catalog: Catalog) -> None:
    who, fields, text = mini_catalog.questions
    assert [q.id for q in mini_catalog.questions] == ["who", "fields", "now_text"]
    assert who.allow_unknown and who.weight == 1.0 and who.show_if is None
    assert who.help.en == "Pick the closest."
    assert fields.help == Text("", "")
    assert fields.show_if is not None and fields.show_if.any_of == ("association",)
    assert not text.allow_unknown and text.match and text.choices == ()
    assoc = who.choice("association")
    assert assoc is not None
    assert assoc.regions == {"B": 1.0, "C": 0.5} and assoc.triad == {"mutual": 1.0}
    assert assoc.forms == {"kyosai": 0.5} and assoc.cycle == "plan-issue"
    assert assoc.where is not None and assoc.where.line == 15
    assert fields.choices[1].fields == ("safety", "disaster-prevention")


def test_layers_update_add_and_remove_by_id(tmp_path: Path) -> None:
    first = tmp_path / "one"
    first.mkdir()
    (first / "a.toml").write_text(
        '[[activity]]\nid = "a-river-cleanup"\n'
        'title = { ja = "川をきれいに", en = "Keep the river clean" }\n'
        'reading = "かわをきれいに"\n\n'
        '[[contact]]\nid = "desk"\nphone = "0152-73-1111"\n',
        encoding="utf-8",
    )
    second = tmp_path / "two"
    (second / "sub").mkdir(parents=True)
    (second / "sub" / "b.toml").write_text(
        '[[activity]]\nid = "a-disaster-drill"\ndisabled = true\n\n'
        '[[viewpoint]]\nid = "cost"\nname = { ja = "費用", en = "Cost" }\n'
        'description = { ja = "費用に見合うか。", en = "Is it worth the cost?" }\n'
        'source = "町の協働指針"\n',
        encoding="utf-8",
    )
    c = load_catalog([first, second], include_user=False, builtin=MINI)
    river = c.activities["a-river-cleanup"]
    assert river.title.en == "Keep the river clean" and river.reading == "かわをきれいに"
    assert river.triad == (0.2, 0.7, 0.1)  # kept from the built-in layer
    assert river.where is not None and river.where.path.endswith("env.toml")
    assert "a-disaster-drill" not in c.activities
    assert c.contacts["desk"].phone == "0152-73-1111"
    assert c.contacts["desk"].name.ja == "協働の窓口"
    assert c.viewpoints["cost"].source == ("町の協働指針",)
    assert c.layers == (str(MINI), str(first), str(second))


def test_a_layer_can_re_add_what_an_earlier_layer_disabled(tmp_path: Path) -> None:
    off = tmp_path / "off"
    off.mkdir()
    (off / "x.toml").write_text('[[viewpoint]]\nid = "needs"\ndisabled = true\n', encoding="utf-8")
    on = tmp_path / "on"
    on.mkdir()
    (on / "x.toml").write_text(
        '[[viewpoint]]\nid = "needs"\nname = { ja = "必要", en = "Need" }\n'
        'description = { ja = "説明", en = "D" }\nsource = "x"\n', encoding="utf-8")
    c = load_catalog([off, on], include_user=False, builtin=MINI)
    assert c.viewpoints["needs"].name.en == "Need"


def test_replacing_choices_replaces_the_whole_list(tmp_path: Path) -> None:
    layer = tmp_path / "l"
    layer.mkdir()
    (layer / "q.toml").write_text(
        '[[question]]\nid = "who"\n\n'
        '[[question.choices]]\nid = "me"\nlabel = { ja = "私", en = "Me" }\n\n'
        '[[question.choices]]\nid = "us"\nlabel = { ja = "私たち", en = "Us" }\n',
        encoding="utf-8",
    )
    _c, problems = check_catalog([layer], include_user=False, builtin=MINI)
    # `fields` still asks for who = "association", which is gone now
    assert [p.message for p in problems] == [
        "question 'fields': show_if: question 'who' has no choice 'association'"
    ]


def test_user_catalog_layer_comes_from_the_config_dir(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYODO_CONFIG_DIR", str(tmp_path / "cfg"))
    assert locations.user_catalog_dir() == tmp_path / "cfg" / "catalog"
    assert catalog_layers(builtin=MINI) == [MINI]  # absent user dir: not a layer
    user = tmp_path / "cfg" / "catalog"
    user.mkdir(parents=True)
    (user / "desk.toml").write_text('[[contact]]\nid = "desk"\nemail = "kyodo@town.example"\n',
                                    encoding="utf-8")
    extra = tmp_path / "extra"
    assert catalog_layers([extra], builtin=MINI) == [MINI, user, extra]
    assert catalog_layers([extra], include_user=False, builtin=MINI) == [MINI, extra]
    assert load_catalog(builtin=MINI).contacts["desk"].email == "kyodo@town.example"
    assert load_catalog(include_user=False, builtin=MINI).contacts["desk"].email == ""


def test_locations_honour_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path / "d"))
    assert locations.data_dir() == tmp_path / "d"
    monkeypatch.delenv("KYODO_DATA_DIR")
    monkeypatch.delenv("KYODO_CONFIG_DIR")
    assert locations.data_dir().name == "kyodo_tui"
    assert locations.config_dir().name == "kyodo_tui"


def test_builtin_dir_in_a_source_checkout_and_in_a_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert builtin_catalog_dir() == REPO / "catalog"
    from kyodo_tui.core import layers as layers_mod

    fake = tmp_path / "site" / "kyodo_tui" / "core" / "layers.py"
    (tmp_path / "site" / "kyodo_tui" / "_catalog").mkdir(parents=True)
    monkeypatch.setattr(layers_mod, "__file__", str(fake))
    assert builtin_catalog_dir() == tmp_path / "site" / "kyodo_tui" / "_catalog"
    monkeypatch.setenv("KYODO_BUILTIN_CATALOG", str(MINI))
    assert builtin_catalog_dir() == MINI


def test_loading_thousands_of_activities_keeps_every_line(tmp_path: Path) -> None:
    block = (MINI / "activities" / "env.toml").read_text(encoding="utf-8").split("[[activity]]")[1]
    layer = tmp_path / "many"
    layer.mkdir()
    for f in range(20):
        text = "".join("[[activity]]" + block.replace("a-river-cleanup", f"m{f}-{i}")
                       for i in range(100))
        (layer / f"f{f:02}.toml").write_text(text, encoding="utf-8")
    c = load_catalog([layer], include_user=False, builtin=MINI)
    assert len(c.activities) == 2002
    assert c.activities["m19-99"].where is not None
    assert c.activities["m19-99"].where.line == 1 + 99 * 13


# ------------------------------------------------------------------ CLI


def test_catalog_check_ok(capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYODO_BUILTIN_CATALOG", str(MINI))
    assert main(["catalog", "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("catalog OK: 2 activities, 2 forms, 3 fields, 3 actors,")
    assert "1 viewpoint, 1 contact, 3 questions (layers: " in out


def test_catalog_check_lists_problems_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_BUILTIN_CATALOG", str(MINI))
    layer = tmp_path / "town"
    layer.mkdir()
    (layer / "x.toml").write_text('[[form]]\nid = "koen"\nregions = ["Z"]\n'
                                  'readng = "こうえん"\n', encoding="utf-8")
    assert main(["--catalog", str(layer), "catalog", "check", "--catalog", str(tmp_path / "no")]) == 2
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines == [
        f"{layer / 'x.toml'}:3: form 'koen': regions: unknown region letter 'Z' (A–E)",
        f"{layer / 'x.toml'}:4: form 'koen': unknown key 'readng' (did you mean 'reading'?)",
        f"{tmp_path / 'no'}: catalog directory does not exist",
    ]
    assert "3 problems" in captured.err


def test_catalog_path_prints_layers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "path", "--catalog", str(tmp_path)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["built-in", str(REPO / "catalog")]
    assert rows[1] == ["user", str(Path(os.environ["KYODO_CONFIG_DIR"]) / "catalog"),
                       "(not present)"]
    assert rows[2] == ["--catalog", str(tmp_path)]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def test_core_and_catalog_cmd_never_import_textual() -> None:
    code = ("import kyodo_tui.cli.catalog_cmd, kyodo_tui.core.catalog, "
            "kyodo_tui.core.locations, sys; assert 'textual' not in sys.modules, 'textual!'")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True, env=_env(), cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr


def test_kyodo_catalog_check_subprocess(tmp_path: Path) -> None:
    kyodo = Path(sys.executable).parent / "kyodo"
    cmd = [str(kyodo)] if kyodo.exists() else [sys.executable, "-m", "kyodo_tui"]
    ok = subprocess.run([*cmd, "catalog", "check"], check=False, capture_output=True, text=True,
                        env=_env(KYODO_BUILTIN_CATALOG=str(MINI)), cwd=tmp_path, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("catalog OK: 2 activities")
    (tmp_path / "bad.toml").write_text("[[activity]]\nid = \n", encoding="utf-8")
    bad = subprocess.run([*cmd, "catalog", "check", "--catalog", "."], check=False,
                         capture_output=True,
                         text=True, env=_env(KYODO_BUILTIN_CATALOG=str(MINI)), cwd=tmp_path,
                         timeout=60)
    assert bad.returncode == 2
    assert bad.stdout.startswith("bad.toml:2: TOML syntax error: ")


def test_parsed_files_are_cached_by_content_and_a_bad_cache_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_tui.core.catalog import load_catalog as load

    cache = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(cache))
    first = load(include_user=False)
    entries = sorted((cache / "catalog-parse-v2").glob("*.bin"))
    assert entries, "no parse cache written"
    assert load(include_user=False) == first  # read back from the cache
    for entry in entries:  # a corrupt cache entry must only mean: parse again
        entry.write_bytes(b"\x00garbage")
    assert load(include_user=False) == first


def test_a_validated_catalog_is_cached_and_any_edit_invalidates_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from kyodo_tui.core.catalog import load_catalog as load

    monkeypatch.setenv("KYODO_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "builtin"
    shutil.copytree(builtin_catalog_dir(), base)
    first = load(include_user=False, builtin=base)
    entries = list((tmp_path / "cache" / "catalog-v2").glob("*.bin"))
    assert len(entries) == 1
    assert load(include_user=False, builtin=base) == first  # from the cache
    # an edit to any layer file is seen at once (the key is the files' content)
    fields = base / "fields.toml"
    text = fields.read_text(encoding="utf-8")
    assert 'en = "Health, medical care and welfare"' in text
    fields.write_text(text.replace('en = "Health, medical care and welfare"',
                                   'en = "Health and welfare (edited)"', 1), encoding="utf-8")
    edited = load(include_user=False, builtin=base)
    assert edited.fields["welfare"].name.en == "Health and welfare (edited)"
    # the old state keeps its entry: a new one never evicts another
    assert len(list((tmp_path / "cache" / "catalog-v2").glob("*.bin"))) == 2
    # a broken file is reported, never hidden behind the cache
    (base / "broken.toml").write_text("[[activity]\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load(include_user=False, builtin=base)
    # a corrupt cache entry only means: load again
    (base / "broken.toml").unlink()
    for entry in (tmp_path / "cache" / "catalog-v2").glob("*.bin"):
        entry.write_bytes(b"not a cache entry")
    assert load(include_user=False, builtin=base) == edited

"""Every UI text exists in every declared language (issue 17): the locale files under
kyodo_tui/ui/locales have the same keys, none empty, the same {placeholders}, and
no East-Asian-ambiguous symbols; lookups fall back along core.langs.chain."""

from __future__ import annotations

import string
import tomllib
import unicodedata
from importlib import resources

import pytest

from kyodo_tui.core import langs
from kyodo_tui.ui import locales

DECLARED = langs.LANG_CODES


def raw(lang: str) -> dict[str, dict[str, str]]:
    """A locale file read directly (not through the loader under test)."""
    text = resources.files("kyodo_tui.ui.locales").joinpath(f"{lang}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data.pop("meta", None)
    return data


def fields(text: str) -> list[str]:
    """The ``{name}`` / ``{name:spec}`` placeholders of a format string, sorted."""
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_every_declared_language_has_a_file_with_its_code() -> None:
    for lang in DECLARED:
        meta = tomllib.loads(resources.files("kyodo_tui.ui.locales")
                             .joinpath(f"{lang}.toml").read_text("utf-8"))["meta"]
        assert meta["lang"] == lang
        assert meta["name"] == langs.NATIVE_NAMES[lang]


def test_every_file_has_exactly_the_tables_the_app_reads() -> None:
    for lang in DECLARED:
        assert sorted(raw(lang)) == sorted(locales.TABLES), lang


@pytest.mark.parametrize("lang", [code for code in DECLARED if code != locales.SOURCE_LANG])
def test_every_key_is_present_and_non_empty(lang: str) -> None:
    source, other = raw(locales.SOURCE_LANG), raw(lang)
    missing = [f"{t}.{k}" for t in source for k in source[t]
               if not other.get(t, {}).get(k, "").strip()]
    extra = [f"{t}.{k}" for t in other for k in other[t] if k not in source.get(t, {})]
    assert not missing, f"{lang}.toml lacks {missing}"
    assert not extra, f"{lang}.toml has keys ja.toml does not: {extra}"
    assert locales.missing(lang) == []


def test_the_source_has_no_empty_text() -> None:
    source = raw(locales.SOURCE_LANG)
    assert [f"{t}.{k}" for t in source for k, v in source[t].items() if not v.strip()] == []


@pytest.mark.parametrize("lang", DECLARED)
def test_placeholders_match_the_source(lang: str) -> None:
    source, other = raw(locales.SOURCE_LANG), raw(lang)
    wrong = {f"{t}.{k}": (fields(v), fields(other[t][k]))
             for t in source for k, v in source[t].items()
             if fields(v) != fields(other[t][k])}
    assert not wrong, wrong


def test_every_text_formats_with_its_placeholders() -> None:
    """No stray brace: each text formats once its placeholders are given."""
    for lang in DECLARED:
        for entries in raw(lang).values():
            for v in entries.values():
                params = {f.split(":")[0]: 1.0 for f in fields(v)}
                v.format(**params)  # raises on a lone { or }


@pytest.mark.parametrize("lang", DECLARED)
def test_no_ambiguous_symbols(lang: str) -> None:
    """No … → ※ ○ ± and such (drawn two cells wide on a CJK terminal). Letters with
    accents are ambiguous too (é, á): Portuguese needs them (docs/style/pt.md)."""
    bad = {f"{t}.{k}": sorted(ch for ch in v if unicodedata.east_asian_width(ch) == "A"
                              and not unicodedata.category(ch).startswith("L"))
           for t, entries in raw(lang).items() for k, v in entries.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_japanese_texts_have_no_accented_letters() -> None:
    """(A language's own name, e.g. Português on the switch, is the one exception.)"""
    for lang in ("ja", "ja-easy"):
        for t, entries in raw(lang).items():
            for k, v in entries.items():
                if k.startswith("lang."):
                    continue
                assert not [ch for ch in v if unicodedata.east_asian_width(ch) == "A"], (t, k)


def test_lookup_walks_the_fallback_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    real = locales.load

    def partial(lang: str) -> dict[str, dict[str, str]]:
        data = {t: dict(v) for t, v in real(lang).items()}
        if lang in ("ja-easy", "pt"):
            data["app"].pop("back")
            data["app"]["next"] = ""  # empty counts as not written
        return data

    monkeypatch.setattr(locales, "load", partial)
    assert locales.resolve("app", "back", "ja-easy") == (real("ja")["app"]["back"], "ja")
    assert locales.resolve("app", "back", "pt") == (real("en")["app"]["back"], "en")
    assert locales.resolve("app", "next", "pt") == (real("en")["app"]["next"], "en")
    assert locales.resolve("app", "skip", "pt") == (real("pt")["app"]["skip"], "pt")
    assert "app.back" in locales.missing("pt")


def test_an_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        locales.text("app", "no.such.key", "pt")
    with pytest.raises(KeyError):
        locales.table("app")["no.such.key"]


def test_the_tables_answer_in_every_language() -> None:
    from kyodo_tui.ui import strings
    from kyodo_tui.ui.modes.intake import strings as intake
    from kyodo_tui.ui.modes.kiosk import strings as kiosk
    from kyodo_tui.ui.modes.workshop import strings as workshop
    from kyodo_tui.ui.screens.officer import strings as officer

    assert strings.t("back", "pt") == "Voltar"
    assert strings.t("back", "ja-easy") == "もどる"
    assert strings.t("back", "ja") == "戻る"
    assert strings.t("back", "en") == "Back"
    assert intake.t("home.title", "pt") == "Atendimento"
    assert kiosk.t("enlarge.body", "pt", w=80, h=24).startswith("Esta tela")
    assert workshop.t("back", "pt") == "Voltar"  # falls to the app's table
    assert officer.t("bind.save", "ja-easy") == "ほぞん"
    # the old (ja, en) pair shape still reads
    assert strings.STRINGS["back"][0] == "戻る" and tuple(strings.STRINGS["back"]) == ("戻る", "Back")


def test_a_broken_locale_file_names_the_file(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: object) -> None:
    class Fake:
        def joinpath(self, name: str) -> Fake:
            return self

        def is_file(self) -> bool:
            return True

        def read_text(self, encoding: str) -> str:
            return '[app]\n"back" = \n'

    monkeypatch.setattr(locales.resources, "files", lambda _: Fake())
    locales.load.cache_clear()
    try:
        with pytest.raises(locales.LocaleError, match="locales/xx.toml"):
            locales.load("xx")
    finally:
        locales.load.cache_clear()

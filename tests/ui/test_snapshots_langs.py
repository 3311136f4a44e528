"""SVG snapshots of the main screens in Portuguese and やさしい日本語 at 80x24 (issue 17):
welcome, a question, review, results, the kiosk welcome and the language chooser.

Each run also reads the screen's text back from the SVG and checks that every word on
it is whole: a Portuguese word must be a word of some text the app or the catalog can
show (a word cut by a clipped label or a wrap is not), and a phrase of spaced
やさしい日本語 must be one of the phrases it was written with (standard Japanese from
the catalog, shown until it is translated, may break between any two characters).

Review new snapshots by eye before accepting them (``--snapshot-update``).
"""

from __future__ import annotations

import dataclasses
import html
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input

from kyodo_tui.core.kiosk import KioskConfig, hash_pin
from kyodo_tui.core.langs import NATIVE_NAMES
from kyodo_tui.core.model import Text
from kyodo_tui.ui.modes.kiosk import KioskApp
from kyodo_tui.ui.widgets.ja_wrap import spaced
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (80, 24)
LANGS = ["pt", "ja-easy"]
ANSWERS: dict[str, Any] = {
    "who": "association",
    "group_size": "some",
    "fields": ["environment", "safety"],
    "now": ["local-events"],
    "now_text": "josetsu",
    "lead": "unknown",
    "reach": "neighbours",
    "carry": "each-other",
    "stage": "issue",
}


# ---------------------------------------------------------------- the screen's words


def screen_lines(svg: str) -> list[str]:
    """The rows of an exported screenshot, each text piece put at its cell column."""
    pieces = re.findall(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg)
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, t in pieces:
        rows.setdefault(float(y), []).append((float(x), html.unescape(t).replace("\xa0", " ")))
    out = []
    for y in sorted(rows):
        line = ""
        for x, t in sorted(rows[y]):
            col = round(x / 12.2)
            line += " " * max(0, col - cell_len(line)) + t
        out.append(line)
    return out


def _strings(obj: Any, seen: set[int]) -> Iterator[str]:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Text):
        yield obj.ja
        yield obj.en
        for _lang, value in obj.more:
            yield value
    elif isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name), seen)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _strings(key, seen)
            yield from _strings(value, seen)
    elif isinstance(obj, (list, tuple, frozenset, set)):
        for value in obj:
            yield from _strings(value, seen)


@cache
def all_texts() -> tuple[str, ...]:
    """Every text the screens can show: the UI strings of every language, the catalog's."""
    out: list[str] = list(NATIVE_NAMES.values())
    for lang in ("ja", "en", "ja-easy", "pt"):
        data = tomllib.loads(resources.files("kyodo_tui.ui.locales")
                             .joinpath(f"{lang}.toml").read_text("utf-8"))
        data.pop("meta")
        out += [v for table in data.values() for v in table.values()]
    out += list(_strings(builtin_catalog(), set()))
    # a few texts the core builds (reasons, placements) in English and Japanese
    from kyodo_tui.core import placement, recommend

    for module in (placement, recommend):
        out += list(_strings(vars(module), set()))
        # the templates written inside functions (the reasons' texts)
        for fn in vars(module).values():
            code = getattr(fn, "__code__", None)
            stack = [code] if code is not None else []
            while stack:
                c = stack.pop()
                for const in c.co_consts:
                    if isinstance(const, str):
                        out.append(const)
                    elif hasattr(const, "co_consts"):
                        stack.append(const)
    return tuple(out)


WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")


#: what the footer and the test's own answers add (key names, a typed answer)
EXTRA_WORDS = ("Esc Enter Space Tab Ctrl Shift Del F PgUp PgDn Home End "
               "kawa no souji josetsu")


@cache
def latin_words() -> frozenset[str]:
    words = {w.lower() for text in all_texts() for w in WORD.findall(text)}
    return frozenset(words | {w.lower() for w in EXTRA_WORDS.split()})


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _phrase_pattern(chunk: str) -> str:
    return "".join(".+?" if part.startswith("{") else re.escape(part)
                   for part in re.split(r"(\{[^}]*\})", chunk) if part)


@cache
def easy_phrases() -> tuple[frozenset[str], tuple[re.Pattern[str], ...], str]:
    """The spaced phrases of the やさしい日本語 texts (plain ones, and patterns for those
    with a placeholder), and the unspaced Japanese texts joined (where any cut is allowed)."""
    data = tomllib.loads(resources.files("kyodo_tui.ui.locales")
                         .joinpath("ja-easy.toml").read_text("utf-8"))
    data.pop("meta")
    plain: set[str] = {w for name in NATIVE_NAMES.values() for w in name.split()}
    patterns: list[re.Pattern[str]] = []
    for table in data.values():
        for text in table.values():
            for chunk in text.split():
                for piece in re.split(r"(?<=[、。：])", chunk):
                    literal = re.sub(r"\{[^}]*\}", "", piece)
                    if "{" in piece and any(_wide(ch) for ch in literal):
                        patterns.append(re.compile(_phrase_pattern(piece)))
                    elif piece and "{" not in piece:
                        plain.add(piece)
                        plain.add(piece.rstrip("、。："))
    for text in all_texts():  # the catalog's and the core's spaced texts too
        if spaced(text):
            for chunk in text.split():
                for piece in re.split(r"(?<=[、。：])", chunk):
                    if piece and "{" not in piece:
                        plain.add(piece)
                        plain.add(piece.rstrip("、。："))
                    elif "{" in piece and any(_wide(ch) for ch in piece):
                        patterns.append(re.compile(_phrase_pattern(piece)))
    unspaced = "\n".join(t for t in all_texts() if not spaced(t))
    return frozenset(plain), tuple(patterns), unspaced


#: a chunk this wide without a space is standard Japanese, which may break anywhere
#: (spaced やさしい日本語 phrases are far shorter)
LONG_RUN = 24
EDGE = "│╭╮╰╯─━╸╺▔▁▇▆▅▄▃▂█▐▌ ()[]<>-:/|.,;o*+="


def cut_words(lines: list[str], lang: str) -> list[str]:
    """Words on the screen that no text has whole (cut by a clip or a bad wrap)."""
    bad: list[str] = []
    for line in lines:
        if lang == "pt":
            bad += [w for w in WORD.findall(line)
                    if len(w) > 1 and w.lower() not in latin_words()]
            continue
        plain, patterns, unspaced = easy_phrases()
        for raw in line.split():
            chunk = raw.strip(EDGE + "「」")
            if not any(_wide(ch) for ch in chunk):
                continue
            if chunk in plain or chunk in unspaced:
                continue
            if cell_len(chunk) >= LONG_RUN:
                continue  # a run of standard Japanese (the catalog's, the core's) wrapped
            pieces = [p.rstrip("、。：") for p in re.split(r"(?<=[、。：])", chunk) if p]
            if all(p in plain or p in unspaced or any(pt.fullmatch(p) for pt in patterns)
                   or not any(_wide(ch) for ch in p) for p in pieces):
                continue
            if any(pt.fullmatch(chunk) for pt in patterns):
                continue
            bad.append(chunk)
    return bad


async def _settle(pilot: Pilot[Any]) -> None:
    for text_input in pilot.app.screen.query(Input):
        text_input.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def checked(lang: str, before: Any = None) -> Any:
    """A run_before: ``before`` (keys), settle, then assert the screen's words are whole."""

    async def run_before(pilot: Pilot[Any]) -> None:
        if before is not None:
            await before(pilot)
        await _settle(pilot)
        lines = screen_lines(pilot.app.export_screenshot())
        assert pilot.app.lang == lang
        assert not cut_words(lines, lang), (cut_words(lines, lang), "\n".join(lines))

    return run_before


# ---------------------------------------------------------------- the screens


@pytest.mark.parametrize("lang", LANGS)
def test_welcome(snap_compare: Any, lang: str) -> None:
    assert snap_compare(build_app(lang=lang), terminal_size=SIZE, run_before=checked(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_question(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="question:lead",
                    answers={"who": "resident", "fields": ["environment"]})

    async def press(pilot: Pilot[Any]) -> None:
        await pilot.press("2")

    assert snap_compare(app, terminal_size=SIZE, run_before=checked(lang, press))


@pytest.mark.parametrize("lang", LANGS)
def test_review(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="review",
                    answers={"who": "resident", "fields": ["environment", "safety"],
                             "now": "unknown", "now_text": "kawa no souji"})
    assert snap_compare(app, terminal_size=SIZE, run_before=checked(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_results(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="results", answers=ANSWERS)
    assert snap_compare(app, terminal_size=SIZE, run_before=checked(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_welcome(snap_compare: Any, lang: str) -> None:
    config = dataclasses.replace(KioskConfig(pin_hash=hash_pin("482913")), lang=lang)
    app = KioskApp(builtin_catalog(), kiosk_config=config)
    assert snap_compare(app, terminal_size=SIZE, run_before=checked(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_language_chooser(snap_compare: Any, lang: str) -> None:
    async def open_it(pilot: Pilot[Any]) -> None:
        await pilot.click("#lang-switch")
        await pilot.pause()

    assert snap_compare(build_app(lang=lang), terminal_size=SIZE,
                        run_before=checked(lang, open_it))


def test_a_cut_word_is_caught() -> None:
    """The check itself: a clipped Portuguese word and a cut spaced phrase are found."""
    assert cut_words(["Começar como pes"], "pt") == ["pes"]
    assert cut_words(["Começar como pessoa", "prefeitura"], "pt") == []
    assert cut_words(["ようこそ。いっしょに まちを 役所（やく"], "ja-easy") == ["役所（やく"]
    assert cut_words(["ひとりで はじめる", "しつもん 3 / 12"], "ja-easy") == []

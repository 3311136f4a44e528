"""Catalog texts in any language: fallback chains, [languages], coverage, translation layers.

The built-in catalog declares ja, en, やさしい日本語 (ja-easy) and Portuguese (pt);
ja-easy and pt are required in every text except the example activities. A town
layer can declare another language (Vietnamese here) and add translations
without copying a Japanese or English text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core import langs
from kyodo_tui.core.catalog import check_catalog, coverage_lines, load_catalog, text_coverage
from kyodo_tui.core.model import Catalog, Languages, Municipality, Text
from kyodo_tui.core.plain import catalog_from_plain, catalog_to_plain

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"
REPO = Path(__file__).resolve().parent.parent


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_text(dedent(content), encoding="utf-8")
    return directory


# ------------------------------------------------------------------ Text


def test_a_text_holds_any_language_and_falls_back_along_the_chain() -> None:
    t = Text.of({"ja": "協働", "en": "collaboration", "vi": "hợp tác", "ja-easy": "いっしょに"})
    assert (t.ja, t.en) == ("協働", "collaboration")
    assert t.get("vi") == "hợp tác" and t.get("ja-easy") == "いっしょに"
    assert t.langs() == ("ja", "en", "vi", "ja-easy")
    # pt is not written: Portuguese falls back to English, and says so
    assert t.get("pt") == "collaboration"
    assert t.pick("pt") == ("collaboration", "en", True)
    assert t.is_fallback("pt") and not t.is_fallback("vi")
    # a chain of the caller's own
    assert t.pick("zh", ("zh", "ja")) == ("協働", "ja", True)


def test_ja_easy_falls_back_to_standard_japanese_then_english() -> None:
    assert Text("活動", "activity").pick("ja-easy") == ("活動", "ja", True)
    assert Text("", "activity").pick("ja-easy") == ("activity", "en", True)
    assert Text("活動", "activity").pick("ja") == ("活動", "ja", False)
    assert Text("", "").pick("pt") == ("", "pt", False)  # nothing written: nothing to mark


def test_two_language_texts_compare_and_hash_as_before() -> None:
    a = Text("協働", "collaboration")
    assert a == Text.of({"ja": "協働", "en": "collaboration"})
    assert a != a.with_lang("pt", "colaboração")
    assert len({a, Text("協働", "collaboration"), a.with_lang("pt", "x")}) == 2
    assert a.with_lang("pt", "x").with_lang("pt", "colaboração").own("pt") == "colaboração"
    assert a.get("en") == "collaboration" and a.get("ja") == "協働"


def test_municipality_words_in_every_language() -> None:
    city = Municipality(kind="city")
    filled = city.fill(Text.of({"ja": "{office}に相談", "en": "Ask {office}",
                                "ja-easy": "{office}に 聞きます", "pt": "{office} ajuda"}))
    assert filled.ja == "市役所に相談" and filled.en == "Ask the city hall"
    assert filled.own("ja-easy") == "市役所（しやくしょ）に 聞きます"
    assert filled.own("pt") == "A prefeitura ajuda"  # capital: the sentence starts with it
    named = Municipality(Text("美幌町", "Bihoro"), "town")
    assert named.words("ja-easy")["town"] == "美幌町"  # a name without ja-easy: its ja
    assert named.words("pt")["town"] == "Bihoro"


def test_catalog_languages_chain_and_required() -> None:
    langs_ = Languages(codes=("ja", "en", "vi"), fallback={"vi": ("en",)},
                       required_in={"vi": ("question",)})
    assert langs_.chain("vi") == ("vi", "en")
    assert langs_.chain("pt") == langs.chain("pt")
    assert langs_.required_for("question") == ("ja", "en", "vi")
    assert langs_.required_for("activity") == ("ja", "en")


# ------------------------------------------------------------------ the built-in catalog


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    catalog, problems = check_catalog(include_user=False, builtin=REPO / "catalog")
    assert problems == []
    assert catalog is not None
    return catalog


def test_builtin_declares_the_apps_languages_and_chains(builtin: Catalog) -> None:
    assert builtin.languages.codes == langs.LANG_CODES
    for code in langs.LANG_CODES:
        assert builtin.languages.chain(code)[:len(langs.chain(code))] == langs.chain(code)[
            :len(builtin.languages.chain(code))]


def test_builtin_is_complete_in_every_required_language(builtin: Catalog) -> None:
    coverage = text_coverage(builtin)
    for lang in ("ja", "en", "ja-easy", "pt"):
        for kind, (have, total) in coverage[lang].items():
            if lang in builtin.languages.required_for(kind):
                assert have == total > 0, (lang, kind, have, total)
    question = builtin.question("lead")
    assert question is not None
    assert not builtin.pick(question.prompt, "pt").fallback
    # the activities are optional in ja-easy and pt, and all written today
    assert "activity" not in builtin.languages.required_in["pt"]
    for activity in builtin.activities.values():
        for text in (activity.title, activity.description):
            assert not builtin.pick(text, "pt").fallback, activity.id
            assert not builtin.pick(text, "ja-easy").fallback, activity.id
        assert activity.keywords("pt"), activity.id


def test_an_activity_without_a_translation_falls_back_marked(tmp_path: Path) -> None:
    """A town's own new activity in ja and en only: shown in ja for ja-easy and in en for
    pt, marked as a fallback, and counted as not yet translated."""
    layer = write(tmp_path / "town", {"a.toml": """\
        [[activity]]
        id = "town-snow"
        title = { ja = "歩道の雪かき", en = "Clearing snow from pavements" }
        reading = "ほどうのゆきかき"
        keywords = { ja = ["雪かき"], en = ["snow"] }
        description = { ja = "近所で歩道の雪をかきます。", en = "Neighbours clear the pavements." }
        fields = ["community"]
        regions = ["B"]
        triad = { self = 0.3, mutual = 0.6, public = 0.1 }
        actors = ["resident"]
        source = "local-example"
        """})
    catalog = load_catalog([layer], include_user=False, builtin=REPO / "catalog")
    a = catalog.activities["town-snow"]
    assert catalog.pick(a.title, "pt") == ("Clearing snow from pavements", "en", True)
    assert catalog.pick(a.description, "ja-easy") == ("近所で歩道の雪をかきます。", "ja", True)
    [pt] = [line for line in coverage_lines(catalog) if line.startswith("pt ")]
    n = 2 * len(catalog.activities)
    assert f"not yet: activity {n - 2}/{n} (falls back to en)" in pt


def _all_texts(builtin: Catalog) -> Iterator[Text]:
    for q in builtin.questions:
        yield q.prompt
        yield q.help
        yield from (c.label for c in q.choices)
    for f in builtin.forms.values():
        yield from (f.name, f.leads, f.description, f.citizens_bring, f.government_brings,
                    f.effect, f.cautions, f.responsibility)
    for a in builtin.actors.values():
        yield from (a.name, a.description, *a.roles, *a.effects)
    for group in (builtin.principles.values(), builtin.cycle, builtin.fields.values(),
                  builtin.viewpoints.values()):
        for e in group:
            yield from (e.name, e.description)


def test_builtin_translations_are_translations(builtin: Catalog) -> None:
    texts = [t for t in _all_texts(builtin) if t.ja]
    easy_differs = sum(t.own("ja-easy") != t.ja for t in texts)
    assert easy_differs / len(texts) > 0.9  # rewritten, not copied
    assert all(t.own("pt") != t.en for t in texts if len(t.en) > 12)
    # placeholders are filled in every language (no {office} left over)
    assert not [t for t in texts if "{" in t.own("ja-easy") + t.own("pt")]
    # やさしい日本語: readings in brackets for the hard words, short sentences
    long_sentences = [s for t in texts for s in re.split(r"[。]", t.own("ja-easy"))
                      if len(s) > 90]
    assert long_sentences == []
    assert any("協働（きょうどう）" in t.own("ja-easy") for t in texts)


#: docs/translation-style.md: words every ja-easy text glosses where they stand alone
GLOSSED = {"協働": "きょうどう", "自治会": "じちかい", "行政": "ぎょうせい", "住民": "じゅうみん",
           "団体": "だんたい", "事業": "じぎょう", "責任": "せきにん", "役割": "やくわり",
           "地域": "ちいき", "委託": "いたく", "補助": "ほじょ", "後援": "こうえん",
           "共催": "きょうさい", "評価": "ひょうか", "原則": "げんそく", "施設": "しせつ"}
#: ... and European Portuguese words a Brazilian reader would stumble on
NOT_BRAZILIAN = ("equipa", "utente", "telemóvel", "câmara municipal", "autarquia", "autocarro")
_KANJI = re.compile(r"[\u3400-\u9fff]")


def _standalone(text: str, term: str) -> bool:
    for m in re.finditer(re.escape(term), text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not _KANJI.match(before) and not _KANJI.match(after):
            return True
    return False


def test_translations_follow_the_style_guide(builtin: Catalog) -> None:
    unglossed = []
    for t in _all_texts(builtin):
        easy = t.own("ja-easy")
        for term, reading in GLOSSED.items():
            if _standalone(easy, term) and f"{term}（{reading}）" not in easy:
                unglossed.append(f"{term}: {easy}")
    assert unglossed == []
    for t in (*_all_texts(builtin), *(a.title for a in builtin.activities.values()),
              *(a.description for a in builtin.activities.values())):
        pt = t.own("pt").lower()
        assert not [w for w in NOT_BRAZILIAN if w in pt], pt
        for glyph in "…※○→±—“”–":
            assert glyph not in t.own("ja-easy") + t.own("pt")


def test_portuguese_placeholders_follow_no_contracting_word() -> None:
    """{office} says "a prefeitura": "de/em/a/por {office}" would read "de a prefeitura"
    (docs/translation-style.md)."""
    bad = re.compile(r"\b(?:de|em|a|por|do|da|no|na|ao|à)\s+\{(?:office|town)\}", re.I)
    pt = re.compile(r'pt = "((?:[^"\\]|\\.)*)"')
    found = [m.group(1) for path in (REPO / "catalog").rglob("*.toml")
             for m in pt.finditer(path.read_text(encoding="utf-8")) if bad.search(m.group(1))]
    assert found == []


def test_placeholders_are_kept_in_the_raw_translations() -> None:
    """Every {office}/{town} of a Japanese text is in its ja-easy text too."""
    pattern = re.compile(r'ja = "([^"]*)", en = "(?:[^"\\]|\\.)*", ja-easy = "([^"]*)"')
    seen = 0
    for path in (REPO / "catalog").glob("*.toml"):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            seen += 1
            for word in re.findall(r"\{\w+\}", m.group(1)):
                assert word in m.group(2), (path.name, m.group(1), m.group(2))
    assert seen > 300


def test_plain_round_trip_keeps_every_language(builtin: Catalog) -> None:
    back = catalog_from_plain(catalog_to_plain(builtin), [])
    assert back.questions == builtin.questions
    assert back.languages == builtin.languages
    assert back.question("lead").prompt.own("pt")  # type: ignore[union-attr]


# ------------------------------------------------------------------ a town adds Vietnamese

VI_LANGUAGES = """\
    [languages]
    codes = ["vi"]

    [languages.fallback]
    vi = ["en", "ja"]

    [languages.required_in]
    vi = ["principle"]
    """


def test_a_town_layer_adds_vietnamese_without_copying_texts(tmp_path: Path) -> None:
    layer = write(tmp_path / "town", {
        "languages.toml": VI_LANGUAGES,
        "vi.toml": """\
            [[principle]]
            id = "equality"
            name = { vi = "Bình đẳng" }
            description = { vi = "Các bên là đối tác bình đẳng." }

            [[principle]]
            id = "information"
            name = { vi = "Công khai" }
            description = { vi = "Chia sẻ và công khai thông tin." }

            [[question]]
            id = "who"
            prompt = { vi = "Bạn trả lời với vai trò nào?" }
            """,
    })
    catalog = load_catalog([layer], include_user=False, builtin=MINI)
    p = catalog.principles["equality"]
    assert (p.name.ja, p.name.en, p.name.get("vi")) == ("対等", "Equality", "Bình đẳng")
    who = catalog.question("who")
    assert who is not None and who.prompt.get("vi") == "Bạn trả lời với vai trò nào?"
    assert who.prompt.ja  # the Japanese text is still there
    assert catalog.languages.codes[-1] == "vi"
    lines = coverage_lines(catalog)
    vi = next(line for line in lines if line.startswith("vi "))
    assert "required in principle" in vi and "falls back to en" in vi


def test_a_missing_required_language_is_reported_with_file_and_line(tmp_path: Path) -> None:
    layer = write(tmp_path / "town", {
        "languages.toml": VI_LANGUAGES,
        "vi.toml": """\
            [[principle]]
            id = "equality"
            name = { vi = "Bình đẳng" }
            """,
    })
    catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    assert catalog is None
    messages = [(Path(p.path).name, p.line, p.message) for p in problems]
    # equality has a name in vi but no description; information has neither
    assert ("principles.toml", 4, "principle 'equality': description: missing translation: "
            "no vi (vi) text (required in every principle)") in messages
    # and once: how to let them fall back instead
    assert any(m[0] == "languages.toml" and m[1] == 8 and "fall back to en then ja" in m[2]
               for m in messages)
    info = [m for m in messages if "principle 'information'" in m[2]]
    assert {m[2].split(":")[1].strip() for m in info} == {"name", "description"}
    assert all(m[0] == "principles.toml" and m[1] > 0 for m in info)


def test_an_undeclared_language_is_an_error_at_its_line(tmp_path: Path) -> None:
    layer = write(tmp_path / "town", {"x.toml": """\
        [[principle]]
        id = "equality"
        name = { ja = "対等", en = "Equality", fr = "Égalité" }
        description = { ja = "説明", en = "D" }
        source = "x"
        """})
    _catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    [p] = problems
    assert p.line == 3 and "unknown language 'fr'" in p.message and "[languages]" in p.message


def test_a_translation_without_an_earlier_text_is_an_error(tmp_path: Path) -> None:
    layer = write(tmp_path / "town", {"languages.toml": VI_LANGUAGES, "x.toml": """\
        [[principle]]
        id = "new-one"
        name = { vi = "Mới" }
        description = { ja = "説明", en = "D" }
        source = "x"
        """})
    _catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    assert any(p.line == 3 and "adds languages to an earlier layer's text" in p.message
               for p in problems), problems


def test_a_new_japanese_text_replaces_every_language(tmp_path: Path) -> None:
    """A town rewriting a text in ja/en drops the old translations (they would no longer
    say the same); it falls back until translated again."""
    base = load_catalog(include_user=False, builtin=REPO / "catalog")
    assert base.principles
    pid = next(iter(base.principles))
    files = {"x.toml": f"""\
        [[principle]]
        id = "{pid}"
        name = {{ ja = "新しい名前", en = "A new name" }}
        """}
    # the built-in's requirement covers the built-in's texts: a town's own new text
    # falls back (and the coverage report counts it) instead of breaking the catalog
    catalog = load_catalog([write(tmp_path / "a", files)], include_user=False,
                           builtin=REPO / "catalog")
    n = 2 * len(catalog.principles)  # a name and a description each
    [pt] = [line for line in coverage_lines(catalog) if line.startswith("pt ")]
    assert f"principle {n - 1}/{n}" in pt
    assert catalog.pick(catalog.principles[pid].name, "pt") == ("A new name", "en", True)
    # a town that requires pt in principles itself is held to it, at the text's line
    files["languages.toml"] = """\
        [languages.required_in]
        pt = ["principle"]
        """
    _c, problems = check_catalog([write(tmp_path / "b", files)], include_user=False,
                                 builtin=REPO / "catalog")
    assert {(Path(p.path).name, p.line) for p in problems} == {
        ("x.toml", 3), ("languages.toml", 2)}
    name = catalog.principles[pid].name
    assert name.get("pt") == "A new name" and name.is_fallback("pt")
    assert catalog.principles[pid].description.has("pt")  # untouched keys keep theirs


def test_choice_labels_can_be_translated_by_id(tmp_path: Path) -> None:
    base = load_catalog(include_user=False, builtin=MINI)
    q = base.questions[0]
    first = q.choices[0]
    layer = write(tmp_path / "town", {"languages.toml": '[languages]\ncodes = ["vi"]\n',
                                      "q.toml": f"""\
        [[question]]
        id = "{q.id}"

        [[question.choices]]
        id = "{first.id}"
        label = {{ vi = "Cư dân" }}
        """})
    catalog = load_catalog([layer], include_user=False, builtin=MINI)
    got = catalog.question(q.id)
    assert got is not None and len(got.choices) == len(q.choices)
    assert got.choices[0].label.get("vi") == "Cư dân" and got.choices[0].label.ja == first.label.ja
    assert got.choices[1:] == q.choices[1:]


def test_languages_table_problems_point_at_their_lines(tmp_path: Path) -> None:
    layer = write(tmp_path / "town", {"languages.toml": """\
        [languages]
        codes = ["vi", "Not A Code"]
        required = ["de"]

        [languages.required_in]
        vi = ["activities"]
        """})
    _catalog, problems = check_catalog([layer], include_user=False, builtin=MINI)
    found = {(p.line, p.message.split(":")[1].strip()) for p in problems}
    assert (2, "codes") in found
    assert (3, "required") in found  # 'de' is not declared
    assert any(p.line == 6 and "did you mean 'activity'" in p.message for p in problems)


# ------------------------------------------------------------------ the CLI


def test_catalog_check_prints_coverage_per_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_BUILTIN_CATALOG", str(REPO / "catalog"))
    for _ in range(2):  # the second run reads the cached check: the same report
        assert main(["catalog", "check"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].startswith("catalog OK: ")
        langs_lines = [line.strip() for line in out[1:]]
        assert [line.split()[1] for line in langs_lines] == ["ja", "en", "ja-easy", "pt"]
        pt = langs_lines[3]
        assert pt.startswith("language pt (Português): ") and "required in question" in pt
        m = re.search(r": (\d+)/(\d+) texts \(100%\)", pt)
        assert m and m.group(1) == m.group(2) and int(m.group(1)) > 700


def test_catalog_check_exits_2_on_a_missing_required_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_BUILTIN_CATALOG", str(MINI))
    layer = write(tmp_path / "town", {"languages.toml": """\
        [languages]
        codes = ["pt"]
        [languages.required_in]
        pt = ["viewpoint"]
        """})
    assert main(["catalog", "check", "--catalog", str(layer)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out and all(re.match(r".+viewpoints?\.toml:\d+: viewpoint '", line) or
                       re.match(r".+\.toml:\d+: ", line) for line in out)
    assert any("viewpoint 'needs': name: missing translation: no Português (pt)" in line
               for line in out)


def test_the_format_docs_vietnamese_example_works(tmp_path: Path) -> None:
    """docs/catalog-format.md's example layer, as written there: the texts it gives are
    merged, and every question text it does not give yet is reported with its line."""
    doc = (REPO / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Example: a town adds Vietnamese"):doc.index("## `[[field]]`")]
    names = re.findall(r"`town/([\w-]+\.toml)`", section)
    blocks = re.findall(r"```toml\n(.*?)```", section, re.S)
    assert names == ["languages.toml", "vi-questions.toml", "vi-activities.toml"]
    layer = write(tmp_path / "town", dict(zip(names, blocks, strict=True)))
    _catalog, problems = check_catalog([layer], include_user=False, builtin=REPO / "catalog")
    messages = [p.message for p in problems]
    assert messages and all(m.startswith("question '") or m.startswith("languages:")
                            for m in messages)
    assert not [m for m in messages if m.startswith("question 'who': prompt")]
    assert not [m for m in messages if "choice 'resident'" in m]
    assert [m for m in messages if m.startswith("question 'who': choice 'association'")]
    # relaxed, as the doc says a town can: it loads, Vietnamese where written
    (layer / "languages.toml").write_text(blocks[0].replace('vi = ["question"]', "vi = []"),
                                          encoding="utf-8")
    catalog = load_catalog([layer], include_user=False, builtin=REPO / "catalog")
    who = catalog.question("who")
    assert who is not None and catalog.pick(who.prompt, "vi") == (
        "Bạn trả lời với vai trò nào?", "vi", False)
    assert catalog.pick(who.choices[2].label, "vi").fallback
    park = catalog.activities["l003-park-cleanup-volunteers"]
    assert park.keywords("vi") and park.title.get("vi").startswith("Tình nguyện")
    assert catalog.languages.native_name("vi") == "Tiếng Việt"


# ------------------------------------------------------------------ result explanations


def test_placement_explains_itself_in_every_language(builtin: Catalog) -> None:
    from kyodo_tui.core.placement import LETTER_NAMES, TRIAD_NAMES, answer_label, place

    lead = builtin.question("lead")
    reach = builtin.question("reach")
    assert lead is not None and reach is not None
    p = place(builtin, {"who": "resident", "lead": lead.choices[3].id,
                        "reach": reach.choices[1].id})
    reasons = [p.summary, *(c.reason for c in p.region_contributions),
               *(c.reason for c in p.triad_contributions)]
    if p.what_if is not None:
        reasons.append(p.what_if.reason)
    if p.participation is not None:
        reasons.append(p.participation)
    for reason in reasons:
        texts = {lang: reason.text(lang) for lang in langs.LANG_CODES}
        assert len(set(texts.values())) == 4, texts  # four different texts, none a copy
        assert "{" not in "".join(texts.values())
    pt = p.summary.text("pt")
    assert pt.lower().startswith("d: a prefeitura lidera") and "posição" in pt
    assert "位置（いち）" in p.summary.text("ja-easy")
    # the chosen answers' own labels, in the language asked for
    contribution = p.region_contributions[0]
    assert lead.choices[3].label.own("pt") in contribution.reason.text("pt")
    for names in (LETTER_NAMES, TRIAD_NAMES):
        assert all(t.has("ja-easy") and t.has("pt") for t in names.values())
    who = builtin.question("who")
    assert who is not None
    multi = next(q for q in builtin.questions if q.kind == "multi")
    label = answer_label(multi, [multi.choices[0].id, multi.choices[1].id])
    assert label.get("ja-easy") == "、".join(c.label.own("ja-easy") for c in multi.choices[:2])
    assert label.get("pt") == ", ".join(c.label.own("pt") for c in multi.choices[:2])


def test_recommendations_explain_themselves_in_every_language(builtin: Catalog) -> None:
    from kyodo_tui.core.placement import place
    from kyodo_tui.core.recommend import recommend

    lead = builtin.question("lead")
    assert lead is not None
    for answers in ({"who": "resident", "lead": lead.choices[0].id}, {}):
        p = place(builtin, answers)
        rec = recommend(builtin, answers, p)
        reasons = [r for f in rec.all_forms for r in f.reasons]
        reasons += [*rec.notes, *(r for c in rec.principles for r in c.reasons)]
        if rec.next_step is not None:
            reasons.append(rec.next_step.reason)
        assert reasons
        for reason in reasons:
            texts = [reason.text(lang) for lang in langs.LANG_CODES]
            assert len(set(texts)) == 4, texts
            assert "{" not in "".join(texts)

"""Issue 16, the officer's tools in the core: viewpoints, partner, evaluation, agreement.

Every reason cites seed lines; these tests also check the cited lines say what the
reason rests on (so a citation cannot drift silently).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.officer import viewpoints as vp
from kyodo_tui.core.officer.agreement import outline, write_new
from kyodo_tui.core.officer.common import Cite, OfficerInputError
from kyodo_tui.core.storage import Store

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def _seed_lines(cite: Cite) -> str:
    path = SEEDS / cite.seed
    if not path.exists():
        pytest.skip("seed files not present")
    lines = path.read_text("utf-8").splitlines()
    return "".join(lines[cite.first - 1: cite.last]).replace(" ", "").replace("　", "")


def _all_yes(**over: str) -> dict[str, str]:
    answers = dict.fromkeys(vp.VIEWPOINTS, "yes")
    answers.update(over)
    return answers


# ----------------------------------------------------------------- viewpoints

def test_all_five_yes_fits_and_cites_004(catalog: Catalog) -> None:
    result = vp.assess(catalog, vp.ViewpointAnswers(lead="both", answers=_all_yes()))
    assert result.verdict == "fits"
    assert [r.letter for r in result.regions] == ["C"]
    assert result.forms and all("C" in f.form.regions for f in result.forms)
    assert any(c.seed.startswith("004") for w in result.reasons for c in w.cites)
    assert result.open_points == ()


def test_no_better_answer_to_needs_means_no_collaboration(catalog: Catalog) -> None:
    result = vp.assess(catalog, vp.ViewpointAnswers(lead="both",
                                                    answers=_all_yes(needs="no")))
    assert result.verdict == "not_fit"
    assert [r.letter for r in result.regions] == ["E", "A"]
    assert result.forms == ()
    # the reason rests on 003's "協働は手段であって、目的ではない"
    cites = [c for w in result.reasons for c in w.cites]
    assert any("手段であって、目的ではない" in _seed_lines(c) for c in cites)


@pytest.mark.parametrize("blocked", ["form", "partner"])
def test_no_form_or_partner_yet(catalog: Catalog, blocked: str) -> None:
    result = vp.assess(catalog, vp.ViewpointAnswers(lead="government",
                                                    answers=_all_yes(**{blocked: "no"})))
    assert result.verdict == "not_yet"
    assert [r.letter for r in result.regions] == ["D"]
    assert blocked in result.open_points


def test_unknowns_ask_to_check(catalog: Catalog) -> None:
    result = vp.assess(catalog, vp.ViewpointAnswers(answers={"needs": "yes"}))
    assert result.verdict == "check"
    assert set(result.open_points) == {"traits", "efficiency", "form", "partner"}
    # lead not decided, no trait: B, C and D all stay open (002: 協働 mostly B to D)
    assert [r.letter for r in result.regions] == ["B", "C", "D"]


def test_traits_pick_regions(catalog: Catalog) -> None:
    soft = vp.assess(catalog, vp.ViewpointAnswers(traits=("pioneering", "mobility"),
                                                  answers=_all_yes(efficiency="no")))
    assert {r.letter for r in soft.regions} == {"B", "C"}
    expert = vp.assess(catalog, vp.ViewpointAnswers(traits=("expertise",),
                                                    answers=_all_yes(efficiency="no")))
    assert {r.letter for r in expert.regions} == {"C", "D"}
    # efficiency as well tips it to D, where 委託 sits
    both = vp.assess(catalog, vp.ViewpointAnswers(traits=("expertise",), answers=_all_yes()))
    assert both.regions[0].letter == "D"
    assert any(f.form.id == "itaku" for f in both.forms)


def test_considered_form_outside_regions_is_kept_and_flagged(catalog: Catalog) -> None:
    result = vp.assess(catalog, vp.ViewpointAnswers(lead="citizens", forms=("itaku",),
                                                    answers=_all_yes()))
    first = result.forms[0]
    assert first.form.id == "itaku" and first.considered and not first.in_regions


def test_viewpoint_citations_point_at_the_viewpoints(catalog: Catalog) -> None:
    assert "協働を導入する際の視点" in _seed_lines(vp.C_VIEWPOINTS)
    assert "柔軟性、機動性、専門性、先駆性" in _seed_lines(Cite(vp.SEED_004, 392, 393))
    assert "行政の効率化" in _seed_lines(Cite(vp.SEED_004, 396, 396))
    assert "町民主導" in _seed_lines(vp.C_PATTERNS)
    assert "パートナーの選定" in _seed_lines(vp.C_PARTNER)


def test_viewpoints_file_errors_name_path_and_line(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "vp.toml"
    path.write_text('project = "x"\nlead = "everyone"\ntraits = ["speed"]\n'
                    '[answers]\nneeds = "maybe"\n', "utf-8")
    with pytest.raises(OfficerInputError) as info:
        vp.load_viewpoint_answers(path, catalog)
    shown = [str(p) for p in info.value.problems]
    assert shown[0].startswith(f"{path}:2: lead")
    assert any(s.startswith(f"{path}:3: traits: unknown 'speed'") for s in shown)
    assert any(s.startswith(f"{path}:5: answers.needs") for s in shown)


def test_viewpoints_syntax_error_has_line(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "vp.toml"
    path.write_text('project = "x"\n[answers\n', "utf-8")
    with pytest.raises(OfficerInputError) as info:
        vp.load_viewpoint_answers(path, catalog)
    assert info.value.problems[0].line == 2


# ----------------------------------------------------------------- partner

def test_partner_criteria_are_004s_and_self_view_has_no_officer_only_items() -> None:
    names = [c.name.ja for c in pt.CRITERIA]
    for word in ("執行体制", "財務状況", "事務処理能力", "専門性", "実績", "透明性"):
        assert any(word in n for n in names), word
    assert "open" in pt.CRITERION_IDS and "open" not in pt.SELF_IDS
    assert "選定基準や選定結果" in _seed_lines(pt.criterion("open").cite)
    assert "財務状況" in _seed_lines(pt.criterion("finance").cite)
    assert "なぜその相手を選定した" in _seed_lines(pt.criterion("reason").cite)


def test_side_by_side_marks_differences() -> None:
    g = pt.PartnerCheck("川の会", "government", {"finance": "partly", "expertise": "yes",
                                                 "open": "no"})
    c = pt.PartnerCheck("", "citizen", {"finance": "yes", "expertise": "yes"})
    rows = {r.criterion.id: r for r in pt.side_by_side(g, c)}
    assert rows["finance"].differ and not rows["expertise"].differ
    assert rows["open"].citizen is None and not rows["open"].differ
    text = pt.render_side_by_side(g, c, "ja")
    assert "財務状況: 一部 / はい  *" in text
    assert pt.summary(g)["unknown"] == len(pt.CRITERIA) - 3
    assert [x.id for x in pt.open_items(c)][:1] == ["structure"]


def test_partner_file_refuses_officer_only_item_on_self_view(tmp_path: Path) -> None:
    path = tmp_path / "self.toml"
    path.write_text('[answers]\nfinance = "yes"\nopen = "yes"\n', "utf-8")
    with pytest.raises(OfficerInputError) as info:
        pt.load_partner_check(path, "citizen")
    assert str(info.value.problems[0]).startswith(f"{path}:3: answers.open: unknown item")
    assert pt.load_partner_check(path, "government").answers == {"finance": "yes",
                                                                 "open": "yes"}


# ----------------------------------------------------------------- records

def _pair(store: Store) -> tuple:
    a = store.save(store.new_session(mode="intake", kind="group", label="川の会",
                                     answers={"now_text": "川の清掃を毎年しています"}))
    b = store.save(store.new_session(mode="intake", kind="group", label="環境課"))
    return store.link_pair(a, b)


def test_officer_data_round_trips_through_the_store(tmp_path: Path, catalog: Catalog) -> None:
    store = Store(tmp_path)
    citizen, government = _pair(store)
    answers = vp.ViewpointAnswers("川の一斉清掃", "川をきれいに保つ", "both",
                                  ("flexibility",), ("kyosai",), _all_yes())
    government = store.save(rec.with_viewpoints(government, catalog, answers))
    government = store.save(rec.with_partner(government, pt.PartnerCheck(
        "川の会", "government", {"finance": "yes"}, {"finance": "決算書を確認"})))
    loaded = store.load(government.id)
    data = rec.officer_data(loaded)
    assert data.viewpoints == answers
    assert data.partner is not None and data.partner.notes == {"finance": "決算書を確認"}
    assert loaded.extra["officer"]["viewpoints"]["verdict"] == "fits"
    # everything else on the record is untouched
    assert loaded.pair == citizen.id and loaded.label == "環境課"
    assert rec.parties(store, loaded)[0].id == citizen.id


def test_evaluation_history_keeps_every_assessment(tmp_path: Path, catalog: Catalog) -> None:
    store = Store(tmp_path)
    _citizen, government = _pair(store)
    first = ev.Evaluation("2026-01-10T00:00:00Z", "government",
                          {"goal": "partly", "synergy": "no"}, {"equality": "yes"})
    second = ev.Evaluation("2026-07-10T00:00:00Z", "government",
                           {"goal": "yes", "synergy": "partly", "voice": "yes"},
                           {"equality": "yes"})
    government = store.save(rec.with_evaluation(government, first))
    government = store.save(rec.with_evaluation(government, second))
    history = rec.officer_data(store.load(government.id)).evaluations
    assert history == [first, second]
    moves = {m.key: m.delta for m in ev.movement(catalog, *history)}
    assert moves == {"goal": 1, "synergy": 1, "voice": None}
    text = ev.render(catalog, history, [], "en")
    assert "Purpose reached: partly > yes +" in text
    assert "003_8ed48260a1390f10.txt:1057-1079" in text


def test_evaluation_items_cite_003s_evaluation_stage() -> None:
    assert "相乗効果" in _seed_lines(ev.ITEMS[1].cite)
    assert "受益者" in _seed_lines(ev.ITEMS[2].cite)
    assert "目的を達成" in _seed_lines(ev.ITEMS[0].cite)


def test_bad_officer_table_is_reported_not_guessed(tmp_path: Path) -> None:
    store = Store(tmp_path)
    s = store.new_session()
    s = s.evolve(extra={"officer": {"partner": {"answers": {"finance": "great"}}}})
    with pytest.raises(OfficerInputError):
        rec.officer_data(s)


# ----------------------------------------------------------------- agreement

def test_agreement_outline_fills_what_the_records_say(tmp_path: Path,
                                                      catalog: Catalog) -> None:
    store = Store(tmp_path)
    citizen, government = _pair(store)
    government = store.save(rec.with_viewpoints(government, catalog, vp.ViewpointAnswers(
        "川の一斉清掃", "川を*きれい*に", "both", (), ("kyosai",), _all_yes())))
    text = outline(catalog, citizen, government, "ja")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 当事者", "## 1. 事業の目的", "## 2. 役割と責任の分担",
                        "## 3. 費用の負担", "## 4. 実施の期限とスケジュール",
                        "## 5. 個人情報の取り扱い", "## 6. 評価"]
    assert "- 目的: 川を\\*きれい\\*に" in text          # user text escaped
    assert "川の清掃を毎年しています" in text             # the citizen's own words
    assert catalog.forms["kyosai"].citizens_bring.ja in text
    costs = text.split("## 3. 費用の負担")[1].split("## 4.")[0]
    assert costs.count("____") == 2                       # nothing said: blank
    assert "003_8ed48260a1390f10.txt:1028-1037" in text
    # the parties may be given either way round
    assert outline(catalog, government, citizen, "ja") == text
    en = outline(catalog, citizen, government, "en")
    assert "## 5. Handling of personal data" in en


def test_agreement_items_are_003s() -> None:
    from kyodo_tui.core.officer.agreement import C_AGREE

    said = _seed_lines(C_AGREE)
    for word in ("目的", "役割や責任の分担", "費用負担", "実施期限", "個人情報", "協定書"):
        assert word in said, word


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    write_new(target, "first")
    with pytest.raises(OfficerInputError) as info:
        write_new(target, "second")
    assert "not overwritten" in str(info.value)
    assert target.read_text("utf-8") == "first"


def test_officer_core_imports_no_textual() -> None:
    code = ("import sys, kyodo_tui.core.officer.record, kyodo_tui.core.officer.agreement, "
            "kyodo_tui.core.officer.learn; assert 'textual' not in sys.modules, 'textual!'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------- learn

def test_learn_entries_cite_the_lines_that_say_it() -> None:
    from kyodo_tui.core.officer.learn import ENTRIES

    said = {e.id: "".join(_seed_lines(c) for c in e.cites) for e in ENTRIES}
    assert "組織と組織が協力し合う「協" in said["participation"]
    assert all(w in said["kyodo3"] for w in ("「共同」", "「協同」", "「協働」"))
    assert "聖域" in said["no-sanctuary"] and "意思決定" in said["no-sanctuary"]
    assert all(w in said["patterns"] for w in ("町民主導", "協力", "行政主導"))
    # B, C, D in that order, each in both languages
    patterns = next(e for e in ENTRIES if e.id == "patterns")
    assert [label.ja[0] for label, _ in patterns.lines[:3]] == ["B", "C", "D"]
    assert all(t.ja and t.en for e in ENTRIES for _, t in e.lines)


def test_officer_texts_have_no_ambiguous_glyphs(catalog: Catalog, tmp_path: Path) -> None:
    """What the officer's tools say is safe on a CJK terminal (STYLE.md)."""
    import unicodedata

    from kyodo_tui.core.officer import learn
    from kyodo_tui.ui.screens.officer import strings as ostrings

    def bad(text: str) -> set[str]:
        return {ch for ch in text if unicodedata.east_asian_width(ch) == "A"}

    pieces: list[str] = []
    for table in (vp.VERDICT_TEXT, vp.LEAD_TEXT, vp.TRAIT_TEXT):
        pieces += [t for text in table.values() for t in (text.ja, text.en)]
    for c in pt.CRITERIA:
        pieces += [c.name.ja, c.name.en, c.officer.ja, c.officer.en]
        pieces += [c.self_check.ja, c.self_check.en] if c.self_check else []
    for i in ev.ITEMS:
        pieces += [i.name.ja, i.name.en, i.prompt.ja, i.prompt.en]
    for e in learn.ENTRIES:
        pieces += [e.title.ja, e.title.en] + [t for a, b in e.lines
                                               for t in (a.ja, a.en, b.ja, b.en)]
    pieces += [t for pair in ostrings.STRINGS.values() for t in pair]
    answers = vp.ViewpointAnswers("x", "y", "unknown", vp.TRAITS, ("itaku",),
                                  {"needs": "yes", "traits": "no", "efficiency": "no"})
    for lang in ("ja", "en"):
        pieces.append(vp.render(catalog, answers, vp.assess(catalog, answers), lang))
        store = Store(tmp_path / lang)
        citizen, government = _pair(store)
        pieces.append(outline(catalog, citizen, government, lang))
    found = {ch for piece in pieces for ch in bad(piece)}
    assert not found, found

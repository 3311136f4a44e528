"""Issue 10: a town sets its name and kind once in the catalog ([municipality]) and
every question says 「町」「役場」 instead of 「市町村」; the officer-only hint is only
for officers (help_for)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from kyodo_tui.core.catalog import check_catalog, load_catalog
from kyodo_tui.core.model import Municipality, Text

MINI = Path(__file__).parent / "fixtures" / "catalogs" / "mini"

QUESTION = """\
[[question]]
id = "ask"
order = 40
kind = "single"
prompt = { ja = "{town}の{office}と一緒にしたいですか。", en = "Work with {office} in {town}?" }
help = { ja = "いちばん近いもの。", en = "The closest." }
help_for = { association = { ja = "{office}の職員向け。", en = "For staff of {office}." } }

[[question.choices]]
id = "yes"
label = { ja = "{office}と一緒に", en = "{office}, with us" }
regions = { C = 1.0 }

[[question.choices]]
id = "no"
label = { ja = "自分たちで", en = "On our own" }
regions = { A = 1.0 }
"""


def layer(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "layer"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(dedent(text), encoding="utf-8")
    return root


def test_plain_default_when_no_town_is_named(tmp_path: Path) -> None:
    catalog = load_catalog([layer(tmp_path, {"q.toml": QUESTION})], include_user=False,
                           builtin=MINI)
    q = catalog.question("ask")
    assert q is not None
    assert q.prompt.ja == "まちの役所と一緒にしたいですか。"
    assert q.prompt.en == "Work with the town hall in your town?"
    assert q.choices[0].label.en == "The town hall, with us"
    assert q.help_for["association"].ja == "役所の職員向け。"
    assert catalog.municipality == Municipality()


def test_a_town_names_itself_once(tmp_path: Path) -> None:
    files = {"q.toml": QUESTION, "town.toml": """\
        [municipality]
        name = { ja = "美幌町", en = "Bihoro" }
        kind = "town"
        """}
    catalog = load_catalog([layer(tmp_path, files)], include_user=False, builtin=MINI)
    q = catalog.question("ask")
    assert q is not None
    assert q.prompt.ja == "美幌町の役場と一緒にしたいですか。"
    assert q.prompt.en == "Work with the town hall in Bihoro?"
    assert q.choices[0].label.ja == "役場と一緒に"
    assert catalog.municipality.kind == "town"


def test_kind_without_a_name(tmp_path: Path) -> None:
    files = {"q.toml": QUESTION, "town.toml": '[municipality]\nkind = "city"\n'}
    catalog = load_catalog([layer(tmp_path, files)], include_user=False, builtin=MINI)
    q = catalog.question("ask")
    assert q is not None and q.prompt.ja == "市の市役所と一緒にしたいですか。"


def test_check_names_the_line_of_a_bad_municipality(tmp_path: Path) -> None:
    files = {"town.toml": """\
        [municipality]
        name = { ja = "美幌町", en = "Bihoro" }
        kind = "metropolis"
        mayor = "x"
        """}
    catalog, problems = check_catalog([layer(tmp_path, files)], include_user=False,
                                      builtin=MINI)
    assert catalog is None
    text = "\n".join(str(p) for p in problems)
    assert "town.toml:3" in text and "metropolis" in text
    assert "town.toml:4" in text and "mayor" in text


def test_check_finds_an_unknown_placeholder(tmp_path: Path) -> None:
    files = {"q.toml": QUESTION.replace("{town}の", "{twon}の")}
    catalog, problems = check_catalog([layer(tmp_path, files)], include_user=False,
                                      builtin=MINI)
    assert catalog is None
    text = "\n".join(str(p) for p in problems)
    assert "q.toml:5" in text and "{twon}" in text


def test_help_for_refers_to_a_known_actor(tmp_path: Path) -> None:
    files = {"q.toml": QUESTION.replace("help_for = { association", "help_for = { mayor")}
    catalog, problems = check_catalog([layer(tmp_path, files)], include_user=False,
                                      builtin=MINI)
    assert catalog is None
    assert any("mayor" in str(p) and "q.toml:7" in str(p) for p in problems)


def test_fill_keeps_other_braces() -> None:
    m = Municipality(Text("美幌町", "Bihoro"), "town")
    assert m.fill(Text("{x}と{town}", "{x} and {town}")) == Text("{x}と美幌町", "{x} and Bihoro")


def test_builtin_catalog_never_says_shichouson_to_a_resident() -> None:
    catalog = load_catalog(include_user=False)
    for q in catalog.questions:
        texts = [q.prompt, q.help, *(c.label for c in q.choices)]
        for text in texts:
            assert "市町村" not in text.ja, (q.id, text.ja)
            assert "{" not in text.ja and "{" not in text.en, (q.id, text)


def test_contact_desk_placeholder_says_the_towns_office(tmp_path: Path) -> None:
    """The kiosk's and results' contact desk names the town's own office, not 市町村役場."""
    desk = load_catalog(include_user=False).contacts["desk"]
    for text in (desk.name, desk.description):
        assert "市町村" not in text.ja and "町村役場" not in text.ja, text.ja
        assert "{" not in text.ja and "{" not in text.en
    assert "役所" in desk.name.ja and "town hall" in desk.name.en
    town = layer(tmp_path, {"town.toml": """\
        [municipality]
        name = { ja = "美幌町", en = "Bihoro" }
        kind = "town"
        """})
    desk = load_catalog([town], include_user=False).contacts["desk"]
    assert "美幌町の役場" in desk.name.ja, desk.name.ja
    assert "役場" in desk.description.ja and "市役所" not in desk.description.ja


def _town_catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    town = layer(tmp_path, {"town.toml": """\
        [municipality]
        name = { ja = "美幌町", en = "Bihoro" }
        kind = "town"
        """})
    return load_catalog([town], include_user=False)


def test_region_explanations_use_the_towns_office(tmp_path: Path) -> None:
    """The A-E explanations a resident reads say 役場 for a town (役所 by default), not
    行政; the seeds' region names (市民主導, 行政主導) stay in the short labels."""
    from kyodo_tui.core.placement import LETTER_NAMES, place
    from kyodo_tui.core.qr import takeaway_summary
    from kyodo_tui.core.recommend import recommend
    from kyodo_tui.ui.widgets.spectrum import band_labels

    assert LETTER_NAMES["D"].ja == "役所が主導し、市民が参加・協力する領域"
    assert all("行政" not in t.ja and "{" not in t.ja + t.en for t in LETTER_NAMES.values())
    catalog = _town_catalog(tmp_path)
    answers = {"who": "resident", "lead": "municipality-with-us", "carry": "municipality",
               "reach": "whole-town"}
    placement = place(catalog, answers)
    assert placement.letter == "D", placement.letter
    text = placement.summary.text("ja")
    assert "役場が主導し" in text and "行政が主導" not in text, text
    assert placement.participation is not None
    participation = placement.participation.text("ja")
    assert "市町村" not in participation and "役場が進める活動" in participation
    rec = recommend(catalog, answers, placement)
    qr_text = takeaway_summary(catalog, placement, rec, "ja")
    assert "役場主導" in qr_text or "役場が主導" in qr_text, qr_text
    labels = band_labels(catalog.municipality)
    assert labels["D"][0].ja == "役場主導・市民が参加" and labels["D"][1].ja == "行政主導"

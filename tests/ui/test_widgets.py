"""The spectrum, triad bar and activity card: pure helpers and Pilot rendering."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from kyodo_tui.core.model import Activity, Text
from kyodo_tui.ui.widgets.activity_card import ActivityCard, triad_phrase
from kyodo_tui.ui.widgets.spectrum import (
    BAND_LABELS,
    SpectrumWidget,
    band_edges,
    fit_cells,
    label_tier,
    position_column,
    range_columns,
)
from kyodo_tui.ui.widgets.triad_bar import (
    TriadBar,
    largest_remainder,
    percentages,
    segment_widths,
)

# ---------------------------------------------------------------- pure helpers


def test_band_edges_cover_the_width() -> None:
    assert band_edges(80) == [0, 16, 32, 48, 64, 80]
    edges = band_edges(81)
    assert edges[0] == 0 and edges[-1] == 81


@pytest.mark.parametrize(
    ("position", "width", "column"),
    [
        (0.0, 80, 8),  # centre of band A
        (2.0, 80, 40),  # centre of C
        (4.0, 80, 72),  # centre of E
        (0.5, 80, 16),  # a boundary belongs to the later letter: first cell of B
        (0.49, 80, 15),  # just before: last cell of A
        (-3.0, 80, 8),  # clamped to A's centre
        (9.0, 80, 72),  # clamped to E's centre
        (1.0, 50, 15),
    ],
)
def test_position_column(position: float, width: int, column: int) -> None:
    assert position_column(position, width) == column


@pytest.mark.parametrize("width", [20, 37, 50, 76, 80, 81, 118, 200])
def test_marker_is_always_in_its_letters_band(width: int) -> None:
    edges = band_edges(width)
    for step in range(401):
        position = step / 100
        letter = min(4, int(position + 0.5))
        col = position_column(position, width)
        assert edges[letter] <= col < edges[letter + 1], (position, width, col)


def test_range_columns_ordered() -> None:
    assert range_columns(1.5, 0.5, 80) == (16, 32)


def test_fit_cells_never_cuts_a_wide_character() -> None:
    assert fit_cells("市民主導", 5) == "市民"
    assert fit_cells("abc", 10) == "abc"
    assert cell_len(fit_cells("あいうえお", 7)) == 6


def test_label_tiers_by_width() -> None:
    assert label_tier(200, "ja") == 0  # full labels at a wide screen
    assert label_tier(80, "ja") == 1
    assert label_tier(60, "ja") == 2
    assert label_tier(80, "en") == 1
    assert label_tier(20, "en") is None  # letters only


def test_labels_use_no_ambiguous_glyphs() -> None:
    for tiers in BAND_LABELS.values():
        for text in tiers:
            for ch in text.ja + text.en:
                assert unicodedata.east_asian_width(ch) in ("N", "Na", "W", "F"), ch


def test_largest_remainder_sums_exactly() -> None:
    assert largest_remainder([1, 1, 1], 100) == [34, 33, 33]
    assert sum(largest_remainder([0.2, 0.7, 0.1], 77)) == 77
    assert largest_remainder([0, 0, 0], 10) == [0, 0, 0]
    assert percentages([0.2, 0.7, 0.1]) == [20, 70, 10]


def test_small_share_keeps_one_cell() -> None:
    widths = segment_widths([0.005 + 0.01, 0.5, 0.485], 40)
    assert widths[0] >= 1 and sum(widths) == 40


def test_triad_phrase() -> None:
    assert triad_phrase((0.2, 0.7, 0.1), "ja") == "共助が中心"
    assert triad_phrase((0.34, 0.33, 0.33), "en").startswith("an even mix")
    assert triad_phrase((0.5, 0.5, 0.0), "en") == "mostly self-help and mutual aid"
    assert triad_phrase((0.0, 0.45, 0.55), "ja") == "共助と公助が中心"


# ---------------------------------------------------------------- Pilot rendering


def plain_lines(app: App[None], widget_id: str) -> list[str]:
    """The rendered rows of one widget, as plain text."""
    widget = app.query_one(f"#{widget_id}")
    lines = widget.render_lines(widget.region.reset_offset)  # type: ignore[attr-defined]
    return ["".join(seg.text for seg in strip) for strip in lines]


class WidgetsApp(App[None]):
    def __init__(self, activity: Activity | None = None, lang: str = "ja") -> None:
        super().__init__()
        self.activity = activity
        self.lang_ = lang

    def compose(self) -> ComposeResult:
        yield SpectrumWidget(1.3, 0.5, lang=self.lang_, id="spectrum")
        yield SpectrumWidget(None, lang=self.lang_, id="unplaced")
        yield TriadBar((0.2, 0.7, 0.1), lang=self.lang_, id="triad")
        if self.activity is not None:
            yield ActivityCard(
                self.activity, lang=self.lang_, id="card", why=[Text("理由です", "a reason")],
                title_spans=[(0, 1)],
            )


def make_activity(title: Text) -> Activity:
    return Activity(
        id="x", title=title, reading="かわ", keywords_ja=(), keywords_en=(),
        description=Text("説明 [i]literal[/i]", "description [i]literal[/i]"),
        fields=("environment",), regions=("A", "B"), triad=(0.2, 0.7, 0.1),
        actors=("resident",), forms=(), source=("x",),
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_spectrum_marker_and_range(lang: str) -> None:
    app = WidgetsApp(lang=lang)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        rows = plain_lines(app, "spectrum")
        assert len(rows) == 3
        for row in rows:
            assert cell_len(row) == 80
        assert rows[0].startswith("A ")
        bar = rows[1]
        marker = position_column(1.3, 80)
        assert bar[marker] == "|"
        low, high = range_columns(0.8, 1.8, 80)
        assert bar[low] == "<" and bar[high] == ">"
        assert rows[2][marker] == "^"
        assert ("あなた" if lang == "ja" else "You") in rows[2]
        assert "|" not in plain_lines(app, "unplaced")[1]


async def test_spectrum_follows_position_changes() -> None:
    app = WidgetsApp()
    async with app.run_test(size=(80, 12)) as pilot:
        spectrum = app.query_one("#spectrum", SpectrumWidget)
        spectrum.set_placement(3.6, 0.25)
        await pilot.pause()
        bar = plain_lines(app, "spectrum")[1]
        assert bar[position_column(3.6, 80)] == "|"
        assert "E" in plain_lines(app, "spectrum")[2]


@pytest.mark.parametrize("width", [30, 50, 80, 120])
async def test_triad_bar_rows_fit(width: int) -> None:
    app = WidgetsApp()
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()
        rows = plain_lines(app, "triad")
        assert all(cell_len(r) == width for r in rows)
        assert "70%" in rows[1] or "70%" in rows[0]


async def test_triad_bar_labels() -> None:
    app = WidgetsApp(lang="en")
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        bar, legend = plain_lines(app, "triad")
        assert "Mutual aid 70%" in bar
        assert "Self-help 20%" in legend and "Public help 10%" in legend


async def test_triad_bar_not_placed_shows_no_numbers() -> None:
    """Everything 「分からない」 once drew 自助 34% 共助 33% 公助 33% above
    「自助・共助・公助はまだ分かりません」: numbers no answer gave."""
    from kyodo_tui.ui.widgets.triad_bar import TriadBar

    app = WidgetsApp(lang="ja")
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        app.query_one("#triad", TriadBar).set_triad((1 / 3, 1 / 3, 1 / 3), placed=False)
        await pilot.pause()
        bar, legend = plain_lines(app, "triad")
        assert "%" not in bar and "%" not in legend
        assert "共助" in bar


async def test_card_shows_catalog_text_literally() -> None:
    activity = make_activity(Text("[b]x[/b]", "[@click=app.quit]y[/]"))
    for lang, title in (("ja", "[b]x[/b]"), ("en", "[@click=app.quit]y[/]")):
        app = WidgetsApp(activity, lang=lang)
        async with app.run_test(size=(80, 20)) as pilot:
            await pilot.pause()
            rows = plain_lines(app, "card")
            assert rows[0].strip() == title
            assert any("literal[/i]" in r for r in rows)
            assert any("- " in r for r in rows)


async def test_card_posts_selected_on_click() -> None:
    activity = make_activity(Text("川の清掃", "River clean-up"))
    app = WidgetsApp(activity)
    messages: list[ActivityCard.Selected] = []
    async with app.run_test(size=(80, 20), message_hook=lambda m: messages.append(m)
                            if isinstance(m, ActivityCard.Selected) else None) as pilot:
        await pilot.click("#card")
        await pilot.pause()
        assert messages and messages[0].activity is activity
        # the highlighted span is styled
        card = app.query_one("#card", ActivityCard)
        assert card.title_content().spans


# ---------------------------------------------------------------- Japanese line breaking


def test_break_offsets_kinsoku_and_widths() -> None:
    from textual.content import Content

    from kyodo_tui.ui.widgets.ja_wrap import NO_END, NO_START, prewrap

    texts = [
        ("「その困りごとは、主にだれが担うべきだと思いますか。」で「行政が対応すべき（公助）」"
         "を選ぶと、C「双方が対等に協力」になります。"),
        "領域B・Cが、あなたの範囲（A〜C）に重なります（72%）",
        ("地域の道路や河川、公園などを、住民や企業が「自分の子ども」のように大切にして、"
         "清掃や美化などの手入れを続ける協働の仕組みです。アダプトとは「養子縁組」のことです。"),
    ]
    for text in texts:
        for width in range(12, 60):
            lines = str(prewrap(Content(text), width)).split("\n")
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")
            for n, line in enumerate(lines):
                assert cell_len(line) <= width, (width, line)
                if n > 0:
                    assert line[0] not in NO_START, (width, lines)
                if n < len(lines) - 1:
                    assert line[-1] not in NO_END, (width, lines)


def test_break_offsets_keep_english_words_whole() -> None:
    from textual.content import Content

    from kyodo_tui.ui.widgets.ja_wrap import prewrap

    text = "Its region B, C overlaps your range (A-C) by 72% and more words here"
    lines = str(prewrap(Content(text), 20)).split("\n")
    assert all(cell_len(line) <= 20 for line in lines)
    assert " ".join(lines).split() == text.split()
    # a word longer than the line is folded
    assert all(cell_len(x) <= 5 for x in str(prewrap(Content("abcdefghijkl"), 5)).split("\n"))


def test_ja_content_keeps_styles_and_literal_text() -> None:
    from textual.content import Content

    from kyodo_tui.ui.widgets.ja_wrap import JaContent, ja

    content = Content("[b]x[/b] 清掃の活動です").stylize("bold", 0, 3)
    wrapped = ja(content)
    assert isinstance(wrapped, JaContent)
    assert wrapped.plain == "[b]x[/b] 清掃の活動です"
    assert wrapped.spans and ja(wrapped) is wrapped
    assert JaContent.of("[i]y[/i]").plain == "[i]y[/i]"


def test_region_lists_stay_together() -> None:
    from textual.content import Content

    from kyodo_tui.ui.widgets.ja_wrap import prewrap

    text = "たすけあいチームの除雪  たすけあいちーむのじょせつ  A・B・C"
    for width in range(20, 50):
        lines = str(prewrap(Content(text), width)).split("\n")
        assert any("A・B・C" in line for line in lines), (width, lines)

"""Spaced やさしい日本語 (分かち書き) wraps between phrases, never inside one (issue 17);
standard Japanese, and a long unspaced run inside a spaced sentence, still break
between any two characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from kyodo_tui.ui.widgets.ja_wrap import break_offsets, spaced


def lines(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False)]


def test_spaced_is_japanese_with_a_space_between_wide_characters() -> None:
    assert spaced("あなたに 合う 活動")
    assert not spaced("あなたに合う活動")
    assert not spaced("Press 1 to 4")
    assert not spaced("数字キー 1〜4 でも")  # a space next to ASCII is not a phrase break


def test_a_phrase_is_never_cut() -> None:
    text = "協働（きょうどう）は、いっしょに まちを よくする ことです。まちの 人、自治会（じちかい）"
    for width in range(22, 60):  # from the widest phrase (協働（きょうどう）は、)
        out = lines(text, width)
        assert "".join(out).replace(" ", "") == text.replace(" ", "")
        phrases = {p for chunk in text.split() for p in chunk.replace("、", "、\n")
                   .replace("。", "。\n").split("\n") if p}
        for line in out:
            assert cell_len(line) <= width
            for chunk in line.split():
                pieces = [p for p in chunk.replace("、", "、\n").replace("。", "。\n")
                          .split("\n") if p]
                assert all(p in phrases for p in pieces), (width, line)


def test_a_long_unspaced_run_breaks_between_characters() -> None:
    text = ("「この取り組みは、だれが中心になって進めるのがよいと思いますか。」で"
            "「住民や団体が中心で、役所が支える」を えらぶと、B に なります。")
    out = lines(text, 40)
    assert all(cell_len(line) <= 40 for line in out)
    assert cell_len(out[0]) >= 36  # filled, not left short before the long run


@given(st.lists(st.sampled_from(["まちの", "人が", "自分たちで", "する", "ことです。",
                                 "役所（やくしょ）が", "たすけます。"]), min_size=2, max_size=20),
       st.integers(min_value=20, max_value=80))
def test_every_line_fits_and_nothing_is_lost(words: list[str], width: int) -> None:
    text = " ".join(words)
    out = lines(text, width)
    assert all(cell_len(line) <= width for line in out)
    assert " ".join(out).split() == text.split()
